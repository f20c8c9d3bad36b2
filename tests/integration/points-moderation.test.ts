import { clock } from '../../cloudfunctions/_lib/clock';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';
import { dispatchNow } from '../support/dispatch';

// The seed's clock: 2026-11 is open for rating; the flow below rates and publishes it first.
const NOW = '2026-11-10T02:00:00.000Z';
const MONTH = '2026-11';
const V = 'v-fengfang';
const CODES = ['lawAbiding', 'honesty', 'filialPiety', 'customReform', 'sanitation', 'neighbourliness', 'industriousness', 'publicService', 'education', 'safety'];

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre'] as const) tokens[p] = await t.login(p);
  // A neighbour of another household, and the cadre of another village.
  tokens.neighbour = await t.loginOpenid('demo-r-fengfang-2');
  tokens.otherCadre = await t.loginOpenid('demo-cadre-v-xijie');
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('points: content security on objection reasons', () => {
  it('holds a flagged objection reason for the household and the village cadres, and tells the author', async () => {
    const cadre = tokens['village-cadre']!;
    const sheet = ok(await t.call('points', 'sheet', { villageId: V, month: MONTH }, cadre));
    const rows = sheet.rows.map((r: { householdId: string }) => ({ householdId: r.householdId, scores: CODES.map((code) => ({ code, score: 10 })) }));
    ok(await t.call('points', 'enter', { villageId: V, month: MONTH, rows }, cadre));
    ok(await t.call('points', 'publish', { villageId: V, month: MONTH }, cadre));

    const objection = ok(await t.call('points', 'object', { month: MONTH, reason: '评分的人自己就在村口赌博，凭什么扣我家的分' }, tokens.resident));
    expect(objection.reason).toContain('赌博');
    expect(objection.held).toEqual([{ field: 'reason', reason: '疑似违法犯罪内容' }]);
    // The objection's notices ride on it until the dispatch timer writes them out.
    await dispatchNow();
    expect(await t.count('notifications', { recipientId: 'resident', kind: 'content.held' })).toBe(1);

    const hid = objection.householdId as string;
    const cadreView = ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, cadre));
    expect(cadreView.objection.reason).toContain('赌博');
    const listed = ok(await t.call('points', 'objections', { villageId: V, month: MONTH }, cadre));
    expect(JSON.stringify(listed)).toContain('赌博');

    // A town cadre oversees the village but does not decide its objections: the placeholder only.
    const other = ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, tokens['town-cadre']));
    expect(other.objection.reason).toBe(HELD_PLACEHOLDER);
    expect(other.objection.held).toBeUndefined();
  });

  // The month was rated and published by the test above; a neighbour's household objects to it here.
  it('lets only a village cadre over the household release a held reason, audited, telling the household', async () => {
    const objection = ok(await t.call('points', 'object', { month: MONTH, code: 'sanitation', reason: '我家门口的垃圾是邻居刷单的快递盒，不该扣我家' }, tokens.neighbour));
    expect(objection.held).toEqual([{ field: 'reason', reason: '疑似欺诈内容' }]);
    expect(objection.canRelease).toBe(false);
    const hid = objection.householdId as string;

    // The cadres are told of the objection, but the message does not quote the held reason.
    await dispatchNow();
    const inbox = ok(await t.call('notifications', 'list', { limit: 50 }, tokens['village-cadre'])).items as { kind: string; body: string; link: { id: string } | null }[];
    const told = inbox.find((n) => n.kind === 'points.objection' && n.link?.id === objection.id)!;
    expect(told.body).toContain(HELD_PLACEHOLDER);
    expect(told.body).not.toContain('刷单');

    // The town cadre oversees the list but reads only the placeholder there too.
    const townList = ok(await t.call('points', 'objections', { villageId: V, month: MONTH }, tokens['town-cadre'])).items;
    const townRow = townList.find((o: { id: string }) => o.id === objection.id);
    expect(townRow).toMatchObject({ reason: HELD_PLACEHOLDER, canRelease: false });
    expect(townRow.held).toBeUndefined();
    const cadreRow = ok(await t.call('points', 'objections', { villageId: V, month: MONTH }, tokens['village-cadre'])).items.find((o: { id: string }) => o.id === objection.id);
    expect(cadreRow).toMatchObject({ canRelease: true, held: [{ field: 'reason', reason: '疑似欺诈内容' }] });
    expect(cadreRow.reason).toContain('刷单');
    expect(ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, tokens['village-cadre'])).objection.canRelease).toBe(true);

    const collections = ['pointsObjections', 'notifications', 'auditLog'];
    const before = await snapshotCounts(t, collections);
    for (const who of ['neighbour', 'town-cadre', 'otherCadre', 'resident']) {
      const res = await t.call('points', 'releaseObjection', { objectionId: objection.id }, tokens[who]);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    for (const bad of [{}, { objectionId: objection.id, now: true }, { objectionId: '' }]) {
      const res = await t.call('points', 'releaseObjection', bad, tokens['village-cadre']);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await snapshotCounts(t, collections)).toEqual(before);

    const released = ok(await t.call('points', 'releaseObjection', { objectionId: objection.id }, tokens['village-cadre']));
    expect(released.held).toBeUndefined();
    expect(released.canRelease).toBe(false);
    expect(await t.count('auditLog', { action: 'points.releaseObjection', 'target.id': objection.id })).toBe(1);
    expect(await t.count('notifications', { recipientId: 'r-fengfang-2', kind: 'content.released', 'link.id': objection.id })).toBe(1);
    const townView = ok(await t.call('points', 'detail', { householdId: hid, month: MONTH }, tokens['town-cadre']));
    expect(townView.objection.reason).toContain('刷单');
    const again = await t.call('points', 'releaseObjection', { objectionId: objection.id }, tokens['village-cadre']);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('points: content security on what cadres write for a household', () => {
  const HH = 'h-fengfang-1-01'; // the resident's household

  it("holds a cadre's flagged decision reason from the household in the objection, the rating, the message and the export", async () => {
    const cadre = tokens['village-cadre']!;
    const objection = ok(await t.call('points', 'detail', { householdId: HH, month: MONTH }, tokens.resident)).objection;
    const reason = '核实家中有人赌博，诚信扣2分';
    const decided = ok(await t.call('points', 'decide', { objectionId: objection.id, decision: 'uphold', code: 'honesty', score: 8, reason }, cadre));
    expect(decided.decisionReason).toBe(reason);
    expect(decided.held).toContainEqual({ field: 'decisionReason', reason: '疑似违法犯罪内容' });
    await dispatchNow();
    const cadreInbox = ok(await t.call('notifications', 'list', { limit: 50 }, cadre)).items as { kind: string; title: string; link: { id: string } | null }[];
    expect(cadreInbox.some((n) => n.kind === 'content.held' && n.link?.id === objection.id && n.title.includes('处理说明'))).toBe(true);

    // The household reads the placeholder wherever the reason went: the objection, the indicator, the change, the message, the export.
    const own = ok(await t.call('points', 'detail', { householdId: HH, month: MONTH }, tokens.resident));
    expect(own.objection.decisionReason).toBe(HELD_PLACEHOLDER);
    expect(own.objection.held?.some((h: { field: string }) => h.field === 'decisionReason')).toBeFalsy();
    expect(own.scores.find((s: { code: string }) => s.code === 'honesty')).toMatchObject({ score: 8, reason: HELD_PLACEHOLDER });
    expect(own.changes.at(-1)).toMatchObject({ from: 10, to: 8, reason: HELD_PLACEHOLDER });
    const told = (ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident)).items as { kind: string; body: string }[]).find((n) => n.kind === 'points.objectionDecided')!;
    expect(told.body).toContain(HELD_PLACEHOLDER);
    expect(JSON.stringify(own) + JSON.stringify(told)).not.toContain('有人赌博');
    expect(JSON.stringify(await exportOf(t, tokens.resident))).not.toContain('有人赌博');
    // The cadres over the village read it.
    expect(ok(await t.call('points', 'detail', { householdId: HH, month: MONTH }, tokens['town-cadre'])).objection.decisionReason).toBe(reason);

    // Not the household, not another village's cadre; the author releases only what the household wrote, not their own words.
    const collections = ['pointsObjections', 'notifications', 'auditLog'];
    const before = await snapshotCounts(t, collections);
    for (const who of ['resident', 'otherCadre']) {
      expect((await t.call('points', 'releaseObjection', { objectionId: objection.id }, tokens[who])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await snapshotCounts(t, collections)).toEqual(before);
    const byAuthor = ok(await t.call('points', 'releaseObjection', { objectionId: objection.id }, cadre));
    expect(byAuthor.held).toEqual([{ field: 'decisionReason', reason: '疑似违法犯罪内容' }]);
    expect(ok(await t.call('points', 'detail', { householdId: HH, month: MONTH }, tokens.resident)).objection.decisionReason).toBe(HELD_PLACEHOLDER);
    const again = await t.call('points', 'releaseObjection', { objectionId: objection.id }, cadre);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const audits = await t.count('auditLog', { action: 'points.releaseObjection', 'target.id': objection.id });
    ok(await t.call('points', 'releaseObjection', { objectionId: objection.id }, tokens['town-cadre']));
    expect(await t.count('auditLog', { action: 'points.releaseObjection', 'target.id': objection.id })).toBe(audits + 1);
    expect(cadreInboxHas(await inboxOf(cadre), 'content.released', objection.id)).toBe(true);
    const after = ok(await t.call('points', 'detail', { householdId: HH, month: MONTH }, tokens.resident));
    expect(after.objection.decisionReason).toBe(reason);
    expect(after.scores.find((s: { code: string }) => s.code === 'honesty').reason).toBe(reason);
  });

  it("holds a cadre's flagged correction reason from the household in the ledger and the export, released by a town cadre", async () => {
    const cadre = tokens['village-cadre']!;
    const reason = '参与赌博被派出所处理，补扣1分';
    const entry = ok(await t.call('points', 'adjust', { householdId: HH, month: '2026-09', code: 'safety', delta: -1, reason, requestId: 'mod-adjust-0001' }, cadre));
    expect(entry).toMatchObject({ reason, held: [{ field: 'reason', reason: '疑似违法犯罪内容' }] });
    expect(entry.canRelease).toBeUndefined();
    const stored = ((await t.runtime.db.collection('pointsLedger').doc(entry.id).get()).data as { signature: string; moderation?: { held: unknown[] } }[])[0]!;
    expect(stored.moderation?.held).toHaveLength(1);

    const ledger = ok(await t.call('points', 'ledger', { householdId: HH, year: 2026 }, tokens.resident)).entries;
    const own = ledger.find((e: { id: string }) => e.id === entry.id);
    expect(own.reason).toBe(HELD_PLACEHOLDER);
    expect(own.detail[0].reason).toBe(HELD_PLACEHOLDER);
    expect(own.held).toBeUndefined();
    expect(JSON.stringify(ok(await t.call('points', 'detail', { householdId: HH, month: '2026-09' }, tokens.resident)))).not.toContain('被派出所处理');
    expect(JSON.stringify(await exportOf(t, tokens.resident))).not.toContain('被派出所处理');
    const town = ok(await t.call('points', 'ledger', { householdId: HH, year: 2026 }, tokens['town-cadre'])).entries.find((e: { id: string }) => e.id === entry.id);
    expect(town).toMatchObject({ reason, canRelease: true });

    const collections = ['pointsLedger', 'notifications', 'auditLog'];
    const before = await snapshotCounts(t, collections);
    const expectRefused = async (who: string, code: string) =>
      expect((await t.call('points', 'releaseAdjustment', { entryId: entry.id }, tokens[who])).body).toMatchObject({ ok: false, error: { code } });
    await expectRefused('resident', 'FORBIDDEN');
    await expectRefused('village-cadre', 'FORBIDDEN');
    await expectRefused('otherCadre', 'NOT_FOUND');
    for (const bad of [{}, { entryId: entry.id, all: true }, { entryId: '' }]) {
      expect((await t.call('points', 'releaseAdjustment', bad, tokens['town-cadre'])).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await snapshotCounts(t, collections)).toEqual(before);

    const released = ok(await t.call('points', 'releaseAdjustment', { entryId: entry.id }, tokens['town-cadre']));
    expect(released.held).toBeUndefined();
    expect(await t.count('auditLog', { action: 'points.releaseAdjustment', 'target.id': entry.id })).toBe(1);
    expect(cadreInboxHas(await inboxOf(cadre), 'content.released', '2026-09')).toBe(true);
    const after = ((await t.runtime.db.collection('pointsLedger').doc(entry.id).get()).data as { signature: string }[])[0]!;
    expect(after.signature).toBe(stored.signature);
    expect(ok(await t.call('points', 'ledger', { householdId: HH, year: 2026 }, tokens.resident)).entries.find((e: { id: string }) => e.id === entry.id).reason).toBe(reason);
  });
});

async function inboxOf(token: string) {
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items as { kind: string; link: { id: string } | null }[];
}
function cadreInboxHas(items: { kind: string; link: { id: string } | null }[], kind: string, id: string): boolean {
  return items.some((n) => n.kind === kind && n.link?.id === id);
}
