import { alerts } from '../../cloudfunctions/alerts';
import { notifications } from '../../cloudfunctions/notifications';
import { clock } from '../../cloudfunctions/_lib/clock';
import type { UserRecord } from '../../shared/domain/records';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

/**
 * 风险预警 through the gateway: a town cadre issues an alert over a village, every resident there is
 * told once and nobody outside, grid leaders acknowledge (two at once both counted), grids not
 * acknowledged escalate once to the village and then the town, the care list stays with the grid.
 */
const NOW = '2026-12-07T01:00:00.000Z';
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

let t: TestRuntime;
let town: string;
let county: string;
let village: string;
let grid: string;
let resident: string;
let outsider: string;

const issueInput = (over: Record<string, unknown> = {}) => ({
  kind: 'rainstorm',
  severity: 'severe',
  urgency: 'immediate',
  title: '今夜有大暴雨',
  instruction: '请不要去河边和沟道，住在低洼处的人家今晚八点前转移到村委会。',
  description: '县气象台发布暴雨橙色预警，未来六小时降雨量将达 80 毫米以上。',
  areaUnitIds: ['v-fengfang'],
  expiresInHours: 24,
  ackWithinMinutes: 60,
  townAfterMinutes: 30,
  requestId: `req-${Math.random().toString(36).slice(2, 12)}`,
  ...over,
});

async function users(where: (u: UserRecord) => boolean): Promise<UserRecord[]> {
  const res = await t.runtime.db.collection('users').limit(1000).get();
  return (res.data as UserRecord[]).filter(where);
}

