import { clock } from '../../cloudfunctions/_lib/clock';
import { useContentChecker, wordListChecker } from '../../cloudfunctions/_lib/content-check';
import { notifications } from '../../cloudfunctions/notifications';
import { sanitation } from '../../cloudfunctions/sanitation';
import { orderIdOf, reportIdOf } from '../../cloudfunctions/sanitation/store';
import { DISPATCH_RUN } from '../../cloudfunctions/sanitation/timers';
import { HANDLER_ROLE } from '../../shared/domain/sanitation-report';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dispatchNow } from '../support/dispatch';
import { eraseClosedAccounts } from '../support/erasure';
import { exportOf } from '../support/my-data';
import { watchQueries } from '../support/query-watch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};
const COLLECTIONS = ['sanitationOrders', 'sanitationReports', 'sanitationFacilities', 'sanitationInspections', 'notifications', 'auditLog', 'photos'];
const snapshot = () => snapshotCounts(t, COLLECTIONS);
let n = 0;
const rid = () => `req-san-${++n}-${Date.now()}`;

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'resettled'] as const) tokens[p] = await t.login(p);
  tokens.otherCadre = await t.loginOpenid('demo-cadre-v-xijie');
  tokens.neighbour = await t.loginOpenid('demo-r-fengfang-1');
  tokens.neighbour2 = await t.loginOpenid('demo-r-fengfang-2');
});
afterAll(() => t.close());
afterEach(() => {
  clock.reset();
  useContentChecker(null);
});

/** The county file the runtime was provisioned from: the routing rules, read independently of the function. */
const county = JSON.parse(readFileSync(path.resolve(__dirname, '../../counties/qianyang.json'), 'utf8')) as { sanitation: { routingRules: { id: string; level: string; deadlineHours: number; reason: string }[] } };

const photoFile = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/photos', name));

