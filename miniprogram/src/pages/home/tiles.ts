import type { Role, TodoCounts, TodoKind, UserView } from '@shared/contracts/auth';
import type { IconName } from '../../components/Icon';
import { ROUTES } from '../../routes';

/**
 * The home page, as data: every tile a person may see, for whom, where it leads and which 待办
 * count it carries. A new feature adds its tile here (one entry); the page and its tests follow.
 * `show` must only let through people the tile's page serves (no tile opens a refusal).
 */
export interface HomeTile {
  id: string;
  label: string;
  hint: string;
  icon: IconName;
  /** A route of routes.ts (a tab page is reached with switchTab). */
  url: (user: UserView) => string;
  tab?: boolean;
  show: (user: UserView) => boolean;
  /** The auth.todo count shown on the tile; a tile with work waiting moves up into 我的待办. */
  todo?: TodoKind;
  /** The words of the count: 「3 条心愿待审核」. */
  todoText?: (n: number) => string;
}

const has = (user: UserView, ...roles: Role[]) => user.roles.some((r) => roles.includes(r.role));
const everyone = () => true;
const caseHandler = (u: UserView) => has(u, 'village-cadre', 'town-cadre', 'county-admin', 'grid-leader', 'mediator');
/** Officers and the town/county cadres who oversee several homes work from the workbench. */
const policeOverseer = (u: UserView) => has(u, 'police', 'town-cadre', 'county-admin');
const matterHandler = (u: UserView) => has(u, 'village-cadre', 'grid-leader', 'town-cadre', 'county-admin', 'supervisor');

