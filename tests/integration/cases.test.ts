import { cases } from '../../cloudfunctions/cases';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import type { CaseView } from '../../shared/contracts/cases';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tok: Record<string, string> = {};
const MINUTE = 60_000;

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'mediator', 'resettled'] as const) {
    tok[p] = await t.login(p);
  }
  for (const id of ['cadre-t-cuijiatou', 'cadre-t-nanzhai', 'r-v-nanzhai', 'mediator-v-xijie', 'mediator-t-chengguan', 'r-fengfang-3']) {
    tok[id] = await t.loginOpenid(`demo-${id}`);
  }
});
afterAll(() => t.close());
afterEach(() => clock.reset());

const dispute = (extra: object = {}) => ({
  type: 'neighbourhood',
  parties: [
    { name: '张桂芳', phone: '13891702461' },
    { name: '王老五', phone: '135-7201-8806' },
  ],
  description: '邻居翻修房屋把排水管接到我家院墙根，下雨天院里积水。',
  urgency: 'urgent',
  ...extra,
});

const screen = async (token: string, extra: object = {}) => ok<CaseView>(await t.call('cases', 'screen', dispute(extra), token));
const caseCollections = ['cases', 'notifications', 'auditLog'];

/** The counts once every carried notice and audit entry is written out: a refused sheet that pushed one would show. */
async function settledCounts(): Promise<Record<string, number>> {
  await dispatchNow();
  return snapshotCounts(t, caseCollections);
}

/** A notice in the inbox once the notifications timer has written out what the changes carry (_lib/effects.ts). */
async function inboxCount(userId: string, kind: string, caseId: string): Promise<number> {
  await dispatchNow();
  return t.count('notifications', { recipientId: userId, kind, 'link.id': caseId });
}

/** A case at the mediation sheet: reported in grid 1 of 冯坊村, assessed for the village. */
async function mediatingCase(extra: object = {}): Promise<CaseView> {
  const c = await screen(tok['grid-leader']!, { parties: [{ name: `甲${Math.random().toString(36).slice(2, 6)}` }, { name: '乙方' }], ...extra });
  return ok<CaseView>(await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['village-cadre']));
}

