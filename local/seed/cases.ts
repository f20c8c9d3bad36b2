/**
 * Demo data for 六类四单 dispute cases (the case config and routing rules come from the county file): the
 * handlers the chain needs (a cadre for every town, a mediation committee member for every village,
 * town and the county), the demo village's cases the personas act on, and a year of cases across
 * the seven towns shaped like Qianyang's figures (845 resolved a year, 81.78% of the six common
 * types, most settled in the village) so the figures page means something.
 */
import type { Db } from '@cloudbase/database';
import type { Role } from '../../shared/contracts/auth';
import {
  LEVEL_LABELS,
  partiesKey,
  RISK_LABELS,
  SATISFACTION_LABELS,
  urgencyRank,
  type CaseLevel,
  type RiskLevel,
  type Satisfaction,
  type Urgency,
} from '../../shared/domain/case-catalogue';
import { committeeFor } from '../../shared/domain/case-access';
import { checkAssessedLevel, routeCase } from '../../shared/domain/case-routing';
import { chinaDate, chinaMonth, chinaYear } from '../../shared/domain/china-time';
import { clockFor, daysBetween } from '../../shared/domain/case-deadlines';
import type { CaseRecord, CaseTimelineEntry } from '../../shared/domain/case-records';
import type { CaseStatus, CaseTimelineEvent } from '../../shared/domain/case-state';
import { maskPhone } from '../../shared/domain/masking';
import type { UserRecord } from '../../shared/domain/records';
import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { COUNTY, DEMO_GRID, DEMO_VILLAGE, personName, QIANYANG, TOWNS } from './geography';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';

const HOUR = 3600_000;
/** The county's dispute types and time limits, as provisioned. */
const CASE_CONFIG = QIANYANG.cases;
const GENERATED = 330;
/** Qianyang's share of the six common types among disputes: 691 of 845. */
const COMMON_SHARE = 691 / 845;

interface Place {
  townId: string;
  townName: string;
  villageId: string;
  villageName: string;
  gridId: string;
  gridName: string;
  path: string[];
}

function placesOf(): Place[] {
  const out: Place[] = [];
  for (const town of TOWNS) {
    for (const v of town.villages) {
      for (const g of v.grids) {
        out.push({
          townId: town.id,
          townName: town.name,
          villageId: v.id,
          villageName: v.name,
          gridId: g.id,
          gridName: g.name,
          path: [COUNTY.id, town.id, v.id, g.id],
        });
      }
    }
  }
  return out;
}

