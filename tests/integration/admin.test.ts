import { clock } from '../../cloudfunctions/_lib/clock';
import { findById } from '../../cloudfunctions/_lib/db';
import type { PoliceHomeRecord } from '../../shared/domain/police-records';
import type { HouseholdRecord, OrgUnitRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type CallResult, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};
const WATCHED = ['users', 'auditLog', 'notifications', 'orgUnits', 'invitations', 'policeHomes', 'wishes', 'partyRegistrations', 'partyOrgs'];

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'town-cadre', 'county-admin', 'police', 'supervisor'] as const) {
    tokens[p] = await t.login(p);
  }
});
afterAll(() => t.close());

const user = (id: string) => findById<UserRecord>(t.runtime.db, 'users', id);
const unit = (id: string) => findById<OrgUnitRecord>(t.runtime.db, 'orgUnits', id);

function refused(res: CallResult, code: string, message?: string | RegExp) {
  expect(res.body.ok).toBe(false);
  if (res.body.ok) return;
  expect(res.body.error.code).toBe(code);
  if (typeof message === 'string') expect(res.body.error.message).toBe(message);
  else if (message) expect(res.body.error.message).toMatch(message);
}

/** Calls that must be refused write nothing anywhere an appointment writes. */
async function refusesAndWritesNothing(call: () => Promise<CallResult>, code: string, message?: string | RegExp) {
  const before = await snapshotCounts(t, WATCHED);
  const r1 = await user('resident');
  refused(await call(), code, message);
  expect(await snapshotCounts(t, WATCHED)).toEqual(before);
  expect((await user('resident'))!.roleKeys).toEqual(r1!.roleKeys);
}

/** The person's inbox once the notifications timer has run (it writes out the notices changes carry). */
async function inboxKinds(token: string) {
  await dispatchNow();
  return (ok(await t.call('notifications', 'list', { limit: 50 }, token)).items as { kind: string; title: string }[]);
}