describe('cases: the four sheets from screening to follow-up', () => {
  it('takes a resident report through assessment, mediation, agreement and a follow-up visit, alerting the right people', async () => {
    const c = await screen(tok.resident!);
    expect(c).toMatchObject({ status: 'screened', level: 'village', nextSheet: 'assessment', unitName: '冯坊村', gridName: '第一网格', allowed: [] });
    expect(c.deadlineText).toBe('剩6天');
    // The reporter sees masked numbers only.
    expect(c.parties).toEqual([
      { name: '张桂芳', phoneMasked: '138****2461', phone: null },
      { name: '王老五', phoneMasked: '135****8806', phone: null },
    ]);
    // Intake alerts the grid party group of grid 1 and the village's mediation committee.
    for (const id of ['grid-leader', 'party-member', 'mediator', 'village-cadre']) expect(await inboxCount(id, 'case.reported', c.id)).toBe(1);
    expect(await inboxCount('resident', 'case.reported', c.id)).toBe(0);

    const cadreView = ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok['village-cadre']));
    expect(cadreView.parties[1]).toEqual({ name: '王老五', phoneMasked: '135****8806', phone: '13572018806' });
    expect(cadreView.allowed).toEqual(['assess']);

    const proposal = ok(await t.call('cases', 'propose', { caseId: c.id, risk: 'low' }, tok['village-cadre']));
    expect(proposal).toMatchObject({ level: 'village', matched: [] });
    const assessed = ok<CaseView>(await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village', note: '邻里小事，村里调' }, tok['village-cadre']));
    expect(assessed).toMatchObject({ status: 'mediating', risk: 'low', nextSheet: 'mediation' });
    expect(await inboxCount('resident', 'case.accepted', c.id)).toBe(1);

    const session = ok<CaseView>(
      await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-02', participants: ['张桂芳', '王老五'], summary: '现场查看排水管走向，双方同意改管。' }, tok.mediator),
    );
    expect(session.sessions).toHaveLength(1);
    expect(session.sessions[0]).toMatchObject({ mediatorName: '马海龙', level: 'village' });
    const agreed = ok<CaseView>(
      await t.call('cases', 'conclude', { caseId: c.id, outcome: 'agreed', agreement: '王家三日内将排水管改到自家院内。', signedBy: ['张桂芳', '王老五'] }, tok.mediator),
    );
    expect(agreed).toMatchObject({ status: 'agreed', nextSheet: 'followUp', deadlineAt: null });
    expect(new Date(agreed.followUpDueAt!).getTime() - new Date(agreed.outcomes[0]!.at).getTime()).toBe(15 * DAY_MS);

    // The follow-up reminder goes out when it falls due, once.
    clock.freeze(new Date(Date.now() + 15 * DAY_MS + MINUTE));
    await cases.runTimer('deadlines');
    await cases.runTimer('deadlines');
    expect(await inboxCount('grid-leader', 'case.followUpDue', c.id)).toBe(1);
    expect(await inboxCount('mediator', 'case.followUpDue', c.id)).toBe(1);

    const done = ok<CaseView>(await t.call('cases', 'followUp', { caseId: c.id, held: true, satisfaction: 'satisfied', note: '排水管已改好' }, tok['grid-leader']));
    expect(done).toMatchObject({ status: 'resolved', nextSheet: null, allowed: [] });
    expect(done.timeline.map((e) => e.action)).toEqual(['登记排查单', '完成研判', '记录调解', '调解成功', '回访：协议履行良好']);
    expect(done.timeline.map((e) => e.actorName)).toEqual(['张桂芳', '陈建军', '马海龙', '马海龙', '刘文华']);
    // Resident sees their own report's progress.
    expect(ok(await t.call('cases', 'get', { caseId: c.id }, tok.resident)).status).toBe('resolved');
    // Every handler action is audited; the resident's own report is not a cadre action.
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': c.id })).toBe(4);
  });

  it('reopens an agreed case at the same level when the follow-up finds a relapse', async () => {
    const c = await mediatingCase();
    ok(await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-02', participants: ['甲', '乙'], summary: '调解一次' }, tok.mediator));
    ok(await t.call('cases', 'conclude', { caseId: c.id, outcome: 'agreed', agreement: '各退一步', signedBy: ['甲', '乙'] }, tok.mediator));
    const relapsed = ok<CaseView>(await t.call('cases', 'followUp', { caseId: c.id, held: false, satisfaction: 'unsatisfied', note: '又吵起来了' }, tok['village-cadre']));
    expect(relapsed).toMatchObject({ status: 'mediating', level: 'village', nextSheet: 'mediation', deadlineText: '剩6天' });
    expect(relapsed.followUps[0]).toMatchObject({ held: false, satisfaction: 'unsatisfied' });
    expect(await inboxCount('mediator', 'case.relapsed', c.id)).toBe(1);
  });

  it('sends a failed village mediation to the town with its history, out of the village hands', async () => {
    const c = await mediatingCase();
    ok(await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-02', participants: ['甲', '乙'], summary: '双方分歧很大' }, tok.mediator));
    const failed = ok<CaseView>(await t.call('cases', 'conclude', { caseId: c.id, outcome: 'failed', reason: '双方对赔偿数额分歧太大' }, tok.mediator));
    expect(failed).toMatchObject({ status: 'mediating', level: 'town', escalations: 1, deadlineText: '剩14天' });
    expect(failed.sessions).toHaveLength(1);
    expect(failed.outcomes[0]).toMatchObject({ outcome: 'failed', level: 'village', reason: '双方对赔偿数额分歧太大' });
    for (const id of ['town-cadre', 'mediator-t-chengguan', 'village-cadre', 'grid-leader']) expect(await inboxCount(id, 'case.escalated', c.id)).toBe(1);
    expect((await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-05', participants: ['甲'], summary: '村里再试试' }, tok.mediator)).status).toBe(403);
    const atTown = ok<CaseView>(await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-05', participants: ['甲', '乙'], summary: '镇综治中心组织调解' }, tok['mediator-t-chengguan']));
    expect(atTown.sessions.map((s) => s.level)).toEqual(['village', 'town']);
    // The village mediator still sees the case that left their committee, without the phone numbers.
    expect(ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok.mediator)).allowed).toEqual([]);
  });
});

describe('cases: assessment by the routing rules', () => {
  it('refuses a level below the rules without a reason and keeps the reason when given', async () => {
    const c = await screen(tok['grid-leader']!, { type: 'labour', amountFen: 3_000_000, parties: [{ name: '包工头老李' }, { name: '工人小王' }] });
    const proposal = ok(await t.call('cases', 'propose', { caseId: c.id, risk: 'low' }, tok['village-cadre']));
    expect(proposal).toMatchObject({ level: 'town', matched: [{ id: 'labour-wages' }] });
    expect(proposal.explanation).toContain('劳资纠纷涉及2万元以上');

    const before = await settledCounts();
    const res = await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['village-cadre']);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'lowerReason' }] } });
    expect(await settledCounts()).toEqual(before);

    const kept = ok<CaseView>(
      await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village', lowerReason: '老板是本村人，愿意当面协商' }, tok['village-cadre']),
    );
    expect(kept.assessment).toMatchObject({ proposedLevel: 'town', level: 'village', lowerReason: '老板是本村人，愿意当面协商' });
    expect(kept.level).toBe('village');
  });

  it('lets the assessor raise the level and alerts the town at once for a 重大 risk', async () => {
    const c = await screen(tok['village-cadre']!, { parties: [{ name: '赵一' }, { name: '钱二' }] });
    const raised = ok<CaseView>(await t.call('cases', 'assess', { caseId: c.id, risk: 'major', level: 'county' }, tok['village-cadre']));
    expect(raised).toMatchObject({ level: 'county', risk: 'major', deadlineText: '剩29天' });
    expect(await inboxCount('town-cadre', 'case.majorRisk', c.id)).toBe(1);
    expect(await inboxCount('county-admin', 'case.majorRisk', c.id)).toBe(1);
  });

  it('marks a second dispute between the same parties as a repeat and routes it to the town', async () => {
    const parties = [{ name: '孙重复' }, { name: '李反复' }];
    const first = await screen(tok['grid-leader']!, { parties });
    expect(first.repeat).toBe(false);
    const second = await screen(tok['grid-leader']!, { parties: [...parties].reverse() });
    expect(second.repeat).toBe(true);
    expect(ok(await t.call('cases', 'propose', { caseId: second.id, risk: 'low' }, tok['village-cadre']))).toMatchObject({ level: 'town', matched: [{ id: 'repeat' }] });
  });
});

