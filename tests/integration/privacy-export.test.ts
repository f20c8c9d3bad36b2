import { clock } from '../../cloudfunctions/_lib/clock';
import { addDays, chinaDate, chinaMonth, weekdayOf } from '../../shared/domain/china-time';
import { INDICATOR_CODES } from '../../shared/domain/points-rules';
import type { UserRecord } from '../../shared/domain/records';
import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';
import { exportOf } from '../support/my-data';

let t: TestRuntime;

/** A Monday-to-Friday date (China time) two to six days ahead, clear of the seeded closures (today + 9, 1 January). */
function openWeekday(): string {
  for (let d = 2; ; d++) {
    const date = addDays(chinaDate(new Date()), d);
    if (weekdayOf(date) <= 5 && !date.endsWith('-01-01')) return date;
  }
}
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
    // The confirmation's notice and audit entry ride on her record until the notifications timer writes them
    // out (before she grants a subscribe message, which that notice would otherwise use up).
    await dispatchNow();
    const wish = ok(await t.call('wishes', 'submit', { title: '想学用智能手机', content: '想请人教我用手机视频通话。', category: 'elder-care' }, token));
    ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'accept' }] }, token));

    const data = await exportOf(t, token);
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
    await dispatchNow();

    const memberData = await exportOf(t, member);
    expect(memberData.wishes.find((w: { id: string }) => w.id === wish.id)).toMatchObject({ relation: 'claimant', content: null });
    const cadreData = await exportOf(t, cadre);
    const review = cadreData.auditEntries.find((a: { target: { id: string } }) => a.target.id === wish.id);
    expect(review).toEqual({ at: expect.any(String), action: 'wishes.review', actorName: '陈建军', relation: 'actor', target: { collection: 'wishes', id: wish.id } });
  });

  it('includes the resident\'s police-home bookings, places, tickets, reported case, matters and household points, and nobody else\'s', async () => {
    const resident = await t.login('resident');
    const neighbour = await t.loginOpenid('demo-r-fengfang-2');
    ok(await t.call('police', 'signUp', { sessionId: 'ss-seed-fengfang-fraud' }, resident));
    // 09:10 in Qianyang on the next working day after tomorrow: the home is open for walk-in numbers.
    const day = openWeekday();
    clock.freeze(`${day}T01:10:00.000Z`);
    try {
      ok(await t.call('police', 'takeNumber', {}, neighbour));
      ok(await t.call('police', 'takeNumber', {}, resident));
    } finally {
      clock.reset();
    }

    // The rating group starts on this month: a draft her household cannot see yet.
    const ratedBefore = await t.count('pointsRatings', { householdId: 'h-fengfang-1-01' });
    const month = chinaMonth(new Date());
    const scores = INDICATOR_CODES.map((code) => (code === 'sanitation' ? { code, score: 8, reason: '草稿：门前柴草乱堆' } : { code, score: 10 }));
    ok(await t.call('points', 'enter', { villageId: 'v-fengfang', month, rows: [{ householdId: 'h-fengfang-1-01', scores }] }, await t.login('village-cadre')));

    const data = await exportOf(t, resident);
    const text = JSON.stringify(data);
    // 警民之家
    expect(data.policeHome.bookings).toEqual([expect.objectContaining({ id: 'bk-seed-4', status: 'booked', note: '换领到期的身份证' })]);
    expect(data.policeHome.signups).toEqual([
      expect.objectContaining({ sessionId: 'ss-seed-fengfang-fraud', sessionTitle: '守好养老钱——防范养老诈骗讲座', status: 'confirmed' }),
    ]);
    expect(data.policeHome.tickets).toEqual([expect.objectContaining({ homeId: 'ph-v-fengfang', date: day, number: 2, status: 'waiting' })]);
    expect(text).not.toContain('r-fengfang-2');
    // The dispute she reported: both parties' phones only masked, hers and her neighbour's.
    expect(data.cases).toEqual([
      expect.objectContaining({
        id: 'cs-demo-01',
        relation: 'reporter',
        parties: [
          { name: '张桂芳', phoneMasked: '138****2461' },
          { name: '王德胜', phoneMasked: '135****8806' },
        ],
      }),
    ]);
    expect(text).not.toContain('13572018806');
    expect(text).not.toContain('13891702461');
    // 小微权力: her two applications, one rated.
    expect(data.powers.matters).toHaveLength(2);
    expect(data.powers.matters.map((m: { rating: unknown }) => m.rating)).toContainEqual(expect.objectContaining({ stars: 5 }));
    expect(data.powers.complaints).toEqual([]);
    // Her household's points: published months only, and only her household's dividend row.
    expect(data.points.householdId).toBe('h-fengfang-1-01');
    expect(ratedBefore).toBeGreaterThan(0);
    expect(data.points.ratings.length).toBe(ratedBefore);
    expect(data.points.ratings.map((r: { month: string }) => r.month)).not.toContain(month);
    expect(text).not.toContain('草稿：门前柴草乱堆');
    expect(data.points.ledger.length).toBe(await t.count('pointsLedger', { householdId: 'h-fengfang-1-01' }));
    expect(data.points.ledger.length).toBeGreaterThan(0);
    expect(data.points.dividends).toEqual([expect.objectContaining({ year: expect.any(Number), amountFen: expect.any(Number) })]);
    expect(data.points.objections).toEqual([]);
    expect(text).not.toMatch(/h-fengfang-(?!1-01)\d-\d\d/);

    // The household that objected sees its objection; a complainant sees her complaint.
    const objectors = (await t.runtime.db.collection('users').where({ 'residence.householdId': 'h-fengfang-2-04' }).get()).data as UserRecord[];
    expect(objectors.length).toBeGreaterThan(0);
    const objector = await exportOf(t, await t.loginOpenid(`demo-${objectors[0]!._id}`));
    expect(objector.points.objections).toEqual([expect.objectContaining({ status: 'open' })]);
    const complainant = await exportOf(t, await t.loginOpenid('demo-r-fengfang-4'));
    expect(complainant.powers.complaints).toHaveLength(1);
  });

  it('gives a home visit to the person visited in full and to whoever asked for it without the other person\'s details', async () => {
    const asker = await exportOf(t, await t.login('grid-leader'));
    expect(asker.policeHome.homeVisits).toContainEqual(
      expect.objectContaining({ id: 'hv-seed-1', relation: 'requester', subjectAddress: null, phoneMasked: null, outcome: null }),
    );
    const elder = await exportOf(t, await t.loginOpenid('demo-r-fengfang-5'));
    expect(elder.policeHome.homeVisits).toEqual([expect.objectContaining({ id: 'hv-seed-1', relation: 'subject', requesterName: '刘文华' })]);
  });

  it('leaves a household\'s points out until the village confirms the person belongs to it', async () => {
    const token = await t.loginOpenid('wx-export-test-02');
    ok(await t.call('auth', 'register', { name: '赵小军', orgUnitId: 'v-fengfang', householdId: 'h-fengfang-1-01' }, token));
    const data = await exportOf(t, token);
    expect(data.points).toBeNull();
    expect(data.cases).toEqual([]);
    expect(data.policeHome).toEqual({ bookings: [], noShowAt: [], signups: [], tickets: [], homeVisits: [] });
  });

  it('reads past the 1000 documents a CloudBase query returns', async () => {
    const at = new Date().toISOString();
    const rows = Array.from({ length: 1005 }, (_, i) => ({
      _id: `nt-export-page-${String(i).padStart(4, '0')}`,
      recipientId: 'r-fengfang-9',
      kind: 'test.bulk',
      title: `第 ${i + 1} 条`,
      body: '批量消息',
      link: null,
      createdAt: at,
      readAt: null,
      delivery: { status: 'inApp' },
    }));
    await t.runtime.db.collection('notifications').add(rows);
    const data = await exportOf(t, await t.loginOpenid('demo-r-fengfang-9'));
    expect(data.notifications.filter((n: { kind: string }) => n.kind === 'test.bulk')).toHaveLength(1005);
  });

  it('refuses someone who has not registered', async () => {
    const token = await t.loginOpenid('wx-export-test-unregistered');
    const res = await t.call('auth', 'exportMyData', { part: 'account' }, token);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('includes the volunteer record, sign-ups, hours, visits made and venue bookings, and nobody else\'s', async () => {
    const leader = await exportOf(t, await t.login('grid-leader'));
    expect(leader.volunteering.volunteer).toMatchObject({ unitName: '冯坊村', status: 'confirmed', certCode: 'QYFF2026LWH1' });
    expect(leader.volunteering.hours.map((h: { title: string; minutes: number }) => [h.title, h.minutes])).toEqual([['清理村道垃圾', 120]]);
    expect(leader.volunteering.signups.length).toBeGreaterThanOrEqual(3);
    // A sign-up's credited minutes are its confirmed ledger entry's; one not yet confirmed has none.
    const credited = Object.fromEntries(leader.volunteering.signups.map((s: { title: string; creditedMinutes: number | null }) => [s.title, s.creditedMinutes]));
    expect(credited).toMatchObject({ 清理村道垃圾: 120, 今天的环境整治: null });
    expect(leader.volunteering.visits.map((v: { id: string }) => v.id).sort()).toEqual(['vv-seed-care-fengfang-1-1', 'vv-seed-care-fengfang-1-2']);
    expect(leader.volunteering.venueBookings.map((b: { purpose: string }) => b.purpose)).toEqual(['网格议事会']);
    const resident = await exportOf(t, await t.login('resident'));
    expect(resident.volunteering).toEqual({ volunteer: null, signups: [], hours: [], visits: [], venueBookings: [] });
  });
  it('includes the alerts a grid leader acknowledged for the grid and the care-register entry linked to the person, phones masked', async () => {
    const town = await t.login('town-cadre');
    const issued = ok(
      await t.call(
        'alerts',
        'issue',
        { kind: 'rainstorm', severity: 'severe', urgency: 'immediate', title: '明天有大风', instruction: '请收好院子里的杂物，关好门窗，不要在大树下停留。', description: '', areaUnitIds: ['v-fengfang'], expiresInHours: 24, ackWithinMinutes: 60, townAfterMinutes: 30, requestId: 'req-export-alert-1' },
        town,
      ),
    );
    const leaderToken = await t.login('grid-leader');
    ok(await t.call('alerts', 'acknowledge', { alertId: issued.id, gridId: 'g-fengfang-1', householdsReached: 5, careReachedIds: ['care-fengfang-1-1'], note: '电话13709170002的老人已当面通知' }, leaderToken));
    const leader = await exportOf(t, leaderToken);
    expect(leader.care.alertAcks).toEqual([
      { alertId: issued.id, alertTitle: '明天有大风', gridId: 'g-fengfang-1', at: expect.any(String), householdsReached: 5, careReached: 1, note: '电话137****0002的老人已当面通知' },
    ]);
    // The register entry linked to a resident's account (the seed links none: a grid leader adds her by household and name).
    const token = await t.loginOpenid('wx-export-test-03');
    ok(await t.call('auth', 'register', { name: '常秀英', orgUnitId: 'v-fengfang', householdId: 'h-fengfang-1-04' }, token));
    const added = ok(await t.call('admin', 'careAdd', { gridId: 'g-fengfang-1', name: '常秀英', kinds: ['seriously-ill'], address: '冯坊村一组', householdId: 'h-fengfang-1-04', phone: '13709175555', contactName: '儿子', contactPhone: '13609176666', note: '常年卧床' }, leaderToken)).item;
    const mine = await exportOf(t, token);
    expect(mine.care.register).toEqual([expect.objectContaining({ id: added.id, name: '常秀英', phoneMasked: '137****5555', contactName: '儿子', contactPhoneMasked: '136****6666', note: '常年卧床' })]);
    expect(JSON.stringify(mine)).not.toContain('13709175555');
    expect(mine.care.alertAcks).toEqual([]);
    const resident = await exportOf(t, await t.login('resident'));
    expect(resident.care).toEqual({ register: [], alertAcks: [] });
  });
});