export const HOME_TILES: readonly HomeTile[] = [
  // Work waiting for the person (shown first, with counts).
  { id: 'wish-review', label: '心愿审核', hint: '群众提交的心愿等您审核', icon: 'review', url: () => ROUTES.wish.review.url(), show: (u) => has(u, 'village-cadre'), todo: 'wishesToReview', todoText: (n) => `${n} 条心愿待审核` },
  { id: 'cases-handling', label: '矛盾纠纷', hint: '待办纠纷、登记排查、统计图表', icon: 'cases', url: () => ROUTES.cases.handling.url(), show: caseHandler, todo: 'casesAtMyLevel', todoText: (n) => `${n} 件纠纷在办` },
  { id: 'matters-queue', label: '待我办理', hint: '小微权力事项走到了我这一步', icon: 'flow', url: () => ROUTES.powers.queue.url(), show: matterHandler, todo: 'mattersAtMyStep', todoText: (n) => `${n} 件事项待办理` },
  { id: 'police-workbench', label: '警民之家', hint: '今天的预约、排队和上门申请', icon: 'shield', url: () => ROUTES.police.workbench.url(), show: policeOverseer, todo: 'bookingsToday', todoText: (n) => `今天 ${n} 个预约` },
  { id: 'points-entry', label: '积分评议', hint: '每月打分、公示、定稿和分红', icon: 'pen', url: () => ROUTES.points.entry.url(), show: (u) => has(u, 'village-cadre'), todo: 'householdsUnrated', todoText: (n) => `${n} 户还没评完` },
  { id: 'residents', label: '居民确认', hint: '新注册的居民等您核实户籍', icon: 'people', url: () => ROUTES.admin.residents.url(), show: (u) => has(u, 'village-cadre'), todo: 'residentsToConfirm', todoText: (n) => `${n} 位居民待确认` },
  { id: 'volunteer-visits', label: '入户走访', hint: '上门访民情：谁该去看看了，发现的需求转心愿或纠纷', icon: 'heart', url: () => ROUTES.volunteers.visits.url(), show: (u) => has(u, 'grid-leader') },
  { id: 'care', label: '关爱对象', hint: '网格里的独居老人、留守儿童、残疾人和重病人员', icon: 'heart', url: () => ROUTES.admin.care.url(), show: (u) => has(u, 'grid-leader', 'village-cadre') },
  { id: 'signals', label: '研判信号', hint: '反复纠纷、同类纠纷集中、心愿久未认领等风险苗头', icon: 'eye', url: () => ROUTES.alerts.signals.url(), show: (u) => has(u, 'village-cadre', 'town-cadre', 'county-admin') },
  { id: 'dashboard', label: '驾驶舱', hint: '各板块主要指标、图表，可下钻到镇村，可导出月报', icon: 'chart', url: () => ROUTES.alerts.dashboard.url(), show: (u) => has(u, 'town-cadre', 'county-admin') },
  { id: 'sanitation-orders', label: '随手拍待办', hint: '群众报告的垃圾、厕所、污水问题', icon: 'review', url: () => ROUTES.sanitation.orders.url({ scope: 'handling' }), show: (u) => has(u, 'village-cadre', 'town-cadre', 'county-admin') },
  // The supervisor's own work.
  { id: 'supervise', label: '监督', hint: '投诉和提醒谈话', icon: 'eye', url: () => ROUTES.powers.supervise.url(), show: (u) => has(u, 'supervisor') },
  { id: 'talks', label: '三提醒谈话', hint: '事前、事中、事后提醒', icon: 'talk', url: () => ROUTES.powers.talks.url(), show: (u) => has(u, 'village-cadre', 'town-cadre', 'county-admin') },
  // Services for everyone.
  { id: 'alerts', label: '风险预警', hint: '暴雨、地灾、停水停电等预警，网格长通知到户', icon: 'bell', url: () => ROUTES.alerts.list.url(), show: everyone },
  { id: 'wish-submit', label: '许个心愿', hint: '有困难，说出来，党员来帮忙', icon: 'wish', url: () => ROUTES.wish.submit.url(), show: everyone },
  { id: 'wish-wall', label: '心愿墙', hint: '看看大家的心愿', icon: 'wall', url: () => ROUTES.wishes.url(), tab: true, show: everyone },
  { id: 'wish-mine', label: '我的心愿', hint: '我提交的心愿办得怎么样', icon: 'list', url: () => ROUTES.wish.mine.url(), show: everyone },
  { id: 'wish-claimed', label: '我认领的', hint: '我认领的心愿，完成后记得填写', icon: 'claim', url: () => ROUTES.wish.claimed.url(), show: (u) => has(u, 'party-member') },
  { id: 'cases-mine', label: '矛盾纠纷', hint: '邻里有矛盾，登记后来调解', icon: 'cases', url: () => ROUTES.cases.mine.url(), show: (u) => !caseHandler(u) },
  { id: 'police-home', label: '警民之家', hint: '办证件、预约民警、请民警上门', icon: 'shield', url: () => ROUTES.police.home.url(), show: (u) => !policeOverseer(u) },
  { id: 'points-mine', label: '我家积分', hint: '看档次、每月得分和排名', icon: 'star', url: () => ROUTES.points.mine.url(), show: (u) => Boolean(u.residence?.householdId && u.residence.householdConfirmed) },
  { id: 'council', label: '议事会', hint: '我村议事会：议题、开会、投票和落实', icon: 'people', url: () => ROUTES.council.home.url(), show: everyone },
  { id: 'council-agenda', label: '议事事项清单', hint: '议事会决定哪些事、转交哪些事，县和村各自维护', icon: 'list', url: () => ROUTES.council.agenda.url(), show: (u) => has(u, 'county-admin') },
  { id: 'council-topics', label: '提议题', hint: '身边的事提出来，每户支持一次', icon: 'talk', url: () => ROUTES.council.topics.url(), show: (u) => Boolean(u.residence) },
  { id: 'sanitation-report', label: '随手拍', hint: '垃圾满了、设施坏了，拍一张告诉负责的人', icon: 'eye', url: () => ROUTES.sanitation.report.url(), show: (u) => Boolean(u.residence) || has(u, 'grid-leader', 'village-cadre') },
  { id: 'sanitation-mine', label: '我的随手拍', hint: '我报告的问题处理得怎么样', icon: 'list', url: () => ROUTES.sanitation.mine.url(), show: (u) => Boolean(u.residence) || has(u, 'grid-leader', 'village-cadre') },
  { id: 'sanitation-facilities', label: '环境设施', hint: '垃圾点、公厕、污水处理设施', icon: 'home', url: () => ROUTES.sanitation.facilities.url(), show: (u) => Boolean(u.residence) || has(u, 'village-cadre', 'town-cadre', 'county-admin', 'supervisor') },
  { id: 'sanitation-household', label: '我家厕所和分类', hint: '户厕验收、分类垃圾桶、每月分类检查', icon: 'home', url: () => ROUTES.sanitation.household.url(), show: (u) => Boolean(u.residence?.householdId && u.residence.householdConfirmed) },
  { id: 'sanitation-households', label: '户厕和分类台账', hint: '本村（社区）户厕、分类桶和每月检查', icon: 'pen', url: () => ROUTES.sanitation.households.url(), show: (u) => has(u, 'village-cadre') },
  { id: 'sanitation-figures', label: '三污治理统计', hint: '卫生厕所、污水治理、随手拍办理', icon: 'chart', url: () => ROUTES.sanitation.figures.url(), show: (u) => has(u, 'village-cadre', 'town-cadre', 'county-admin', 'supervisor') },
  { id: 'volunteers', label: '志愿服务', hint: '加入志愿者、报名活动、记录服务时长', icon: 'people', url: () => ROUTES.volunteers.home.url(), show: everyone },
  { id: 'venues', label: '共享场地', hint: '预约会议室、篮球场、文化活动室', icon: 'list', url: () => ROUTES.volunteers.venues.url(), show: everyone },
  { id: 'powers', label: '小微权力', hint: '看图办事：清单、流程图', icon: 'flow', url: () => ROUTES.powers.list.url(), show: everyone },
  { id: 'inbox', label: '消息', hint: '通知和提醒', icon: 'bell', url: () => ROUTES.inbox.url(), tab: true, show: everyone },
  { id: 'admin', label: '管理', hint: '组织架构、人员任命和邀请、党员双报到', icon: 'people', url: () => ROUTES.admin.home.url(), show: (u) => has(u, 'county-admin', 'town-cadre') },
  { id: 'party-registrations', label: '党员报到', hint: '到本社区报到的党员，等您确认', icon: 'people', url: () => ROUTES.admin.home.url(), show: (u) => has(u, 'village-cadre') && !has(u, 'town-cadre', 'county-admin') },
  { id: 'party-report', label: '党员社区考评', hint: '本单位在社区报到党员的季度服务记录', icon: 'star', url: () => ROUTES.volunteers.report.url(), show: (u) => has(u, 'county-admin') },
  { id: 'audit', label: '操作记录', hint: '干部每一次操作的留痕：谁、何时、改了什么', icon: 'eye', url: () => ROUTES.admin.audit.url(), show: (u) => has(u, 'supervisor', 'county-admin') },
  { id: 'case-routing', label: '纠纷分级规则', hint: '小事不出村、大事不出镇：改规则前先用上个月的纠纷试一试', icon: 'cases', url: () => ROUTES.cases.routing.url(), show: (u) => has(u, 'county-admin') },
  { id: 'dead-letters', label: '发送失败的通知', hint: '服务通知多次没发出去，可重新发送', icon: 'mail', url: () => ROUTES.admin.deadLetters.url(), show: (u) => has(u, 'county-admin') },
];

export interface PlacedTile extends HomeTile {
  /** The 待办 count (null: none to show). */
  count: number | null;
}

/**
 * The person's home: 我的待办 first (tiles with a count above zero, most work first), then the
 * icon grid of everything else they may use. `todo` null: not loaded yet, counts left out.
 */
export function homeFor(user: UserView, todo: TodoCounts | null, tiles: readonly HomeTile[] = HOME_TILES): { todo: PlacedTile[]; grid: PlacedTile[] } {
  const placed = tiles.filter((t) => t.show(user)).map((t) => ({ ...t, count: t.todo && todo ? todo[t.todo] : null }));
  const waiting = placed.filter((t) => (t.count ?? 0) > 0).sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
  return { todo: waiting, grid: placed.filter((t) => !waiting.includes(t)) };
}