describe('cases: deadlines and the timer', () => {
  it('escalates an overdue village case exactly once when two timer runs overlap, with one message each', async () => {
    const c = await screen(tok['grid-leader']!, { parties: [{ name: '超期甲' }, { name: '超期乙' }] });
    clock.freeze(new Date(Date.now() + 7 * DAY_MS + MINUTE));
    const [a, b] = (await Promise.all([cases.runTimer('deadlines'), cases.runTimer('deadlines')])) as { escalated: number }[];
    expect(a!.escalated + b!.escalated).toBeGreaterThanOrEqual(1);
    const after = ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok['town-cadre']));
    expect(after).toMatchObject({ level: 'town', escalations: 1, status: 'screened', deadlineText: '剩15天' });
    expect(after.timeline.filter((e) => e.action === '超期未结，自动上交上级')).toHaveLength(1);
    // The town's handlers, the old handlers and the grid party group of grid 1: one message each.
    for (const id of ['town-cadre', 'mediator-t-chengguan', 'village-cadre', 'mediator', 'grid-leader', 'party-member', 'pm-fengfang-1']) {
      expect(await inboxCount(id, 'case.escalated', c.id)).toBe(1);
    }
    await cases.runTimer('deadlines');
    expect(await t.count('notifications', { kind: 'case.escalated', 'link.id': c.id })).toBe(7);
    expect(ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok['town-cadre'])).escalations).toBe(1);
  });

  it('warns the handlers a day before the deadline, once', async () => {
    const c = await mediatingCase();
    clock.freeze(new Date(Date.now() + 6 * DAY_MS + MINUTE));
    await Promise.all([cases.runTimer('deadlines'), cases.runTimer('deadlines')]);
    expect(await inboxCount('village-cadre', 'case.deadlineSoon', c.id)).toBe(1);
    expect(await inboxCount('mediator', 'case.deadlineSoon', c.id)).toBe(1);
    expect(ok<CaseView>(await t.call('cases', 'get', { caseId: c.id }, tok['village-cadre'])).level).toBe('village');
  });

  it('queries due cases through the (status, deadline) indexes rather than a scan', () => {
    const plan = t.runtime.engine.explain('cases', { status: { $in: ['screened', 'mediating'] }, escalateAt: { $lte: new Date().toISOString() } });
    expect(plan).toMatch(/USING INDEX/);
    expect(plan).not.toMatch(/^SCAN/m);
  });
});

