import type { CaseView } from '../../shared/contracts/cases';
import type { UserRecord } from '../../shared/domain/records';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { budgetRound } from '../support/budget';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 矛盾纠纷 within budget (issue 13): a report is one add and each sheet one conditional update, each
 * carrying its notices and audit entry (`_lib/effects.ts`); what surrounds the case (the county's config and
 * rules, the handlers, the grid's 网格党小组, earlier cases) is one aggregate. However many cadres, party-group
 * members and cases the village has, the counts stay the same; who is told is checked with plain SQL.
 */
const V = 'v-fengfang';

let t: TestRuntime;
let sql: SqlCounts;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'party-member', 'village-cadre', 'mediator', 'town-cadre'] as const) tok[p] = await t.login(p);
});
afterAll(() => t.close());

const user = async (id: string) => ((await t.runtime.db.collection('users').doc(id).get()).data as UserRecord[])[0]!;

/** Ids of the users holding any of these role keys (plain SQL over the stored roleKeys). */
function holdersOf(keys: string[]): string[] {
  return sql
    .all<{ id: string }>(COLLECTIONS.users.name, '_id AS id', `WHERE EXISTS (SELECT 1 FROM json_each(${j('roleKeys')}) WHERE value IN (${keys.map(() => '?').join(',')}))`, ...keys)
    .map((r) => r.id);
}

/** The 网格党小组 of a grid as stored (plain SQL). */
function partyGroupOf(gridId: string): string[] {
  return sql.all<{ id: string }>(COLLECTIONS.orgUnits.name, 'value AS id', `, json_each(${j('partyGroupMemberIds')}) WHERE _id = ?`, gridId).map((r) => r.id);
}

/** Notices of a kind about a case, and the distinct people they went to (plain SQL). */
function noticesAbout(caseId: string, kind: string): { rows: number; people: number } {
  const where = `WHERE ${j('link.id')} = ? AND ${j('kind')} = ?`;
  return { rows: sql.one(COLLECTIONS.notifications.name, 'count(*)', where, caseId, kind), people: sql.one(COLLECTIONS.notifications.name, `count(DISTINCT ${j('recipientId')})`, where, caseId, kind) };
}

const auditsOf = (caseId: string, action: string) => sql.one(COLLECTIONS.auditLog.name, 'count(*)', `WHERE ${j('target.id')} = ? AND ${j('action')} = ?`, caseId, action);

const without = (ids: string[], except: string[]) => [...new Set(ids)].filter((id) => !except.includes(id));