/** mulberry32: the same numbers on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of weighted) {
    x -= w;
    if (x < 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}

const STORIES: Record<string, { text: string; place: string; amountYuan: [number, number] }[]> = {
  'marriage-family': [
    { text: '老两口因赡养费分摊和子女发生争执，三个儿子互相推诿，老人情绪激动。', place: '村民家中', amountYuan: [0, 0] },
    { text: '夫妻因外出务工收入分配长期争吵，女方回娘家不归，双方家长也起了冲突。', place: '村委会调解室', amountYuan: [0, 0] },
    { text: '兄弟分家时对父母留下的老宅分配意见不一，多次争吵。', place: '老宅院内', amountYuan: [20_000, 80_000] },
  ],
  neighbourhood: [
    { text: '两户相邻，一方修建围墙占了共用通道，另一方的三轮车进不了院子。', place: '巷道口', amountYuan: [0, 0] },
    { text: '邻居家屋顶排水直接流到本户院墙根，墙体受潮开裂，多次协商未果。', place: '两户院墙之间', amountYuan: [1_000, 5_000] },
    { text: '邻居家养的狗经常夜里叫，还咬伤过路过的孩子，双方因此争吵。', place: '村道旁', amountYuan: [500, 3_000] },
    { text: '两户为门前堆放柴草、农机占道的问题吵了起来，差点动手。', place: '村中主路', amountYuan: [0, 0] },
  ],
  'land-rights': [
    { text: '承包地地界不清，一方耕种时越过地界两垄，另一方要求退还。', place: '村北塬地', amountYuan: [0, 0] },
    { text: '苹果园流转合同到期，原承包户不愿交还土地，双方对果树补偿有分歧。', place: '南坡果园', amountYuan: [10_000, 60_000] },
    { text: '宅基地边界争议，一户翻建新房时地基超出原界址。', place: '新建房屋处', amountYuan: [0, 0] },
  ],
  labour: [
    { text: '在本地养殖场务工的村民被拖欠三个月工资，老板以效益不好为由推迟支付。', place: '养殖场', amountYuan: [6_000, 30_000] },
    { text: '建筑工地包工头拖欠同村十几名工人工钱，年底讨薪无果。', place: '镇上工地', amountYuan: [20_000, 90_000] },
    { text: '果园雇工采摘苹果，结算时对工时和单价有争议。', place: '果园', amountYuan: [1_500, 6_000] },
  ],
  damages: [
    { text: '村道上电动三轮车与摩托车相撞，一人轻伤，对医药费赔偿有争议。', place: '村口路段', amountYuan: [3_000, 20_000] },
    { text: '邻居家的羊跑进麦地啃食青苗，损失赔偿谈不拢。', place: '村东麦地', amountYuan: [800, 4_000] },
    { text: '施工车辆压坏了村民家的水管和院门，施工方只愿意赔一部分。', place: '村民院门前', amountYuan: [2_000, 12_000] },
  ],
  contract: [
    { text: '购买的苹果树苗成活率不到一半，与苗木商对退赔发生纠纷。', place: '镇农资市场', amountYuan: [5_000, 40_000] },
    { text: '农机作业费已付，对方只收割了一半就离开，要求退还费用。', place: '村西麦田', amountYuan: [1_000, 6_000] },
    { text: '合伙开办的农家乐散伙，对投资和账目清算有分歧。', place: '农家乐', amountYuan: [30_000, 150_000] },
  ],
  other: [
    { text: '广场舞音响声音过大，影响附近居民休息，双方多次争吵。', place: '社区广场', amountYuan: [0, 0] },
    { text: '对村里公益岗位人选有意见，认为分配不公，情绪较大。', place: '村委会', amountYuan: [0, 0] },
    { text: '物业费收取标准有争议，部分住户拒交。', place: '小区物业办公室', amountYuan: [0, 2_000] },
  ],
};

const TYPE_WEIGHTS: [string, number][] = [
  ['neighbourhood', 30],
  ['marriage-family', 22],
  ['land-rights', 18],
  ['damages', 12],
  ['labour', 10],
  ['contract', 8],
];

const SESSION_TEXT = [
  '分别听取双方意见，讲清相关法律规定，双方情绪趋于平稳。',
  '请村里老党员和双方亲属一起参加，摆事实讲道理，双方各退一步。',
  '实地查看现场，对照有关政策和原始凭证，提出调解方案。',
];
const AGREEMENT_TEXT = [
  '双方同意按调解方案执行，当场签字，互不再追究。',
  '责任方分两次付清赔偿款，第一笔当场支付。',
  '按原界址恢复，由村委会监督执行。',
];
const FAIL_TEXT = ['双方分歧较大，村级调解未能达成一致', '涉及部门职能，需上级协调'];

function phoneFor(n: number): string {
  return `1${[3, 5, 7, 8, 9][n % 5]}${String(100_000_000 + ((n * 7_919_351) % 900_000_000)).slice(0, 9)}`;
}

interface Handlers {
  name(id: string, fallback: string): string;
}

interface Story {
  id: string;
  place: Place;
  type: string;
  typeLabel: string;
  common: boolean;
  text: string;
  where: string;
  amountFen: number;
  urgency: Urgency;
  parties: { name: string; phone: string | null }[];
  reporter: { id: string; name: string };
  onBehalfOf?: string | null;
  createdAt: number;
  risk: RiskLevel;
  /** Levels the case went through, in order (one failed mediation per step up). */
  levels: CaseLevel[];
  outcome: 'agreed' | 'resolved' | 'open-screened' | 'open-mediating' | 'unresolved';
  /** Days from intake to agreement. */
  daysToAgree: number;
  satisfaction: Satisfaction;
  /** Open cases: the level clock started this long after intake (days). */
  previousCaseIds?: string[];
}

