import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import type { CaseView } from '../../shared/contracts/cases';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tok: Record<string, string> = {};
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['grid-leader', 'village-cadre', 'mediator'] as const) tok[p] = await t.login(p);
});
afterAll(() => t.close());
afterEach(() => clock.reset());

/** A case of 冯坊村 whose mediation has just reached an agreement (follow-up due in 15 days). */
async function agreedCase(): Promise<CaseView> {
  const c = ok<CaseView>(
    await t.call(
      'cases',
      'screen',
      { type: 'neighbourhood', parties: [{ name: `甲${Math.random().toString(36).slice(2, 6)}` }, { name: '乙方' }], description: '两家为院墙边的排水沟起了争执，互不相让。', urgency: 'normal' },
      tok['grid-leader'],
    ),
  );
  ok(await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['village-cadre']));
  ok(await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-02', participants: ['甲', '乙'], summary: '现场查看，双方同意共修排水沟。' }, tok.mediator));
  return ok<CaseView>(await t.call('cases', 'conclude', { caseId: c.id, outcome: 'agreed', agreement: '两家各出一半修排水沟。', signedBy: ['甲', '乙'] }, tok.mediator));
}

const figures = async () => ok(await t.call('cases', 'figures', {}, tok['village-cadre']));
const visits = (f: { satisfaction: Record<string, number> }) => Object.values(f.satisfaction).reduce((a, b) => a + b, 0);

describe('cases: 回访 checks that the agreement held', () => {
  it('records a follow-up the same minute as the agreement as an interim contact: the case stays open and the figures do not move', async () => {
    const c = await agreedCase();
    expect(c).toMatchObject({ status: 'agreed', followUpDue: false });
    const before = await figures();
    const contact = ok<CaseView>(await t.call('cases', 'followUp', { caseId: c.id, held: true, satisfaction: 'satisfied', note: '电话问了，沟正在修' }, tok['grid-leader']));
    expect(contact).toMatchObject({ status: 'agreed', nextSheet: 'followUp', followUpDueAt: c.followUpDueAt, followUpDue: false });
    expect(contact.followUps).toEqual([expect.objectContaining({ kind: 'interim', held: true, earlyReason: null })]);
    expect(contact.allowed).toContain('followUp');
    const after = await figures();
    expect(visits(after)).toBe(visits(before));
    expect(after.resolvedTotal).toBe(before.resolvedTotal);
    expect(after.closedEarly).toBe(before.closedEarly);

    // Once the agreed period is over, the follow-up closes the case and counts.
    clock.freeze(new Date(Date.parse(c.followUpDueAt!) + MINUTE));
    const due = ok<CaseView>(await t.call('cases', 'followUp', { caseId: c.id, held: true, satisfaction: 'satisfied', note: '沟修好了，两家和好' }, tok['grid-leader']));
    expect(due).toMatchObject({ status: 'resolved', followUpDue: false });
    expect(due.followUps.map((f) => f.kind)).toEqual(['interim', 'due']);
    const counted = await figures();
    expect(counted.satisfaction.satisfied).toBe(before.satisfaction.satisfied + 1);
    expect(counted.resolvedTotal).toBe(before.resolvedTotal);
  });

  it('closes early only with a reason, shown apart from the 小事不出村 rate and the satisfaction', async () => {
    const c = await agreedCase();
    const before = await figures();
    clock.freeze(new Date(Date.now() + 3 * DAY_MS));
    const early = ok<CaseView>(
      await t.call('cases', 'followUp', { caseId: c.id, held: true, satisfaction: 'satisfied', earlyReason: '一方已搬离本村，无需再回访' }, tok['village-cadre']),
    );
    expect(early).toMatchObject({ status: 'resolved' });
    expect(early.followUps).toEqual([expect.objectContaining({ kind: 'early', earlyReason: '一方已搬离本村，无需再回访' })]);
    const after = await figures();
    expect(after.closedEarly).toBe(before.closedEarly + 1);
    expect(visits(after)).toBe(visits(before));
    // The agreed case counted as settled while waiting for its check; closed early, it is counted apart.
    expect(after.resolvedTotal).toBe(before.resolvedTotal - 1);
  });

  it('reopens the case whenever a follow-up finds the agreement broken, due or not', async () => {
    const c = await agreedCase();
    const relapsed = ok<CaseView>(await t.call('cases', 'followUp', { caseId: c.id, held: false, satisfaction: 'unsatisfied', note: '又吵起来了' }, tok['village-cadre']));
    expect(relapsed).toMatchObject({ status: 'mediating' });
    expect(relapsed.followUps).toEqual([expect.objectContaining({ kind: 'due', held: false })]);
  });
});