describe('case actions: requests within budget, the same at two sizes', () => {
  /** Grows what an action could be tempted to read per item: the village's cadres, the grid's party group, the village's cases. */
  async function grow(n: number): Promise<void> {
    const cadre = await user('village-cadre');
    await t.runtime.db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...cadre, _id: `vc-grow-${n}-${i}`, openid: `wx-vc-grow-${n}-${i}`, demo: false })));
    const resident = await user('resident');
    await t.runtime.db.collection('orgUnits').doc(resident.residence!.gridId!).update({ partyGroupMemberIds: t.runtime.db.command.push(Array.from({ length: n }, (_, i) => `pm-grow-${n}-${i}`)) });
    const template = ((await t.runtime.db.collection('cases').where({ villageId: V }).limit(1).get()).data as object[])[0]!;
    await t.runtime.db.collection('cases').add(Array.from({ length: 5 * n }, (_, i) => ({ ...template, _id: `cs-grow-${n}-${i}`, effects: [], effectsPending: false })));
  }

  /** Each action once, measured through the gateway; the cases it made, to check whom they told. */
  async function actions(size: number): Promise<{ counts: Record<string, number>; agreed: string; failed: string; raised: string }> {
    // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts).
    for (const p of Object.keys(tok)) ok(await t.call('cases', 'list', { scope: 'mine', limit: 1 }, tok[p]));
    const made = { agreed: '', failed: '', raised: '' };
    const report = (requestId: string, parties: string[]) => ({
      type: 'neighbourhood',
      parties: parties.map((name) => ({ name })),
      description: '邻居翻修房屋把排水管接到我家院墙根，下雨天院里积水。',
      urgency: 'normal',
      requestId,
    });
    const counts = await budgetRound(t.runtime.engine, size, async ({ measure }) => {
      const a = await measure<CaseView>('screen', 'resident', () => t.call('cases', 'screen', report(`budget-${size}-a`, [`甲${size}`, `乙${size}`]), tok.resident));
      await measure('screen again (same requestId)', 'resident', () => t.call('cases', 'screen', report(`budget-${size}-a`, [`甲${size}`, `乙${size}`]), tok.resident));
      // The 网格党小组 member's alert opens the summary: the case, the grid's group, the handling unit with its handlers.
      const brief = (await measure('summary', 'resident', () => t.call('cases', 'summary', { caseId: a.id }, tok['party-member']))) as unknown as { handlerNames: string[] };
      const names = sql.all<{ n: string }>(COLLECTIONS.users.name, `DISTINCT ${j('name')} AS n`, `WHERE _id IN (${holdersOf([`village-cadre@${V}`, `mediator@${V}`]).map(() => '?').join(',')})`, ...holdersOf([`village-cadre@${V}`, `mediator@${V}`]));
      expect([...brief.handlerNames].sort()).toEqual(names.map((r) => r.n).sort());
      await measure('assess (village)', 'cadre', () => t.call('cases', 'assess', { caseId: a.id, risk: 'low', level: 'village' }, tok['village-cadre']));
      await measure('recordSession', 'cadre', () => t.call('cases', 'recordSession', { caseId: a.id, date: '2026-11-20', participants: ['甲'], summary: '双方到场，说清了排水的走向。' }, tok.mediator));
      expect((await measure('conclude agreed', 'cadre', () => t.call('cases', 'conclude', { caseId: a.id, outcome: 'agreed', agreement: '排水管改到自家院内', signedBy: ['甲', '乙'] }, tok.mediator))).status).toBe('agreed');
      expect((await measure('followUp relapse', 'cadre', () => t.call('cases', 'followUp', { caseId: a.id, held: false, satisfaction: 'unsatisfied', note: '没有改' }, tok['village-cadre']))).status).toBe('mediating');

      const b = ok<CaseView>(await t.call('cases', 'screen', report(`budget-${size}-b`, [`丙${size}`, `丁${size}`]), tok.resident));
      ok(await t.call('cases', 'assess', { caseId: b.id, risk: 'low', level: 'village' }, tok['village-cadre']));
      ok(await t.call('cases', 'recordSession', { caseId: b.id, date: '2026-11-20', participants: ['丙'], summary: '双方各执一词。' }, tok.mediator));
      expect((await measure('conclude failed (to the town)', 'cadre', () => t.call('cases', 'conclude', { caseId: b.id, outcome: 'failed', reason: '双方不接受方案' }, tok.mediator))).level).toBe('town');

      const c = ok<CaseView>(await t.call('cases', 'screen', report(`budget-${size}-c`, [`戊${size}`, `己${size}`]), tok.resident));
      expect((await measure('assess major (to the county)', 'cadre', () => t.call('cases', 'assess', { caseId: c.id, risk: 'major', level: 'county' }, tok['village-cadre']))).level).toBe('county');
      const held = ok(await t.call('cases', 'screen', { ...report(`budget-${size}-d`, [`庚${size}`, `辛${size}`]), description: '邻居在院里聚众赌博到半夜，吵得老人睡不着。' }, tok.resident)) as CaseView;
      expect(held.held).toHaveLength(1);
      expect((await measure('release', 'cadre', () => t.call('cases', 'release', { caseId: held.id }, tok['village-cadre']))).held).toBeUndefined();
      Object.assign(made, { agreed: a.id, failed: b.id, raised: c.id });
    });
    return { counts, ...made };
  }

  /** Whom each case told, against plain SQL over the users and the grid once the timer has written the notices out. */
  function checkAudiences(r: { agreed: string; failed: string; raised: string }): void {
    const resident = 'resident';
    const path = JSON.parse(sql.all<{ p: string }>(COLLECTIONS.orgUnits.name, `${j('path')} AS p`, 'WHERE _id = ?', V)[0]!.p) as string[];
    const villageHandlers = holdersOf([`village-cadre@${V}`, `mediator@${V}`]);
    const gridId = sql.all<{ g: string }>(COLLECTIONS.users.name, `${j('residence.gridId')} AS g`, 'WHERE _id = ?', resident)[0]!.g;
    const group = partyGroupOf(gridId);
    // Intake: the village's cadres and mediators and the grid's party group, each once, never the reporter.
    const told = without([...villageHandlers, ...group], [resident]).length;
    for (const id of [r.agreed, r.failed, r.raised]) expect(noticesAbout(id, 'case.reported')).toEqual({ rows: told, people: told });
    // The relapse tells the village's handlers but the cadre who recorded it; the agreement and the acceptance the reporter.
    const relapse = without(villageHandlers, ['village-cadre']).length;
    expect(noticesAbout(r.agreed, 'case.relapsed')).toEqual({ rows: relapse, people: relapse });
    expect(noticesAbout(r.agreed, 'case.agreed')).toEqual({ rows: 1, people: 1 });
    expect(noticesAbout(r.agreed, 'case.accepted')).toEqual({ rows: 1, people: 1 });
    // A failure goes to the town: both levels' handlers, the reporter and the party group, but the mediator who recorded it.
    const townHandlers = holdersOf([`town-cadre@${path[1]}`, `mediator@${path[1]}`]);
    const escalated = without([...townHandlers, ...villageHandlers, resident, ...group], ['mediator']).length;
    expect(noticesAbout(r.failed, 'case.escalated')).toEqual({ rows: escalated, people: escalated });
    // 重大 risk: the town's cadres and the county's handlers at once.
    const major = without([...holdersOf([`town-cadre@${path[1]}`]), ...holdersOf([`county-admin@${path[0]}`, `mediator@${path[0]}`])], ['village-cadre']).length;
    expect(noticesAbout(r.raised, 'case.majorRisk')).toEqual({ rows: major, people: major });
    // Every sheet audited once, at the change's own request.
    for (const action of ['cases.assess', 'cases.recordSession', 'cases.conclude', 'cases.followUp']) expect(auditsOf(r.agreed, action)).toBe(1);
    expect(auditsOf(r.failed, 'cases.conclude')).toBe(1);
  }

  it('costs each action the same few requests with 10 or 300 cadres, party-group members and ×5 cases, every query on an index, telling everyone once', async () => {
    await grow(10);
    const small = await actions(10);
    await dispatchNow();
    checkAudiences(small);
    await grow(300);
    const large = await actions(300);
    expect(large.counts).toEqual(small.counts);
    // The caller (1) is in every count. screen: the grid, what surrounds the report (one aggregate) and the
    // add (its retry: the aggregate finds it); summary: the case, its grid's party group, the handling unit
    // with its handlers (one aggregate); each sheet: the case, what surrounds it when the sheet tells
    // or moves anyone (one aggregate; a failure also the party group's roles) and the conditional update;
    // release: the case and the conditional update.
    expect(small.counts).toEqual({
      'screen as resident': 4,
      'screen again (same requestId) as resident': 3,
      'summary as resident': 4,
      'assess (village) as cadre': 4,
      'recordSession as cadre': 3,
      'conclude agreed as cadre': 4,
      'followUp relapse as cadre': 4,
      'conclude failed (to the town) as cadre': 5,
      'assess major (to the county) as cadre': 4,
      'release as cadre': 3,
    });
    // Hundreds of notices for one report are written out by the timer, each once.
    await dispatchNow();
    checkAudiences(large);
    expect(sql.one(COLLECTIONS.cases.name, 'count(*)', `WHERE ${j('effectsPending')} = 1`)).toBe(0);
  });
});