/** Builds the stored case from its story, with the timeline the sheets would have written. */
function buildCase(s: Story, h: Handlers, now: number): CaseRecord {
  const iso = (t: number) => new Date(Math.min(t, now)).toISOString();
  const timeline: CaseTimelineEntry[] = [];
  const at0 = s.createdAt;
  const villageCadre = { id: `cadre-${s.place.villageId}`, name: h.name(`cadre-${s.place.villageId}`, '村干部') };
  const mediatorAt = (level: CaseLevel) => {
    const unit = committeeFor(level, s.place.path);
    const id = unit === DEMO_VILLAGE ? 'mediator' : `mediator-${unit}`;
    return { id, name: h.name(id, '调解员') };
  };
  const cadreAt = (level: CaseLevel) => {
    if (level === 'village') return s.place.villageId === DEMO_VILLAGE ? { id: 'village-cadre', name: h.name('village-cadre', '村干部') } : villageCadre;
    if (level === 'town') {
      const id = s.place.townId === 't-chengguan' ? 'town-cadre' : `cadre-${s.place.townId}`;
      return { id, name: h.name(id, '镇干部') };
    }
    return { id: 'county-admin', name: h.name('county-admin', '县干部') };
  };
  const push = (t: number, action: CaseTimelineEvent, who: { id: string; name: string }, level: CaseLevel, note: string | null) =>
    timeline.push({ at: iso(t), action, actorId: who.id, actorName: who.name, level, note });

  push(at0, 'screen', s.reporter, 'village', s.onBehalfOf ? `代${s.onBehalfOf}登记` : null);
  const assessedLevel = s.levels[0]!;
  const proposal = routeCase({ type: s.type, risk: s.risk, amountFen: s.amountFen, parties: s.parties.length, repeat: Boolean(s.previousCaseIds?.length) }, QIANYANG.cases.routingRules);
  const assessAt = at0 + 6 * HOUR;
  const assessed = s.outcome !== 'open-screened';
  const sessions: CaseRecord['sessions'] = [];
  const outcomes: CaseRecord['outcomes'] = [];
  const followUps: CaseRecord['followUps'] = [];
  const settled = s.outcome === 'agreed' || s.outcome === 'resolved';
  const agreeAt = at0 + s.daysToAgree * DAY_MS;
  const span = (settled ? agreeAt : now) - assessAt;
  let levelSince = at0;
  let level: CaseLevel = 'village';
  if (assessed) {
    const assessor = cadreAt('village');
    push(assessAt, 'assess', assessor, assessedLevel, `风险${RISK_LABELS[s.risk]}，${LEVEL_LABELS[assessedLevel]}办理`);
    if (assessedLevel !== 'village') levelSince = assessAt;
    level = assessedLevel;
    s.levels.forEach((lv, i) => {
      const step = span / s.levels.length;
      const start = assessAt + step * i;
      const mediator = mediatorAt(lv);
      const date = chinaDate(new Date(start + step * 0.4));
      const open = !settled && i === s.levels.length - 1 && s.outcome !== 'unresolved';
      if (!(open && now - start < DAY_MS)) {
        const summary = SESSION_TEXT[(i + s.text.length) % SESSION_TEXT.length]!;
        sessions.push({ at: iso(start + step * 0.4), date, level: lv, mediatorName: mediator.name, participants: s.parties.map((p) => p.name), summary, byId: mediator.id });
        push(start + step * 0.4, 'recordSession', mediator, lv, `${date} ${mediator.name}主持：${summary}`);
      }
      const last = i === s.levels.length - 1;
      if (!last || s.outcome === 'unresolved') {
        const reason = FAIL_TEXT[i % FAIL_TEXT.length]!;
        const end = start + step * 0.9;
        outcomes.push({ at: iso(end), level: lv, outcome: 'failed', agreement: null, signedBy: [], reason, byName: mediator.name });
        const up = s.levels[i + 1];
        push(end, 'fail', mediator, up ?? lv, up ? `${LEVEL_LABELS[lv]}调解未成：${reason}。上交${LEVEL_LABELS[up]}` : `${reason}。已引导当事人通过诉讼、仲裁等法定途径解决`);
        if (up) {
          levelSince = end;
          level = up;
        }
      } else if (settled) {
        const agreement = AGREEMENT_TEXT[s.text.length % AGREEMENT_TEXT.length]!;
        outcomes.push({ at: iso(agreeAt), level: lv, outcome: 'agreed', agreement, signedBy: s.parties.map((p) => p.name), reason: null, byName: mediator.name });
        push(agreeAt, 'agree', mediator, lv, `协议：${agreement}`);
      }
    });
  }
  const followUpDue = agreeAt + CASE_CONFIG.followUpDays * DAY_MS;
  if (s.outcome === 'resolved') {
    const visitor = s.place.gridId === DEMO_GRID ? { id: 'grid-leader', name: h.name('grid-leader', '网格长') } : cadreAt('village');
    followUps.push({ at: iso(followUpDue), byId: visitor.id, byName: visitor.name, held: true, satisfaction: s.satisfaction, note: null });
    push(followUpDue, 'followUpHeld', visitor, level, SATISFACTION_LABELS[s.satisfaction]);
  }
  const status: CaseStatus =
    s.outcome === 'open-screened' ? 'screened' : s.outcome === 'open-mediating' ? 'mediating' : s.outcome;
  const open = status === 'screened' || status === 'mediating';
  const timer = clockFor(level, new Date(levelSince).toISOString(), CASE_CONFIG);
  const nowIso = new Date(now).toISOString();
  // A case inside its last day is warned by the timer's first run; overdue ones are escalated by it instead.
  const warnAt = timer.deadlineAt > nowIso ? timer.warnAt : null;
  const committeeId = committeeFor(level, s.place.path);
  const committeeIds = [...new Set(s.levels.slice(0, s.levels.indexOf(level) + 1).map((l) => committeeFor(l, s.place.path)))];
  return {
    _id: s.id,
    countyId: COUNTY.id,
    townId: s.place.townId,
    villageId: s.place.villageId,
    gridId: s.place.gridId,
    path: s.place.path,
    unitName: s.place.villageName,
    gridName: s.place.gridName,
    type: s.type,
    typeLabel: s.typeLabel,
    common: s.common,
    description: s.text,
    amountFen: s.amountFen,
    urgency: s.urgency,
    urgencyRank: urgencyRank(s.urgency),
    parties: s.parties.map((p) => ({ name: p.name, phone: p.phone, phoneMasked: maskPhone(p.phone) })),
    partiesKey: partiesKey(s.place.villageId, s.parties.map((p) => p.name)),
    previousCaseIds: s.previousCaseIds ?? [],
    repeat: Boolean(s.previousCaseIds?.length),
    reporterId: s.reporter.id,
    reporterName: s.reporter.name,
    status,
    level,
    risk: assessed ? s.risk : null,
    committeeId,
    committeeIds: committeeIds.length ? committeeIds : [committeeId],
    deadlineAt: open ? timer.deadlineAt : null,
    warnAt: open ? warnAt : null,
    escalateAt: open ? (level === 'county' && timer.deadlineAt <= nowIso ? null : timer.escalateAt) : null,
    escalations: s.levels.length - 1,
    followUpDueAt: status === 'agreed' ? new Date(followUpDue).toISOString() : null,
    followUpNoticeAt: status === 'agreed' ? new Date(followUpDue).toISOString() : null,
    screening: { at: iso(at0), byId: s.reporter.id, byName: s.reporter.name, onBehalfOf: s.onBehalfOf ?? null, place: s.where },
    assessment: assessed
      ? {
          at: iso(assessAt),
          byId: cadreAt('village').id,
          byName: cadreAt('village').name,
          risk: s.risk,
          // What the county's rules propose for these facts, as cases.assess records it: the preview of an edit
          // (cases.previewRouting) compares against it, so an unchanged rule set moves no seeded case.
          proposedLevel: proposal.level,
          proposedExplanation: proposal.explanation,
          matchedRuleIds: proposal.matched.map((m) => m.id),
          level: assessedLevel,
          lowerReason: checkAssessedLevel(proposal.level, assessedLevel, null) === 'needs-reason' ? '双方都在本村，村调委会熟悉情况，先行调解' : null,
          note: null,
        }
      : null,
    sessions,
    outcomes,
    followUps,
    resolvedAt: settled ? iso(agreeAt) : null,
    resolvedLevel: settled ? level : null,
    daysToResolve: settled ? daysBetween(iso(at0), iso(agreeAt)) : null,
    satisfaction: s.outcome === 'resolved' ? s.satisfaction : null,
    month: chinaMonth(iso(at0)),
    timeline: timeline.sort((a, b) => (a.at < b.at ? -1 : 1)),
    requestId: null,
    createdAt: iso(at0),
    updatedAt: timeline[timeline.length - 1]!.at,
  };
}