async function dispatch(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const pending = await t.count('fanOuts', { status: 'pending' });
    if (!pending) return;
    await notifications.runTimer('dispatch');
  }
}

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  [town, county, village, grid, resident, outsider] = await Promise.all([
    t.login('town-cadre'),
    t.login('county-admin'),
    t.login('village-cadre'),
    t.login('grid-leader'),
    t.login('resident'),
    t.login('resettled'),
  ]);
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('alerts: issuing and reaching the area', () => {
  let alertId: string;

  it('tells every resident of the village once, and nobody who lives elsewhere', async () => {
    const a = ok(await t.call('alerts', 'issue', issueInput(), town));
    alertId = a.id;
    expect(a).toMatchObject({ status: 'active', canManage: true, areaNames: ['冯坊村'], version: 1 });
    await dispatch();
    const inVillage = await users((u) => Boolean(u.residence?.path.includes('v-fengfang')) && !u.closedAt);
    expect(inVillage.length).toBeGreaterThan(10);
    const rows = (await t.runtime.db.collection('notifications').where({ kind: 'alert.issued' }).limit(1000).get()).data as { recipientId: string; link: { id: string } }[];
    const mine = rows.filter((r) => r.link.id === alertId).map((r) => r.recipientId);
    expect(new Set(mine).size).toBe(mine.length);
    expect(new Set(mine)).toEqual(new Set(inVillage.map((u) => u._id)));
    expect(mine).not.toContain('resettled');
  });

  it('shows the alert to the resident, and refuses it to a resident outside the area', async () => {
    const cur = ok(await t.call('alerts', 'current', {}, resident));
    expect(cur.items.map((x: { id: string }) => x.id)).toContain(alertId);
    const view = ok(await t.call('alerts', 'alert', { alertId }, resident));
    expect(view).toMatchObject({ canManage: false, canAcknowledge: false, canSeeStatus: false });
    expect(ok(await t.call('alerts', 'current', {}, outsider)).items).toEqual([]);
    expect(code(await t.call('alerts', 'alert', { alertId }, outsider))).toBe('FORBIDDEN');
  });

  it('gives each grid leader of the area the task, once', async () => {
    const leaders = await users((u) => u.roles.some((r) => r.role === 'grid-leader' && r.unitId.startsWith('g-fengfang-')));
    const tasks = (await t.runtime.db.collection('notifications').where({ kind: 'alert.notifyHouseholds' }).limit(1000).get()).data as { recipientId: string }[];
    expect(tasks.map((x) => x.recipientId).sort()).toEqual(leaders.map((u) => u._id).sort());
  });

  it('keeps the care list from residents and from other grids', async () => {
    expect(code(await t.call('alerts', 'ackSheet', { alertId }, resident))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'status', { alertId }, resident))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'gridStatus', { alertId, gridId: 'g-fengfang-1' }, resident))).toBe('FORBIDDEN');
    // The demo grid leader leads grid 1 only: grid 2's people are not theirs.
    expect(code(await t.call('alerts', 'gridStatus', { alertId, gridId: 'g-fengfang-2' }, grid))).toBe('FORBIDDEN');
    const sheet = ok(await t.call('alerts', 'ackSheet', { alertId }, grid));
    expect(sheet.grids.map((g: { gridId: string }) => g.gridId)).toEqual(['g-fengfang-1']);
  });

  it('records the grid leader acknowledging, counts the grid once, and lists who is not yet reached', async () => {
    const sheet = ok(await t.call('alerts', 'ackSheet', { alertId }, grid));
    const g = sheet.grids[0];
    expect(g.care.length).toBeGreaterThan(0);
    const first = g.care[0].id;
    const acked = ok(await t.call('alerts', 'acknowledge', { alertId, gridId: g.gridId, householdsReached: g.households, careReachedIds: [first] }, grid));
    expect(acked).toMatchObject({ householdsReached: g.households });
    expect(acked.care.find((c: { id: string }) => c.id === first).reached).toBe(true);
    const st = ok(await t.call('alerts', 'status', { alertId }, town));
    expect(st.alert.ackedGrids).toBe(1);
    const row = st.grids.find((r: { gridId: string }) => r.gridId === g.gridId);
    expect(row).toMatchObject({ acked: true, careReached: 1, careTotal: g.care.length });
    const detail = ok(await t.call('alerts', 'gridStatus', { alertId, gridId: g.gridId }, town));
    expect(detail.notReached.map((c: { id: string }) => c.id).sort()).toEqual(g.care.slice(1).map((c: { id: string }) => c.id).sort());
    // Acknowledging again replaces their own: still one grid.
    ok(await t.call('alerts', 'acknowledge', { alertId, gridId: g.gridId, householdsReached: 2, careReachedIds: [first] }, grid));
    expect(ok(await t.call('alerts', 'alert', { alertId }, town)).ackedGrids).toBe(1);
  });

  it('writes nothing for bad input: unknown place, a place outside the jurisdiction, too many households, someone else’s care person', async () => {
    const before = await snapshotCounts(t, ['alerts', 'fanOuts', 'notifications', 'auditLog', 'alertGrids']);
    expect(code(await t.call('alerts', 'issue', issueInput({ areaUnitIds: ['v-nowhere'] }), town))).toBe('INVALID_INPUT');
    expect(code(await t.call('alerts', 'issue', issueInput({ title: '' }), town))).toBe('INVALID_INPUT');
    expect(code(await t.call('alerts', 'issue', issueInput({ ackWithinMinutes: 600, expiresInHours: 2 }), town))).toBe('INVALID_INPUT');
    const otherTown = (await t.runtime.db.collection('orgUnits').where({ kind: 'town' }).get()).data.find((u: { _id: string }) => u._id !== 't-chengguan') as { _id: string };
    expect(code(await t.call('alerts', 'issue', issueInput({ areaUnitIds: [otherTown._id] }), town))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'issue', issueInput(), resident))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'issue', issueInput(), village))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'acknowledge', { alertId, gridId: 'g-fengfang-1', householdsReached: 9999, careReachedIds: [] }, grid))).toBe('INVALID_INPUT');
    const care2 = (await t.runtime.db.collection('careRecipients').where({ gridId: 'g-fengfang-2' }).get()).data as { _id: string }[];
    expect(code(await t.call('alerts', 'acknowledge', { alertId, gridId: 'g-fengfang-1', householdsReached: 1, careReachedIds: [care2[0]!._id] }, grid))).toBe('INVALID_INPUT');
    expect(code(await t.call('alerts', 'acknowledge', { alertId, gridId: 'g-fengfang-2', householdsReached: 1, careReachedIds: [] }, grid))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'update', { alertId, severity: 'extreme', urgency: 'immediate', instruction: '请立即转移', note: '雨势加大' }, village))).toBe('FORBIDDEN');
    expect(await snapshotCounts(t, ['alerts', 'fanOuts', 'notifications', 'auditLog', 'alertGrids'])).toEqual(before);
  });

  it('returns the same alert for a retried issue', async () => {
    const input = issueInput({ requestId: 'retry-alert-0001' });
    const [a, b] = await Promise.all([t.call('alerts', 'issue', input, town), t.call('alerts', 'issue', input, town)]);
    expect(ok(a).id).toBe(ok(b).id);
    expect(await t.count('fanOuts', { _id: `${ok(a).id}-v1-0` })).toBe(1);
    ok(await t.call('alerts', 'end', { alertId: ok(a).id, note: '测试重复发布' }, town));
  });

  it('updates and ends the alert, telling the area each time; an ended alert takes no more changes', async () => {
    const up = ok(await t.call('alerts', 'update', { alertId, severity: 'extreme', urgency: 'immediate', instruction: '雨势加大，请低洼处人家立即转移到村委会。', note: '升级为红色预警' }, county));
    expect(up).toMatchObject({ version: 2, severity: 'extreme' });
    const end = ok(await t.call('alerts', 'end', { alertId, note: '降雨已经结束，可以回家了' }, town));
    expect(end).toMatchObject({ status: 'ended', canManage: false });
    await dispatch();
    expect(await t.count('notifications', { kind: 'alert.updated', recipientId: 'resident' })).toBe(1);
    expect(await t.count('notifications', { kind: 'alert.ended', recipientId: 'resident' })).toBeGreaterThanOrEqual(1);
    expect(code(await t.call('alerts', 'end', { alertId, note: '再次解除' }, town))).toBe('CONFLICT');
    expect(ok(await t.call('alerts', 'current', {}, resident)).items.map((x: { id: string }) => x.id)).not.toContain(alertId);
  });
});

