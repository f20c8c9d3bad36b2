import { clock } from '../../cloudfunctions/_lib/clock';
import { HELD_PLACEHOLDER } from '../../shared/domain/moderation';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

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