describe('case sheets at once: a concurrent write is read again, never a CONFLICT by itself', () => {
  const reported = async (tag: string) => {
    const c = ok(await t.call('cases', 'screen', { type: 'neighbourhood', parties: [{ name: `甲${tag}` }, { name: `乙${tag}` }], description: '两家为院墙边界争执，想请村里来量一下。', urgency: 'normal' }, tok.resident)) as CaseView;
    return ok(await t.call('cases', 'assess', { caseId: c.id, risk: 'low', level: 'village' }, tok['village-cadre'])) as CaseView;
  };
  const stored = (id: string) => JSON.parse(sql.all<{ body: string }>(COLLECTIONS.cases.name, 'body', 'WHERE _id = ?', id)[0]!.body) as { sessions: unknown[]; timeline: { action: string }[]; status: string; outcomes: unknown[] };

  it('two mediation sessions recorded at once both land, each once in the timeline and the audit log', async () => {
    const c = await reported('并发调解');
    const both = await Promise.all(
      (['mediator', 'village-cadre'] as const).map((who, i) => t.call('cases', 'recordSession', { caseId: c.id, date: '2026-11-20', participants: ['甲'], summary: `第${i + 1}次到场调解。` }, tok[who])),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const after = stored(c.id);
    expect(after.sessions).toHaveLength(2);
    expect(after.timeline.filter((e) => e.action === 'recordSession')).toHaveLength(2);
    await dispatchNow();
    expect(auditsOf(c.id, 'cases.recordSession')).toBe(2);
  });

  it('two outcomes at once: one lands, the other is answered CONFLICT by the rule read again; one notice to the reporter', async () => {
    const c = await reported('并发结案');
    ok(await t.call('cases', 'recordSession', { caseId: c.id, date: '2026-11-20', participants: ['甲'], summary: '双方到场。' }, tok.mediator));
    const both = await Promise.all(
      (['mediator', 'village-cadre'] as const).map((who) => t.call('cases', 'conclude', { caseId: c.id, outcome: 'agreed', agreement: '院墙按原界址砌', signedBy: ['甲', '乙'] }, tok[who])),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)!.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '请先记录至少一次调解，再填写调解结果' } });
    const after = stored(c.id);
    expect({ status: after.status, outcomes: after.outcomes.length }).toEqual({ status: 'agreed', outcomes: 1 });
    await dispatchNow();
    expect(auditsOf(c.id, 'cases.conclude')).toBe(1);
    expect(noticesAbout(c.id, 'case.agreed')).toEqual({ rows: 1, people: 1 });
  });
});
