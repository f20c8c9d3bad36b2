import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { councils } from '../../cloudfunctions/councils';
import type { CouncilCovenantRecord } from '../../shared/domain/council-records';
import type { HouseholdRecord, UserRecord } from '../../shared/domain/records';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

// Tuesday 8 December 2026, 10:00 in Qianyang.
const NOW = '2026-12-08T02:00:00.000Z';
const V = 'v-fengfang';
const at = (days: number) => new Date(new Date(NOW).getTime() + days * DAY_MS + 60_000).toISOString();

let t: TestRuntime;
let cadre: string;
let resident: string;
let outsider: string;
let homes: string[];
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

/** `n` new confirmed households of 冯坊村, one member each, signed in. */
async function households(prefix: string, n: number): Promise<string[]> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const hs: HouseholdRecord[] = Array.from({ length: n }, (_, i) => ({ _id: `${prefix}-h${i}`, unitId: V, gridId: 'g-fengfang-2', path: ['qianyang', 't-chengguan', V, 'g-fengfang-2'], headName: `户主${i}`, address: `${i}号`, resettled: false }));
  await t.runtime.db.collection('households').add(hs);
  const users = hs.map((h, i) => ({ ...base, _id: `${prefix}-${i}`, openid: `${prefix}-${i}`, name: `王${i}`, roles: [], roleKeys: [], demo: false, residence: { unitId: V, gridId: h.gridId, householdId: h._id, householdConfirmed: true, path: h.path } }));
  await t.runtime.db.collection('users').add(users);
  const tokens: string[] = [];
  for (const u of users) tokens.push(await t.loginOpenid(u.openid));
  return tokens;
}

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  cadre = await t.login('village-cadre');
  resident = await t.login('resident');
  outsider = await t.loginOpenid('demo-r-v-xijie');
  homes = await households('cv', 30);
}, 90_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('居民公约', () => {
  it('shows the version in force clause by clause; a household acknowledges it once', async () => {
    const page = ok(await t.call('councils', 'covenant', { villageId: V }));
    expect(page.current).toMatchObject({ version: 1, title: '冯坊村居民公约', status: 'adopted' });
    expect(page.current.clauses).toHaveLength(8);
    expect(page.canAcknowledge).toBe(false);
    const mine = ok(await t.call('councils', 'covenant', {}, resident));
    expect(mine.canAcknowledge).toBe(true);
    const acked = ok(await t.call('councils', 'acknowledgeCovenant', { covenantId: page.current.id }, resident));
    expect(acked.acknowledged).toBe(true);
    expect(acked.current.acks).toBe(page.current.acks + 1);
    // The same household from another phone, and someone of another village, are refused.
    expect(code(await t.call('councils', 'acknowledgeCovenant', { covenantId: page.current.id }, await t.loginOpenid('demo-r-fengfang-1')))).toBe('CONFLICT');
    expect(code(await t.call('councils', 'acknowledgeCovenant', { covenantId: page.current.id }, outsider))).toBe('FORBIDDEN');
    expect(await t.count('councilCovenantAcks', { covenantId: page.current.id })).toBe(page.current.acks + 1);
  });

  it('lets a deduction name a clause of the covenant in force: the ledger holds the reference, checked', async () => {
    const cov = ok(await t.call('councils', 'covenant', { villageId: V })).current;
    const final = (await t.runtime.db.collection('pointsMonths').where({ villageId: V, status: 'final' }).limit(1).get()).data as { month: string }[];
    const month = final[0]!.month;
    const base = { householdId: 'h-fengfang-1-01', month, code: 'sanitation', delta: -1, reason: '门前柴草乱堆，占用巷道' };
    const before = await snapshotCounts(t, ['pointsLedger', 'auditLog']);
    expect(code(await t.call('points', 'adjust', { ...base, clause: { covenantId: cov.id, no: 9 }, requestId: 'clause-bad-no-1' }, cadre))).toBe('INVALID_INPUT');
    expect(code(await t.call('points', 'adjust', { ...base, delta: 1, clause: { covenantId: cov.id, no: 4 }, requestId: 'clause-plus-1' }, cadre))).toBe('INVALID_INPUT');
    expect(await snapshotCounts(t, ['pointsLedger', 'auditLog'])).toEqual(before);
    const entry = ok(await t.call('points', 'adjust', { ...base, clause: { covenantId: cov.id, no: 4 }, requestId: 'clause-ok-1' }, cadre));
    expect(entry.clause).toEqual({ covenantId: cov.id, no: 4, label: '居民公约第 1 版第 4 条' });
    // The ledger row holds the reference (covenant, version, clause), inside its signed body, not the clause's text.
    const row = ((await t.runtime.db.collection('pointsLedger').where({ householdId: base.householdId, kind: 'adjustment' }).get()).data as { clause?: unknown }[]).find((r) => r.clause);
    expect(row!.clause).toEqual({ covenantId: cov.id, version: 1, no: 4 });
  });

  it('adopts a new version by a household vote: the old one is superseded, the result audited', async () => {
    expect(code(await t.call('councils', 'proposeCovenant', { villageId: V, title: '冯坊村居民公约', clauses: ['新条款一二三四'], note: '试试' }, resident))).toBe('FORBIDDEN');
    const bad = await t.call('councils', 'proposeCovenant', { villageId: V, title: '冯坊村居民公约', clauses: [], note: '' }, cadre);
    expect(code(bad)).toBe('INVALID_INPUT');
    const current = ok(await t.call('councils', 'covenant', { villageId: V })).current;
    const proposed = ok(
      await t.call('councils', 'proposeCovenant', { villageId: V, title: '冯坊村居民公约', clauses: [...current.clauses.map((c: { text: string }) => c.text), '倡导移风易俗，婚丧嫁娶提前向红白理事会报备。'], note: '增加红白理事会报备一条', days: 3 }, cadre),
    );
    expect(proposed.proposal).toMatchObject({ version: 2, status: 'voting' });
    expect(code(await t.call('councils', 'proposeCovenant', { villageId: V, title: '冯坊村居民公约', clauses: ['另一版本的条款'], note: '再来一版' }, cadre))).toBe('CONFLICT');
    const voteId = proposed.proposal.voteId;
    const results = await Promise.all(homes.map((tok, i) => t.call('councils', 'castVote', { voteId, choice: i < 22 ? 'agree' : 'disagree' }, tok)));
    expect(results.every((r) => r.body.ok)).toBe(true);
    clock.freeze(at(3));
    await councils.runTimer('tick');
    const vote = ok(await t.call('councils', 'vote', { voteId }));
    // 24 seeded + 30 new households: quorum half = 27, 30 voted; 22 of 30 同意.
    expect(vote.result).toMatchObject({ agree: 22, disagree: 8, cast: 30, outcome: 'adopted' });
    const page = ok(await t.call('councils', 'covenant', { villageId: V }));
    expect(page.current).toMatchObject({ version: 2, status: 'adopted', acks: 0 });
    expect(page.current.clauses).toHaveLength(9);
    const v1 = ((await t.runtime.db.collection('councilCovenants').doc(current.id).get()).data as CouncilCovenantRecord[])[0]!;
    expect(v1.status).toBe('superseded');
    expect(await t.count('auditLog', { action: 'councils.closeVote', 'target.id': voteId })).toBe(1);
    expect(await t.count('fanOuts', { _id: `fo-adopt-${page.current.id}` })).toBe(1);
    clock.freeze(NOW);
  });
});