describe('cases: who sees what', () => {
  let nanzhaiCase: string;
  beforeAll(async () => {
    nanzhaiCase = (await screen(tok['r-v-nanzhai']!, { parties: [{ name: '南寨甲' }, { name: '南寨乙' }] })).id;
  });

  it('hides a 南寨镇 case from a 崔家头镇 town cadre but shows it to 南寨镇', async () => {
    const res = await t.call('cases', 'get', { caseId: nanzhaiCase }, tok['cadre-t-cuijiatou']);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(ok(await t.call('cases', 'get', { caseId: nanzhaiCase }, tok['cadre-t-nanzhai'])).unitName).toBe('南寨村');
    const area = ok(await t.call('cases', 'list', { scope: 'area', limit: 50 }, tok['cadre-t-cuijiatou']));
    expect(area.items.length).toBeGreaterThan(0);
    expect(area.items.every((i: { unitName: string }) => ['崔家头村', '郝家庄村', '南庄村'].includes(i.unitName))).toBe(true);
    expect((await t.call('cases', 'propose', { caseId: nanzhaiCase, risk: 'low' }, tok['cadre-t-cuijiatou'])).status).toBe(404);
  });

  it('hides one resident case from another resident and lists only their own reports', async () => {
    expect((await t.call('cases', 'get', { caseId: nanzhaiCase }, tok.resident)).status).toBe(404);
    expect((await t.call('cases', 'get', { caseId: 'cs-demo-04' }, tok.resident)).status).toBe(404);
    expect(ok(await t.call('cases', 'get', { caseId: 'cs-demo-04' }, tok['r-fengfang-3'])).id).toBe('cs-demo-04');
    const mine = ok(await t.call('cases', 'list', { scope: 'mine', limit: 50 }, tok.resident));
    expect(mine.items.length).toBeGreaterThan(0);
    for (const item of mine.items) expect(item.reporterName).toBe('张桂芳');
    expect((await t.call('cases', 'list', { scope: 'area', limit: 10 }, tok.resident)).status).toBe(403);
  });

  it('shows a mediator only the cases assigned to their committee', async () => {
    const list = ok(await t.call('cases', 'list', { scope: 'committee', limit: 50 }, tok.mediator));
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { unitName: string; level: string }) => i.unitName === '冯坊村' && i.level === 'village')).toBe(true);
    expect((await t.call('cases', 'get', { caseId: nanzhaiCase }, tok.mediator)).status).toBe(404);
    const own = await mediatingCase();
    expect((await t.call('cases', 'get', { caseId: own.id }, tok['mediator-v-xijie'])).status).toBe(404);
    expect(ok(await t.call('cases', 'get', { caseId: own.id }, tok.mediator)).allowed).toEqual(['recordSession']);
    const xijie = ok(await t.call('cases', 'list', { scope: 'committee', limit: 50 }, tok['mediator-v-xijie']));
    expect(xijie.items.every((i: { unitName: string }) => i.unitName === '西街村')).toBe(true);
  });

  it('lists the handler work by urgency, then the nearest deadline', async () => {
    await screen(tok['grid-leader']!, { urgency: 'emergency', parties: [{ name: '紧急甲' }, { name: '紧急乙' }] });
    const list = ok(await t.call('cases', 'list', { scope: 'handling', limit: 50 }, tok['village-cadre']));
    const ranks = { emergency: 2, urgent: 1, normal: 0 } as const;
    const keys = list.items.map((i: { urgency: keyof typeof ranks; deadlineAt: string | null }) => [ranks[i.urgency], i.deadlineAt ?? '9999'] as const);
    for (let i = 1; i < keys.length; i++) {
      const [pr, pd] = keys[i - 1]!;
      const [r, d] = keys[i]!;
      expect(pr > r || (pr === r && pd <= d)).toBe(true);
    }
    expect(list.items[0].urgency).toBe('emergency');
  });
});