/** The handlers the chain needs beyond the personas: town cadres, and a mediator per committee. */
function chainUsers(now: Date): UserRecord[] {
  const year = chinaYear(now);
  const created = new Date(now.getTime() - 200 * DAY_MS).toISOString();
  const user = (id: string, name: string, persona: UserRecord['persona'], role: Role, unitId: string, age: number): UserRecord => ({
    _id: id,
    openid: `demo-${id}`,
    name,
    persona,
    roles: [{ role, unitId }],
    roleKeys: [`${role}@${unitId}`],
    residence: null,
    resettled: false,
    birthYear: year - age,
    phoneMasked: null,
    demo: false,
    createdAt: created,
  });
  const out: UserRecord[] = [];
  let n = 700;
  for (const town of TOWNS) {
    if (town.id !== 't-chengguan') out.push(user(`cadre-${town.id}`, personName(n++), 'town-cadre', 'town-cadre', town.id, 38 + (n % 12)));
    out.push(user(`mediator-${town.id}`, personName(n++), 'mediator', 'mediator', town.id, 50 + (n % 10)));
    for (const v of town.villages) {
      if (v.id === DEMO_VILLAGE) continue;
      out.push(user(`mediator-${v.id}`, personName(n++), 'mediator', 'mediator', v.id, 52 + (n % 12)));
    }
  }
  out.push(user(`mediator-${COUNTY.id}`, personName(n++), 'mediator', 'mediator', COUNTY.id, 56));
  return out;
}

