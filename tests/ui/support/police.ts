/** A home-visit request as the 警民之家 pages receive it: 张桂芳, asked for by the grid leader, not yet decided. */
export function visitView(over: Record<string, unknown> = {}) {
  return {
    id: 'hv1',
    subjectName: '张桂芳',
    requesterName: '刘文华',
    subjectAddress: '冯坊1组1号',
    phoneMasked: '138****2461',
    reason: '想请民警上门检查用电安全',
    duties: ['safetyBuilding'],
    preferred: [{ date: '2099-12-09', half: 'am' }],
    priority: 2,
    priorityReasons: ['60岁以上老人', '残疾或行动不便'],
    status: 'requested',
    scheduled: null,
    officerName: null,
    declineReason: null,
    outcome: null,
    createdAt: '2099-12-07T01:00:00.000Z',
    ...over,
  };
}

/** A month's counts as `monthlyCounts` answers them: 冯坊村's home with nothing counted unless told otherwise. */
export function monthlyCountsView(over: Record<string, unknown> = {}) {
  return {
    unitId: 'v-fengfang',
    unitName: '冯坊村新时代警民之家',
    month: '2099-12',
    total: 0,
    perDuty: { safetyBuilding: 0, jointPatrol: 0, disputeMediation: 0, jointWork: 0, problemSolving: 0, peopleCare: 0 },
    perMode: { walkIn: 0, homeVisit: 0, appointment: 0, groupSession: 0 },
    ...over,
  };
}
