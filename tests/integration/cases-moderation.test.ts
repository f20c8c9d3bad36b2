import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import type { CaseView } from '../../shared/contracts/cases';
import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre'] as const) tok[p] = await t.login(p);
});
afterAll(() => t.close());

/** A count of notices or audit entries once the notifications timer has written out what changes carry (_lib/effects.ts). */
async function settledCount(collection: string, where: object): Promise<number> {
  await dispatchNow();
  return t.count(collection, where);
}

const dispute = (description: string) => ({
  type: 'neighbourhood',
  parties: [{ name: '赵有田' }, { name: '钱满仓' }],
  description,
  urgency: 'normal',
});

describe('cases: content security on the screening description', () => {
  it('holds a flagged description for its author and the handlers, tells the author, and lets a handler release it', async () => {
    const c = ok<CaseView>(await t.call('cases', 'screen', dispute('邻居在院里聚众赌博到半夜，吵得老人睡不着。'), tok.resident));
    // The author sees the text and why it waits.
    expect(c.description).toContain('赌博');
    expect(c.held).toEqual([{ field: 'description', reason: '疑似违法犯罪内容' }]);
    expect(await settledCount('notifications', { recipientId: 'resident', kind: 'content.held', 'link.id': c.id })).toBe(1);
    // The handler (village cadre) reads it to decide.
    const cadre = ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok['village-cadre']));
    expect(cadre.description).toContain('赌博');
    // Nobody else sees it, neither in the case nor in lists.
    const area = ok<{ items: { id: string; brief: string }[] }>(await t.call('cases', 'list', { scope: 'area' }, tok['grid-leader']));
    const row = area.items.find((i) => i.id === c.id);
    expect(row?.brief).toBe(HELD_PLACEHOLDER);
    const other = ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok['grid-leader']));
    expect(other.description).toBe(HELD_PLACEHOLDER);
    expect(other.held).toBeUndefined();
    // The author may not release it; a handler may, audited, and the author is told.
    expect((await t.call('cases', 'release', { caseId: c.id }, tok.resident)).body.ok).toBe(false);
    const released = ok<CaseView>(await t.call('cases', 'release', { caseId: c.id }, tok['village-cadre']));
    expect(released.held).toBeUndefined();
    expect(await settledCount('auditLog', { action: 'cases.release', 'target.id': c.id })).toBe(1);
    expect(await settledCount('notifications', { recipientId: 'resident', kind: 'content.released', 'link.id': c.id })).toBe(1);
    const after = ok<{ items: { id: string; brief: string }[] }>(await t.call('cases', 'list', { scope: 'area' }, tok['grid-leader']));
    const row2 = after.items.find((i) => i.id === c.id);
    expect(row2?.brief).toContain('赌博');
    // Releasing twice is a conflict.
    expect((await t.call('cases', 'release', { caseId: c.id }, tok['village-cadre'])).body.ok).toBe(false);
  });

  it('shows a clean description to everyone at once', async () => {
    const c = ok<CaseView>(await t.call('cases', 'screen', dispute('两家为院墙边界争执，想请村里来量一下。'), tok.resident));
    expect(c.held).toBeUndefined();
    expect(await settledCount('notifications', { recipientId: 'resident', kind: 'content.held', 'link.id': c.id })).toBe(0);
  });
});
