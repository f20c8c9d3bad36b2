import { closeBlockers, closedUserPatch, handoverRefusal, HANDOVER_ROLES, type OpenWork } from '../../../../shared/domain/account-close';

const nothing: OpenWork = {
  wishesInHand: 0,
  wishesToConfirm: 0,
  wishesClaimed: 0,
  volunteerSignupsAhead: 0,
  venueBookingsAhead: 0,
  bookingsStartingSoon: 0,
  signupsAhead: 0,
  casesOpen: 0,
  mattersInProgress: 0,
};

describe('handoverRefusal', () => {
  it('lets a resident or a party member close the account', () => {
    expect(handoverRefusal([])).toBeNull();
    expect(handoverRefusal([{ role: 'party-member' }])).toBeNull();
  });

  it('sends every other role to hand over first, naming each once', () => {
    expect(HANDOVER_ROLES).not.toContain('party-member');
    const text = handoverRefusal([{ role: 'village-cadre' }, { role: 'party-member' }, { role: 'village-cadre' }, { role: 'grid-leader' }]);
    expect(text).toBe('您担任村（社区）干部、网格长，请先联系县委社会工作部交接工作、取消职务，再注销账号');
  });

  it.each(HANDOVER_ROLES.map((r) => [r]))('refuses %s', (role) => {
    expect(handoverRefusal([{ role }])).toEqual(expect.stringContaining('交接工作'));
  });
});

describe('closeBlockers', () => {
  it('has nothing to say when nothing is under way', () => {
    expect(closeBlockers(nothing)).toEqual([]);
  });

  it('lists each thing to finish first, in plain words', () => {
    expect(closeBlockers({ ...nothing, wishesInHand: 1 })).toEqual(['您有1个心愿正在办理，请办结后再注销']);
    expect(closeBlockers({ ...nothing, wishesToConfirm: 1, casesOpen: 2, mattersInProgress: 1, signupsAhead: 1, bookingsStartingSoon: 1, wishesClaimed: 3 })).toEqual([
      '您有1个心愿已经完成、等您确认，请先确认再注销',
      '您认领的3个心愿还没有完成，请完成后再注销',
      '您有一个预约马上就要开始，请按时到场或打电话告诉民警，结束后再注销',
      '您报名了1场集中服务活动，请先取消活动报名再注销',
      '您登记的2件矛盾纠纷还在调解，请办结后再注销',
      '您申请的1件事项还在办理，请办结或撤回后再注销',
    ]);
    expect(closeBlockers({ ...nothing, volunteerSignupsAhead: 2, venueBookingsAhead: 1 })).toEqual([
      '您报名了2场志愿服务活动，请先取消报名再注销',
      '您预约了1次场地，请先取消预约再注销',
    ]);
  });
});

describe('closedUserPatch', () => {
  it('clears every personal field the privacy guide declares for users and stamps the close', () => {
    const patch = closedUserPatch('2026-12-07T00:30:00.000Z');
    expect(patch).toEqual({
      name: '已注销用户',
      persona: 'resident',
      roles: [],
      roleKeys: [],
      residence: null,
      resettled: false,
      birthYear: null,
      // The full number (wishes.contact) and the gender (public surnames as 张女士) go too.
      gender: null,
      phone: null,
      phoneMasked: null,
      demo: false,
      closedAt: '2026-12-07T00:30:00.000Z',
    });
  });
});
