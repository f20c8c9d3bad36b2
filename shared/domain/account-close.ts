/**
 * 注销账号: what closing an account does and when it must wait. The person keeps no personal data
 * in the product afterwards; the records they made for others stay (政务留痕), their own open items
 * are closed first, and whatever is still being worked on by someone else must be finished first.
 */
import { ROLE_CODES, type Role } from '../contracts/auth';
import type { UserRecord } from './records';

/** The name a closed account shows wherever the product looks the person up. */
export const CLOSED_USER_NAME = '已注销用户';

/** The word the person's tap sends: the server refuses a close without it. */
export const CLOSE_CONFIRM_WORD = '注销';

type PersonalFields = 'name' | 'persona' | 'roles' | 'roleKeys' | 'residence' | 'resettled' | 'birthYear' | 'gender' | 'phone' | 'phoneMasked' | 'demo' | 'closedAt';

/**
 * What a closed user record keeps of each personal field: nothing. The id stays (other records point
 * at it); the openid is replaced by a tombstone in the same write (see cloudfunctions/auth/close.ts).
 */
export function closedUserPatch(now: string): Required<Pick<UserRecord, PersonalFields>> {
  return {
    name: CLOSED_USER_NAME,
    persona: 'resident',
    roles: [],
    roleKeys: [],
    residence: null,
    resettled: false,
    birthYear: null,
    gender: null,
    phone: null,
    phoneMasked: null,
    demo: false,
    closedAt: now,
  };
}

/** Roles whose duties must be handed over by the county before the account may close. */
export const HANDOVER_ROLES: readonly Role[] = ROLE_CODES.filter((r) => r !== 'party-member');

export const HANDOVER_ROLE_LABELS: Record<Role, string> = {
  'party-member': '党员',
  'grid-leader': '网格长',
  'village-cadre': '村（社区）干部',
  'town-cadre': '镇干部',
  'county-admin': '县级管理员',
  police: '社区民警',
  mediator: '人民调解员',
  supervisor: '村务监督人员',
};

/** The sentence that refuses a person who still holds a duty, or null. */
export function handoverRefusal(roles: readonly { role: Role }[]): string | null {
  const held = [...new Set(roles.map((r) => r.role).filter((r) => HANDOVER_ROLES.includes(r)))];
  if (held.length === 0) return null;
  return `您担任${held.map((r) => HANDOVER_ROLE_LABELS[r]).join('、')}，请先联系县委社会工作部交接工作、取消职务，再注销账号`;
}

/** What the person still has under way that someone else is working on. */
export interface OpenWork {
  /** Own wishes a party member has claimed (claimed) or done and waiting for the thanks (fulfilled). */
  wishesInHand: number;
  wishesToConfirm: number;
  /** Wishes the person claimed as a party member and has not fulfilled. */
  wishesClaimed: number;
  /** Bookings too close to their start to cancel on the phone (the booking rule's cut-off). */
  bookingsStartingSoon: number;
  /** Group-session places (signed up or waitlisted) for sessions still ahead. */
  signupsAhead: number;
  /** 志愿服务 activities still ahead the person signed up for (or waits for). */
  volunteerSignupsAhead: number;
  /** Shared-venue bookings still ahead, asked for or confirmed. */
  venueBookingsAhead: number;
  /** Dispute cases the person reported that are still being handled. */
  casesOpen: number;
  /** 小微权力 matters the person applied for that are still in progress. */
  mattersInProgress: number;
}

/** Each thing to finish first, in plain words; empty when the account may close. */
export function closeBlockers(w: OpenWork): string[] {
  const out: string[] = [];
  if (w.wishesInHand > 0) out.push(`您有${w.wishesInHand}个心愿正在办理，请办结后再注销`);
  if (w.wishesToConfirm > 0) out.push(`您有${w.wishesToConfirm}个心愿已经完成、等您确认，请先确认再注销`);
  if (w.wishesClaimed > 0) out.push(`您认领的${w.wishesClaimed}个心愿还没有完成，请完成后再注销`);
  if (w.bookingsStartingSoon > 0) out.push('您有一个预约马上就要开始，请按时到场或打电话告诉民警，结束后再注销');
  if (w.signupsAhead > 0) out.push(`您报名了${w.signupsAhead}场集中服务活动，请先取消活动报名再注销`);
  if (w.volunteerSignupsAhead > 0) out.push(`您报名了${w.volunteerSignupsAhead}场志愿服务活动，请先取消报名再注销`);
  if (w.venueBookingsAhead > 0) out.push(`您预约了${w.venueBookingsAhead}次场地，请先取消预约再注销`);
  if (w.casesOpen > 0) out.push(`您登记的${w.casesOpen}件矛盾纠纷还在调解，请办结后再注销`);
  if (w.mattersInProgress > 0) out.push(`您申请的${w.mattersInProgress}件事项还在办理，请办结或撤回后再注销`);
  return out;
}

/**
 * What closing does, in the words the privacy page and docs/privacy-guide.md both use (a test keeps
 * the guide in step with these lines).
 */
export const ACCOUNT_CLOSING = {
  deleted: [
    '您的姓名、微信身份标识、出生年份、手机号、住址和户籍关联、安置户标记和职务',
    '您的全部站内消息和订阅消息授权记录',
    '您在本机和其他设备上的登录状态',
    '您随手拍的照片（连同存储的文件）、议事协商里的关注、“我的”页面里的荣誉记录，以及志愿者登记里的技能和有空的时间',
  ],
  closedFirst: [
    '还没有人认领的心愿（包括待审核的）会撤回',
    '还没到时间的警民之家预约会取消，名额让给别人',
    '还没上门的上门服务申请会撤回',
  ],
  kept: [
    '您办过的心愿、预约、上门服务、矛盾纠纷、办事申请和投诉记录，按政务留痕要求保留，记录里仍是办理时的姓名，只供办理干部和监督人员查阅（您的心愿，包括已完成的，从心愿墙上撤下）',
    '您提出的议题、随手拍报告、被提名的记录、用过的场地预约、参加过的志愿活动和作为网格长确认的预警通知记录继续保留，但姓名改为“已注销用户”；您从议事会的成员单位中除名；网格关爱名单由网格长线下照顾，继续保留，但不再和您的账号关联',
    '志愿服务时长按记录要求保留，证书凭核验码仍可核验（只显示姓氏）',
    '您所在户的积分和分红记录属于全户，继续保留',
    '干部收到的、关于您的办理通知（例如“某某申请加入本村（社区）”）属于收件的干部，继续保留，但其中您的姓名改为“已注销用户”',
    '操作记录里只记下“这个账号已注销”，不记任何个人信息',
  ],
  waitFor: '有别人正在为您办理的事（已被认领的心愿、马上开始的预约、已报名的活动、已预约的场地、正在调解的纠纷、正在办理的事项）要先办完；担任干部、民警、调解员、监督人员、网格长的，要先交接工作。',
  after: '注销后不能恢复。同一个微信以后还可以重新注册，但会是一个新账号，看不到以前的记录。',
  /** What happens at the tap and what follows (cloudfunctions/auth/close.ts, then the erase timer in timers.ts). */
  timing: '点“确认注销”后立即生效：这个账号不能再登录，账号记录里的个人信息清空，您的心愿从心愿墙上撤下；其余各项（撤回心愿、取消预约、删除消息、改去姓名等）由系统在几分钟内分批办完。',
} as const;