export function buildCaseSeed(now: Date, names: Map<string, string>): { cases: CaseRecord[]; users: UserRecord[] } {
  const users = chainUsers(now);
  for (const u of users) names.set(u._id, u.name);
  const h: Handlers = { name: (id, fallback) => names.get(id) ?? fallback };
  const t = now.getTime();
  const places = placesOf();
  const demo = (g: number) => places.find((p) => p.gridId === `g-fengfang-${g}`)!;
  const labels = new Map(CASE_CONFIG.types.map((x) => [x.code, x]));
  const story = (s: Omit<Story, 'typeLabel' | 'common'>): Story => ({ ...s, typeLabel: labels.get(s.type)!.label, common: labels.get(s.type)!.common });
  const who = (id: string) => ({ id, name: h.name(id, id) });

  // The demo village: cases the personas see and act on.
  const stories: Story[] = [
    story({ id: 'cs-demo-01', place: demo(1), type: 'neighbourhood', text: '邻居王家翻修房屋，把排水管接到了我家院墙根，下雨天院里积水，墙根都泡软了。', where: '冯坊村一组', amountFen: 300_000, urgency: 'urgent', parties: [{ name: '张桂芳', phone: '13891702461' }, { name: '王德胜', phone: '13572018806' }], reporter: who('resident'), createdAt: t - 3 * DAY_MS, risk: 'low', levels: ['village'], outcome: 'open-mediating', daysToAgree: 0, satisfaction: 'satisfied' }),
    story({ id: 'cs-demo-02', place: demo(1), type: 'marriage-family', text: '独居老人李秀英反映，两个儿子为赡养轮流的事闹翻，已经两个月没人给送粮送煤。', where: '李秀英家中', amountFen: 0, urgency: 'emergency', parties: [{ name: '李建国', phone: '15929870312' }, { name: '李建军', phone: null }, { name: '李秀英', phone: null }], reporter: who('grid-leader'), onBehalfOf: '李秀英', createdAt: t - 20 * HOUR, risk: 'medium', levels: ['village'], outcome: 'open-screened', daysToAgree: 0, satisfaction: 'satisfied' }),
    story({ id: 'cs-demo-03', place: demo(2), type: 'land-rights', text: '两户对承包地地界各执一词，去年已调解过一次，今年春耕又因为地界吵了起来。', where: '村北塬地', amountFen: 0, urgency: 'urgent', parties: [{ name: '冯永红', phone: '13609171122' }, { name: '赵金山', phone: '18710765543' }], reporter: who('village-cadre'), createdAt: t - 9 * DAY_MS, risk: 'medium', levels: ['village', 'town'], outcome: 'open-mediating', daysToAgree: 0, satisfaction: 'satisfied', previousCaseIds: ['cs-demo-07'] }),
    story({ id: 'cs-demo-04', place: demo(3), type: 'damages', text: '电动三轮车在村道上刮倒了骑自行车的老人，老人手腕骨折，医药费怎么赔双方没谈拢。', where: '村口路段', amountFen: 1_200_000, urgency: 'normal', parties: [{ name: '宋宝成', phone: '13289170045' }, { name: '马凤英', phone: '13992761108' }], reporter: who('r-fengfang-3'), createdAt: t - 12 * DAY_MS, risk: 'low', levels: ['village'], outcome: 'agreed', daysToAgree: 4, satisfaction: 'satisfied' }),
    story({ id: 'cs-demo-05', place: demo(2), type: 'labour', text: '在本村合作社干活的五位村民，两个月工钱没结，合作社说等苹果款回笼再付。', where: '苹果合作社', amountFen: 1_800_000, urgency: 'urgent', parties: [{ name: '千阳县冯坊苹果合作社', phone: '09178821306' }, { name: '陈海燕', phone: '15009172231' }], reporter: who('village-cadre'), createdAt: t - 6 * DAY_MS - 12 * HOUR, risk: 'medium', levels: ['village'], outcome: 'open-mediating', daysToAgree: 0, satisfaction: 'satisfied' }),
    story({ id: 'cs-demo-06', place: demo(1), type: 'neighbourhood', text: '两户为门前堆放柴草占道的问题争吵，经调解已各自清理。', where: '冯坊村一组巷道', amountFen: 0, urgency: 'normal', parties: [{ name: '刘淑芬', phone: '13772145520' }, { name: '郭长江', phone: null }], reporter: who('grid-leader'), createdAt: t - 40 * DAY_MS, risk: 'low', levels: ['village'], outcome: 'resolved', daysToAgree: 2, satisfaction: 'satisfied' }),
    story({ id: 'cs-demo-07', place: demo(2), type: 'land-rights', text: '两户承包地地界不清，一方耕种时越过地界两垄。', where: '村北塬地', amountFen: 0, urgency: 'normal', parties: [{ name: '冯永红', phone: '13609171122' }, { name: '赵金山', phone: '18710765543' }], reporter: who('village-cadre'), createdAt: t - 300 * DAY_MS, risk: 'low', levels: ['village'], outcome: 'resolved', daysToAgree: 5, satisfaction: 'basic' }),
  ];

  // A year across the county, shaped like Qianyang's figures.
  const rnd = random(20_240_845);
  // The demo village's seven and the four overdue ones are all of the six types: count them in the share.
  const others = Math.round((GENERATED + 11) * (1 - COMMON_SHARE));
  const isOther = new Set<number>();
  while (isOther.size < others) isOther.add(Math.floor(rnd() * GENERATED));
  const townWeights: [string, number][] = TOWNS.map((x) => [x.id, x.id === 't-chengguan' ? 30 : 11.7]);
  let person = 900;
  for (let i = 0; i < GENERATED; i++) {
    const type = isOther.has(i) ? 'other' : pick(rnd, TYPE_WEIGHTS);
    const townId = pick(rnd, townWeights);
    const townPlaces = places.filter((p) => p.townId === townId && p.villageId !== DEMO_VILLAGE);
    const place = townPlaces[Math.floor(rnd() * townPlaces.length)]!;
    const tale = STORIES[type]![Math.floor(rnd() * STORIES[type]!.length)]!;
    const [lo, hi] = tale.amountYuan;
    const amountFen = hi > 0 ? Math.round((lo + rnd() * (hi - lo)) / 100) * 100 * 100 : 0;
    const daysAgo = 2 + Math.floor(rnd() * 362);
    const resolvedLevel = pick<CaseLevel>(rnd, [['village', 84], ['town', 13], ['county', 3]]);
    const escalatedPath: CaseLevel[] = resolvedLevel === 'village' ? ['village'] : resolvedLevel === 'town' ? (rnd() < 0.5 ? ['village', 'town'] : ['town']) : rnd() < 0.5 ? ['town', 'county'] : ['county'];
    const risk: RiskLevel = resolvedLevel === 'county' ? 'major' : resolvedLevel === 'town' ? pick(rnd, [['high', 2], ['medium', 1]]) : pick(rnd, [['low', 3], ['medium', 1]]);
    const spanDays = { village: [1, 6], town: [6, 18], county: [12, 35] }[resolvedLevel] as [number, number];
    const daysToAgree = Math.round((spanDays[0] + rnd() * (spanDays[1] - spanDays[0])) * 10) / 10;
    let outcome: Story['outcome'];
    if (daysAgo < daysToAgree + 1) outcome = daysAgo < 1.5 ? 'open-screened' : 'open-mediating';
    else if (daysAgo < daysToAgree + CASE_CONFIG.followUpDays) outcome = 'agreed';
    else outcome = rnd() < 0.012 ? 'unresolved' : 'resolved';
    const nParties = type === 'labour' && rnd() < 0.3 ? 3 : 2;
    const parties = Array.from({ length: nParties }, () => {
      const n = person++;
      return { name: personName(n), phone: n % 4 === 3 ? null : phoneFor(n) };
    });
    const reporterId = rnd() < 0.5 ? `cadre-${place.villageId}` : `r-${place.villageId}`;
    stories.push(
      story({
        id: `cs-seed-${String(i + 1).padStart(3, '0')}`,
        place,
        type,
        text: tale.text,
        where: tale.place,
        amountFen,
        urgency: pick<Urgency>(rnd, [['normal', 6], ['urgent', 3], ['emergency', 1]]),
        parties,
        reporter: { id: reporterId, name: h.name(reporterId, '村民') },
        createdAt: t - daysAgo * DAY_MS - Math.floor(rnd() * 8) * HOUR,
        risk: outcome === 'unresolved' ? 'high' : risk,
        levels: outcome === 'unresolved' ? ['village', 'town', 'county'] : escalatedPath,
        outcome,
        daysToAgree,
        satisfaction: pick<Satisfaction>(rnd, [['satisfied', 88], ['basic', 10], ['unsatisfied', 2]]),
      }),
    );
  }
  // Two overdue village cases the timer escalates on its first run, and two county cases past their limit.
  const overdue = (id: string, townId: string, level: CaseLevel, days: number): Story => {
    const place = places.find((p) => p.townId === townId && p.villageId !== DEMO_VILLAGE)!;
    return story({
      id,
      place,
      type: 'contract',
      text: '合伙开办的农家乐散伙，对投资和账目清算有分歧，多次协商无果。',
      where: '农家乐',
      amountFen: level === 'county' ? 68_000_000 : 2_600_000,
      urgency: 'urgent',
      parties: [{ name: personName(person++), phone: phoneFor(person) }, { name: personName(person++), phone: phoneFor(person) }],
      reporter: who(`cadre-${place.villageId}`),
      createdAt: t - days * DAY_MS,
      risk: level === 'county' ? 'major' : 'medium',
      levels: [level],
      outcome: 'open-mediating',
      daysToAgree: 0,
      satisfaction: 'satisfied',
    });
  };
  stories.push(overdue('cs-seed-overdue-1', 't-nanzhai', 'village', 9), overdue('cs-seed-overdue-2', 't-gaoya', 'village', 8));
  stories.push(overdue('cs-seed-overdue-3', 't-cuijiatou', 'county', 33), overdue('cs-seed-overdue-4', 't-caobi', 'county', 31));
  return { cases: stories.map((s) => buildCase(s, h, t)), users };
}

export async function seedCases(db: Db): Promise<void> {
  const now = clock.now();
  const existing = await db.collection(COLLECTIONS.users.name).where({ persona: db.command.in(['village-cadre', 'town-cadre', 'county-admin', 'mediator', 'grid-leader', 'resident', 'resettled']) }).field({ _id: true, name: true }).limit(1000).get();
  const names = new Map((existing.data as { _id: string; name: string }[]).map((u) => [u._id, u.name]));
  const { cases, users } = buildCaseSeed(now, names);
  await db.collection(COLLECTIONS.users.name).add(users);
  for (let i = 0; i < cases.length; i += 100) await db.collection(COLLECTIONS.cases.name).add(cases.slice(i, i + 100));
}
