import type { Persona } from '../../shared/contracts/common';
import { allRoutes, ROUTES } from '../../miniprogram/src/routes';

/**
 * Every page of the app, as the person it serves opens it (the persona, and the query built from
 * seeded data at run time). The e2e page checks walk this table; a UI test keeps it equal to
 * allRoutes(), so a new page cannot escape the large-text and text checks.
 */
export interface PageVisit {
  persona: Persona;
  /** The hash path to open; `ids` holds ids read from the seeded runtime. */
  url: (ids: SeedIds) => string;
  /** Text that shows the page has loaded. */
  see?: string;
  /** Opened by someone not signed in (a signed-in person is sent on to the home page). */
  signedOut?: boolean;
}

export interface SeedIds {
  caseId: string;
  pointsMonth: string;
  lastYear: number;
  partyOrgId: string;
}

export const PAGE_VISITS: Record<string, PageVisit> = {
  [ROUTES.home.path]: { persona: 'village-cadre', url: () => ROUTES.home.url(), see: '您好' },
  [ROUTES.wishes.path]: { persona: 'resident', url: () => ROUTES.wishes.url() },
  [ROUTES.inbox.path]: { persona: 'resident', url: () => ROUTES.inbox.url() },
  [ROUTES.me.path]: { persona: 'resident', url: () => ROUTES.me.url(), see: '大字模式' },
  [ROUTES.login.path]: { persona: 'resident', url: () => ROUTES.login.url(), see: '请选择一位身份登录', signedOut: true },
  [ROUTES.points.mine.path]: { persona: 'resident', url: () => ROUTES.points.mine.url() },
  [ROUTES.points.detail.path]: { persona: 'resident', url: (s) => ROUTES.points.detail.url({ householdId: 'h-fengfang-1-01', month: s.pointsMonth }) },
  [ROUTES.points.ranking.path]: { persona: 'resident', url: () => ROUTES.points.ranking.url(), see: '排名' },
  [ROUTES.points.entry.path]: { persona: 'village-cadre', url: () => ROUTES.points.entry.url() },
  [ROUTES.points.dividends.path]: { persona: 'resident', url: (s) => ROUTES.points.dividends.url({ villageId: 'v-fengfang', year: s.lastYear }) },
  [ROUTES.cases.report.path]: { persona: 'resident', url: () => ROUTES.cases.report.url() },
  [ROUTES.cases.mine.path]: { persona: 'resident', url: () => ROUTES.cases.mine.url() },
  [ROUTES.cases.handling.path]: { persona: 'village-cadre', url: () => ROUTES.cases.handling.url() },
  [ROUTES.cases.detail.path]: { persona: 'village-cadre', url: (s) => ROUTES.cases.detail.url({ id: s.caseId }) },
  [ROUTES.cases.figures.path]: { persona: 'town-cadre', url: () => ROUTES.cases.figures.url() },
  [ROUTES.wish.detail.path]: { persona: 'village-cadre', url: () => ROUTES.wish.detail.url({ id: 'w-seed-04' }) },
  [ROUTES.wish.submit.path]: { persona: 'resident', url: () => ROUTES.wish.submit.url(), see: '选一个类别' },
  [ROUTES.wish.mine.path]: { persona: 'resident', url: () => ROUTES.wish.mine.url() },
  [ROUTES.wish.claimed.path]: { persona: 'party-member', url: () => ROUTES.wish.claimed.url() },
  [ROUTES.wish.review.path]: { persona: 'village-cadre', url: () => ROUTES.wish.review.url() },
  [ROUTES.account.privacy.path]: { persona: 'resident', url: () => ROUTES.account.privacy.url() },
  [ROUTES.account.export.path]: { persona: 'resident', url: () => ROUTES.account.export.url() },
  [ROUTES.admin.deadLetters.path]: { persona: 'county-admin', url: () => ROUTES.admin.deadLetters.url() },
  [ROUTES.admin.residents.path]: { persona: 'village-cadre', url: () => ROUTES.admin.residents.url() },
  [ROUTES.admin.home.path]: { persona: 'county-admin', url: () => ROUTES.admin.home.url(), see: '管理' },
  [ROUTES.admin.unit.path]: { persona: 'county-admin', url: () => ROUTES.admin.unit.url({ id: 't-chengguan' }), see: '人员任命' },
  [ROUTES.admin.appoint.path]: { persona: 'county-admin', url: () => ROUTES.admin.appoint.url({ unitId: 'v-fengfang' }), see: '在任人员' },
  [ROUTES.admin.partyOrgs.path]: { persona: 'county-admin', url: () => ROUTES.admin.partyOrgs.url() },
  [ROUTES.admin.partyOrg.path]: { persona: 'county-admin', url: (s) => ROUTES.admin.partyOrg.url({ id: s.partyOrgId }) },
  [ROUTES.admin.partyRegistrations.path]: { persona: 'village-cadre', url: () => ROUTES.admin.partyRegistrations.url({ unitId: 'v-fengfang' }) },
  [ROUTES.admin.bootstrap.path]: { persona: 'resident', url: () => ROUTES.admin.bootstrap.url(), see: '县管理员初始化' },
  [ROUTES.admin.audit.path]: { persona: 'supervisor', url: () => ROUTES.admin.audit.url() },
  [ROUTES.admin.care.path]: { persona: 'grid-leader', url: () => ROUTES.admin.care.url(), see: '关爱对象' },
  [ROUTES.account.party.path]: { persona: 'party-member', url: () => ROUTES.account.party.url() },
  [ROUTES.account.invitation.path]: { persona: 'resident', url: () => ROUTES.account.invitation.url() },
  [ROUTES.cases.summary.path]: { persona: 'party-member', url: (s) => ROUTES.cases.summary.url({ id: s.caseId }) },
  [ROUTES.cases.routing.path]: { persona: 'county-admin', url: () => ROUTES.cases.routing.url() },
  [ROUTES.police.home.path]: { persona: 'resident', url: () => ROUTES.police.home.url(), see: '预约服务' },
  [ROUTES.police.slots.path]: { persona: 'resident', url: () => ROUTES.police.slots.url() },
  [ROUTES.police.mine.path]: { persona: 'resident', url: () => ROUTES.police.mine.url() },
  [ROUTES.police.visit.path]: { persona: 'resettled', url: () => ROUTES.police.visit.url() },
  [ROUTES.police.sessions.path]: { persona: 'resident', url: () => ROUTES.police.sessions.url() },
  [ROUTES.police.queue.path]: { persona: 'resident', url: () => ROUTES.police.queue.url() },
  [ROUTES.police.workbench.path]: { persona: 'police', url: () => ROUTES.police.workbench.url() },
  [ROUTES.sanitation.report.path]: { persona: 'resident', url: () => ROUTES.sanitation.report.url() },
  [ROUTES.sanitation.mine.path]: { persona: 'resident', url: () => ROUTES.sanitation.mine.url() },
  [ROUTES.sanitation.facilities.path]: { persona: 'resident', url: () => ROUTES.sanitation.facilities.url() },
  [ROUTES.sanitation.facility.path]: { persona: 'village-cadre', url: () => ROUTES.sanitation.facility.url({ id: 'sf-fengfang-CP-1' }) },
  [ROUTES.sanitation.orders.path]: { persona: 'village-cadre', url: () => ROUTES.sanitation.orders.url({ scope: 'handling' }) },
  [ROUTES.sanitation.order.path]: { persona: 'resident', url: () => ROUTES.sanitation.order.url({ id: 'so-seed-01' }) },
  [ROUTES.sanitation.ledger.path]: { persona: 'village-cadre', url: () => ROUTES.sanitation.ledger.url() },
  [ROUTES.sanitation.household.path]: { persona: 'resident', url: () => ROUTES.sanitation.household.url() },
  [ROUTES.sanitation.households.path]: { persona: 'village-cadre', url: () => ROUTES.sanitation.households.url() },
  [ROUTES.sanitation.figures.path]: { persona: 'county-admin', url: () => ROUTES.sanitation.figures.url() },
  [ROUTES.powers.list.path]: { persona: 'resident', url: () => ROUTES.powers.list.url() },
  [ROUTES.powers.item.path]: { persona: 'resident', url: () => ROUTES.powers.item.url({ code: 'MS-01', villageId: 'v-fengfang' }) },
  [ROUTES.powers.apply.path]: { persona: 'resident', url: () => ROUTES.powers.apply.url({ code: 'ZM-01' }) },
  [ROUTES.powers.mine.path]: { persona: 'resident', url: () => ROUTES.powers.mine.url() },
  [ROUTES.powers.matter.path]: { persona: 'village-cadre', url: () => ROUTES.powers.matter.url({ id: 'm-seed-05' }) },
  [ROUTES.powers.queue.path]: { persona: 'village-cadre', url: () => ROUTES.powers.queue.url() },
  [ROUTES.powers.supervise.path]: { persona: 'supervisor', url: () => ROUTES.powers.supervise.url() },
  [ROUTES.powers.talks.path]: { persona: 'village-cadre', url: () => ROUTES.powers.talks.url() },
  [ROUTES.alerts.list.path]: { persona: 'resident', url: () => ROUTES.alerts.list.url(), see: '风险预警' },
  [ROUTES.alerts.detail.path]: { persona: 'resident', url: () => ROUTES.alerts.detail.url({ id: 'al-seed-rain' }), see: '请这样做' },
  [ROUTES.alerts.issue.path]: { persona: 'town-cadre', url: () => ROUTES.alerts.issue.url(), see: '预警范围' },
  [ROUTES.alerts.ack.path]: { persona: 'grid-leader', url: () => ROUTES.alerts.ack.url({ id: 'al-seed-rain' }), see: '当面通知到的关爱对象' },
  [ROUTES.alerts.status.path]: { persona: 'town-cadre', url: () => ROUTES.alerts.status.url({ id: 'al-seed-rain' }), see: '通知到户情况' },
  [ROUTES.alerts.signals.path]: { persona: 'village-cadre', url: () => ROUTES.alerts.signals.url(), see: '研判信号' },
  [ROUTES.alerts.signalRules.path]: { persona: 'county-admin', url: () => ROUTES.alerts.signalRules.url(), see: '研判规则' },
  [ROUTES.alerts.dashboard.path]: { persona: 'county-admin', url: () => ROUTES.alerts.dashboard.url(), see: '驾驶舱' },
  [ROUTES.council.home.path]: { persona: 'resident', url: () => ROUTES.council.home.url(), see: '轮席顺序' },
  [ROUTES.council.topics.path]: { persona: 'resident', url: () => ROUTES.council.topics.url(), see: '第三网格排水沟清淤加盖' },
  [ROUTES.council.topic.path]: { persona: 'resident', url: () => ROUTES.council.topic.url({ id: 'ct-seed-drains' }), see: '我家支持' },
  [ROUTES.council.raise.path]: { persona: 'resident', url: () => ROUTES.council.raise.url(), see: '议事事项清单' },
  [ROUTES.council.call.path]: { persona: 'party-member', url: () => ROUTES.council.call.url() },
  [ROUTES.council.meeting.path]: { persona: 'village-cadre', url: () => ROUTES.council.meeting.url({ id: 'cm-seed-fengfang-1' }), see: '议题和纪要' },
  [ROUTES.council.vote.path]: { persona: 'resident', url: () => ROUTES.council.vote.url({ id: 'cv-ct-seed-lights' }), see: '同意' },
  [ROUTES.council.decisions.path]: { persona: 'resident', url: () => ROUTES.council.decisions.url(), see: '议事决定和落实' },
  [ROUTES.council.decision.path]: { persona: 'resident', url: () => ROUTES.council.decision.url({ id: 'cd-ct-seed-square' }), see: '落实' },
  [ROUTES.council.covenant.path]: { persona: 'resident', url: () => ROUTES.council.covenant.url(), see: '冯坊村居民公约' },
  [ROUTES.council.honours.path]: { persona: 'resident', url: () => ROUTES.council.honours.url(), see: '最美社区人' },
  [ROUTES.council.agenda.path]: { persona: 'village-cadre', url: () => ROUTES.council.agenda.url(), see: '增加本村（社区）的议事事项' },
  [ROUTES.council.honour.path]: { persona: 'resident', url: () => ROUTES.council.honour.url({ id: 'ch-seed-fengfang' }), see: '最美社区人' },
  [ROUTES.volunteers.home.path]: { persona: 'resident', url: () => ROUTES.volunteers.home.url(), see: '加入冯坊村志愿者' },
  [ROUTES.volunteers.services.path]: { persona: 'village-cadre', url: () => ROUTES.volunteers.services.url(), see: '助老陪诊' },
  [ROUTES.volunteers.activities.path]: { persona: 'grid-leader', url: () => ROUTES.volunteers.activities.url(), see: '陪同老人去县医院复查' },
  [ROUTES.volunteers.activity.path]: { persona: 'grid-leader', url: () => ROUTES.volunteers.activity.url({ id: 'va-seed-fengfang-ahead' }), see: '已报名' },
  [ROUTES.volunteers.checkin.path]: { persona: 'village-cadre', url: () => ROUTES.volunteers.checkin.url({ id: 'va-seed-fengfang-now' }), see: '已签到' },
  [ROUTES.volunteers.scan.path]: { persona: 'grid-leader', url: () => ROUTES.volunteers.scan.url(), see: '扫码签到签退' },
  [ROUTES.volunteers.record.path]: { persona: 'grid-leader', url: () => ROUTES.volunteers.record.url(), see: '清理村道垃圾' },
  [ROUTES.volunteers.certificate.path]: { persona: 'resident', url: () => ROUTES.volunteers.certificate.url({ code: 'QYFF2026LWH1' }), see: '刘先生' },
  [ROUTES.volunteers.visits.path]: { persona: 'grid-leader', url: () => ROUTES.volunteers.visits.url(), see: '还没有走访过' },
  [ROUTES.volunteers.venues.path]: { persona: 'village-cadre', url: () => ROUTES.volunteers.venues.url(), see: '冯坊村篮球场' },
  [ROUTES.volunteers.venue.path]: { persona: 'resident', url: () => ROUTES.volunteers.venue.url({ id: 've-seed-fengfang-court' }), see: '使用须知' },
  [ROUTES.volunteers.report.path]: { persona: 'county-admin', url: () => ROUTES.volunteers.report.url(), see: '党员社区考评' },
  [ROUTES.volunteers.manage.path]: { persona: 'village-cadre', url: () => ROUTES.volunteers.manage.url({ unitId: 'v-fengfang' }), see: '志愿者确认' },
};

/** Paths of routes.ts that PAGE_VISITS does not visit (kept empty by a test). */
export function unvisitedRoutes(): string[] {
  return allRoutes().map((r) => r.path).filter((p) => !(p in PAGE_VISITS));
}