describe('cases: wrong input and wrong order write nothing', () => {
  it('answers INVALID_INPUT for an unknown dispute type', async () => {
    const before = await settledCounts();
    const res = await t.call('cases', 'screen', dispute({ type: 'gambling' }), tok.resident);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'type' }] } });
    expect(await settledCounts()).toEqual(before);
  });

  it('answers INVALID_INPUT for a negative amount, a bad phone number and no parties', async () => {
    const before = await settledCounts();
    const negative = await t.call('cases', 'screen', dispute({ amountFen: -100 }), tok.resident);
    expect(negative.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'amountFen' }] } });
    const phone = await t.call('cases', 'screen', dispute({ parties: [{ name: '甲', phone: '12345' }] }), tok.resident);
    expect(phone.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'parties.0.phone' }] } });
    const none = await t.call('cases', 'screen', dispute({ parties: [] }), tok.resident);
    expect(none.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'parties' }] } });
    expect(await settledCounts()).toEqual(before);
  });

  it('answers CONFLICT for a sheet out of order', async () => {
    const c = await screen(tok['grid-leader']!, { parties: [{ name: '顺序甲' }, { name: '顺序乙' }] });
    const before = await settledCounts();
    const session = await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-03-02', participants: ['甲'], summary: '还没研判就调解' }, tok['village-cadre']);
    expect(session.status).toBe(409);
    expect(session.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '请先完成研判单，再记录调解' } });
    const follow = await t.call('cases', 'followUp', { caseId: c.id, held: true, satisfaction: 'satisfied' }, tok['village-cadre']);
    expect(follow.status).toBe(409);
    ok(await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['village-cadre']));
    const mid = await settledCounts();
    const early = await t.call('cases', 'conclude', { caseId: c.id, outcome: 'agreed', agreement: '没调解就签字', signedBy: ['甲'] }, tok['village-cadre']);
    expect(early.status).toBe(409);
    const twice = await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['village-cadre']);
    expect(twice.status).toBe(409);
    expect(await settledCounts()).toEqual({ ...mid });
    expect(mid.cases).toBe(before.cases);
  });

  it('answers FORBIDDEN when a resident assesses or reports in another village, writing nothing', async () => {
    const c = await screen(tok['grid-leader']!, { parties: [{ name: '权限甲' }, { name: '权限乙' }] });
    const before = await settledCounts();
    expect((await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['grid-leader'])).status).toBe(403);
    expect((await t.call('cases', 'screen', dispute({ gridId: 'g-nanzhai-1' }), tok.resident)).status).toBe(403);
    expect(await settledCounts()).toEqual(before);
  });

  it('returns the first result for a retried report with the same requestId', async () => {
    const before = await t.count('cases');
    const requestId = 'case-retry-0001';
    const results = await Promise.all([1, 2, 3].map(() => t.call('cases', 'screen', dispute({ requestId, parties: [{ name: '重试甲' }] }), tok.resident)));
    const ids = results.map((r) => (r.body.ok ? (r.body.data as CaseView).id : r.body.error.code));
    expect(new Set(ids).size).toBe(1);
    expect(await t.count('cases')).toBe(before + 1);
  });
});

