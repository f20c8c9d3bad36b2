import type { Db } from '@cloudbase/database';
import type {
  CouncilBallotRecord,
  CouncilCovenantAckRecord,
  CouncilCovenantRecord,
  CouncilDecisionRecord,
  CouncilHonouredRecord,
  CouncilHonourRecord,
  CouncilNominationRecord,
  CouncilVoterRecord,
  CouncilFollowRecord,
  CouncilMeetingRecord,
  CouncilRecord,
  CouncilSupportRecord,
  CouncilTopicRecord,
  CouncilTurnRecord,
  CouncilVoteRecord,
} from '../../shared/domain/council-records';
import { addDays, chinaDate, chinaYear } from '../../shared/domain/china-time';
import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { findById, readAll } from '../../cloudfunctions/_lib/db';
import { ackIdOf, councilIdOf, covenantIdOf, decisionIdOf, followIdOf, honouredIdOf, nominationIdOf, supportIdOf, turnIdOf, voteIdOf, voterIdOf } from '../../cloudfunctions/councils/store';
import { COUNTY, DEMO_VILLAGE } from './geography';

/**
 * 冯坊村议事会 for the personas to walk through: five member bodies in rotation (the 党支部 chaired the
 * last meeting, the 居民代表 passed their turn and keep it, so the 驻村单位 is due); a resident's topic one
 * household short of its threshold (the resident persona's household can carry it); a member body's
 * topic on the agenda; the past meeting's minutes and its consensus decision being carried out.
 */
