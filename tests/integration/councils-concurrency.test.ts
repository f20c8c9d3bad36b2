import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { councils } from '../../cloudfunctions/councils';
import { SYSTEM_ACTOR } from '../../cloudfunctions/councils/store';
import { finaliseVote } from '../../cloudfunctions/councils/votes';
import { database } from '../../cloudfunctions/_lib/db';
import type { CouncilVoteRecord } from '../../shared/domain/council-records';
import type { HouseholdRecord, UserRecord } from '../../shared/domain/records';
import { ok, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';
import { dispatchNow } from '../support/dispatch';

// Tuesday 8 December 2026, 10:00 in Qianyang.
const NOW = '2026-12-08T02:00:00.000Z';
const V = 'v-fengfang';

let t: TestRuntime;
const code = (r: CallResult) => (r.body.ok ? 'OK' : r.body.error.code);

/** `n` new households of 冯坊村, each with one confirmed member, written straight into the database and signed in. */
async function makeHouseholds(prefix: string, n: number, opts: { village?: string; confirmed?: boolean } = {}): Promise<{ tokens: string[]; households: string[] }> {
  const base = ((await t.runtime.db.collection('users').doc('r-fengfang-3').get()).data as UserRecord[])[0]!;
  const village = opts.village ?? V;
  const grid = village === V ? 'g-fengfang-1' : base.residence!.gridId;
  const path = village === V ? base.residence!.path : ['qianyang', 't-chengguan', village];
  const households: HouseholdRecord[] = Array.from({ length: n }, (_, i) => ({ _id: `${prefix}-h${i}`, unitId: village, gridId: grid!, path, headName: `户主${i}`, address: `${i}号`, resettled: false }));
  if (opts.confirmed !== false) await t.runtime.db.collection('households').add(households);
  const users: UserRecord[] = households.map((h, i) => ({
    ...base,
    _id: `${prefix}-${i}`,
    openid: `${prefix}-${i}`,
    name: `居民${i}`,
    roles: [],
    roleKeys: [],
    demo: false,
    residence: { unitId: village, gridId: grid, householdId: h._id, householdConfirmed: opts.confirmed !== false, path },
  }));
  await t.runtime.db.collection('users').add(users);
  const tokens: string[] = [];
  for (const u of users) tokens.push(await t.loginOpenid(u.openid));
  return { tokens, households: households.map((h) => h._id) };
}

/** A household vote opened on a member body's topic, by the chair of the turn. */
async function openHouseholdVote(title: string): Promise<string> {
  const cadre = await t.login('village-cadre');
  const topic = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-01', title, content: `${title}：请各户投票决定是否实施，费用由村集体承担。`, bodyKey: 'party', requestId: `raise-${title.length}-${Date.now()}` }, cadre));
  const council = ok(await t.call('councils', 'council', { villageId: V })).council;
  const due = council.due.key as string;
  const chairId = council.bodies.find((b: { key: string }) => b.key === due).representatives[0].id as string;
  const chair = await t.loginOpenid(`demo-${chairId}`);
  const m = ok(await t.call('councils', 'callMeeting', { villageId: V, bodyKey: due, date: '2026-12-15', time: '19:30', place: '村委会议室', topicIds: [topic.id], requestId: `call-${Date.now()}` }, chair));
  const opened = ok(await t.call('councils', 'decide', { meetingId: m.id, topicId: topic.id, text: `是否同意${title}`, days: 3 }, chair));
  return opened.topics[0].voteId as string;
}

let voters: { tokens: string[]; households: string[] };
let secondPhones: string[];
let outsiders: string[];
let unconfirmed: string[];

beforeAll(async () => {
  clock.freeze(NOW);
  t = await startTestRuntime();
  voters = await makeHouseholds('hv', 100);
  // A second member of the first 20 households (the same household voting from another phone).
  const base = ((await t.runtime.db.collection('users').doc('hv-0').get()).data as UserRecord[])[0]!;
  const seconds = voters.households.slice(0, 20).map((h, i) => ({ ...base, _id: `hv2-${i}`, openid: `hv2-${i}`, name: `家人${i}`, residence: { ...base.residence!, householdId: h } }));
  await t.runtime.db.collection('users').add(seconds);
  secondPhones = [];
  for (const s of seconds) secondPhones.push(await t.loginOpenid(s.openid));
  outsiders = (await makeHouseholds('xo', 15, { village: 'v-xijie' })).tokens;
  unconfirmed = (await makeHouseholds('uc', 5, { confirmed: false })).tokens;
}, 120_000);
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('councils: a household vote under load', () => {
  it('counts 100 households voting at once exactly once each, and nobody outside the electorate', async () => {
    const voteId = await openHouseholdVote('第一网格巷道硬化');
    const choices = voters.tokens.map((_, i) => (i % 5 === 0 ? 'disagree' : i % 7 === 0 ? 'abstain' : 'agree'));
    const crowd = [
      ...voters.tokens.map((tok, i) => t.call('councils', 'castVote', { voteId, choice: choices[i] }, tok)),
      ...secondPhones.map((tok) => t.call('councils', 'castVote', { voteId, choice: 'agree' }, tok)),
      ...outsiders.map((tok) => t.call('councils', 'castVote', { voteId, choice: 'agree' }, tok)),
      ...unconfirmed.map((tok) => t.call('councils', 'castVote', { voteId, choice: 'agree' }, tok)),
    ];
    const results = await Promise.all(crowd);
    const own = results.slice(0, 100).map(code);
    const second = results.slice(100, 120).map(code);
    const strangers = results.slice(120).map(code);
    // Every household's own vote counts; its second phone either lost the race (CONFLICT) or won it while
    // the first phone got CONFLICT: in each of the 20 households exactly one of the two was taken.
    for (let i = 0; i < 20; i++) expect([own[i], second[i]].filter((c) => c === 'OK')).toHaveLength(1);
    expect(own.slice(20).every((c) => c === 'OK')).toBe(true);
    expect([...own, ...second].filter((c) => c !== 'OK').every((c) => c === 'CONFLICT')).toBe(true);
    expect(strangers.every((c) => c === 'FORBIDDEN')).toBe(true);

    // Independent count, straight from the stored rows: 100 voters, one per household, 100 ballots.
    const voterRows = (await t.runtime.db.collection('councilVoters').where({ voteId }).limit(1000).get()).data as { voterKey: string; userId: string }[];
    expect(voterRows).toHaveLength(100);
    expect(new Set(voterRows.map((r) => r.voterKey))).toEqual(new Set(voters.households));
    expect(await t.count('councilBallots', { voteId })).toBe(100);
    const vote = ((await t.runtime.db.collection('councilVotes').doc(voteId).get()).data as CouncilVoteRecord[])[0]!;
    expect(vote.cast).toBe(100);

    // The household vote closes only when its days have run out; then final and reproducible from the ballots.
    const cadre = await t.login('village-cadre');
    expect(code(await t.call('councils', 'closeVote', { voteId }, cadre))).toBe('CONFLICT');
    clock.freeze(new Date(new Date(NOW).getTime() + 3 * DAY_MS + 60_000).toISOString());
    expect(code(await t.call('councils', 'castVote', { voteId, choice: 'agree' }, secondPhones[0]!))).toBe('CONFLICT');
    await Promise.all([councils.runTimer('tick'), councils.runTimer('tick')]);
    const closed = ok(await t.call('councils', 'vote', { voteId }));
    // What each household chose, for the households whose own phone won; the second phone chose 同意.
    const expected = { agree: 0, disagree: 0, abstain: 0 };
    own.forEach((c, i) => {
      const choice = c === 'OK' ? choices[i]! : 'agree';
      expected[choice as keyof typeof expected]++;
    });
    const ballots = (await t.runtime.db.collection('councilBallots').where({ voteId }).limit(1000).get()).data as { choice: keyof typeof expected }[];
    const fromBallots = { agree: 0, disagree: 0, abstain: 0 };
    for (const b of ballots) fromBallots[b.choice]++;
    expect(fromBallots).toEqual(expected);
    expect(closed.result).toMatchObject({ ...expected, cast: 100 });
    // 124 households in the village (24 seeded + 100), quorum half: 100 voted.
    expect(closed.electorateSize).toBe(124);
    expect(closed.result.outcome).toBe(expected.agree > 50 ? 'adopted' : 'rejected');
    // The close's audit entry rides on what the result changed until the dispatch timer writes it out.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'councils.closeVote', 'target.id': voteId })).toBe(1);

    // Closed is final: nothing changes it.
    const late = await Promise.all(voters.tokens.slice(0, 10).map((tok) => t.call('councils', 'castVote', { voteId, choice: 'disagree' }, tok)));
    expect(late.map(code).every((c) => c === 'CONFLICT')).toBe(true);
    expect(await t.count('councilBallots', { voteId })).toBe(100);
    expect(ok(await t.call('councils', 'vote', { voteId })).result).toEqual(closed.result);
    clock.freeze(NOW);
  }, 120_000);

  it('refuses every ballot that arrives after the close, while ballots are in flight: the result equals the ballots', async () => {
    const voteId = await openHouseholdVote('第二网格安装路灯');
    const inFlight = voters.tokens.slice(0, 80).map((tok) => t.call('councils', 'castVote', { voteId, choice: 'agree' }, tok));
    // The vote is closed (the timer's work, run directly) while the 80 ballots are arriving.
    for (let i = 0; i < 400; i++) {
      const v = ((await t.runtime.db.collection('councilVotes').doc(voteId).get()).data as CouncilVoteRecord[])[0]!;
      if (v.cast >= 20) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await finaliseVote(database(), voteId, SYSTEM_ACTOR, 'test-close-in-flight');
    const results = await Promise.all(inFlight);
    const accepted = results.filter((r) => r.body.ok).length;
    expect(results.filter((r) => !r.body.ok).every((r) => code(r) === 'CONFLICT')).toBe(true);
    const vote = ok(await t.call('councils', 'vote', { voteId }));
    expect(vote.status).toBe('closed');
    expect(vote.result.cast).toBe(accepted);
    expect(vote.result.agree).toBe(accepted);
    expect(await t.count('councilBallots', { voteId })).toBe(accepted);
    expect(await t.count('councilVoters', { voteId })).toBe(accepted);
    // The close really fell among the ballots: some were in before it, some refused after.
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThan(80);
  }, 120_000);

  it('counts each household once when 60 households support one topic at once, 20 of them from two phones', async () => {
    const resident = await t.login('resident');
    const topic = ok(await t.call('councils', 'raiseTopic', { villageId: V, itemCode: 'YS-05', title: '重阳节给老人办一桌饭', content: '重阳节想给村里八十岁以上的老人办一桌饭，大家出点力。', requestId: `raise-support-${Date.now()}` }, resident));
    const results = await Promise.all([...voters.tokens.slice(0, 60), ...secondPhones].map((tok) => t.call('councils', 'support', { topicId: topic.id }, tok)));
    expect(results.filter((r) => r.body.ok)).toHaveLength(60);
    expect(results.filter((r) => !r.body.ok).every((r) => code(r) === 'CONFLICT')).toBe(true);
    const rows = (await t.runtime.db.collection('councilSupports').where({ topicId: topic.id }).limit(1000).get()).data as { householdId: string }[];
    expect(new Set(rows.map((r) => r.householdId)).size).toBe(60);
    expect(rows).toHaveLength(60);
    expect(ok(await t.call('councils', 'topic', { topicId: topic.id })).supports).toBe(60);
  }, 120_000);
});
