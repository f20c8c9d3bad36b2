import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('auth.exportMyData', () => {
  it('gives a resident everything held about them: record, wishes, messages, grants and audit entries about them', async () => {
    const token = await t.loginOpenid('wx-export-test-01');
    ok(await t.call('auth', 'register', { name: '王秀兰', orgUnitId: 'v-fengfang', householdId: 'h-fengfang-1-02' }, token));
    const cadre = await t.login('village-cadre');
    const me = ok(await t.call('auth', 'me', {}, token)).user;
    ok(await t.call('auth', 'confirmResident', { userId: me.id, decision: 'confirm' }, cadre));
    const wish = ok(await t.call('wishes', 'submit', { title: '想学用智能手机', content: '想请人教我用手机视频通话。', category: 'elder-care' }, token));
    ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'accept' }] }, token));

    const data = ok(await t.call('auth', 'exportMyData', {}, token));
    expect(data.user).toMatchObject({ id: me.id, openid: 'wx-export-test-01', name: '王秀兰', residence: { unitId: 'v-fengfang', householdConfirmed: true } });
    expect(data.wishes).toEqual([expect.objectContaining({ id: wish.id, relation: 'wisher', content: '想请人教我用手机视频通话。' })]);
    expect(data.notifications.map((n: { kind: string }) => n.kind)).toContain('resident.confirmed');
    expect(data.subscriptions).toEqual([expect.objectContaining({ templateKey: 'result', remaining: 1 })]);
    expect(data.auditEntries).toEqual([
      expect.objectContaining({ action: 'auth.confirmResident.confirm', relation: 'subject', actorName: '陈建军', target: { collection: 'users', id: me.id } }),
    ]);
    // Other people's messages and records are not in it.
    expect(JSON.stringify(data)).not.toContain('新居民注册待确认');
  });

  it('leaves the wisher text out of a claimant copy and other people audit details out of a cadre copy', async () => {
    const resident = await t.login('resident');
    const cadre = await t.login('village-cadre');
    const member = await t.login('party-member');
    const wish = ok(await t.call('wishes', 'submit', { title: '帮忙换灯泡', content: '厨房灯泡坏了，够不着。', category: 'daily-life' }, resident));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, cadre));
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, member));

    const memberData = ok(await t.call('auth', 'exportMyData', {}, member));
    expect(memberData.wishes.find((w: { id: string }) => w.id === wish.id)).toMatchObject({ relation: 'claimant', content: null });
    const cadreData = ok(await t.call('auth', 'exportMyData', {}, cadre));
    const review = cadreData.auditEntries.find((a: { target: { id: string } }) => a.target.id === wish.id);
    expect(review).toEqual({ at: expect.any(String), action: 'wishes.review', actorName: '陈建军', relation: 'actor', target: { collection: 'wishes', id: wish.id } });
  });

  it('refuses someone who has not registered', async () => {
    const token = await t.loginOpenid('wx-export-test-unregistered');
    const res = await t.call('auth', 'exportMyData', {}, token);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