describe('admin: appointing people within the appointer’s jurisdiction', () => {
  it('lets the county admin appoint a resident as grid leader: roles and roleKeys in step, the grid party group, the person told, audited', async () => {
    const found = ok(await t.call('admin', 'findPeople', { unitId: 'v-fengfang', name: '张桂' }, tokens['county-admin']));
    expect(found.items).toEqual([{ userId: 'resident', name: '张桂芳', phoneMasked: '138****2461', unitName: '冯坊村' }]);

    const res = ok(await t.call('admin', 'appoint', { userId: 'resident', role: 'grid-leader', unitId: 'g-fengfang-2' }, tokens['county-admin']));
    expect(res.holder).toEqual({ userId: 'resident', name: '张桂芳', phoneMasked: '138****2461', role: 'grid-leader', roleLabel: '网格长' });
    const after = await user('resident');
    expect(after!.roles).toEqual([{ role: 'grid-leader', unitId: 'g-fengfang-2' }]);
    expect(after!.roleKeys).toEqual(['grid-leader@g-fengfang-2']);
    expect((await unit('g-fengfang-2'))!.partyGroupMemberIds).toContain('resident');
    expect((await inboxKinds(tokens.resident!)).some((n) => n.kind === 'admin.appointed' && n.title === '您被任命为第二网格网格长')).toBe(true);
    expect(await t.count('auditLog', { action: 'admin.appoint', 'target.id': 'resident' })).toBe(1);

    const holders = ok(await t.call('admin', 'holders', { unitId: 'g-fengfang-2' }, tokens['county-admin']));
    expect(holders.items.map((h: { name: string; role: string }) => [h.name, h.role])).toEqual([['张桂芳', 'grid-leader']]);
    expect(holders.appointableRoles.map((r: { role: string }) => r.role)).toEqual(['grid-leader']);

    // Removing the role takes them out of the party group again; nothing is deleted.
    const removed = ok(await t.call('admin', 'removeRole', { userId: 'resident', role: 'grid-leader', unitId: 'g-fengfang-2' }, tokens['county-admin']));
    expect(removed).toEqual({ handedOver: [], successorName: null });
    expect((await user('resident'))!.roleKeys).toEqual([]);
    expect((await unit('g-fengfang-2'))!.partyGroupMemberIds).not.toContain('resident');
    expect((await inboxKinds(tokens.resident!)).some((n) => n.kind === 'admin.removed')).toBe(true);
  });

  it('makes a 警民之家 officer: the police role and the home’s officer list together', async () => {
    ok(await t.call('admin', 'appoint', { userId: 'supervisor', role: 'police', unitId: 'v-xijie' }, tokens['town-cadre']));
    const home = await findById<PoliceHomeRecord>(t.runtime.db, 'policeHomes', 'ph-v-xijie');
    expect(home!.officers.map((o) => o.userId)).toContain('supervisor');
    expect((await user('supervisor'))!.roleKeys).toContain('police@v-xijie');
    ok(await t.call('admin', 'removeRole', { userId: 'supervisor', role: 'police', unitId: 'v-xijie' }, tokens['town-cadre']));
    expect((await findById<PoliceHomeRecord>(t.runtime.db, 'policeHomes', 'ph-v-xijie'))!.officers.map((o) => o.userId)).not.toContain('supervisor');
  });

  it('refuses a town cadre outside their town, and for roles at or above theirs, writing nothing', async () => {
    await refusesAndWritesNothing(
      () => t.call('admin', 'appoint', { userId: 'resident', role: 'village-cadre', unitId: 'v-cuijiatou' }, tokens['town-cadre']),
      'FORBIDDEN',
      '这个职务不在您可以任命的范围内（镇干部只能在本镇任命村、网格、警民之家、调解和监督人员）',
    );
    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'town-cadre', unitId: 't-chengguan' }, tokens['town-cadre']), 'FORBIDDEN');
    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'county-admin', unitId: 'qianyang' }, tokens['town-cadre']), 'FORBIDDEN');
  });

  it('refuses a village cadre and a resident, who appoint nobody', async () => {
    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'grid-leader', unitId: 'g-fengfang-1' }, tokens['village-cadre']), 'FORBIDDEN');
    await refusesAndWritesNothing(() => t.call('admin', 'holders', { unitId: 'v-fengfang' }, tokens.resident), 'FORBIDDEN');
  });

  it('calls an unregistered id and a role at the wrong kind of unit bad input, writing nothing', async () => {
    await refusesAndWritesNothing(
      () => t.call('admin', 'appoint', { userId: 'u_nobody', role: 'village-cadre', unitId: 'v-fengfang' }, tokens['county-admin']),
      'INVALID_INPUT',
      '找不到这位已注册的用户，请先请他注册或发邀请码',
    );
    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'grid-leader', unitId: 'v-fengfang' }, tokens['county-admin']), 'INVALID_INPUT', '这个单位不能设这个职务');
    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'party-member', unitId: 'v-fengfang' }, tokens['county-admin']), 'INVALID_INPUT', '党员通过双报到在社区报到，不能直接任命');
    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'chief', unitId: 'v-fengfang' }, tokens['county-admin']), 'INVALID_INPUT');
  });

  it('answers CONFLICT for a role the person already holds', async () => {
    await refusesAndWritesNothing(
      () => t.call('admin', 'appoint', { userId: 'village-cadre', role: 'village-cadre', unitId: 'v-fengfang' }, tokens['county-admin']),
      'CONFLICT',
      '陈建军已经是这里的这个职务了',
    );
  });

  it('never removes the last county admin', async () => {
    await refusesAndWritesNothing(
      () => t.call('admin', 'removeRole', { userId: 'county-admin', role: 'county-admin', unitId: 'qianyang' }, tokens['county-admin']),
      'CONFLICT',
      '这是县里最后一位管理员，请先任命新的县管理员再免去',
    );
  });
});

