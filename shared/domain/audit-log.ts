/**
 * The audit log as people read it (操作记录): who reads which entries, and what each action code is
 * called in Chinese. Every action a function audits has a label here; a unit test reads the code
 * for audited action names and keeps the table complete.
 */
import { holdsRoleOver, type RoleGrant } from './jurisdiction';

/** 村务监督委员会 / 纪检 and the county admins read the log of their jurisdiction (小微权力 supervision). */
export const AUDIT_READER_ROLES = ['supervisor', 'county-admin'] as const;

export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'alerts.issue': '发布预警',
  'alerts.update': '更新预警',
  'alerts.end': '解除预警',
  'alerts.acknowledge': '确认预警已通知到户',
  'alerts.closeSignal': '处置研判信号',
  'alerts.updateSignalRule': '修改研判规则',
  'admin.appoint': '任命人员',
  'admin.removeRole': '免去职务',
  'admin.bootstrap': '用初始化口令成为县管理员',
  'admin.invite': '发出任命邀请码',
  'admin.revokeInvitation': '作废邀请码',
  'admin.useInvitation': '用邀请码就任',
  'admin.registerPartyOrg': '登记单位党组织',
  'admin.addUnit': '新增村（社区）或网格',
  'admin.renameUnit': '单位改名',
  'admin.retireUnit': '停用单位',
  'admin.moveGrid': '网格调整到别村',
  'admin.partyRegistration.confirm': '确认党员报到',
  'admin.partyRegistration.decline': '退回党员报到',
  'admin.care.add': '登记关爱对象',
  'admin.care.update': '修改关爱对象',
  'admin.care.remove': '移出关爱名单',
  'admin.care.contact': '查看关爱对象的电话',
  'police.editException': '修改特别开放安排',
  'police.removeException': '取消特别开放安排',
  'police.setHours': '修改开放时间',
  'police.addService': '新增服务',
  'police.editService': '修改服务',
  'police.retireService': '停用服务',
  'police.setSchedule': '修改预约时段和人数',
  'police.editSession': '修改集中活动',
  'police.cancelSession': '取消集中活动',
  'wishes.contact': '查看心愿人的电话',
  'auth.closeAccount': '注销账号',
  'auth.closeAccount.withdraw': '注销后撤回未办的事项',
  'auth.confirmResident.confirm': '核实居民户籍',
  'auth.confirmResident.reject': '退回居民登记',
  'cases.screen': '登记纠纷（排查）',
  'cases.assess': '研判纠纷',
  'cases.recordSession': '记录调解',
  'cases.conclude': '调解结案',
  'cases.followUp': '回访',
  'cases.release': '放行纠纷中复核的内容',
  'cases.updateConfig': '修改纠纷设置',
  'cases.updateRouting': '修改纠纷分级规则',
  'notifications.retryDeadLetter': '重新发送失败的通知',
  'notifications.setSenderFailRate': '设置本地模拟发送失败率',
  'points.enter': '录入积分',
  'points.fillRemainingFull': '其余按满分记分',
  'points.publish': '公示积分',
  'points.finalise': '积分定稿',
  'points.adjust': '更正积分',
  'points.decide': '处理积分异议',
  'points.configure': '设置积分指标',
  'points.distribute': '分配积分分红',
  'points.releaseObjection': '放行异议理由',
  'points.releaseAdjustment': '放行积分调整说明',
  'police.addException': '调整警民之家开放时间',
  'police.callNext': '叫号',
  'police.checkIn': '预约签到',
  'police.markNoShow': '记录预约未到',
  'police.confirmResident': '核实预约居民',
  'police.createSession': '发布集中活动',
  'police.recordAttendance': '记录活动签到',
  'police.decideVisit': '安排上门服务',
  'police.recordVisit': '记录上门服务',
  'police.release': '放行警民之家复核的内容',
  'councils.saveCouncil': '设置议事会',
  'councils.passTurn': '让出轮值主持',
  'councils.saveAgendaItem': '修改议事事项清单',
  'councils.saveSettings': '修改议事规则',
  'councils.raiseTopic': '提出议题',
  'councils.mergeTopic': '合并重复议题',
  'councils.releaseTopic': '放行议题中复核的内容',
  'councils.callMeeting': '召集议事会议',
  'councils.recordAttendance': '记录会议出席',
  'councils.recordMinutes': '记录会议纪要',
  'councils.decide': '形成协商一致的决定',
  'councils.openVote': '发起表决',
  'councils.closeVote': '结束表决并公布结果',
  'councils.planDecision': '安排决定的落实',
  'councils.reportStep': '报告落实进度',
  'councils.proposeCovenant': '提出居民公约新版本',
  'councils.openHonour': '发起评选',
  'councils.nominate': '提名评选候选人',
  'councils.startPublicity': '公示评选候选人',
  'councils.decideObjection': '答复评选异议',
  'volunteers.confirmVolunteer': '确认志愿者',
  'volunteers.declineVolunteer': '不通过志愿者申请',
  'volunteers.addService': '新增志愿服务清单项目',
  'volunteers.editService': '修改志愿服务清单项目',
  'volunteers.retireService': '停用志愿服务清单项目',
  'volunteers.createActivity': '发布志愿活动',
  'volunteers.markAttendance': '登记志愿活动签到签退',
  'volunteers.confirmHours': '确认志愿服务时长',
  'volunteers.correctHours': '更正志愿服务时长',
  'volunteers.release': '放行志愿服务复核的内容',
  'volunteers.addVenue': '开放共享场地',
  'volunteers.retireVenue': '停止开放共享场地',
  'volunteers.confirmVenueBooking': '同意场地预约',
  'volunteers.declineVenueBooking': '不同意场地预约',
  'volunteers.cancelVenueBooking': '取消他人的场地预约',
  'powers.publish': '发布权力事项',
  'powers.revise': '修订权力事项',
  'powers.adjust': '调整本村（社区）权力事项',
  'powers.start': '受理办事申请',
  'powers.advance': '办理事项一步',
  'powers.refuse': '不予办理',
  'powers.withdraw': '撤回办事申请',
  'powers.handleComplaint': '处理投诉',
  'powers.recordTalk': '记录提醒谈话',
  'powers.release': '放行事项中复核的内容',
  'powers.releaseComplaint': '放行投诉中复核的内容',
  'powers.releaseTalk': '放行谈话记录中复核的内容',
  'sanitation.addFacility': '登记三污治理设施',
  'sanitation.editFacility': '修改三污治理设施',
  'sanitation.setFacilityStatus': '变更设施状态',
  'sanitation.inspect': '记录设施巡查',
  'sanitation.accept': '随手拍接单',
  'sanitation.fix': '随手拍处理完成',
  'sanitation.release': '放行随手拍中复核的内容',
  'sanitation.updateRules': '修改随手拍分派规则',
  'sanitation.saveToilet': '登记农户厕所',
  'sanitation.saveBins': '登记分类垃圾桶',
  'sanitation.checkSorting': '记录垃圾分类检查',
  'sanitation.checkSewage': '记录污水管控情况',
  'wishes.review': '审核心愿',
  'wishes.confirm': '确认心愿完成',
  'wishes.release': '放行心愿中复核的内容',
};