/** What Taro.cloud.uploadFile does: bytes to `incoming/<userId>/…` (here through the gateway's storage route). */
async function upload(token: string, userId: string, bytes: Buffer, ext = 'jpg') {
  const cloudPath = `incoming/${userId}/${randomUUID().replace(/-/g, '')}.${ext}`;
  const res = await fetch(`${t.url}/api/_storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: bytes });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: { fileID: string }; error?: { code: string; message: string } } };
}

/** Uploads a fixture and hands it to sanitation.photo: the photo's id. */
async function photo(token: string, userId: string, name = 'bin-with-gps.jpg'): Promise<string> {
  const up = await upload(token, userId, photoFile(name), name.endsWith('.png') ? 'png' : 'jpg');
  if (!up.body.ok) throw new Error(JSON.stringify(up.body));
  return ok(await t.call('sanitation', 'photo', { fileId: up.body.data!.fileID }, token)).photo.id;
}

const report = (token: string, data: object) => t.call('sanitation', 'report', { requestId: rid(), ...data }, token);
/** The sanitation dispatch timer (派单) until no report waits to be dispatched. */
async function dispatchReports(): Promise<void> {
  for (let i = 0; i < 20 && (await t.count('sanitationReports', { dispatched: false })); i++) await sanitation.runTimer('dispatch');
}
const storedReport = async (id: string) => (await t.runtime.db.collection('sanitationReports').doc(id).get()).data[0] as { orderId: string | null; merged: boolean; dispatched: boolean; photoIds: string[] };
/** A 随手拍 received (受理) and dispatched (派单): the receipt, the order it went to, and that order as the reporter reads it. */
async function reported(token: string, data: object) {
  const receipt = ok(await report(token, data));
  await dispatchReports();
  const stored = await storedReport(receipt.reportId);
  return { ...receipt, orderId: stored.orderId!, merged: stored.merged, order: ok(await t.call('sanitation', 'order', { orderId: stored.orderId }, token)) };
}
/** The notifications dispatcher until no fan-out is pending (it tells handlers of a report). */
async function expandFanOuts(): Promise<void> {
  for (let i = 0; i < 20 && (await t.count('fanOuts', { status: 'pending' })); i++) await notifications.runTimer('dispatch');
}
/** The person's inbox once the notifications timer has run: the notices an order's steps carry are written out by it. */
async function inbox(token: string) {
  await dispatchNow();
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items as { kind: string; body: string; link: { id: string } | null }[];
}

describe('sanitation: the facilities ledger comes from the county file', () => {
  it('provisions Qianyang: 55 sewage facilities, 4 oxidation ponds, a plant, a transfer station per town', async () => {
    expect(await t.count('sanitationFacilities', { kind: 'sewage-facility' })).toBe(55);
    expect(await t.count('sanitationFacilities', { kind: 'oxidation-pond' })).toBe(4);
    expect(await t.count('sanitationFacilities', { kind: 'treatment-plant' })).toBe(1);
    expect(await t.count('sanitationFacilities', { kind: 'transfer-station' })).toBe(7);
  });

  it('lists a village for its residents and cadres, everything under a town for its cadre, and refuses another village', async () => {
    const mine = ok(await t.call('sanitation', 'facilities', {}, tokens.resident));
    expect(mine.unitName).toBe('冯坊村');
    expect(mine.canKeep).toBe(false);
    expect(mine.items.every((f: { villageId: string }) => f.villageId === 'v-fengfang')).toBe(true);
    expect(mine.items.some((f: { kind: string }) => f.kind === 'public-toilet')).toBe(true);
    expect(ok(await t.call('sanitation', 'facilities', {}, tokens['village-cadre'])).canKeep).toBe(true);
    const town = ok(await t.call('sanitation', 'facilities', { villageId: 't-chengguan' }, tokens['town-cadre']));
    expect(town.items.length).toBeGreaterThan(mine.items.length);
    expect((await t.call('sanitation', 'facilities', { villageId: 'v-xijie' }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('sanitation', 'facility', { facilityId: 'sf-xijie-CP-1' }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a cadre adds a facility, moves its status with history, and a failed inspection marks it faulty and tells the village cadres', async () => {
    const fields = { kind: 'collection-point', name: '冯坊村新垃圾点', place: { description: '四组路口' }, collectEveryDays: 3, responsible: { unitName: '冯坊村村委会', personName: '陈建军' } };
    const f = ok(await t.call('sanitation', 'saveFacility', { code: 'fengfang-CP-9', villageId: 'v-fengfang', facility: fields }, tokens['village-cadre']));
    expect(f).toMatchObject({ id: 'sf-fengfang-CP-9', status: 'in-service', canKeep: true });
    expect((await t.call('sanitation', 'saveFacility', { code: 'fengfang-CP-9', villageId: 'v-fengfang', facility: fields }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Another village's cadre and a resident may not keep it.
    const before = await snapshot();
    expect((await t.call('sanitation', 'setFacilityStatus', { facilityId: f.id, status: 'faulty' }, tokens.otherCadre)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await t.call('sanitation', 'setFacilityStatus', { facilityId: f.id, status: 'faulty' }, tokens.resident)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('sanitation', 'saveFacility', { code: 'xijie-CP-9', villageId: 'v-xijie', facility: fields }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('sanitation', 'saveFacility', { code: 'fengfang-SW-9', villageId: 'v-fengfang', facility: { ...fields, kind: 'sewage-facility' } }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshot()).toEqual(before);

    const inspected = ok(await t.call('sanitation', 'inspect', { facilityId: f.id, date: '2026-11-20', ok: false, findings: '垃圾桶盖子坏了两个' }, tokens['town-cadre']));
    expect(inspected.status).toBe('faulty');
    expect(inspected.inspections[0]).toMatchObject({ ok: false, findings: '垃圾桶盖子坏了两个', inspectorName: '周明' });
    expect((await inbox(tokens['village-cadre']!)).some((x) => x.kind === 'sanitation.facilityFaulty' && x.link?.id === f.id)).toBe(true);
    const repairing = ok(await t.call('sanitation', 'setFacilityStatus', { facilityId: f.id, status: 'under-repair', note: '已换新桶盖' }, tokens['village-cadre']));
    expect(repairing.history.map((h: { status: string }) => h.status)).toEqual(['in-service', 'faulty', 'under-repair']);
    expect((await t.call('sanitation', 'setFacilityStatus', { facilityId: f.id, status: 'under-repair' }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // A resident reads the facility, the inspector by surname only.
    const seen = ok(await t.call('sanitation', 'facility', { facilityId: f.id }, tokens.resident));
    expect(seen.inspections[0].inspectorName).toBe('周**');
    expect(seen.canKeep).toBe(false);
    expect(await t.count('auditLog', { 'target.id': f.id })).toBe(3);
  });
});

describe('sanitation: 随手拍 reports become work orders at the responsible unit', () => {
  it('routes an overflowing bin to the village with the rule deadline, through accept, fix, reopen, fix and confirm', async () => {
    const r = await reported(tokens.resident!, { category: 'overflow', facilityId: 'sf-fengfang-CP-1', note: '垃圾桶满了两天了' });
    expect(r.merged).toBe(false);
    const o = r.order;
    expect(o).toMatchObject({ status: 'open', level: 'village', step: 0, allowed: [] });
    expect(Date.parse(o.deadlineAt) - Date.parse(o.createdAt)).toBe(24 * 3600_000);
    // The handlers hear of it through one fan-out, which the notifications dispatcher expands.
    await expandFanOuts();
    expect((await inbox(tokens['village-cadre']!)).some((x) => x.kind === 'sanitation.reported' && x.link?.id === o.id)).toBe(true);
    // The town cadre does not handle a village order; the village cadre accepts it.
    expect((await t.call('sanitation', 'accept', { orderId: o.id }, tokens['town-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const accepted = ok(await t.call('sanitation', 'accept', { orderId: o.id }, tokens['village-cadre']));
    expect(accepted).toMatchObject({ status: 'accepted', handlerName: '陈建军', allowed: ['fix'] });
    const fixed = ok(await t.call('sanitation', 'fix', { orderId: o.id, note: '已清运并消毒', photoIds: [await photo(tokens['village-cadre']!, 'village-cadre')] }, tokens['village-cadre']));
    expect(fixed).toMatchObject({ status: 'fixed', fixedOnTime: true });
    expect((await inbox(tokens.resident!)).some((x) => x.kind === 'sanitation.fixed' && x.link?.id === o.id)).toBe(true);
    expect(ok(await t.call('sanitation', 'order', { orderId: o.id }, tokens.resident)).allowed).toEqual(['confirm', 'reopen']);
    const reopened = ok(await t.call('sanitation', 'reopen', { orderId: o.id, note: '旁边还堆着一堆' }, tokens.resident));
    expect(reopened).toMatchObject({ status: 'accepted', reopenCount: 1, fixedAt: null });
    expect((await inbox(tokens['village-cadre']!)).some((x) => x.kind === 'sanitation.reopened' && x.link?.id === o.id)).toBe(true);
    ok(await t.call('sanitation', 'fix', { orderId: o.id, note: '旁边的也清走了', photoIds: [await photo(tokens['village-cadre']!, 'village-cadre')] }, tokens['village-cadre']));
    // Only a reporter confirms.
    expect((await t.call('sanitation', 'confirm', { orderId: o.id }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const closed = ok(await t.call('sanitation', 'confirm', { orderId: o.id }, tokens.resident));
    expect(closed).toMatchObject({ status: 'closed', step: 3 });
    expect(ok(await t.call('sanitation', 'facility', { facilityId: 'sf-fengfang-CP-1' }, tokens.resident)).openOrderId).toBeNull();
    const mine = ok(await t.call('sanitation', 'myReports', {}, tokens.resident));
    expect(mine.items[0]).toMatchObject({ orderId: o.id, order: { status: 'closed' } });
  });

  it('routes a broken sewage facility to the town by the county rule', async () => {
    const r = await reported(tokens.resident!, { category: 'sewage-leak', facilityId: 'sf-fengfang-SW-1' });
    expect(r.order).toMatchObject({ level: 'town', routeReason: expect.stringContaining('镇') });
    expect(ok(await t.call('sanitation', 'accept', { orderId: r.orderId }, tokens['town-cadre'])).status).toBe('accepted');
  });

  it('merges repeated reports of one facility into one order, tells every reporter, and masks names to others', async () => {
    const first = await reported(tokens.neighbour!, { category: 'broken', facilityId: 'sf-fengfang-PT-1', note: '公厕门坏了' });
    const second = await reported(tokens.neighbour2!, { category: 'broken', facilityId: 'sf-fengfang-PT-1' });
    const third = await reported(tokens.resident!, { category: 'broken', facilityId: 'sf-fengfang-PT-1' });
    expect(second).toMatchObject({ merged: true, orderId: first.orderId });
    expect(third.orderId).toBe(first.orderId);
    const seenByResident = third.order;
    expect(seenByResident.reportCount).toBe(3);
    expect(seenByResident.reporters.map((r: { name: string }) => r.name)).toEqual([expect.stringMatching(/^.(\*\*|女士|先生)$/), expect.stringMatching(/^.(\*\*|女士|先生)$/), '我']);
    const seenByCadre = ok(await t.call('sanitation', 'order', { orderId: first.orderId }, tokens['village-cadre']));
    expect(seenByCadre.reporters.every((r: { name: string }) => r.name.length >= 2 && !r.name.includes('*'))).toBe(true);
    expect(await t.count('sanitationReports', { orderId: first.orderId })).toBe(3);
    ok(await t.call('sanitation', 'accept', { orderId: first.orderId }, tokens['village-cadre']));
    ok(await t.call('sanitation', 'fix', { orderId: first.orderId, note: '换了新门锁', photoIds: [await photo(tokens['village-cadre']!, 'village-cadre')] }, tokens['village-cadre']));
    for (const who of ['neighbour', 'neighbour2', 'resident']) {
      expect((await inbox(tokens[who]!)).some((x) => x.kind === 'sanitation.fixed' && x.link?.id === first.orderId)).toBe(true);
    }
    // Any reporter may confirm; the order is closed once.
    ok(await t.call('sanitation', 'confirm', { orderId: first.orderId }, tokens.neighbour2));
    expect((await t.call('sanitation', 'confirm', { orderId: first.orderId }, tokens.neighbour)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // A new report of the facility after the close opens a new order.
    const later = await reported(tokens.neighbour!, { category: 'broken', facilityId: 'sf-fengfang-PT-1' });
    expect(later.merged).toBe(false);
    expect(later.orderId).not.toBe(first.orderId);
  });

  it('a retried report with the same request id is one report, and after dispatch one order', async () => {
    const requestId = rid();
    const input = { requestId, category: 'dumping', placeText: '村口河道边' };
    const a = ok(await t.call('sanitation', 'report', input, tokens.resident));
    expect(a).toMatchObject({ dispatched: false, orderId: null });
    const before = await snapshotCounts(t, [...COLLECTIONS, 'fanOuts']);
    // The retry costs one request more than the first send (3 for a place: caller, village with rules, the add): the stored report's read.
    const watch = watchQueries(t.runtime.engine);
    const { result, requests } = await watch.measure('retry', () => t.call('sanitation', 'report', input, tokens.resident));
    watch.stop();
    expect(requests).toBe(4);
    const b = ok(result);
    expect(b).toEqual(a);
    // Nothing is written twice: no second report, and no order, fan-out or notice yet.
    expect(await snapshotCounts(t, [...COLLECTIONS, 'fanOuts'])).toEqual(before);
    await dispatchReports();
    const c = ok(await t.call('sanitation', 'report', input, tokens.resident));
    expect(c).toMatchObject({ reportId: a.reportId, dispatched: true, orderId: orderIdOf(a.reportId), merged: false });
    expect(await t.count('sanitationReports', { requestId })).toBe(1);
    expect(await t.count('sanitationOrders', { _id: c.orderId })).toBe(1);
    expect(await t.count('notifications', { recipientId: 'resident', 'link.id': c.orderId })).toBe(1);
  });

  it('tells each handler of a reported place once, through one fan-out, and a handler who reports once, as its reporter', async () => {
    const r = await reported(tokens['village-cadre']!, { category: 'dumping', placeText: '五组水渠边', villageId: 'v-fengfang' });
    const o = r.order;
    const stored = (await t.runtime.db.collection('sanitationOrders').doc(o.id).get()).data[0] as { level: keyof typeof HANDLER_ROLE; handlerUnitId: string };
    expect(await t.count('fanOuts', { 'message.link.id': o.id })).toBe(1);
    await expandFanOuts();
    // Those who hold the order's handling role at its unit, counted from the users, not from the outbox.
    const handlers = (await t.runtime.db.collection('users').where({ roleKeys: `${HANDLER_ROLE[stored.level]}@${stored.handlerUnitId}` }).limit(100).get()).data as { _id: string }[];
    expect(handlers.map((h) => h._id)).toContain('village-cadre');
    for (const h of handlers) {
      const told = await t.count('notifications', { recipientId: h._id, 'link.id': o.id });
      const asHandler = await t.count('notifications', { recipientId: h._id, 'link.id': o.id, kind: 'sanitation.reported' });
      expect({ id: h._id, told, asHandler }).toEqual({ id: h._id, told: 1, asHandler: h._id === 'village-cadre' ? 0 : 1 });
    }
    expect((await inbox(tokens['village-cadre']!)).filter((x) => x.link?.id === o.id).map((x) => x.kind)).toEqual(['sanitation.progress']);
  });

  it('dispatches a report whole or not at all: a notice that cannot be written leaves no order or notice, and the next run writes it all once', async () => {
    const requestId = rid();
    const input = { requestId, category: 'dumping', placeText: '六组桥头' };
    const reportId = reportIdOf('resident', requestId);
    // The handlers' fan-out cannot be added (its id is taken): the dispatch's last write but two fails.
    await t.runtime.db.collection('fanOuts').add({ _id: `fo-${reportId}`, blocker: true });
    expect(ok(await t.call('sanitation', 'report', input, tokens.resident))).toMatchObject({ reportId, dispatched: false });
    const before = await snapshotCounts(t, COLLECTIONS);
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failedRun = (await sanitation.runTimer('dispatch')) as { failed: number };
    expect(failedRun.failed).toBe(1);
    expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(reportId)]);
    logged.mockRestore();
    expect(await snapshotCounts(t, COLLECTIONS)).toEqual(before);
    expect(await t.count('sanitationOrders', { _id: orderIdOf(reportId) })).toBe(0);
    expect(await storedReport(reportId)).toMatchObject({ dispatched: false, orderId: null });

    await t.runtime.db.collection('fanOuts').doc(`fo-${reportId}`).remove();
    await dispatchReports();
    const written = await snapshotCounts(t, [...COLLECTIONS, 'fanOuts']);
    // A rerun (and a retried request) changes nothing.
    await sanitation.runTimer('dispatch');
    const again = ok(await t.call('sanitation', 'report', input, tokens.resident));
    expect(again).toMatchObject({ reportId, orderId: orderIdOf(reportId), dispatched: true, merged: false });
    expect(await snapshotCounts(t, [...COLLECTIONS, 'fanOuts'])).toEqual(written);
    expect(ok(await t.call('sanitation', 'order', { orderId: again.orderId }, tokens.resident)).reporters).toEqual([expect.objectContaining({ isMe: true })]);
    expect(await t.count('sanitationOrders', { _id: again.orderId })).toBe(1);
    expect(await t.count('sanitationReports', { _id: reportId })).toBe(1);
    expect(await t.count('fanOuts', { 'message.link.id': again.orderId })).toBe(1);
    expect(await t.count('notifications', { recipientId: 'resident', 'link.id': again.orderId, kind: 'sanitation.progress' })).toBe(1);
  });

  it('a retried report of a facility that opened its order is one report, and a request id used before keeps its first answer whatever is sent with it', async () => {
    const requestId = rid();
    const first = ok(await t.call('sanitation', 'report', { requestId, category: 'sewage-leak', facilityId: 'sf-fengfang-SW-4' }, tokens.resident));
    await dispatchReports();
    const before = await snapshotCounts(t, [...COLLECTIONS, 'fanOuts']);
    const again = ok(await t.call('sanitation', 'report', { requestId, category: 'sewage-leak', facilityId: 'sf-fengfang-SW-4' }, tokens.resident));
    expect(again).toMatchObject({ reportId: first.reportId, orderId: orderIdOf(first.reportId), dispatched: true, merged: false });
    // Sent again without the facility: answered from the report it made, and no stray report or order is left.
    const resent = ok(await t.call('sanitation', 'report', { requestId, category: 'sewage-leak', placeText: '村委会门口' }, tokens.resident));
    expect(resent).toMatchObject({ reportId: first.reportId, orderId: again.orderId, facilityName: first.facilityName });
    await dispatchReports();
    expect(await snapshotCounts(t, [...COLLECTIONS, 'fanOuts'])).toEqual(before);
    // The facility names the one order, counted from the stored reports.
    expect((await t.runtime.db.collection('sanitationFacilities').doc('sf-fengfang-SW-4').get()).data[0]).toMatchObject({ openOrderId: again.orderId });
    expect(await t.count('sanitationReports', { orderId: again.orderId })).toBe(1);
  });

  it('a retried report that joined a facility\'s order is one report: the order counts it once', async () => {
    const first = await reported(tokens.neighbour!, { category: 'broken', facilityId: 'sf-fengfang-SW-2' });
    const requestId = rid();
    const received = ok(await t.call('sanitation', 'report', { requestId, category: 'broken', facilityId: 'sf-fengfang-SW-2' }, tokens.resident));
    // The receipt already knows it will join the open order.
    expect(received).toMatchObject({ joining: true, dispatched: false });
    await dispatchReports();
    const before = await snapshotCounts(t, [...COLLECTIONS, 'fanOuts']);
    const again = ok(await t.call('sanitation', 'report', { requestId, category: 'broken', facilityId: 'sf-fengfang-SW-2' }, tokens.resident));
    expect(again).toMatchObject({ reportId: received.reportId, orderId: first.orderId, merged: true, dispatched: true });
    await dispatchReports();
    expect(await snapshotCounts(t, [...COLLECTIONS, 'fanOuts'])).toEqual(before);
    // Counted from the stored reports, not from the order's own counter.
    expect(await t.count('sanitationReports', { orderId: first.orderId })).toBe(2);
    expect(ok(await t.call('sanitation', 'order', { orderId: first.orderId }, tokens['village-cadre'])).reportCount).toBe(2);
  });

  it('a shared plant is reported from a village of its town: the report is the reporter\'s village\'s, and a plant of another town is refused', async () => {
    const r = await reported(tokens.resident!, { category: 'broken', facilityId: 'sf-QY-TS-01' });
    const stored = (await t.runtime.db.collection('sanitationOrders').doc(r.orderId).get()).data[0] as { villageId: string; facilityId: string };
    expect(stored).toMatchObject({ villageId: 'v-fengfang', facilityId: 'sf-QY-TS-01' });
    expect((await t.runtime.db.collection('sanitationFacilities').doc('sf-QY-TS-01').get()).data[0]).toMatchObject({ openOrderId: r.orderId });
    const before = await snapshot();
    expect((await report(tokens.resident!, { category: 'broken', facilityId: 'sf-QY-TS-02' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input and writes nothing: unknown facility, another village\'s facility, no place', async () => {
    const before = await snapshot();
    expect((await report(tokens.resident!, { category: 'broken', facilityId: 'sf-nothing-here' })).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await report(tokens.resident!, { category: 'broken', facilityId: 'sf-xijie-CP-1' })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const noPlace = await report(tokens.resident!, { category: 'broken' });
    expect(noPlace.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'placeText' }] } });
    expect((await report(tokens.resident!, { category: 'nonsense', placeText: '村口' })).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshot()).toEqual(before);
  });

  it('holds flagged words: the order stays off the village list and shows the placeholder until a cadre releases it', async () => {
    useContentChecker(wordListChecker);
    const r = await reported(tokens.resident!, { category: 'dumping', placeText: '后山沟', note: '有人在这里赌博还乱扔垃圾' });
    const listed = ok(await t.call('sanitation', 'orders', { scope: 'village' }, tokens.neighbour));
    expect(listed.items.some((o: { id: string }) => o.id === r.orderId)).toBe(false);
    expect((await t.call('sanitation', 'order', { orderId: r.orderId }, tokens.neighbour)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens.resident)).note).toContain('赌博');
    const cadreView = ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens['village-cadre']));
    expect(cadreView.allowed).toContain('release');
    ok(await t.call('sanitation', 'release', { orderId: r.orderId }, tokens['village-cadre']));
    const after = ok(await t.call('sanitation', 'orders', { scope: 'village' }, tokens.neighbour));
    expect(after.items.some((o: { id: string }) => o.id === r.orderId)).toBe(true);
  });

  it('two handlers accepting one order at once: one wins, the other hears it was taken', async () => {
    const second = await t.loginOpenid('demo-village-cadre');
    const r = await reported(tokens.resident!, { category: 'dumping', placeText: '二组麦场' });
    // A second cadre of the village, appointed for the test.
    await t.runtime.db.collection('users').doc('cadre-v-baofeng').update({ roles: [{ role: 'village-cadre', unitId: 'v-fengfang' }], roleKeys: ['village-cadre@v-fengfang'] });
    const other = await t.loginOpenid('demo-cadre-v-baofeng');
    const results = await Promise.all([t.call('sanitation', 'accept', { orderId: r.orderId }, second), t.call('sanitation', 'accept', { orderId: r.orderId }, other)]);
    const wins = results.filter((x) => x.body.ok);
    expect(wins).toHaveLength(1);
    expect(results.filter((x) => !x.body.ok).map((x) => (x.body as { error: { code: string } }).error.code)).toEqual(['CONFLICT']);
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': r.orderId, action: 'sanitation.accept' })).toBe(1);
  });

  it('concurrent reports of one facility, dispatched by two runs at once, all land in one order, none lost, each reporter told once', async () => {
    const people = [3, 4, 5, 6, 7, 8].map((i) => `r-fengfang-${i}`);
    const tokensFor = await Promise.all(people.map((id) => t.loginOpenid(`demo-${id}`)));
    const receipts = await Promise.all(tokensFor.map((tk) => report(tk, { category: 'overflow', facilityId: 'sf-fengfang-CP-3' })));
    const ids = receipts.map((x) => ok(x).reportId as string);
    // Two dispatch runs at once over the same six reports.
    await Promise.all([sanitation.runTimer('dispatch'), sanitation.runTimer('dispatch')]);
    await dispatchReports();
    const stored = await Promise.all(ids.map(storedReport));
    const orders = new Set(stored.map((r) => r.orderId));
    expect(orders.size).toBe(1);
    const [orderId] = [...orders];
    expect(await t.count('sanitationOrders', { facilityId: 'sf-fengfang-CP-3', status: 'open' })).toBe(1);
    expect(await t.count('sanitationReports', { orderId })).toBe(6);
    expect(stored.filter((r) => !r.merged)).toHaveLength(1);
    const o = ok(await t.call('sanitation', 'order', { orderId }, tokens['village-cadre']));
    expect(o.reportCount).toBe(6);
    expect(o.reporters).toHaveLength(6);
    for (const id of people) expect({ id, told: await t.count('notifications', { recipientId: id, 'link.id': orderId, kind: 'sanitation.progress' }) }).toEqual({ id, told: 1 });
  });

  it('escalates an overdue order to the town once, even when two timer runs overlap', async () => {
    const r = await reported(tokens.resident!, { category: 'overflow', facilityId: 'sf-fengfang-CP-2' });
    clock.advance(25 * 3600_000);
    const runs = await Promise.all([sanitation.runTimer('overdue'), sanitation.runTimer('overdue')]);
    expect(runs.reduce((s: number, x) => s + (x as { escalated: number }).escalated, 0)).toBeGreaterThanOrEqual(1);
    const town = (await inbox(tokens['town-cadre']!)).filter((x) => x.kind === 'sanitation.overdue' && x.link?.id === r.orderId);
    expect(town).toHaveLength(1);
    const o = ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens['village-cadre']));
    expect(o).toMatchObject({ escalated: true, overdue: true });
    expect((await inbox(tokens.resident!)).filter((x) => x.kind === 'sanitation.progress' && x.link?.id === r.orderId && x.body.includes('督办'))).toHaveLength(1);
    await sanitation.runTimer('overdue');
    expect((await inbox(tokens['town-cadre']!)).filter((x) => x.kind === 'sanitation.overdue' && x.link?.id === r.orderId)).toHaveLength(1);
  });
});

describe('sanitation: 随手拍 is received (受理), then dispatched (派单) by a timer', () => {
  afterEach(() => Object.assign(DISPATCH_RUN, { pageSize: 50, budgetMs: 8_000 }));

  it('the resident\'s action writes the report alone and answers where it goes and within how many hours', async () => {
    const before = await snapshotCounts(t, [...COLLECTIONS, 'fanOuts']);
    const r = ok(await report(tokens.resident!, { category: 'sewage-leak', facilityId: 'sf-fengfang-SW-5', note: '出水口漫出来了' }));
    // The county file's rule for a leaking sewage facility: its town, within 72 hours.
    const rule = county.sanitation.routingRules.find((x) => x.id === 'sewage-facility')!;
    expect(r).toMatchObject({ dispatched: false, orderId: null, merged: false, joining: false, level: rule.level, deadlineHours: rule.deadlineHours, routeReason: rule.reason, villageName: '冯坊村', photoCount: 0 });
    expect(rule).toMatchObject({ level: 'town', deadlineHours: 72 });
    const after = await snapshotCounts(t, [...COLLECTIONS, 'fanOuts']);
    expect(after).toEqual({ ...before, sanitationReports: before.sanitationReports! + 1 });
    expect(await storedReport(r.reportId)).toMatchObject({ dispatched: false, orderId: null });
    expect((await t.runtime.db.collection('sanitationFacilities').doc('sf-fengfang-SW-5').get()).data[0]).toMatchObject({ openOrderId: null });

    // 我的随手拍 lists it as received, with no order yet.
    const mine = ok(await t.call('sanitation', 'myReports', {}, tokens.resident));
    expect(mine.items[0]).toMatchObject({ id: r.reportId, dispatched: false, orderId: null, order: null, facilityName: expect.any(String) });

    const run = (await sanitation.runTimer('dispatch')) as { dispatched: number; more: boolean };
    expect(run).toMatchObject({ dispatched: 1, more: false });
    const stored = await storedReport(r.reportId);
    expect(stored).toMatchObject({ dispatched: true, orderId: orderIdOf(r.reportId), merged: false });
    const o = ok(await t.call('sanitation', 'order', { orderId: stored.orderId }, tokens.resident));
    expect(o).toMatchObject({ status: 'open', level: 'town', reportCount: 1, facilityId: 'sf-fengfang-SW-5' });
    expect(Date.parse(o.deadlineAt) - Date.parse(r.createdAt)).toBe(72 * 3600_000);
    expect((await t.runtime.db.collection('sanitationFacilities').doc('sf-fengfang-SW-5').get()).data[0]).toMatchObject({ openOrderId: stored.orderId });
    expect((await inbox(tokens.resident!)).filter((x) => x.link?.id === stored.orderId).map((x) => x.body)).toEqual([expect.stringContaining('已派给镇负责，72小时内处理')]);
    expect(ok(await t.call('sanitation', 'myReports', {}, tokens.resident)).items[0]).toMatchObject({ id: r.reportId, dispatched: true, orderId: stored.orderId, order: { status: 'open' } });
  });

  it('two reports of one facility received before a dispatch make one order with both reporters', async () => {
    const a = ok(await report(tokens.neighbour!, { category: 'broken', facilityId: 'sf-fengfang-SW-3' }));
    const b = ok(await report(tokens.neighbour2!, { category: 'broken', facilityId: 'sf-fengfang-SW-3' }));
    // Neither knew of an order: none was open when they were received.
    expect([a.joining, b.joining]).toEqual([false, false]);
    await dispatchReports();
    const [ra, rb] = [await storedReport(a.reportId), await storedReport(b.reportId)];
    expect(rb.orderId).toBe(ra.orderId);
    expect([ra.merged, rb.merged]).toEqual([false, true]);
    expect(await t.count('sanitationOrders', { facilityId: 'sf-fengfang-SW-3' })).toBe(1);
    const o = ok(await t.call('sanitation', 'order', { orderId: ra.orderId }, tokens['village-cadre']));
    expect(o.reportCount).toBe(2);
    expect(o.reporters.map((x: { name: string }) => x.name).sort()).toEqual(
      ((await t.runtime.db.collection('users').where({ _id: t.runtime.db.command.in(['r-fengfang-1', 'r-fengfang-2']) }).get()).data as { name: string }[]).map((u) => u.name).sort(),
    );
  });

  it('a run stops after its budget and the next resumes: each report dispatched once, oldest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(ok(await report(tokens.resident!, { category: 'dumping', placeText: `七组${i + 1}号路口` })).reportId);
    // A page of two and no time: each run dispatches one, then leaves the rest.
    Object.assign(DISPATCH_RUN, { pageSize: 2, budgetMs: 0 });
    const first = (await sanitation.runTimer('dispatch')) as { dispatched: number; more: boolean };
    expect(first).toEqual({ dispatched: 1, failed: 0, more: true });
    expect((await Promise.all(ids.map(storedReport))).map((r) => r.dispatched)).toEqual([true, false, false, false, false]);
    let runs = 1;
    while (await t.count('sanitationReports', { dispatched: false })) {
      await sanitation.runTimer('dispatch');
      runs++;
    }
    expect(runs).toBe(5);
    for (const id of ids) expect(await t.count('sanitationOrders', { _id: orderIdOf(id) })).toBe(1);
    expect(await t.count('notifications', { recipientId: 'resident', 'link.id': t.runtime.db.command.in(ids.map(orderIdOf)), kind: 'sanitation.progress' })).toBe(5);
  });

  it('a report whose reporter closes the account before it is dispatched: the order names nobody, keeps no photo of theirs, tells them nothing', async () => {
    const token = await t.loginOpenid('demo-r-fengfang-9');
    const me = ok(await t.call('auth', 'me', {}, token)).user as { id: string; name: string };
    const shot = await photo(token, me.id);
    const r = ok(await report(token, { category: 'dumping', placeText: '九组水塘边', note: '水塘边倒了垃圾', photoIds: [shot] }));
    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, token));
    await eraseClosedAccounts(t);
    await dispatchReports();
    const stored = await storedReport(r.reportId);
    expect(stored).toMatchObject({ dispatched: true, orderId: orderIdOf(r.reportId) });
    const order = (await t.runtime.db.collection('sanitationOrders').doc(stored.orderId!).get()).data[0] as { photos: unknown[]; timeline: { actorName: string }[] };
    expect(order.photos).toEqual([]);
    expect(order.timeline.map((e) => e.actorName)).toEqual(['已注销用户']);
    expect(JSON.stringify(order)).not.toContain(me.name);
    expect(await t.count('notifications', { recipientId: me.id })).toBe(0);
    // The handlers are still told of the problem.
    expect(await t.count('fanOuts', { 'message.link.id': stored.orderId })).toBe(1);
  });

  it('a photo used elsewhere by the time of dispatch is left out, not fatal', async () => {
    const shared = await photo(tokens.resident!, 'resident');
    const a = ok(await report(tokens.resident!, { category: 'dumping', placeText: '八组井边', photoIds: [shared] }));
    // Both are received: the photo shows nothing yet when the second is checked.
    const b = ok(await report(tokens.resident!, { category: 'dumping', placeText: '八组井北', photoIds: [shared] }));
    expect([a.photoCount, b.photoCount]).toEqual([1, 1]);
    await dispatchReports();
    const [oa, ob] = [await storedReport(a.reportId), await storedReport(b.reportId)];
    expect([oa.dispatched, ob.dispatched]).toEqual([true, true]);
    expect(ok(await t.call('sanitation', 'order', { orderId: oa.orderId }, tokens.resident)).photos.map((p: { id: string }) => p.id)).toEqual([shared]);
    expect(ok(await t.call('sanitation', 'order', { orderId: ob.orderId }, tokens.resident)).photos).toEqual([]);
    expect((await t.runtime.db.collection('photos').doc(shared).get()).data[0].target).toEqual({ collection: 'sanitationOrders', id: oa.orderId });
    // Once it shows an order, a new report with it is refused at once, writing nothing.
    const before = await snapshot();
    expect((await report(tokens.resident!, { category: 'dumping', placeText: '八组井南', photoIds: [shared] })).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await snapshot()).toEqual(before);
  });
});

describe('sanitation: photos for real', () => {
  const storedFiles = () => t.runtime.files.list();

  it('keeps a cleaned copy without EXIF, deletes the upload, and shows it to others only once the image check passed', async () => {
    const raw = photoFile('bin-with-gps.jpg');
    const up = await upload(tokens.resident!, 'resident', raw);
    expect(up.status).toBe(200);
    const taken = ok(await t.call('sanitation', 'photo', { fileId: up.body.data!.fileID }, tokens.resident));
    expect(taken).toMatchObject({ width: 120, height: 80, photo: { status: 'pending', mine: true } });
    expect(storedFiles().some((f) => f.startsWith('incoming/'))).toBe(false);
    const stored = await t.runtime.files.read((await t.runtime.db.collection('photos').doc(taken.photo.id).get()).data[0].fileId);
    expect(stored!.includes(Buffer.from('DemoPhone', 'latin1'))).toBe(false);
    expect(stored!.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    // The signed address serves the cleaned bytes.
    const served = await fetch(`${t.url}${taken.photo.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(stored);

    const r = await reported(tokens.resident!, { category: 'dumping', placeText: '河堤北头', photoIds: [taken.photo.id] });
    expect(r.order.photos).toEqual([expect.objectContaining({ id: taken.photo.id, status: 'pending', mine: true })]);
    // Waiting for the check: off the village list, and not there for a neighbour.
    expect(ok(await t.call('sanitation', 'orders', { scope: 'village' }, tokens.neighbour)).items.some((o: { id: string }) => o.id === r.orderId)).toBe(false);
    expect(ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens['village-cadre'])).photos).toEqual([]);
    await t.runtime.mediaCheck.flush();
    const seen = ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens.neighbour));
    expect(seen.photos).toEqual([expect.objectContaining({ id: taken.photo.id, status: 'pass', mine: false })]);
    expect(seen.reporters[0].name).toMatch(/^张(女士|\*\*)$/);
  });

  it('a photo whose check is rejected is visible to its author only', async () => {
    const flagged = await photo(tokens.resident!, 'resident', 'flagged-66.jpg');
    const fine = await photo(tokens.resident!, 'resident', 'tank-with-text.png');
    const r = await reported(tokens.resident!, { category: 'dumping', placeText: '西沟桥下', photoIds: [flagged, fine] });
    await t.runtime.mediaCheck.flush();
    const mine = ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens.resident));
    expect(mine.photos.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [flagged, 'rejected'],
      [fine, 'pass'],
    ]);
    for (const who of ['neighbour', 'village-cadre', 'town-cadre']) {
      const other = ok(await t.call('sanitation', 'order', { orderId: r.orderId }, tokens[who]));
      expect(other.photos.map((p: { id: string }) => p.id)).toEqual([fine]);
    }
    // The checked order is on the village list, with the passed photo only.
    expect(ok(await t.call('sanitation', 'orders', { scope: 'village' }, tokens.neighbour)).items.some((o: { id: string }) => o.id === r.orderId)).toBe(true);
  });

  it('refuses a text file named .jpg and a 10 MB file with a clear error, keeping nothing', async () => {
    const before = await snapshot();
    const filesBefore = storedFiles();
    const text = await upload(tokens.resident!, 'resident', photoFile('not-a-photo.jpg'));
    expect(text.status).toBe(200);
    const refused = await t.call('sanitation', 'photo', { fileId: text.body.data!.fileID }, tokens.resident);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('不是照片') } });
    const big = await upload(tokens.resident!, 'resident', Buffer.concat([photoFile('bin-with-gps.jpg'), Buffer.alloc(10 * 1024 * 1024)]));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('太大') } });
    expect(storedFiles()).toEqual(filesBefore);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses another person\'s upload and a photo that is not the reporter\'s, writing nothing', async () => {
    const up = await upload(tokens.resident!, 'resident', photoFile('bin-with-gps.jpg'));
    expect((await t.call('sanitation', 'photo', { fileId: up.body.data!.fileID }, tokens.neighbour)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const theirs = await photo(tokens.neighbour!, 'r-fengfang-1');
    const before = await snapshot();
    expect((await report(tokens.resident!, { category: 'dumping', placeText: '村口', photoIds: [theirs] })).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await snapshot()).toEqual(before);
    // Without a signed-in caller the storage route takes nothing.
    const anonymous = await fetch(`${t.url}/api/_storage/upload?cloudPath=incoming/resident/abcdefgh12.jpg`, { method: 'POST', body: photoFile('bin-with-gps.jpg') });
    expect(anonymous.status).toBe(401);
  });

  it('a fix needs an after-photo', async () => {
    const r = await reported(tokens.resident!, { category: 'overflow', placeText: '学校门口' });
    ok(await t.call('sanitation', 'accept', { orderId: r.orderId }, tokens['village-cadre']));
    expect((await t.call('sanitation', 'fix', { orderId: r.orderId, note: '清了', photoIds: [] }, tokens['village-cadre'])).body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'photoIds' }] } });
    const after = await photo(tokens['village-cadre']!, 'village-cadre');
    const fixed = ok(await t.call('sanitation', 'fix', { orderId: r.orderId, note: '清了', photoIds: [after] }, tokens['village-cadre']));
    expect(fixed.photos).toEqual([expect.objectContaining({ id: after, role: 'after' })]);
  });

  it('the person\'s data export carries their 随手拍, photos and household record', async () => {
    const data = await exportOf(t, tokens.resident!);
    const mine = await t.count('sanitationReports', { reporterId: 'resident' });
    expect(data.sanitation.reports).toHaveLength(mine);
    expect(data.sanitation.photos.length).toBe(await t.count('photos', { ownerId: 'resident' }));
    expect(data.sanitation.household).toMatchObject({ householdId: 'h-fengfang-1-01' });
  });
});