describe('admin: removing a role hands open work over first', () => {
  it('lists a claimed wish in Chinese and writes nothing, then hands it to a successor in the same action', async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '帮忙搬煤', content: '一吨蜂窝煤堆在门口，想请人帮忙搬进院子。', category: 'elder-care' }, tokens.resident));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, tokens['party-member']));

    await refusesAndWritesNothing(
      () => t.call('admin', 'removeRole', { userId: 'party-member', role: 'party-member', unitId: 'v-fengfang' }, tokens['county-admin']),
      'CONFLICT',
      /这位同志还有未交接的工作：认领中的心愿「帮忙搬煤」/,
    );
    // A successor who is no party member here cannot take a wish over.
    await refusesAndWritesNothing(
      () => t.call('admin', 'removeRole', { userId: 'party-member', role: 'party-member', unitId: 'v-fengfang', successorId: 'resident' }, tokens['county-admin']),
      'INVALID_INPUT',
      '接替认领心愿的需要是在本村（社区）报到的党员',
    );

    const done = ok(await t.call('admin', 'removeRole', { userId: 'party-member', role: 'party-member', unitId: 'v-fengfang', successorId: 'pm-fengfang-1' }, tokens['county-admin']));
    expect(done.handedOver).toEqual([{ kind: 'wish', id: wish.id, title: '帮忙搬煤', label: '认领中的心愿' }]);
    const stored = await findById<WishRecord>(t.runtime.db, 'wishes', wish.id);
    expect(stored!.claimantId).toBe('pm-fengfang-1');
    expect(stored!.status).toBe('claimed');
    const shown = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident));
    expect(shown.timeline.at(-1)).toMatchObject({ action: '转交其他党员', note: '由赵志强转交给' + (await user('pm-fengfang-1'))!.name });
    // Records stay: the person keeps their account and their history.
    const former = await user('party-member');
    expect(former!.roleKeys).not.toContain('party-member@v-fengfang');
    expect(await t.count('wishes', { wisherId: 'resident' })).toBeGreaterThan(0);
    // The notices and the audit entry ride on the person's record until the notifications timer writes them out.
    await dispatchNow();
    expect(await t.count('notifications', { recipientId: 'pm-fengfang-1', kind: 'admin.handedOver' })).toBe(1);
    expect(await t.count('auditLog', { action: 'admin.removeRole', 'target.id': 'party-member' })).toBe(1);
  });

  it('lists work waiting on the last village cadre (wishes to review) and gives the role to the successor', async () => {
    await refusesAndWritesNothing(
      () => t.call('admin', 'removeRole', { userId: 'village-cadre', role: 'village-cadre', unitId: 'v-fengfang' }, tokens['town-cadre']),
      'CONFLICT',
      /待审核的心愿「.+」/,
    );
    const done = ok(await t.call('admin', 'removeRole', { userId: 'village-cadre', role: 'village-cadre', unitId: 'v-fengfang', successorId: 'mediator' }, tokens['town-cadre']));
    expect(done.successorName).toBe('马海龙');
    expect(done.handedOver.length).toBeGreaterThan(0);
    expect((await user('mediator'))!.roleKeys).toContain('village-cadre@v-fengfang');
    expect((await user('village-cadre'))!.roleKeys).not.toContain('village-cadre@v-fengfang');
    // Put the demo back for the tests after this one.
    ok(await t.call('admin', 'appoint', { userId: 'village-cadre', role: 'village-cadre', unitId: 'v-fengfang' }, tokens['town-cadre']));
    ok(await t.call('admin', 'removeRole', { userId: 'mediator', role: 'village-cadre', unitId: 'v-fengfang' }, tokens['town-cadre']));
  });
});