describe('cases: figures for cadres', () => {
  it('gives the county the shares Qianyang reports: most cases of the six types, most settled in the village', async () => {
    const f = ok(await t.call('cases', 'figures', {}, tok['county-admin']));
    expect(f.scopeName).toBe('千阳县');
    expect(f.months).toHaveLength(12);
    expect(f.total).toBeGreaterThan(300);
    expect(f.commonShare).toBeGreaterThan(0.79);
    expect(f.commonShare).toBeLessThan(0.85);
    expect(f.villageRate).toBeGreaterThan(0.75);
    expect(f.resolvedAt.town).toBeGreaterThan(0);
    expect(f.resolvedAt.county).toBeGreaterThan(0);
    expect(f.overdueNow).toBeGreaterThan(0);
    expect(f.averageDaysToResolve).toBeGreaterThan(1);
    expect(f.satisfactionRate).toBeGreaterThan(0.9);
    const sum = f.byTypeMonth.flat().reduce((a: number, b: number) => a + b, 0);
    expect(sum).toBe(f.total);
  });

  it('scopes a town cadre to their town and refuses another town or a resident', async () => {
    const own = ok(await t.call('cases', 'figures', {}, tok['cadre-t-cuijiatou']));
    expect(own.scopeName).toBe('崔家头镇');
    const county = ok(await t.call('cases', 'figures', {}, tok['county-admin']));
    expect(own.total).toBeLessThan(county.total);
    expect((await t.call('cases', 'figures', { unitId: 't-nanzhai' }, tok['cadre-t-cuijiatou'])).status).toBe(403);
    expect((await t.call('cases', 'figures', {}, tok.resident)).status).toBe(403);
  });
});

describe('cases: the county keeps types and time limits as data', () => {
  it('lets the county admin shorten the village limit and add a type, audited, and refuses anyone else', async () => {
    const before = ok(await t.call('cases', 'config', {}, tok['county-admin']));
    expect(before.deadlineDays).toEqual({ village: 7, town: 15, county: 30 });
    const types = [...before.types.filter((x: { code: string }) => x.code !== 'other'), { code: 'forest-rights', label: '山林权属', common: false }, { code: 'other', label: '其他', common: false }];
    const updated = ok(await t.call('cases', 'updateConfig', { deadlineDays: { village: 3, town: 10, county: 20 }, types }, tok['county-admin']));
    expect(updated.deadlineDays).toEqual({ village: 3, town: 10, county: 20 });
    expect(await t.count('auditLog', { action: 'cases.updateConfig' })).toBe(1);

    const c = await screen(tok['grid-leader']!, { type: 'forest-rights', parties: [{ name: '林甲' }, { name: '林乙' }] });
    expect(c).toMatchObject({ typeLabel: '山林权属', deadlineText: '剩2天' });

    expect((await t.call('cases', 'updateConfig', { followUpDays: 10 }, tok['town-cadre'])).status).toBe(403);
    const noOther = await t.call('cases', 'updateConfig', { types: types.filter((x: { code: string }) => x.code !== 'other') }, tok['county-admin']);
    expect(noOther.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'types' }] } });
    const zero = await t.call('cases', 'updateConfig', { deadlineDays: { village: 0, town: 10, county: 20 } }, tok['county-admin']);
    expect(zero.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'deadlineDays.village' }] } });

    ok(await t.call('cases', 'updateConfig', { deadlineDays: before.deadlineDays, types: before.types }, tok['county-admin']));
  });

  it('proposes levels from the routing rules stored in the database', async () => {
    const c = await screen(tok['grid-leader']!, { type: 'contract', amountFen: 1_000_000, parties: [{ name: '规则甲' }, { name: '规则乙' }] });
    expect(ok(await t.call('cases', 'propose', { caseId: c.id, risk: 'low' }, tok['village-cadre'])).level).toBe('village');
    await t.runtime.db.collection('routingRules').doc('rr-medium-amount').update({ when: { minAmountFen: 500_000 }, reason: '争议金额在5千元以上，由镇级调处' });
    const proposal = ok(await t.call('cases', 'propose', { caseId: c.id, risk: 'low' }, tok['village-cadre']));
    expect(proposal).toMatchObject({ level: 'town', explanation: '建议镇级办理：争议金额在5千元以上，由镇级调处' });
  });
});