/** The Chinese name of an audited action; a code the table does not know reads as 其他操作, never as the code. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? '其他操作';
}

/** The units whose log this person reads: where they hold a reader role. */
export function auditUnitsOf(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.filter((g) => (AUDIT_READER_ROLES as readonly string[]).includes(g.role)).map((g) => g.unitId))];
}

/** Whether this person reads an entry recorded for `path` (the place of what was done). */
export function canReadAuditEntry(grants: readonly RoleGrant[], path: readonly string[]): boolean {
  return holdsRoleOver(grants, AUDIT_READER_ROLES, path);
}

/** The fields audited before/after values most often carry, as people call them. */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  status: '状态',
  level: '层级',
  reason: '理由',
  note: '说明',
  held: '待复核的内容',
  released: '放行的内容',
  residence: '居住信息',
  current: '当前步骤',
  stepIndex: '步骤',
  version: '版本',
  versionId: '版本号',
  changeNote: '修改说明',
  title: '标题',
  capacity: '名额',
  startAt: '开始时间',
  called: '叫到的号',
  delivery: '发送状态',
  types: '纠纷类型',
  deadlineDays: '办理时限',
  followUpDays: '回访期限',
  rules: '分级规则',
  failRate: '失败率',
  closedAt: '注销时间',
  indicators: '指标',
  score: '分数',
  scores: '分数',
  total: '总分',
  delta: '加减分',
  claimantId: '认领人',
  claimantName: '认领人',
  thanks: '感谢的话',
  fulfilNote: '完成情况',
};

function asText(value: unknown, mask: (s: string) => string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return mask(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return mask(JSON.stringify(value));
}

/**
 * An entry's before/after as lines a reader can follow: one per top-level field that either side
 * has, both sides as text passed through `mask` (phone and ID numbers typed into free text).
 */
export function auditChanges(before: unknown, after: unknown, mask: (s: string) => string): { field: string; before: string | null; after: string | null }[] {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? {} : { value: v });
  const b = obj(before);
  const a = obj(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'updatedAt' && k !== 'timeline');
  return keys.map((k) => ({ field: AUDIT_FIELD_LABELS[k] ?? '其他内容', before: asText(b[k], mask), after: asText(a[k], mask) }));
}