describe('admin: removing an officer or a mediator', () => {
  it('lists a 警民之家’s waiting requests when its only officer is removed, and moves the home to the successor', async () => {
    await refusesAndWritesNothing(
      () => t.call('admin', 'removeRole', { userId: 'police', role: 'police', unitId: 'v-fengfang' }, tokens['county-admin']),
      'CONFLICT',
      /待安排的上门申请「.+家」/,
    );
    const done = ok(await t.call('admin', 'removeRole', { userId: 'police', role: 'police', unitId: 'v-fengfang', successorId: 'supervisor' }, tokens['county-admin']));
    expect(done.handedOver.some((w: { kind: string }) => w.kind === 'visitRequest')).toBe(true);
    const home = await findById<PoliceHomeRecord>(t.runtime.db, 'policeHomes', 'ph-v-fengfang');
    expect(home!.officers.map((o) => o.userId)).toEqual(['supervisor']);
    expect((await user('supervisor'))!.roleKeys).toContain('police@v-fengfang');
    // With a second officer in place, the first can go without a hand-over.
    ok(await t.call('admin', 'appoint', { userId: 'police', role: 'police', unitId: 'v-fengfang' }, tokens['county-admin']));
    ok(await t.call('admin', 'removeRole', { userId: 'supervisor', role: 'police', unitId: 'v-fengfang' }, tokens['county-admin']));
    expect((await findById<PoliceHomeRecord>(t.runtime.db, 'policeHomes', 'ph-v-fengfang'))!.officers.map((o) => o.userId)).toEqual(['police']);
  });

  it('lists the cases of the committee when its last mediator is removed', async () => {
    const open = await t.count('cases', { committeeId: 'v-fengfang', status: t.runtime.db.command.in(['screened', 'mediating']) });
    expect(open).toBeGreaterThan(0);
    await refusesAndWritesNothing(
      () => t.call('admin', 'removeRole', { userId: 'mediator', role: 'mediator', unitId: 'v-fengfang' }, tokens['town-cadre']),
      'CONFLICT',
      /正在办理的矛盾纠纷「冯坊村.+纠纷」/,
    );
  });
});

