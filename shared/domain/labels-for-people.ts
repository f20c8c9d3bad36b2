/**
 * The one table that turns the product's codes into words for people: audit actions
 * ('wishes.confirm' → 确认心愿已完成), the name of a village or community by its kind, and a
 * dispute type's title. A code with no entry is never shown as-is: it falls back to words.
 */
const AUDIT_VERBS: Record<string, string> = {
  submit: '提交', review: '审核', claim: '认领', fulfil: '办结', confirm: '确认完成', cancel: '撤回',
  release: '复核放行', screen: '登记排查', assess: '研判', propose: '提出分级', conclude: '调解结案',
  followUp: '回访', updateConfig: '修改设置', closeAccount: '注销账号', retryDeadLetter: '重发消息',
  adjust: '调整积分', configure: '修改指标', decide: '处理异议', distribute: '计算分红', enter: '评分',
  finalise: '确认终审', publish: '公示', releaseAdjustment: '复核放行调整', releaseObjection: '复核放行异议',
  fillRemainingFull: '其余按满分', addException: '调整开门时间', callNext: '叫号', confirmResident: '确认居民',
  createSession: '发起集中服务', recordAttendance: '记录签到', recordVisit: '记录走访', decideVisit: '安排上门',
  handleComplaint: '答复投诉', recordTalk: '记录提醒谈话', start: '发起事项', withdraw: '撤回事项',
  approve: '通过', reject: '不通过', contact: '查看联系方式', advance: '办理一步',
};

const AUDIT_FEATURES: Record<string, string> = {
  wishes: '微心愿', cases: '矛盾纠纷', points: '积分', police: '警民之家', powers: '小微权力',
  auth: '账号', notifications: '消息',
};

/** 'wishes.confirm' → 微心愿：确认完成; 'auth.confirmResident.approve' → 账号：确认居民（通过）. */
export function auditActionLabel(code: string): string {
  const [feature, verb, detail] = code.split('.');
  const what = AUDIT_FEATURES[feature ?? ''];
  const did = AUDIT_VERBS[verb ?? ''];
  if (!what || !did) return /[A-Za-z]/.test(code) ? '办理了一项事务' : code;
  const extra = detail ? AUDIT_VERBS[detail] : undefined;
  return `${what}：${did}${extra ? `（${extra}）` : ''}`;
}

export type UnitKindForPeople = 'county' | 'town' | 'village' | 'community' | 'grid';

/** 村 or 社区, as the person's own unit is called (a community is never 村里). */
export function unitWord(kind: UnitKindForPeople | null | undefined): string {
  if (kind === 'community') return '社区';
  if (kind === 'village') return '村';
  return '村（社区）';
}

/** 村 or 社区 as a unit's own name says (冯坊村 → 村, 东关社区 → 社区); 村（社区） when it says neither. */
export function unitWordOfName(name: string | null | undefined): string {
  if (name?.endsWith('社区')) return '社区';
  if (name?.endsWith('村')) return '村';
  return '村（社区）';
}

/** 劳资纠纷 stays 劳资纠纷, 邻里关系 becomes 邻里关系纠纷: never 纠纷纠纷. */
export function caseTypeTitle(typeLabel: string): string {
  return typeLabel.endsWith('纠纷') ? typeLabel : `${typeLabel}纠纷`;
}