describe('评选 最美社区人', () => {
  it('runs nominations, publicity with an upheld objection and a household vote; without quorum nobody is honoured', async () => {
    clock.freeze(at(10));
    expect(code(await t.call('councils', 'openHonour', { villageId: V, title: '最美社区人', year: 2026, seats: 1, requestId: 'honour-by-resident' }, resident))).toBe('FORBIDDEN');
    const h = ok(await t.call('councils', 'openHonour', { villageId: V, title: '好婆婆', year: 2026, seats: 1, requestId: 'honour-good-1' }, cadre));
    expect(h.status).toBe('nominating');
    const found = ok(await t.call('councils', 'nominees', { honourId: h.id, name: '王3' }, resident));
    expect(found.people).toEqual([{ id: 'cv-3', name: '王**', place: '第二网格' }]);
    // An outsider cannot nominate; one cannot nominate someone of another village; bad input writes nothing.
    const before = await snapshotCounts(t, ['councilNominations', 'auditLog']);
    expect(code(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-3', reason: '常年照顾生病的邻居老人，热心肠。' }, outsider))).toBe('FORBIDDEN');
    expect(code(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'r-v-xijie', reason: '常年照顾生病的邻居老人，热心肠。' }, resident))).toBe('INVALID_INPUT');
    expect(code(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-3', reason: '好' }, resident))).toBe('INVALID_INPUT');
    expect(await snapshotCounts(t, ['councilNominations', 'auditLog'])).toEqual(before);
    ok(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-3', reason: '常年照顾生病的邻居老人，热心肠。' }, resident));
    ok(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-4', reason: '带头打扫巷道，十年没间断过。' }, homes[10]!));
    ok(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-5', reason: '把自家院子腾出来给孩子们写作业。' }, homes[11]!));
    expect(code(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-3', reason: '再提名一次这位热心的人。' }, homes[12]!))).toBe('CONFLICT');
    const pub = ok(await t.call('councils', 'startPublicity', { honourId: h.id }, cadre));
    expect(pub.status).toBe('publicity');
    // An objection to cv-5, upheld: cv-5 leaves the round.
    const nom5 = pub.nominations.find((n: { nomineeName: string; id: string }) => n.id.endsWith('cv-5'))!;
    ok(await t.call('councils', 'object', { nominationId: nom5.id, reason: '这家的院子是出租给补习班的，收费的' }, homes[0]!));
    expect(code(await t.call('councils', 'object', { nominationId: nom5.id, reason: '同一户再提一次异议' }, homes[0]!))).toBe('CONFLICT');
    expect(code(await t.call('councils', 'openHonourVote', { honourId: h.id }, cadre))).toBe('CONFLICT');
    const view = ok(await t.call('councils', 'honour', { honourId: h.id }, cadre));
    ok(await t.call('councils', 'decideObjection', { objectionId: view.objections[0].id, uphold: true, answer: '经核实属实，取消提名' }, cadre));
    clock.freeze(at(16));
    const voting = ok(await t.call('councils', 'openHonourVote', { honourId: h.id }, cadre));
    expect(voting.status).toBe('voting');
    const vote = ok(await t.call('councils', 'vote', { voteId: voting.voteId }, homes[0]!));
    expect(vote.candidates).toHaveLength(2);
    const [c3, c4] = vote.candidates.map((c: { id: string }) => c.id);
    // Not a candidate, or a 同意 ballot in an honour's vote: refused, nothing written.
    expect(code(await t.call('councils', 'castVote', { voteId: voting.voteId, candidateId: nom5.id }, homes[20]!))).toBe('INVALID_INPUT');
    expect(code(await t.call('councils', 'castVote', { voteId: voting.voteId, choice: 'agree' }, homes[20]!))).toBe('INVALID_INPUT');
    const ballots = await Promise.all(homes.slice(0, 18).map((tok, i) => t.call('councils', 'castVote', { voteId: voting.voteId, candidateId: i % 2 ? c3 : c4 }, tok)));
    expect(ballots.every((b) => b.body.ok)).toBe(true);
    // Secret: nobody's choice is stored beside their name.
    expect(await t.count('councilVoters', { voteId: voting.voteId, choice: null })).toBe(18);
    clock.freeze(at(24));
    await councils.runTimer('tick');
    const done = ok(await t.call('councils', 'honour', { honourId: h.id }));
    expect(done.status).toBe('done');
    // 54 households, quorum 27: 18 voted → no result, nobody honoured.
    expect(done.winners).toEqual([]);
    clock.freeze(NOW);
  }, 60_000);

  it('honours both tied candidates under the share rule, and shows the honour on each one\'s 我的 page', async () => {
    clock.freeze(at(30));
    // A month on: sign everyone in again (sessions last 30 days).
    cadre = await t.login('village-cadre');
    resident = await t.login('resident');
    homes = await Promise.all(homes.map((_, i) => t.loginOpenid(`cv-${i}`)));
    const h = ok(await t.call('councils', 'openHonour', { villageId: V, title: '最美志愿者', year: 2026, seats: 1, requestId: 'honour-tie-1' }, cadre));
    ok(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-6', reason: '组织志愿者给独居老人送饭一年多。' }, resident));
    ok(await t.call('councils', 'nominate', { honourId: h.id, nomineeId: 'cv-7', reason: '义务教村里的老人用智能手机。' }, homes[1]!));
    ok(await t.call('councils', 'startPublicity', { honourId: h.id }, cadre));
    clock.freeze(at(36));
    const voting = ok(await t.call('councils', 'openHonourVote', { honourId: h.id }, cadre));
    const vote = ok(await t.call('councils', 'vote', { voteId: voting.voteId }));
    const [c6, c7] = vote.candidates.map((c: { id: string }) => c.id);
    const ballots = await Promise.all(homes.map((tok, i) => t.call('councils', 'castVote', { voteId: voting.voteId, candidateId: i % 2 ? c6 : c7 }, tok)));
    expect(ballots.every((b) => b.body.ok)).toBe(true);
    clock.freeze(at(44));
    await Promise.all([councils.runTimer('tick'), councils.runTimer('tick')]);
    const closed = ok(await t.call('councils', 'vote', { voteId: voting.voteId }));
    expect(closed.candidates.map((c: { votes: number; honoured: boolean }) => [c.votes, c.honoured])).toEqual([[15, true], [15, true]]);
    const done = ok(await t.call('councils', 'honour', { honourId: h.id }));
    expect(done.winners).toHaveLength(2);
    expect(await t.count('councilHonoured', { honourId: h.id })).toBe(2);
    const mine = ok(await t.call('councils', 'myHonours', {}, homes[6]!));
    expect(mine.honours).toEqual([{ title: '最美志愿者', year: 2026, villageName: '冯坊村', votes: 15 }]);
    // The seeded round of last year honoured the resident persona.
    expect(ok(await t.call('councils', 'myHonours', {}, resident)).honours.map((x: { title: string }) => x.title)).toContain('最美社区人');
    clock.freeze(NOW);
  }, 60_000);
});