describe('admin: invitations', () => {
  it('binds the role when the invited person registers with the code, once', async () => {
    const inv = ok(await t.call('admin', 'invite', { role: 'village-cadre', unitId: 'v-baofeng', inviteeName: '王小军' }, tokens['county-admin'])).invitation;
    expect(inv).toMatchObject({ role: 'village-cadre', roleLabel: '村（社区）干部', unitName: '宝丰村', status: 'open', statusLabel: '待使用' });
    expect(inv.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(inv.expiresLabel).toMatch(/^\d{1,2}月\d{1,2}日 \d{2}:\d{2} 前有效$/);

    const newcomer = await t.loginOpenid('wx-new-cadre');
    const reg = ok(await t.call('auth', 'register', { name: '王小军', orgUnitId: 'v-baofeng', invitationCode: inv.code.toLowerCase() }, newcomer));
    expect(reg.user.roles).toEqual([{ role: 'village-cadre', unitId: 'v-baofeng', unitName: '宝丰村' }]);
    const stored = await t.runtime.db.collection('users').where({ openid: 'wx-new-cadre' }).get();
    expect((stored.data[0] as UserRecord).roleKeys).toEqual(['village-cadre@v-baofeng']);
    expect((await inboxKinds(tokens['county-admin']!)).some((n) => n.title === '您发出的邀请码已被使用')).toBe(true);

    const other = await t.loginOpenid('wx-second-try');
    const before = await snapshotCounts(t, WATCHED);
    refused(await t.call('auth', 'register', { name: '李四', orgUnitId: 'v-baofeng', invitationCode: inv.code }, other), 'CONFLICT', '这个邀请码已经用过了');
    expect(await snapshotCounts(t, WATCHED)).toEqual(before);
  });

  it('lets exactly one of ten registered people use a code entered at once', async () => {
    const inv = ok(await t.call('admin', 'invite', { role: 'mediator', unitId: 'v-xijie' }, tokens['town-cadre'])).invitation;
    const ids = Array.from({ length: 10 }, (_, i) => `r-fengfang-${i + 1}`);
    const people = await Promise.all(ids.map((id) => t.loginOpenid(`demo-${id}`)));
    const results = await Promise.all(people.map((tk) => t.call('admin', 'redeemInvitation', { code: inv.code }, tk)));
    expect(results.filter((r) => r.body.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.body.ok)) refused(r, 'CONFLICT', /这个邀请码已经用过了|操作的人太多了/);
    const holders = await t.runtime.db.collection('users').where({ roleKeys: 'mediator@v-xijie' }).get();
    expect((holders.data as UserRecord[]).filter((u) => ids.includes(u._id))).toHaveLength(1);
    expect(await t.count('auditLog', { action: 'admin.useInvitation', 'after.invitationId': inv.id })).toBe(1);
  });

  it('refuses a revoked and an expired code, and rate-limits wrong ones', async () => {
    const inv = ok(await t.call('admin', 'invite', { role: 'supervisor', unitId: 'v-xijie' }, tokens['town-cadre'])).invitation;
    const revoked = ok(await t.call('admin', 'revokeInvitation', { invitationId: inv.id }, tokens['town-cadre'])).invitation;
    expect(revoked.statusLabel).toBe('已作废');
    refused(await t.call('admin', 'revokeInvitation', { invitationId: inv.id }, tokens['town-cadre']), 'CONFLICT', '这个邀请码已经作废了');
    refused(await t.call('admin', 'redeemInvitation', { code: inv.code }, tokens.resident), 'CONFLICT', '这个邀请码已经作废了');

    const late = ok(await t.call('admin', 'invite', { role: 'supervisor', unitId: 'v-xijie' }, tokens['town-cadre'])).invitation;
    clock.advance(8 * 24 * 3600_000);
    try {
      refused(await t.call('admin', 'redeemInvitation', { code: late.code }, tokens.resident), 'CONFLICT', '这个邀请码已经过期了，请向邀请您的干部要一个新的');
      const list = ok(await t.call('admin', 'invitations', { unitId: 'v-xijie' }, tokens['town-cadre'])).items;
      expect(list.find((i: { id: string }) => i.id === late.id).status).toBe('expired');
    } finally {
      clock.reset();
    }

    const guesser = tokens.police!;
    for (let i = 0; i < 5; i++) refused(await t.call('admin', 'redeemInvitation', { code: `ZZZZZZ${i}Z` }, guesser), 'NOT_FOUND', '邀请码不正确，请核对后再输入');
    refused(await t.call('admin', 'redeemInvitation', { code: 'ZZZZZZZZ' }, guesser), 'RATE_LIMITED');
  });

  it('refuses an invitation outside the jurisdiction', async () => {
    await refusesAndWritesNothing(() => t.call('admin', 'invite', { role: 'village-cadre', unitId: 'v-gaoya' }, tokens['town-cadre']), 'FORBIDDEN', '这个职务不在您可以邀请的范围内');
  });
});

describe('admin: org units', () => {
  it('adds, renames and retires a village; a retired one keeps its history and leaves the registration picker', async () => {
    const added = ok(await t.call('admin', 'addUnit', { parentId: 't-chengguan', kind: 'village', name: '新建村' }, tokens['town-cadre'])).unit;
    expect(added).toMatchObject({ name: '新建村', kind: 'village', parentId: 't-chengguan', retired: false });
    expect((await unit(added.id))!.path).toEqual(['qianyang', 't-chengguan', added.id]);
    const grid = ok(await t.call('admin', 'addUnit', { parentId: added.id, kind: 'grid', name: '第一网格' }, tokens['town-cadre'])).unit;
    refused(await t.call('admin', 'addUnit', { parentId: 't-chengguan', kind: 'village', name: '新建村' }, tokens['town-cadre']), 'CONFLICT', '这里已经有「新建村」了');
    refused(await t.call('admin', 'addUnit', { parentId: 't-chengguan', kind: 'grid', name: '错的' }, tokens['town-cadre']), 'INVALID_INPUT');

    ok(await t.call('admin', 'renameUnit', { unitId: added.id, name: '新华村' }, tokens['town-cadre']));
    refused(await t.call('admin', 'retireUnit', { unitId: added.id }, tokens['town-cadre']), 'CONFLICT', '请先停用或移走它下面的：第一网格');
    ok(await t.call('admin', 'retireUnit', { unitId: grid.id }, tokens['town-cadre']));
    const retired = ok(await t.call('admin', 'retireUnit', { unitId: added.id }, tokens['town-cadre'])).unit;
    expect(retired.retired).toBe(true);
    expect(await unit(added.id)).toMatchObject({ name: '新华村', retiredAt: expect.any(String) });

    const picker = ok(await t.call('auth', 'orgUnits', { parentId: 't-chengguan' }, tokens.resident)).items;
    expect(picker.map((u: { id: string }) => u.id)).not.toContain(added.id);
    const listed = ok(await t.call('admin', 'units', { unitId: 't-chengguan' }, tokens['town-cadre'])).children;
    expect(listed.find((u: { id: string }) => u.id === added.id)).toMatchObject({ retired: true });

    await refusesAndWritesNothing(() => t.call('admin', 'appoint', { userId: 'resident', role: 'village-cadre', unitId: added.id }, tokens['county-admin']), 'CONFLICT', '这个单位已经停用，不能再任命');
    const stranger = await t.loginOpenid('wx-to-retired');
    refused(await t.call('auth', 'register', { name: '赵六', orgUnitId: added.id }, stranger), 'INVALID_INPUT');
    expect(await t.count('auditLog', { 'target.id': added.id })).toBe(3);
  });

  it('refuses to retire a unit where people still hold roles, naming them', async () => {
    await refusesAndWritesNothing(() => t.call('admin', 'retireUnit', { unitId: 'g-fengfang-1' }, tokens['county-admin']), 'CONFLICT', '请先免去或调走这里的人员：刘文华（网格长）');
  });

  it('refuses a town cadre changing units of another town', async () => {
    await refusesAndWritesNothing(() => t.call('admin', 'renameUnit', { unitId: 'v-gaoya', name: '改名村' }, tokens['town-cadre']), 'FORBIDDEN');
  });

  it('moves a grid to another village: its households and residents follow', async () => {
    refused(await t.call('admin', 'moveGrid', { gridId: 'g-xijie-2', villageId: 'v-baofeng' }, tokens['town-cadre']), 'CONFLICT', '这里已经有「第二网格」了');
    ok(await t.call('admin', 'renameUnit', { unitId: 'g-xijie-2', name: '西街网格' }, tokens['town-cadre']));
    const moved = ok(await t.call('admin', 'moveGrid', { gridId: 'g-xijie-2', villageId: 'v-baofeng' }, tokens['town-cadre']));
    expect(moved.unit).toMatchObject({ id: 'g-xijie-2', parentId: 'v-baofeng' });
    expect(moved.movedHouseholds).toBeGreaterThan(0);
    const h = await t.runtime.db.collection('households').where({ gridId: 'g-xijie-2' }).get();
    for (const x of h.data as HouseholdRecord[]) expect(x).toMatchObject({ unitId: 'v-baofeng', path: ['qianyang', 't-chengguan', 'v-baofeng', 'g-xijie-2'] });
    const resident = await user('r-v-xijie');
    expect(resident!.residence).toMatchObject({ unitId: 'v-baofeng', gridId: 'g-xijie-2' });
    expect(await t.count('auditLog', { action: 'admin.moveGrid', 'target.id': 'g-xijie-2' })).toBe(1);
    await refusesAndWritesNothing(() => t.call('admin', 'moveGrid', { gridId: 'g-xijie-1', villageId: 'v-gaoya' }, tokens['town-cadre']), 'FORBIDDEN', '目标村（社区）不在您的管辖范围内');
  });
});

describe('admin: 双报到', () => {
  it('registers a unit party organisation, its member applies, the community confirms, the member claims its wishes', async () => {
    const org = ok(await t.call('admin', 'registerPartyOrg', { name: '县财政局党支部', secretaryId: 'supervisor' }, tokens['county-admin'])).partyOrg;
    expect(org).toMatchObject({ name: '县财政局党支部', secretaryName: '杨淑珍', memberCount: 0 });
    refused(await t.call('admin', 'registerPartyOrg', { name: '县交通局党支部', secretaryId: 'supervisor' }, tokens['town-cadre']), 'FORBIDDEN', '只有县管理员可以登记单位党组织');

    const member = await t.loginOpenid('demo-r-fengfang-12');
    const applied = ok(await t.call('admin', 'applyPartyRegistration', { partyOrgId: org.id }, member)).registration;
    expect(applied).toMatchObject({ unitName: '冯坊村', status: 'pending', statusLabel: '待社区确认', partyOrgName: '县财政局党支部' });
    refused(await t.call('admin', 'applyPartyRegistration', { partyOrgId: org.id }, member), 'CONFLICT', '您的报到申请正在等待冯坊村确认');
    expect((await inboxKinds(tokens['village-cadre']!)).some((n) => n.kind === 'party.applied')).toBe(true);

    const pending = ok(await t.call('admin', 'partyRegistrations', { unitId: 'v-fengfang', status: 'pending' }, tokens['village-cadre'])).items;
    expect(pending.map((p: { id: string }) => p.id)).toContain(applied.id);
    const otherCadre = await t.loginOpenid('demo-cadre-v-xijie');
    await refusesAndWritesNothing(() => t.call('admin', 'decidePartyRegistration', { registrationId: applied.id, decision: 'confirm' }, otherCadre), 'FORBIDDEN', '只有报到社区的干部可以确认');

    const confirmed = ok(await t.call('admin', 'decidePartyRegistration', { registrationId: applied.id, decision: 'confirm' }, tokens['village-cadre'])).registration;
    expect(confirmed.status).toBe('confirmed');
    expect((await user('r-fengfang-12'))!.roleKeys).toContain('party-member@v-fengfang');
    refused(await t.call('admin', 'decidePartyRegistration', { registrationId: applied.id, decision: 'decline' }, tokens['village-cadre']), 'CONFLICT', '这份报到申请已经处理过了');

    // The confirmed member claims the community's wishes (the wishes' claim rule reads the role).
    const wish = ok(await t.call('wishes', 'submit', { title: '帮忙贴春联', content: '手够不着门头，想请人帮忙贴一下春联。', category: 'daily-life' }, tokens.resident));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    expect(ok(await t.call('wishes', 'claim', { wishId: wish.id }, member)).status).toBe('claimed');
    ok(await t.call('wishes', 'fulfil', { wishId: wish.id, note: '春联贴好了' }, member));
    ok(await t.call('wishes', 'confirm', { wishId: wish.id, thanks: '谢谢' }, tokens.resident));

    const community = ok(await t.call('admin', 'partyRegistrations', { unitId: 'v-fengfang', status: 'confirmed' }, tokens['village-cadre'])).items;
    expect(community.find((p: { id: string }) => p.id === applied.id)).toMatchObject({ memberName: confirmed.memberName, completedWishes: 1, claimedWishes: 0 });

    const seen = ok(await t.call('admin', 'partyOrgMembers', { partyOrgId: org.id }, tokens.supervisor));
    expect(seen.partyOrg.memberCount).toBe(1);
    expect(seen.items).toEqual([expect.objectContaining({ unitName: '冯坊村', status: 'confirmed', completedWishes: 1 })]);
    refused(await t.call('admin', 'partyOrgMembers', { partyOrgId: org.id }, tokens.resident), 'FORBIDDEN');
  });

  it('tells a declined member, who may apply again', async () => {
    const org = ok(await t.call('admin', 'partyOrgs', {}, tokens.resident)).items[0];
    const member = await t.loginOpenid('demo-r-fengfang-13');
    const applied = ok(await t.call('admin', 'applyPartyRegistration', { partyOrgId: org.id }, member)).registration;
    ok(await t.call('admin', 'decidePartyRegistration', { registrationId: applied.id, decision: 'decline' }, tokens['village-cadre']));
    expect((await inboxKinds(member)).some((n) => n.kind === 'party.declined')).toBe(true);
    expect((await user('r-fengfang-13'))!.roleKeys).toEqual([]);
    expect(ok(await t.call('admin', 'applyPartyRegistration', { partyOrgId: org.id }, member)).registration.status).toBe('pending');
  });
});
