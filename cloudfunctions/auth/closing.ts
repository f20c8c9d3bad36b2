/**
 * 注销账号, collection by collection: what closing an account does to each collection that holds
 * personal information (`personal` in _lib/collections.ts). A unit test requires an entry for every
 * personal collection, so a new feature cannot forget account closing, and requires each row in
 * docs/privacy-guide.md (五、注销账号), so the guide says what the code does. close.ts does what must
 * be immediate (the user record, sign-in, the wishes off the wall); the auth `erase` timer (timers.ts,
 * one step per collection in ERASURE_STEPS, a test holds them to these rules) does the rest in pages.
 */
import type { CollectionKey } from '../_lib/collections';

/**
 * deleted: removed; scrubbed: the record stays, the person's name and details in it are replaced;
 * hidden: kept whole, read only by the handling cadres and supervisors; kept: kept as it is (a
 * household's or a duty holder's record, ids only, or a record the law asks to keep).
 */
export type CloseHandling = 'deleted' | 'scrubbed' | 'hidden' | 'kept';

export const CLOSE_HANDLING_LABELS: Record<CloseHandling, string> = {
  deleted: '删除',
  scrubbed: '保留记录，抹去姓名等个人信息',
  hidden: '保留，只供办理干部和监督人员查阅',
  kept: '保留',
};

export interface CloseRule {
  how: CloseHandling;
  /** What happens and why, in the guide's words. */
  what: string;
}