export async function seedCouncils(db: Db): Promise<void> {
  const now = clock.now();
  const iso = (daysAgo: number, hour = 10) => new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - daysAgo * DAY_MS + (hour - 8) * 3600_000).toISOString();
  const today = chinaDate(now);
  const village = (await findById<OrgUnitRecord>(db, COLLECTIONS.orgUnits.name, DEMO_VILLAGE))!;
  const settings = (await findById<{ supportThreshold: number }>(db, COLLECTIONS.councilSettings.name, COUNTY.id))!;
  const id = councilIdOf(DEMO_VILLAGE);
  const bodies: CouncilRecord['bodies'] = [
    { key: 'party', kind: 'party', name: '冯坊村党支部', representativeIds: ['village-cadre', 'grid-leader'] },
    { key: 'reps', kind: 'residents', name: '居民代表', representativeIds: ['resident', 'r-fengfang-1', 'r-fengfang-2'] },
    { key: 'unit', kind: 'unit', name: '驻村单位（冯坊小学）', representativeIds: ['pm-fengfang-1'] },
    { key: 'merchants', kind: 'merchants', name: '商户代表', representativeIds: ['r-fengfang-3'] },
    { key: 'worthies', kind: 'worthies', name: '乡贤', representativeIds: ['mediator'] },
  ];
  const order = bodies.map((b) => b.key);
  const council: CouncilRecord = {
    _id: id,
    villageId: DEMO_VILLAGE,
    villageName: village.name,
    path: village.path,
    name: '冯坊村议事会',
    secretaryId: 'village-cadre',
    secretaryName: '陈建军',
    bodies,
    order,
    // The 党支部 chaired turn 1; the 居民代表 passed turn 2 and keep it; the 驻村单位 is due.
    rotation: { nextKey: 'reps', owed: ['reps'], passedNow: ['reps'] },
    turnSeq: 2,
    updatedAt: iso(3),
    updatedById: 'village-cadre',
  };
  const meetingId = 'cm-seed-fengfang-1';
  const turns: CouncilTurnRecord[] = [
    { _id: turnIdOf(id, 1), councilId: id, villageId: DEMO_VILLAGE, path: village.path, seq: 1, bodyKey: 'party', bodyName: '冯坊村党支部', kind: 'chaired', meetingId, reason: null, byId: 'village-cadre', byName: '陈建军', at: iso(20) },
    { _id: turnIdOf(id, 2), councilId: id, villageId: DEMO_VILLAGE, path: village.path, seq: 2, bodyKey: 'reps', bodyName: '居民代表', kind: 'passed', meetingId: null, reason: '秋收农忙，几位代表这两周都在地里', byId: 'r-fengfang-1', byName: '居民代表', at: iso(3) },
  ];

  const topic = (t: Partial<CouncilTopicRecord> & Pick<CouncilTopicRecord, '_id' | 'itemCode' | 'itemTitle' | 'rule' | 'title' | 'content' | 'raisedBy' | 'status' | 'createdAt'>): CouncilTopicRecord => ({
    councilId: id,
    villageId: DEMO_VILLAGE,
    path: village.path,
    supports: 0,
    threshold: settings.supportThreshold,
    refusal: null,
    forwardTo: null,
    mergedInto: null,
    meetingId: null,
    voteId: null,
    decisionId: null,
    requestId: `seed-${t._id}`,
    updatedAt: t.createdAt,
    ...t,
  });
  const raiser = (await findById<UserRecord>(db, COLLECTIONS.users.name, 'r-fengfang-4'))!;
  const drains = topic({
    _id: 'ct-seed-drains',
    itemCode: 'YS-01',
    itemTitle: '村内道路、路灯等公共设施',
    rule: 'households',
    title: '第三网格排水沟清淤加盖',
    content: '第三网格巷道边的排水沟常年堵塞，一下雨就漫到路上，老人孩子走路容易滑倒。建议清淤后加盖水泥盖板。',
    raisedBy: { kind: 'resident', userId: raiser._id, name: raiser.name, gender: raiser.gender ?? null, bodyKey: null, bodyName: null },
    status: 'gathering',
    createdAt: iso(12),
  });
  const waste = topic({
    _id: 'ct-seed-waste',
    itemCode: 'YS-02',
    itemTitle: '环境卫生与村容村貌',
    rule: 'representatives',
    title: '垃圾集中收集点挪到村口',
    content: '现在的垃圾收集点紧挨第二网格住户，夏天气味大。建议挪到村口空地，并约定每周清运两次。',
    raisedBy: { kind: 'body', userId: 'village-cadre', name: '陈建军', gender: 'male', bodyKey: 'party', bodyName: '冯坊村党支部' },
    status: 'agenda',
    createdAt: iso(6),
  });
  const square = topic({
    _id: 'ct-seed-square',
    itemCode: 'YS-03',
    itemTitle: '公共空间的使用管理',
    rule: 'consensus',
    title: '文化广场晚上跳舞的时间和音量',
    content: '广场舞很热闹，但紧挨广场的几户反映晚上九点以后音响还很响，影响孩子写作业和老人休息。希望大家商量个办法。',
    raisedBy: { kind: 'resident', userId: 'r-fengfang-5', name: (await findById<UserRecord>(db, COLLECTIONS.users.name, 'r-fengfang-5'))!.name, gender: null, bodyKey: null, bodyName: null },
    status: 'decided',
    supports: settings.supportThreshold + 2,
    meetingId,
    decisionId: decisionIdOf('ct-seed-square'),
    createdAt: iso(30),
    updatedAt: iso(20),
  });

  const lights = topic({
    _id: 'ct-seed-lights',
    itemCode: 'YS-01',
    itemTitle: '村内道路、路灯等公共设施',
    rule: 'households',
    title: '村口到小学路段安装路灯',
    content: '孩子们冬天放学天已经黑了，村口到冯坊小学这一段没有路灯。建议安装八盏太阳能路灯，费用从村集体收入中列支。',
    raisedBy: { kind: 'body', userId: 'pm-fengfang-1', name: (await findById<UserRecord>(db, COLLECTIONS.users.name, 'pm-fengfang-1'))!.name, gender: null, bodyKey: 'unit', bodyName: '驻村单位（冯坊小学）' },
    status: 'voting',
    meetingId,
    voteId: 'cv-ct-seed-lights',
    createdAt: iso(26),
    updatedAt: iso(1),
  });
  const households = (await db.collection(COLLECTIONS.households.name).where({ unitId: DEMO_VILLAGE }).count()).total;
  const lightsVote: CouncilVoteRecord = {
    _id: 'cv-ct-seed-lights',
    kind: 'households',
    councilId: id,
    villageId: DEMO_VILLAGE,
    path: village.path,
    subject: { kind: 'topic', id: lights._id },
    topicId: lights._id,
    meetingId,
    question: '是否同意在村口到冯坊小学路段安装八盏太阳能路灯，费用由村集体收入列支',
    secret: false,
    electorateIds: [],
    electorateSize: households,
    quorum: 0.5,
    majority: 0.5,
    opensAt: iso(1),
    closesAt: new Date(new Date(iso(1)).getTime() + 7 * DAY_MS).toISOString(),
    status: 'open',
    cast: 0,
    result: null,
    openedById: 'village-cadre',
    createdAt: iso(1),
  };

  // Households of 冯坊村 with someone registered, the resident persona's own left out so she can tip it over.
  const residents = await readAll<UserRecord>(db, COLLECTIONS.users.name, { 'residence.unitId': DEMO_VILLAGE });
  const byHousehold = new Map<string, string>();
  for (const u of residents) {
    const h = u.residence?.householdId;
    if (h && u.residence!.householdConfirmed && u._id !== 'resident' && !byHousehold.has(h) && h !== 'h-fengfang-1-01') byHousehold.set(h, u._id);
  }
  const supporters = [...byHousehold.entries()];
  const supports: CouncilSupportRecord[] = [];
  const near = Math.min(settings.supportThreshold - 1, supporters.length);
  supporters.slice(0, near).forEach(([householdId, userId], i) => supports.push({ _id: supportIdOf(drains._id, householdId), topicId: drains._id, householdId, userId, fromTopicId: null, at: iso(11 - (i % 10)) }));
  supporters.slice(0, square.supports).forEach(([householdId, userId]) => supports.push({ _id: supportIdOf(square._id, householdId), topicId: square._id, householdId, userId, fromTopicId: null, at: iso(28) }));
  drains.supports = near;
  square.supports = Math.min(square.supports, supporters.length);

  const meeting: CouncilMeetingRecord = {
    _id: meetingId,
    councilId: id,
    villageId: DEMO_VILLAGE,
    path: village.path,
    chairKey: 'party',
    chairName: '冯坊村党支部',
    turnSeq: 1,
    date: chinaDate(iso(20)),
    time: '19:30',
    place: '村委会议室',
    topicIds: [square._id, lights._id],
    status: 'held',
    attendance: { party: ['village-cadre', 'grid-leader'], reps: ['resident', 'r-fengfang-1'], unit: ['pm-fengfang-1'], merchants: [], worthies: ['mediator'] },
    minutes: [
      {
        topicId: square._id,
        options: ['晚上九点前结束，音响调小', '换到村小学操场', '周末延长到九点半'],
        opinions: [
          { bodyKey: 'reps', bodyName: '居民代表', text: '跳舞的和住旁边的都是乡亲，九点结束大家都能接受。' },
          { bodyKey: 'unit', bodyName: '驻村单位（冯坊小学）', text: '学校操场晚上不开放，不便借用。' },
          { bodyKey: 'worthies', bodyName: '乡贤', text: '建议写进居民公约，请舞蹈队队长自己管音量。' },
        ],
        summary: '协商一致：每晚九点前结束，音响不超过约定音量；由居民代表牵头写成广场使用公约并张贴。',
        recordedById: 'village-cadre',
        recordedAt: iso(20, 21),
      },
      {
        topicId: lights._id,
        options: ['安装八盏太阳能路灯', '接入电网的普通路灯', '暂缓，等镇上统一安装'],
        opinions: [
          { bodyKey: 'unit', bodyName: '驻村单位（冯坊小学）', text: '学生冬季放学天黑，安全第一，希望尽快安装。' },
          { bodyKey: 'merchants', bodyName: '商户代表', text: '太阳能路灯不用交电费，后期省心。' },
        ],
        summary: '倾向安装太阳能路灯，涉及集体收入支出，交全体户代表投票。',
        recordedById: 'village-cadre',
        recordedAt: iso(20, 21),
      },
    ],
    calledById: 'village-cadre',
    calledByName: '陈建军',
    requestId: 'seed-meeting-1',
    createdAt: iso(24),
    updatedAt: iso(20, 21),
  };

  const steps: CouncilDecisionRecord['steps'] = [
    { id: 's1', title: '起草广场使用公约', dueDate: addDays(today, -10), progress: 100, note: '居民代表和舞蹈队一起商量定稿', doneAt: iso(12), overdueAlertedAt: null },
    { id: 's2', title: '公约张贴到广场公示栏', dueDate: addDays(today, 5), progress: 50, note: '已印好，等公示栏维修', doneAt: null, overdueAlertedAt: null },
    { id: 's3', title: '试行一个月后回访周边住户', dueDate: addDays(today, 35), progress: 0, note: null, doneAt: null, overdueAlertedAt: null },
  ];
  const decision: CouncilDecisionRecord = {
    _id: decisionIdOf(square._id),
    councilId: id,
    villageId: DEMO_VILLAGE,
    path: village.path,
    topicId: square._id,
    topicTitle: square.title,
    meetingId,
    chairKey: 'party',
    rule: 'consensus',
    voteId: null,
    text: '每晚九点前结束广场舞，音响音量按约定调小；由居民代表牵头写成广场使用公约张贴公示，试行一个月后回访。',
    responsibleKey: 'reps',
    responsibleName: '居民代表',
    steps,
    status: 'in-progress',
    nextDueDate: addDays(today, 5),
    ratingCount: 0,
    ratingSum: 0,
    decidedAt: iso(20, 21),
    doneAt: null,
    updatedAt: iso(12),
  };
  const follows: CouncilFollowRecord[] = [drains, waste, square, lights].map((t) => ({ _id: followIdOf(t._id, t.raisedBy.userId), topicId: t._id, userId: t.raisedBy.userId, at: t.createdAt }));

  // 居民公约, first version, adopted by a household vote last spring; a few households acknowledged it.
  const clauses = [
    '爱党爱国，遵纪守法，不信谣、不传谣，远离黄赌毒和封建迷信活动。',
    '孝老爱亲，赡养老人，关爱未成年人，家庭和睦，邻里互助。',
    '红白喜事简办，婚事新办、丧事简办，不大操大办，不索要高额彩礼。',
    '门前三包：房前屋后不乱堆柴草杂物，垃圾分类投放到收集点。',
    '爱护公共设施，不占用巷道和公共场地，广场活动晚上九点前结束。',
    '文明养犬，出门拴绳，及时清理粪便。',
    '秸秆不焚烧，电线不私拉乱接，用火用电注意安全。',
    '诚实守信，按时缴纳水费、合作医疗等费用，不拖欠集体款项。',
  ];
  const covenant: CouncilCovenantRecord = {
    _id: covenantIdOf(DEMO_VILLAGE, 1),
    councilId: id,
    villageId: DEMO_VILLAGE,
    path: village.path,
    version: 1,
    title: '冯坊村居民公约',
    clauses: clauses.map((text, i) => ({ no: i + 1, text })),
    note: '首次制定，经村民代表会议讨论后交全体户代表投票',
    status: 'adopted',
    voteId: null,
    proposedById: 'village-cadre',
    proposedByName: '陈建军',
    createdAt: iso(260),
    adoptedAt: iso(250),
    acks: 0,
  };
  const acks: CouncilCovenantAckRecord[] = supporters.slice(0, 6).map(([householdId, userId]) => ({ _id: ackIdOf(covenant._id, householdId), covenantId: covenant._id, householdId, userId, at: iso(240) }));
  covenant.acks = acks.length;

  // 评选 最美社区人: last year's round, decided by the households (its ballots kept), and this year's, taking nominations.
  const last: CouncilHonourRecord = {
    _id: 'ch-seed-fengfang-last', councilId: id, villageId: DEMO_VILLAGE, villageName: village.name, path: village.path, title: '最美社区人', year: chinaYear(now) - 1, seats: 2,
    status: 'done', publicityEndsAt: iso(380), voteId: voteIdOf('ch-seed-fengfang-last'), tieRule: 'share', winners: [], createdById: 'village-cadre', requestId: 'seed-honour-last', createdAt: iso(400), updatedAt: iso(370),
  };
  const nom = (honourId: string, nomineeId: string, name: string, gender: 'female' | 'male' | null, reason: string, daysAgo: number): CouncilNominationRecord => ({
    _id: nominationIdOf(honourId, nomineeId), honourId, villageId: DEMO_VILLAGE, path: village.path, nomineeId, nomineeName: name, nomineeGender: gender, reason,
    nominatedBy: { kind: 'body', userId: 'village-cadre', name: '陈建军', bodyKey: 'party', bodyName: '冯坊村党支部' }, status: 'standing', openObjections: 0, withdrawnReason: null, createdAt: iso(daysAgo),
  });
  const lastNoms = [
    nom(last._id, 'resident', '张桂芳', 'female', '二十年如一日照顾瘫痪的婆婆，还常帮邻居家老人买药、送饭。', 398),
    nom(last._id, 'mediator', '马海龙', 'male', '义务调解邻里纠纷三十多起，谁家有矛盾都愿意找他说和。', 397),
    nom(last._id, 'r-fengfang-6', (await findById<UserRecord>(db, COLLECTIONS.users.name, 'r-fengfang-6'))!.name, null, '每天清早义务打扫村口到小学的路，风雨无阻。', 396),
  ];
  const counts = [8, 5, 2];
  const lastVote: CouncilVoteRecord = {
    _id: last.voteId!, kind: 'households', councilId: id, villageId: DEMO_VILLAGE, path: village.path, subject: { kind: 'honour', id: last._id }, topicId: null, meetingId: null,
    question: `${last.year}年度最美社区人（评 2 名，每户投一位）`, secret: true, electorateIds: [], electorateSize: households, quorum: 0.5, majority: 0.5,
    opensAt: iso(379), closesAt: iso(372), status: 'closed', cast: counts.reduce((s, n) => s + n, 0),
    result: { agree: 0, disagree: 0, abstain: 0, cast: counts.reduce((s, n) => s + n, 0), outcome: 'adopted', closedAt: iso(372), closedById: 'system' },
    openedById: 'village-cadre', createdAt: iso(379), candidates: lastNoms.map((n) => n._id), candidateCounts: Object.fromEntries(lastNoms.map((n, i) => [n._id, counts[i]!])),
  };
  last.winners = [lastNoms[0]!._id, lastNoms[1]!._id];
  const voterHouseholds = [...new Set(residents.map((u) => u.residence?.householdId).filter((h): h is string => !!h))];
  const lastVoters: CouncilVoterRecord[] = [];
  const lastBallots: CouncilBallotRecord[] = [];
  counts.forEach((n, ci) => {
    for (let k = 0; k < n; k++) {
      const householdId = voterHouseholds[lastVoters.length]!;
      lastVoters.push({ _id: voterIdOf(lastVote._id, householdId), voteId: lastVote._id, voterKey: householdId, userId: residents.find((u) => u.residence?.householdId === householdId)!._id, choice: null, at: iso(375) });
      lastBallots.push({ _id: `cb-seed-${lastVoters.length}`, voteId: lastVote._id, choice: lastNoms[ci]!._id });
    }
  });
  const honoured: CouncilHonouredRecord[] = last.winners.map((wid, i) => {
    const n = lastNoms.find((x) => x._id === wid)!;
    return { _id: honouredIdOf(last._id, n.nomineeId), honourId: last._id, userId: n.nomineeId, title: last.title, year: last.year, villageName: village.name, votes: counts[i]!, at: iso(372) };
  });
  const current: CouncilHonourRecord = {
    _id: 'ch-seed-fengfang', councilId: id, villageId: DEMO_VILLAGE, villageName: village.name, path: village.path, title: '最美社区人', year: chinaYear(now), seats: 3,
    status: 'nominating', publicityEndsAt: null, voteId: null, tieRule: 'share', winners: [], createdById: 'village-cadre', requestId: 'seed-honour', createdAt: iso(5), updatedAt: iso(5),
  };
  const currentNoms = [nom(current._id, 'supervisor', '杨淑珍', 'female', '担任村务监督委员六年，每笔账都逐笔核对，村民信得过。', 4)];

  await db.collection(COLLECTIONS.councilCovenants.name).add(covenant);
  for (const a of acks) await db.collection(COLLECTIONS.councilCovenantAcks.name).add(a);
  for (const h of [last, current]) await db.collection(COLLECTIONS.councilHonours.name).add(h);
  for (const n of [...lastNoms, ...currentNoms]) await db.collection(COLLECTIONS.councilNominations.name).add(n);
  await db.collection(COLLECTIONS.councilVotes.name).add(lastVote);
  for (const v of lastVoters) await db.collection(COLLECTIONS.councilVoters.name).add(v);
  for (const b of lastBallots) await db.collection(COLLECTIONS.councilBallots.name).add(b);
  for (const r of honoured) await db.collection(COLLECTIONS.councilHonoured.name).add(r);

  await db.collection(COLLECTIONS.councils.name).add(council);
  for (const t of turns) await db.collection(COLLECTIONS.councilTurns.name).add(t);
  await db.collection(COLLECTIONS.councilVotes.name).add(lightsVote);
  for (const t of [drains, waste, square, lights]) await db.collection(COLLECTIONS.councilTopics.name).add(t);
  for (const s of supports) await db.collection(COLLECTIONS.councilSupports.name).add(s);
  for (const f of follows) await db.collection(COLLECTIONS.councilFollows.name).add(f);
  await db.collection(COLLECTIONS.councilMeetings.name).add(meeting);
  await db.collection(COLLECTIONS.councilDecisions.name).add(decision);
}
