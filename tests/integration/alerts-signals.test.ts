import { alerts } from '../../cloudfunctions/alerts';
import { sanitation } from '../../cloudfunctions/sanitation';
import { SIGNALS_RUN } from '../../cloudfunctions/alerts/signals';
import { clock } from '../../cloudfunctions/_lib/clock';
import type { CaseRecord } from '../../shared/domain/case-records';
import type { UserRecord, WishRecord } from '../../shared/domain/records';
import type { SignalRecord, SignalRuleRecord } from '../../shared/domain/signal-records';
import { chinaDate, chinaMonth } from '../../shared/domain/china-time';
import type { FacilityRecord, InspectionRecord, WorkOrderRecord } from '../../shared/domain/sanitation-records';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

/**
 * 研判 through the gateway and the timer: rules from the county file raise explainable signals from the
 * product's own events, once even when runs overlap; a handler closes them with an action or as a
 * false alarm, which the rule's figures count; nobody outside the place reads them.
 */
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);
const DAY = 86_400_000;

let t: TestRuntime;
let cadre: string;
let county: string;
let resident: string;
let otherCadre: string;

const ago = (days: number) => new Date(Date.parse(clock.nowIso()) - days * DAY).toISOString();

async function doc<T>(collection: string, id: string): Promise<T> {
  return ((await t.runtime.db.collection(collection).doc(id).get()).data as T[])[0]!;
}

async function addCase(id: string, over: Partial<CaseRecord>): Promise<void> {
  const tpl = ((await t.runtime.db.collection('cases').where({ villageId: 'v-fengfang' }).limit(1).get()).data as CaseRecord[])[0]!;
  const at = over.createdAt ?? ago(5);
  await t.runtime.db.collection('cases').add({ ...tpl, _id: id, month: chinaMonth(at), createdAt: at, updatedAt: at, ...over });
}

async function signals(where: object = {}): Promise<SignalRecord[]> {
  return (await t.runtime.db.collection('signals').where(where).limit(1000).get()).data as SignalRecord[];
}

beforeAll(async () => {
  t = await startTestRuntime();
  [cadre, county, resident] = await Promise.all([t.login('village-cadre'), t.login('county-admin'), t.login('resident')]);
  const other = ((await t.runtime.db.collection('users').where({ roleKeys: t.runtime.db.command.exists(true) }).limit(1000).get()).data as UserRecord[]).find(
    (u) => u.roles.some((r) => r.role === 'village-cadre' && r.unitId !== 'v-fengfang'),
  )!;
  otherCadre = await t.loginOpenid(other.openid);
});
afterAll(async () => {
  await t.close();
});

