import type { CaseView } from '../../shared/contracts/cases';
import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'mediator'] as const) tok[p] = await t.login(p);
  tok.neighbour = await t.loginOpenid('demo-r-fengfang-2');
});
afterAll(() => t.close());

const WORDS = ['张桂芳', '王老五', '排水管', '院墙根', '13891702461', '2461', '村口东头'];

type Note = { kind: string; body: string; link: { page: string; id: string } | null };
const inbox = async (token: string): Promise<Note[]> => ok(await t.call('notifications', 'list', { limit: 50 }, token)).items;

describe('cases.summary: the alert a 网格党小组 member gets opens', () => {
  let caseId: string;

  beforeAll(async () => {
    const c = ok<CaseView>(
      await t.call(
        'cases',
        'screen',
        {
          type: 'neighbourhood',
          parties: [{ name: '张桂芳', phone: '13891702461' }, { name: '王老五' }],
          description: '邻居翻修房屋把排水管接到我家院墙根，下雨天院里积水。',
          place: '村口东头',
          urgency: 'urgent',
        },
        tok.resident,
      ),
    );
    caseId = c.id;
    // The intake alerts ride on the case until the notifications timer writes them out (_lib/effects.ts).
    await dispatchNow();
  });

  it('links a group member who may not open the case to its summary, and the summary opens for them with none of the parties’ words', async () => {
    expect((await t.call('cases', 'get', { caseId }, tok['party-member'])).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const alert = (await inbox(tok['party-member']!)).find((n) => n.kind === 'case.reported' && n.link?.id === caseId)!;
    expect(alert.link).toEqual({ page: 'case-summary', id: caseId });
    for (const w of WORDS) expect(alert.body).not.toContain(w);

    const brief = ok(await t.call('cases', 'summary', { caseId: alert.link!.id }, tok['party-member']));
    expect(brief).toMatchObject({ id: caseId, typeLabel: '邻里关系', unitName: '冯坊村', gridName: '第一网格', level: 'village', status: 'screened', handlerUnitName: '冯坊村', canOpen: false });
    expect(brief.handlerNames.length).toBeGreaterThan(0);
    const text = JSON.stringify(brief);
    for (const w of WORDS) expect(text).not.toContain(w);
  });

  it('links the handlers and the grid leader, who may open it, to the case itself', async () => {
    for (const who of ['grid-leader', 'village-cadre', 'mediator'] as const) {
      const alert = (await inbox(tok[who]!)).find((n) => n.kind === 'case.reported' && n.link?.id === caseId)!;
      expect(alert.link).toEqual({ page: 'case', id: caseId });
      expect(ok(await t.call('cases', 'get', { caseId }, tok[who])).id).toBe(caseId);
      expect(ok(await t.call('cases', 'summary', { caseId }, tok[who])).canOpen).toBe(true);
    }
  });

  it('is NOT_FOUND to anyone outside the case and its grid party group', async () => {
    expect((await t.call('cases', 'summary', { caseId }, tok.neighbour)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
