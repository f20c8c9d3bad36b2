/**
 * 警民之家: the four service modes (四项服务) and the six duties (六项职责) that tag every service
 * and every record, with their Chinese labels and the statuses of each kind of record.
 */
export const SERVICE_MODES = ['walkIn', 'homeVisit', 'appointment', 'groupSession'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];

export const DUTIES = ['safetyBuilding', 'jointPatrol', 'disputeMediation', 'jointWork', 'problemSolving', 'peopleCare'] as const;
export type Duty = (typeof DUTIES)[number];

export const MODE_LABELS: Record<ServiceMode, string> = {
  walkIn: '开门服务',
  homeVisit: '上门服务',
  appointment: '预约服务',
  groupSession: '集中服务',
};

export const DUTY_LABELS: Record<Duty, string> = {
  safetyBuilding: '平安联创',
  jointPatrol: '治安联防',
  disputeMediation: '纠纷联调',
  jointWork: '工作联动',
  problemSolving: '问题联治',
  peopleCare: '人员联管',
};

export const BOOKING_STATUSES = ['booked', 'cancelled', 'rescheduled', 'attended', 'noShow'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: '已预约',
  cancelled: '已取消',
  rescheduled: '已改约',
  attended: '已到场',
  noShow: '未到场',
};

/** `pending`: written, seat not yet decided (a moment during sign-up). */
export const SIGNUP_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled', 'attended', 'absent'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

export const SIGNUP_STATUS_LABELS: Record<SignupStatus, string> = {
  pending: '报名中',
  confirmed: '已报名',
  waitlisted: '候补中',
  cancelled: '已取消',
  attended: '已参加',
  absent: '未参加',
};

export const VISIT_STATUSES = ['requested', 'scheduled', 'declined', 'completed', 'withdrawn'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  requested: '待安排',
  scheduled: '已安排',
  declined: '未受理',
  completed: '已上门',
  withdrawn: '已撤回',
};

export const TICKET_STATUSES = ['waiting', 'called', 'served', 'skipped'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const HALF_DAYS = ['am', 'pm'] as const;
export type HalfDay = (typeof HALF_DAYS)[number];
export const HALF_DAY_LABELS: Record<HalfDay, string> = { am: '上午', pm: '下午' };
