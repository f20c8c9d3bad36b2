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