describe('alerts: acknowledgements at once and escalation', () => {
  it('counts two grid leaders of one grid acknowledging at the same moment', async () => {
    const a = ok(await t.call('alerts', 'issue', issueInput({ areaUnitIds: ['g-fengfang-1'] }), town));
    const second = { ...(await users((u) => u._id === 'grid-leader'))[0]!, _id: 'gl-second', openid: 'gl-second', name: '王第二', demo: false };
    await t.runtime.db.collection('users').add(second);
    const token2 = await t.loginOpenid('gl-second');
    const [r1, r2] = await Promise.all([
      t.call('alerts', 'acknowledge', { alertId: a.id, gridId: 'g-fengfang-1', householdsReached: 3, careReachedIds: [] }, grid),
      t.call('alerts', 'acknowledge', { alertId: a.id, gridId: 'g-fengfang-1', householdsReached: 4, careReachedIds: [] }, token2),
    ]);
    expect([code(r1), code(r2)]).toEqual(['OK', 'OK']);
    const st = ok(await t.call('alerts', 'status', { alertId: a.id }, town));
    expect(st.alert.ackedGrids).toBe(1);
    expect(st.grids[0]).toMatchObject({ acked: true, householdsReached: 7 });
    const row = (await t.runtime.db.collection('alertGrids').doc(`${a.id}-g-fengfang-1`).get()).data[0] as { acks: unknown[] };
    expect(row.acks).toHaveLength(2);
  });

  it('escalates unacknowledged grids to the village cadres, then to the town, once each even when runs overlap', async () => {
    const a = ok(await t.call('alerts', 'issue', issueInput({ ackWithinMinutes: 30, townAfterMinutes: 30 }), town));
    ok(await t.call('alerts', 'acknowledge', { alertId: a.id, gridId: 'g-fengfang-1', householdsReached: 3, careReachedIds: [] }, grid));
    const timer = () => alerts.runTimer('escalate');
    await Promise.all([timer(), timer()]);
    expect(await t.count('alertEscalations', { alertId: a.id })).toBe(0);
    clock.freeze(new Date(Date.parse(NOW) + 31 * 60_000).toISOString());
    await Promise.all([timer(), timer(), timer()]);
    const villageCadres = await users((u) => u.roleKeys.includes('village-cadre@v-fengfang'));
    const told = (await t.runtime.db.collection('notifications').where({ kind: 'alert.notAcknowledged' }).limit(1000).get()).data as { recipientId: string; link: { id: string } }[];
    const forThis = told.filter((n) => n.link.id === a.id).map((n) => n.recipientId);
    expect(forThis.sort()).toEqual(villageCadres.map((u) => u._id).sort());
    const esc = (await t.runtime.db.collection('alertEscalations').where({ alertId: a.id }).get()).data as { level: number; gridIds: string[] }[];
    expect(esc).toHaveLength(1);
    expect(esc[0]!.gridIds).not.toContain('g-fengfang-1');
    clock.freeze(new Date(Date.parse(NOW) + 62 * 60_000).toISOString());
    await Promise.all([timer(), timer()]);
    const townCadres = await users((u) => u.roleKeys.includes('town-cadre@t-chengguan'));
    const after = ((await t.runtime.db.collection('notifications').where({ kind: 'alert.notAcknowledged' }).limit(1000).get()).data as { recipientId: string; link: { id: string } }[])
      .filter((n) => n.link.id === a.id)
      .map((n) => n.recipientId);
    expect(after.sort()).toEqual([...villageCadres, ...townCadres].map((u) => u._id).sort());
    expect(await t.count('alertEscalations', { alertId: a.id })).toBe(2);
    const st = ok(await t.call('alerts', 'status', { alertId: a.id }, town));
    expect(st.grids.find((g: { gridId: string }) => g.gridId === 'g-fengfang-2').escalated).toBe(2);
    clock.freeze(NOW);
  });

  it('takes an expired alert off the escalation timer without telling anyone', async () => {
    const a = ok(await t.call('alerts', 'issue', issueInput({ ackWithinMinutes: 30, expiresInHours: 1 }), town));
    clock.freeze(new Date(Date.parse(NOW) + 2 * 3600_000).toISOString());
    await alerts.runTimer('escalate');
    const stored = (await t.runtime.db.collection('alerts').doc(a.id).get()).data[0] as { escalateAt: string | null };
    expect(stored.escalateAt).toBeNull();
    expect(await t.count('alertEscalations', { alertId: a.id })).toBe(0);
    expect(ok(await t.call('alerts', 'alert', { alertId: a.id }, resident)).status).toBe('expired');
    clock.freeze(NOW);
  });
});