describe('研判 signals', () => {
  it('provisions the county file’s rules with zero figures', async () => {
    const rules = ok(await t.call('alerts', 'signalRules', {}, county)).items as { id: string; raised: number }[];
    expect(rules.map((r) => r.id).sort()).toEqual(['care-wish-waiting', 'case-cluster', 'facility-repeat-faults', 'marriage-repeat', 'village-overdue']);
    expect(rules.every((r) => r.raised === 0)).toBe(true);
  });

  it('raises one signal for repeated 婚姻家庭 disputes between the same parties, with the events behind it, once under overlapping runs', async () => {
    await addCase('cs-sig-1', { type: 'marriage-family', typeLabel: '婚姻家庭', partiesKey: 'pk-signal-couple', createdAt: ago(40) });
    await addCase('cs-sig-2', { type: 'marriage-family', typeLabel: '婚姻家庭', partiesKey: 'pk-signal-couple', createdAt: ago(3) });
    // Outside the window, and another type between the same parties: not counted.
    await addCase('cs-sig-old', { type: 'marriage-family', typeLabel: '婚姻家庭', partiesKey: 'pk-signal-couple', createdAt: ago(400) });
    await addCase('cs-sig-land', { type: 'land-rights', typeLabel: '土地权属', partiesKey: 'pk-signal-couple', createdAt: ago(2) });
    await Promise.all([alerts.runTimer('signals'), alerts.runTimer('signals')]);
    const raised = (await signals({ ruleId: 'marriage-repeat' })).filter((s) => s.openKey.endsWith('pk-signal-couple'));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.events.map((e) => e.id)).toEqual(['cs-sig-1', 'cs-sig-2']);
    expect(raised[0]!.explanation).toContain('2 件');
    expect((await doc<SignalRuleRecord>('signalRules', 'qianyang:marriage-repeat')).raised).toBeGreaterThanOrEqual(1);
    expect(await t.count('notifications', { kind: 'signal.raised', recipientId: 'village-cadre', 'link.id': raised[0]!._id })).toBe(1);
    // A third dispute joins the open signal instead of raising another.
    await addCase('cs-sig-3', { type: 'marriage-family', typeLabel: '婚姻家庭', partiesKey: 'pk-signal-couple', createdAt: ago(1) });
    await alerts.runTimer('signals');
    const after = (await signals({ ruleId: 'marriage-repeat' })).filter((s) => s.openKey.endsWith('pk-signal-couple'));
    expect(after).toHaveLength(1);
    expect(after[0]!.eventCount).toBe(3);
  });

  it('stops at its time budget and gets further each run, raising every signal once in the end', async () => {
    // Ten couples with repeated disputes: ten signals, raised over runs that each stop at once.
    for (let i = 0; i < 10; i++) {
      await addCase(`cs-budget-${i}-a`, { type: 'marriage-family', typeLabel: '婚姻家庭', partiesKey: `pk-budget-${i}`, createdAt: ago(20) });
      await addCase(`cs-budget-${i}-b`, { type: 'marriage-family', typeLabel: '婚姻家庭', partiesKey: `pk-budget-${i}`, createdAt: ago(2) });
    }
    const mine = async () => (await signals({ ruleId: 'marriage-repeat' })).filter((s) => s.openKey.includes('pk-budget-'));
    const saved = SIGNALS_RUN.budgetMs;
    const counts: number[] = [];
    try {
      // No time at all: each run raises the one it must to get further, and stops.
      SIGNALS_RUN.budgetMs = 0;
      while (counts.length < 30 && (counts.length === 0 || counts[counts.length - 1]! < 10)) {
        await alerts.runTimer('signals');
        counts.push((await mine()).length);
      }
    } finally {
      SIGNALS_RUN.budgetMs = saved;
    }
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const raised = await mine();
    expect(raised).toHaveLength(10);
    expect(new Set(raised.map((s) => s.openKey)).size).toBe(10);
    // The village's cadre was told of each once, whatever the number of runs.
    expect(await t.count('notifications', { kind: 'signal.raised', 'link.id': t.runtime.db.command.in(raised.map((s) => s._id)), recipientId: 'village-cadre' })).toBe(10);
  });

  it('raises a signal for a care-register household’s wish nobody claimed for a week', async () => {
    const base = ((await t.runtime.db.collection('users').doc('r-fengfang-1').get()).data as UserRecord[])[0]!;
    const home = ((await t.runtime.db.collection('careRecipients').doc('care-fengfang-1-1').get()).data as { householdId: string; gridId: string }[])[0]!;
    await t.runtime.db.collection('users').add({ ...base, _id: 'u-care-wisher', openid: 'u-care-wisher', residence: { ...base.residence!, householdId: home.householdId, gridId: home.gridId } });
    const tpl = ((await t.runtime.db.collection('wishes').limit(1).get()).data as WishRecord[])[0]!;
    await t.runtime.db.collection('wishes').add({ ...tpl, _id: 'w-sig-waiting', status: 'open', wisherId: 'u-care-wisher', villageId: 'v-fengfang', claimantId: null, createdAt: ago(9), updatedAt: ago(9) });
    await t.runtime.db.collection('wishes').add({ ...tpl, _id: 'w-sig-fresh', status: 'open', wisherId: 'u-care-wisher', villageId: 'v-fengfang', claimantId: null, createdAt: ago(2), updatedAt: ago(2) });
    await alerts.runTimer('signals');
    const wishSignals = await signals({ ruleId: 'care-wish-waiting' });
    expect(wishSignals.flatMap((s) => s.events.map((e) => e.id))).toContain('w-sig-waiting');
    expect(wishSignals.flatMap((s) => s.events.map((e) => e.id))).not.toContain('w-sig-fresh');
  });

  it('raises one signal for a facility reported and found faulty three times in the window, from real reports, inspections and status marks', async () => {
    const neighbour = await t.loginOpenid('demo-r-fengfang-1');
    const list = ok(await t.call('sanitation', 'facilities', { villageId: 'v-fengfang' }, cadre)).items as { id: string; status: string; kind: string }[];
    const [target, other] = list.filter((f) => f.status === 'in-service');
    const today = chinaDate(clock.nowIso());
    // Two villagers report the same broken facility: one work order (the second joins it), one event.
    const first = ok(await t.call('sanitation', 'report', { requestId: 'req-sig-fault-1', category: 'broken', facilityId: target!.id, note: '垃圾箱盖子掉了' }, resident));
    const second = ok(await t.call('sanitation', 'report', { requestId: 'req-sig-fault-2', category: 'broken', facilityId: target!.id, note: '盖子还是坏的' }, neighbour));
    // 派单: the sanitation timer opens the order of the first and joins the second to it.
    await sanitation.runTimer('dispatch');
    const orderOf = async (reportId: string) => ((await t.runtime.db.collection('sanitationReports').doc(reportId).get()).data[0] as { orderId: string }).orderId;
    expect(await orderOf(second.reportId)).toBe(await orderOf(first.reportId));
    // A failed inspection (it marks the facility faulty in the same moment: one event, not two) …
    ok(await t.call('sanitation', 'inspect', { facilityId: target!.id, date: today, ok: false, findings: '箱体开裂，需要更换' }, cadre));
    // … and, after a repair that did not hold, a keeper marks it faulty by hand.
    ok(await t.call('sanitation', 'setFacilityStatus', { facilityId: target!.id, status: 'under-repair', note: '已联系维修' }, cadre));
    ok(await t.call('sanitation', 'setFacilityStatus', { facilityId: target!.id, status: 'in-service', note: '修好了' }, cadre));
    ok(await t.call('sanitation', 'setFacilityStatus', { facilityId: target!.id, status: 'faulty', note: '又坏了' }, cadre));
    // An old failed inspection (outside the 60-day window) does not count.
    const tpl = (await t.runtime.db.collection('sanitationInspections').where({ facilityId: target!.id }).limit(1).get()).data[0] as InspectionRecord;
    await t.runtime.db.collection('sanitationInspections').add({ ...tpl, _id: 'si-sig-old', createdAt: ago(90), date: chinaDate(ago(90)) });
    // The other facility: found faulty twice, below the threshold of three.
    ok(await t.call('sanitation', 'inspect', { facilityId: other!.id, date: today, ok: false, findings: '管道堵塞' }, cadre));
    ok(await t.call('sanitation', 'setFacilityStatus', { facilityId: other!.id, status: 'under-repair' }, cadre));
    ok(await t.call('sanitation', 'setFacilityStatus', { facilityId: other!.id, status: 'faulty', note: '还是堵' }, cadre));

    await Promise.all([alerts.runTimer('signals'), alerts.runTimer('signals')]);

    // The independent count, from the records themselves.
    const rule = await doc<SignalRuleRecord>('signalRules', 'qianyang:facility-repeat-faults');
    const since = ago(rule.windowDays);
    const expectedFor = async (facilityId: string) => {
      const orders = (await t.runtime.db.collection('sanitationOrders').where({ facilityId }).limit(1000).get()).data as WorkOrderRecord[];
      const failed = ((await t.runtime.db.collection('sanitationInspections').where({ facilityId }).limit(1000).get()).data as InspectionRecord[]).filter((i) => !i.ok && i.createdAt >= since);
      const f = await doc<FacilityRecord>('sanitationFacilities', facilityId);
      const marks = f.history.filter((h) => h.status === 'faulty' && h.at >= since && !failed.some((i) => i.createdAt === h.at));
      return [
        ...orders.filter((o) => o.createdAt >= since && rule.caseTypes.includes(o.category)).map((o) => o._id),
        ...failed.map((i) => i._id),
        ...marks.map((h) => `${facilityId}@${h.at}`),
      ].sort();
    };
    const expected = await expectedFor(target!.id);
    expect(expected).toHaveLength(3);
    const raised = await signals({ openKey: `facility-repeat-faults|${target!.id}` });
    expect(raised).toHaveLength(1);
    expect(raised[0]!.events.map((e) => e.id).sort()).toEqual(expected);
    expect(raised[0]!).toMatchObject({ villageId: 'v-fengfang', villageName: '冯坊村', eventCount: 3, status: 'open' });
    expect(raised[0]!.explanation).toBe('同一设施反复报修：近 60 天 3 件（规则：60 天内 ≥ 3 件）');
    expect(raised[0]!.events.map((e) => e.label).join('\n')).toMatch(/随手拍：设施损坏，2 人上报[\s\S]*巡查未通过[\s\S]*被标记为故障/);
    expect(await t.count('notifications', { kind: 'signal.raised', recipientId: 'village-cadre', 'link.id': raised[0]!._id })).toBe(1);
    expect(await expectedFor(other!.id)).toHaveLength(2);
    expect(await signals({ openKey: `facility-repeat-faults|${other!.id}` })).toHaveLength(0);
  });

  it('shows the inbox to the village’s cadre and the county, never to a resident or another village', async () => {
    const mine = ok(await t.call('alerts', 'signals', {}, cadre)).items as { id: string; canClose: boolean }[];
    expect(mine.length).toBeGreaterThanOrEqual(2);
    expect(mine.every((s) => s.canClose)).toBe(true);
    expect(ok(await t.call('alerts', 'signals', {}, county)).items.length).toBeGreaterThanOrEqual(mine.length);
    expect(code(await t.call('alerts', 'signals', {}, resident))).toBe('FORBIDDEN');
    expect(ok(await t.call('alerts', 'signals', {}, otherCadre)).items.map((s: { id: string }) => s.id)).not.toContain(mine[0]!.id);
    expect(code(await t.call('alerts', 'signal', { signalId: mine[0]!.id }, otherCadre))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'closeSignal', { signalId: mine[0]!.id, outcome: 'visit', note: '不是我村的' }, otherCadre))).toBe('FORBIDDEN');
  });

  it('closes a signal as a false alarm, counts it on the rule, and refuses to close it twice', async () => {
    const [s] = (await signals({ ruleId: 'marriage-repeat', status: 'open' })).filter((x) => x.openKey.endsWith('pk-signal-couple'));
    const before = await doc<SignalRuleRecord>('signalRules', 'qianyang:marriage-repeat');
    const closed = ok(await t.call('alerts', 'closeSignal', { signalId: s!._id, outcome: 'false-alarm', note: '两次都是同一件事的重复登记' }, cadre));
    expect(closed).toMatchObject({ status: 'closed', outcome: 'false-alarm', canClose: false });
    const rule = await doc<SignalRuleRecord>('signalRules', 'qianyang:marriage-repeat');
    expect([rule.closed - before.closed, rule.falseAlarms - before.falseAlarms]).toEqual([1, 1]);
    expect(code(await t.call('alerts', 'closeSignal', { signalId: s!._id, outcome: 'visit', note: '再处理一次' }, cadre))).toBe('CONFLICT');
  });

  it('lets only the county admin change a rule, and writes nothing for bad input', async () => {
    const input = { ruleId: 'case-cluster', title: '同村同类纠纷集中发生', enabled: true, windowDays: 14, threshold: 4, caseTypes: [] };
    const before = await snapshotCounts(t, ['signalRules', 'auditLog', 'signals']);
    expect(code(await t.call('alerts', 'updateSignalRule', input, cadre))).toBe('FORBIDDEN');
    expect(code(await t.call('alerts', 'updateSignalRule', { ...input, threshold: 0 }, county))).toBe('INVALID_INPUT');
    expect(code(await t.call('alerts', 'closeSignal', { signalId: 'sg-none', outcome: 'maybe', note: '' }, cadre))).toBe('INVALID_INPUT');
    expect(await snapshotCounts(t, ['signalRules', 'auditLog', 'signals'])).toEqual(before);
    expect(ok(await t.call('alerts', 'updateSignalRule', input, county))).toMatchObject({ windowDays: 14, threshold: 4 });
  });
});
