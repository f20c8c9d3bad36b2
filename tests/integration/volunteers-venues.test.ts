import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import type { VenueSlotRecord } from '../../shared/domain/volunteer-records';
import { j, SqlCounts } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const V = 'v-fengfang';

let t: TestRuntime;
const tok: Record<string, string> = {};
let crowd: string[] = [];
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

function refused(res: CallResult, c: string, message?: string | RegExp) {
  expect(code(res)).toBe(c);
  if (!res.body.ok && message) expect(res.body.error.message).toMatch(message);
}

const court = { ownerKind: 'unit', ownerId: V, kind: 'court', name: '冯坊村篮球场', address: '村委会东侧', capacity: 30, rules: '请穿运动鞋，用后关灯锁门。', weekdays: [1, 2, 3, 4, 5, 6, 7], openHour: 8, closeHour: 21, approval: 'automatic' } as const;

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre', 'grid-leader', 'party-member'] as const) tok[p] = await t.login(p);
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const docs = Array.from({ length: 50 }, (_, i) => ({ ...base, _id: `vbook-${i}`, openid: `vbook-${i}`, name: `居民${i}`, demo: false }));
  await t.runtime.db.collection('users').add(docs);
  for (const d of docs) crowd.push(await t.loginOpenid(d.openid));
}, 60_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('shared venues', () => {
  let courtId = '';

  it('lets a community list its venue; refuses others and bad input, writing nothing', async () => {
    const before = await snapshotCounts(t, ['venues', 'auditLog']);
    refused(await t.call('volunteers', 'addVenue', court, tok.resident), 'FORBIDDEN');
    refused(await t.call('volunteers', 'addVenue', { ...court, ownerId: 'c-dongguan' }, tok['village-cadre']), 'FORBIDDEN');
    const bad = await t.call('volunteers', 'addVenue', { ...court, name: '', weekdays: [], openHour: 20, closeHour: 9, capacity: 0 }, tok['village-cadre']);
    refused(bad, 'INVALID_INPUT');
    if (!bad.body.ok) expect(bad.body.error.issues!.map((i) => i.path).sort()).toEqual(['capacity', 'closeHour', 'name', 'weekdays']);
    expect(await snapshotCounts(t, ['venues', 'auditLog'])).toEqual(before);
    const v = ok(await t.call('volunteers', 'addVenue', court, tok['village-cadre']));
    courtId = v.id;
    expect(v.manages).toBe(true);
    expect(ok(await t.call('volunteers', 'venues', {}, tok.resident)).items.map((x: { id: string; manages: boolean }) => [x.id, x.manages])).toContainEqual([courtId, false]);
  });

  it('gives one venue hour to exactly one of 50 people booking it at once', async () => {
    const results = await Promise.all(crowd.map((c, i) => t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-12', startHour: 15, hours: 1, purpose: '篮球友谊赛', requestId: `crowd-court-${i}` }, c)));
    const codes = results.map(code);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(49);
    const sql = new SqlCounts(t.runtime.engine);
    expect(sql.one('venueBookings', 'COUNT(*)', `WHERE ${j('venueId')} = ? AND ${j('status')} = 'confirmed'`, courtId)).toBe(1);
    const slot = ((await t.runtime.db.collection('venueSlots').where({ venueId: courtId, date: '2026-12-12', hour: 15 }).get()).data as VenueSlotRecord[])[0]!;
    expect(slot.booked).toBe(1);
    // Cancellation frees the hour: someone else can have it.
    const winner = results.findIndex((r) => r.body.ok);
    ok(await t.call('volunteers', 'cancelVenueBooking', { bookingId: (results[winner]!.body as { data: { id: string } }).data.id }, crowd[winner]!));
    refused(await t.call('volunteers', 'cancelVenueBooking', { bookingId: (results[winner]!.body as { data: { id: string } }).data.id }, crowd[winner]!), 'CONFLICT');
    const next = (winner + 1) % crowd.length;
    expect(ok(await t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-12', startHour: 15, hours: 1, purpose: '打篮球', requestId: 'after-cancel-1' }, crowd[next]!)).status).toBe('confirmed');
  }, 60_000);

  it('never lets two bookings overlap; touching hours are fine; outside the opening or in the past is bad input', async () => {
    ok(await t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-13', startHour: 9, hours: 2, purpose: '广场舞排练', requestId: 'overlap-a-1' }, tok.resident));
    refused(await t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-13', startHour: 10, hours: 2, purpose: '打篮球', requestId: 'overlap-b-1' }, tok['grid-leader']), 'CONFLICT', /10:00/);
    // The refused attempt held nothing: 11:00 is still free.
    ok(await t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-13', startHour: 11, hours: 1, purpose: '打篮球', requestId: 'overlap-c-1' }, tok['grid-leader']));
    refused(await t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-13', startHour: 20, hours: 2, purpose: '夜场', requestId: 'late-1-xx' }, tok.resident), 'INVALID_INPUT', /开放时间/);
    refused(await t.call('volunteers', 'bookVenue', { venueId: courtId, date: '2026-12-07', startHour: 8, hours: 1, purpose: '晨练', requestId: 'past-1-xxx' }, tok.resident), 'INVALID_INPUT', /过去/);
    const view = ok(await t.call('volunteers', 'venue', { venueId: courtId, from: '2026-12-13', days: 1 }, tok['party-member']));
    expect(view.days[0].taken).toEqual([9, 10, 11]);
    expect(view.mine).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('广场舞');
  });

  it('holds a booking of a venue that asks for approval until its owner decides; a decline frees the hours', async () => {
    const room = ok(await t.call('volunteers', 'addVenue', { ...court, kind: 'meetingRoom', name: '村委会会议室', address: '村委会二楼', capacity: 40, approval: 'owner' }, tok['village-cadre']));
    const b = ok(await t.call('volunteers', 'bookVenue', { venueId: room.id, date: '2026-12-14', startHour: 14, hours: 2, purpose: '业委会议事', requestId: 'room-ask-1' }, tok.resident));
    expect(b.status).toBe('pending');
    // The notices and the entry ride on the record until the dispatch timer writes them out.
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'venue.requested', recipientId: 'village-cadre' })).toBe(1);
    // It names the resident, and says so: closing her account rewrites the name in the cadre's inbox.
    expect(await t.count('notifications', { kind: 'venue.requested', recipientId: 'village-cadre', aboutId: 'resident' })).toBe(1);
    refused(await t.call('volunteers', 'bookVenue', { venueId: room.id, date: '2026-12-14', startHour: 15, hours: 1, purpose: '开会', requestId: 'room-ask-2' }, tok['grid-leader']), 'CONFLICT');
    refused(await t.call('volunteers', 'decideVenueBooking', { bookingId: b.id, decision: 'confirm' }, tok.resident), 'FORBIDDEN');
    expect(ok(await t.call('volunteers', 'venue', { venueId: room.id }, tok['village-cadre'])).toApprove.map((x: { id: string }) => x.id)).toEqual([b.id]);
    expect(ok(await t.call('volunteers', 'decideVenueBooking', { bookingId: b.id, decision: 'decline' }, tok['village-cadre'])).status).toBe('declined');
    expect(ok(await t.call('volunteers', 'bookVenue', { venueId: room.id, date: '2026-12-14', startHour: 15, hours: 1, purpose: '开会', requestId: 'room-ask-3' }, tok['grid-leader'])).status).toBe('pending');
    // The notices and the entry ride on the record until the dispatch timer writes them out.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'volunteers.declineVenueBooking' })).toBe(1);
  });

  it('counts utilisation per venue per month on the server, as an independent count of the bookings says', async () => {
    refused(await t.call('volunteers', 'venueUtilisation', { month: '2026-12' }, tok.resident), 'FORBIDDEN');
    const u = ok(await t.call('volunteers', 'venueUtilisation', { month: '2026-12' }, tok['village-cadre']));
    const sql = new SqlCounts(t.runtime.engine);
    const booked = sql.one('venueBookings', `SUM(${j('hours')})`, `WHERE ${j('venueId')} = ? AND ${j('month')} = '2026-12' AND ${j('status')} = 'confirmed'`, courtId);
    const row = u.items.find((i: { venueId: string }) => i.venueId === courtId);
    expect(row.bookedHours).toBe(booked);
    expect(booked).toBe(4); // 12日 15:00, 13日 9–11 and 11–12
    expect(row.openHours).toBe(31 * 13);
    expect(row.percent).toBe(Math.round((4 / (31 * 13)) * 100));
    // The town cadre reads the venues of the places under the town.
    expect(ok(await t.call('volunteers', 'venueUtilisation', { month: '2026-12' }, tok['town-cadre'])).items.map((i: { venueId: string }) => i.venueId)).toContain(courtId);
  });
});