export const ACCOUNT_CLOSE_RULES: { readonly [K in CollectionKey]?: CloseRule } = {
  users: { how: 'scrubbed', what: '账号记录只留编号，姓名改为“已注销用户”，其余个人信息清空' },
  accountErasures: { how: 'scrubbed', what: '注销后分批处理的进度只记账号编号和时间；为改去别人收到的通知里您的姓名而暂记的姓名和所在村（社区），处理完即删除' },
  households: { how: 'kept', what: '户的记录属于全户，户主姓名和住址继续保留' },
  auditLog: { how: 'scrubbed', what: '您做过的操作留痕保留，操作人姓名改为“已注销用户”；别人为您办理的操作按政务留痕保留；注销本身只记“这个账号已注销”' },
  photos: { how: 'deleted', what: '您随手拍的照片连同存储里的文件一起删除，也从工单上撤下；您作为干部拍的处理照片是工单的办结凭证，保留' },
  wishes: { how: 'hidden', what: '还没人认领的心愿撤回；全部心愿从心愿墙撤下' },
  notifications: { how: 'deleted', what: '您的全部站内消息删除；干部收到的、关于您的办理通知（例如“某某申请加入本村（社区）”）属于收件的干部，继续保留，其中您的姓名改为“已注销用户”' },
  subscriptions: { how: 'deleted', what: '订阅消息授权记录删除' },
  cases: { how: 'hidden', what: '您登记的矛盾纠纷按政务留痕保留，记录里仍是办理时的姓名' },
  policeBookings: { how: 'hidden', what: '还没到时间的预约取消，名额放出；办过的预约按政务留痕保留' },
  policeBookers: { how: 'hidden', what: '爽约记录按政务留痕保留，不再用于其他处理' },
  policeSignups: { how: 'hidden', what: '集中服务报名按政务留痕保留（还没开始的要先取消才能注销）' },
  policeQueues: { how: 'hidden', what: '取号记录按政务留痕保留' },
  policeHomeVisits: { how: 'hidden', what: '还没上门的上门服务申请撤回；办过的按政务留痕保留' },
  pointsRatings: { how: 'kept', what: '积分评分属于全户，继续保留' },
  pointsObjections: { how: 'kept', what: '积分异议属于全户，继续保留' },
  pointsLedger: { how: 'kept', what: '积分台账属于全户，继续保留' },
  pointsDividends: { how: 'kept', what: '分红记录属于全户，继续保留' },
  matters: { how: 'hidden', what: '办事申请按政务留痕保留，记录里仍是办理时的姓名' },
  powerComplaints: { how: 'hidden', what: '投诉记录按政务留痕保留，记录里仍是办理时的姓名' },
  reminderTalks: { how: 'kept', what: '对干部的提醒谈话是监督留痕；干部须先交接工作才能注销' },
  sanitationInspections: { how: 'kept', what: '设施巡查记录是办理留痕；巡查的干部须先交接工作才能注销' },
  sanitationOrders: { how: 'kept', what: '工单只记报告人的账号编号；您的照片从工单上撤下' },
  sanitationReports: { how: 'scrubbed', what: '您的随手拍报告保留问题和地点，报告人姓名改为“已注销用户”' },
  sanitationHouseholds: { how: 'kept', what: '户厕和垃圾分类台账属于全户，继续保留' },
  sortingChecks: { how: 'kept', what: '垃圾分类检查属于全户，继续保留' },
  invitations: { how: 'kept', what: '任命和邀请记录是任命留痕，只供任命单位的管理员查阅' },
  partyOrgs: { how: 'kept', what: '党组织书记是职务，须先交接才能注销' },
  partyRegistrations: { how: 'hidden', what: '双报到记录改为“已结束”，按党员管理留痕保留' },
  careRecipients: { how: 'kept', what: '网格关爱名单由网格长登记、线下照顾，注销后继续保留，但不再和您的账号关联' },
  alertGrids: { how: 'scrubbed', what: '您作为网格长确认的预警通知到户记录保留户数和时间，姓名改为“已注销用户”' },
  councils: { how: 'scrubbed', what: '您从议事会的成员单位中除名' },
  councilTurns: { how: 'scrubbed', what: '轮席记录保留主持或让出轮次的成员单位，您作为代表登记时的姓名改为“已注销用户”' },
  councilTopics: { how: 'scrubbed', what: '您提出的议题保留（已有户支持和办理），提出人姓名改为“已注销用户”' },
  councilSupports: { how: 'kept', what: '户的支持属于全户，只记账号编号，议题的支持户数不变' },
  councilFollows: { how: 'deleted', what: '关注（接收议题进展的消息）删除' },
  councilMeetings: { how: 'kept', what: '会议的召集人、主持人、出席和发言记录按议事留痕保留' },
  councilVoters: { how: 'kept', what: '投票记录只记账号编号，表决结果不变' },
  councilRatings: { how: 'kept', what: '对落实情况的评价属于全户，只记账号编号' },
  councilCovenants: { how: 'kept', what: '居民公约的提议记录是公开的议事留痕' },
  councilCovenantAcks: { how: 'kept', what: '公约确认属于全户，只记账号编号' },
  councilNominations: { how: 'scrubbed', what: '还没开始投票的评选里，您的提名撤回；已经投票的保留（票数不变）；被提名人和提名人姓名改为“已注销用户”' },
  councilObjections: { how: 'hidden', what: '您提出的异议按政务留痕保留，只供处理的干部查阅' },
  councilHonoured: { how: 'deleted', what: '“我的”页面里的荣誉记录删除（评选本身的结果保留）' },
  volunteers: { how: 'scrubbed', what: '志愿者登记只留姓氏、所在社区和证书核验码（时长证书仍可核验），技能和有空的时间删除，不再出现在志愿者名单里' },
  volunteerSignups: { how: 'scrubbed', what: '参加过的活动的签到签退保留（时长的依据），报名人姓名改为“已注销用户”（还没开始的活动要先取消报名才能注销）' },
  volunteerHours: { how: 'kept', what: '志愿服务时长台账按记录要求保留，只记账号编号，证书凭核验码核验' },
  volunteerVisits: { how: 'kept', what: '上门走访记录是网格工作留痕' },
  venueBookings: { how: 'scrubbed', what: '用过的场地预约保留时间和用途，预约人姓名改为“已注销用户”（还没到时间的预约要先取消才能注销）' },
};
