import { dispatchNow } from '../support/dispatch';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTION_NAMES } from '../../cloudfunctions/_lib/collections';
import type { AuditRecord, UserRecord, WishRecord } from '../../shared/domain/records';
import type { BookingRecord, HomeVisitRecord, SlotRecord } from '../../shared/domain/police-records';
import { eraseClosedAccounts } from '../support/erasure';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

// Monday 7 December 2026, 08:30 in Qianyang; ID-card slots are Tuesday and Thursday mornings.
const MONDAY_0830 = '2026-12-07T00:30:00.000Z';
const ID_CARD = 'ps-v-fengfang-id-card';
const GRID = 'g-fengfang-1';
/** Every collection: a retried close writes nothing anywhere. */
const WRITTEN = [...COLLECTION_NAMES];

let t: TestRuntime;
let seq = 0;
const rid = () => `req-close-${++seq}`;

async function doc<T>(collection: string, id: string): Promise<T | undefined> {
  return ((await t.runtime.db.collection(collection).doc(id).get()).data as T[])[0];
}

/** A resident of 冯坊村 who registers in the app and whose household the cadre confirms. */
async function registeredResident(openid: string, name: string): Promise<{ token: string; id: string }> {
  const token = await t.loginOpenid(openid);
  const user = ok(await t.call('auth', 'register', { name, orgUnitId: 'v-fengfang', householdId: 'h-fengfang-1-02' }, token)).user;
  ok(await t.call('auth', 'confirmResident', { userId: user.id, decision: 'confirm' }, await t.login('village-cadre')));
  return { token, id: user.id };
}

async function submitWish(token: string, title: string) {
  return ok(await t.call('wishes', 'submit', { title, content: `${title}，麻烦大家了。`, category: 'daily-life' }, token));
}

beforeAll(async () => {
  clock.freeze(MONDAY_0830);
  t = await startTestRuntime();
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

describe('auth.closeAccount', () => {
  let resident: { token: string; id: string };
  let openWish: string;
  let pendingWish: string;
  let rejectedWish: string;
  let bookingId: string;
  let slotId: string;
  let visitId: string;
  let bookedBefore: number;

  beforeAll(async () => {
    resident = await registeredResident('wx-close-01', '马翠兰');
    const cadre = await t.login('village-cadre');
    openWish = (await submitWish(resident.token, '想请人帮忙修水龙头')).id;
    ok(await t.call('wishes', 'review', { wishId: openWish, decision: 'approve' }, cadre));
    pendingWish = (await submitWish(resident.token, '想学用智能手机')).id;
    rejectedWish = (await submitWish(resident.token, '想要一辆电动车')).id;
    ok(await t.call('wishes', 'review', { wishId: rejectedWish, decision: 'reject', reason: '超出微心愿范围' }, cadre));
    ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'accept' }] }, resident.token));

    const slots = ok(await t.call('police', 'slots', { serviceId: ID_CARD, days: 7 }, resident.token)).slots as { id: string; bookable: boolean }[];
    slotId = slots.find((s) => s.bookable)!.id;
    bookingId = ok(await t.call('police', 'book', { slotId, requestId: rid() }, resident.token)).id;
    bookedBefore = (await doc<SlotRecord>('policeSlots', slotId))!.booked;
    // She also sits in her grid's party group (网格党小组), which is alerted about new wishes.
    await t.runtime.db.collection('orgUnits').doc(GRID).update({ partyGroupMemberIds: t.runtime.db.command.push([resident.id]) });
    visitId = ok(
      await t.call('police', 'requestVisit', { reason: '想请民警上门讲讲防诈骗', preferred: [{ date: '2026-12-09', half: 'pm' }], requestId: rid() }, resident.token),
    ).id;
    // The notices her confirmation and the reviews carry on their records reach her inbox.
    await dispatchNow();
  });

  it('closes the account of a resident who taps 确认注销', async () => {
    expect(await t.count('subscriptions', { userId: resident.id })).toBe(1);
    expect(await t.count('notifications', { recipientId: resident.id })).toBeGreaterThan(0);
    expect(await t.count('devSessions', { openid: 'wx-close-01' })).toBeGreaterThan(0);

    const res = await t.call('auth', 'closeAccount', { confirm: '注销' }, resident.token);
    expect(res.body).toEqual({ ok: true, data: { closed: true } });
    // The rest is the erase timer's, recorded as one pending job; the platform runs it.
    expect(await t.count('accountErasures', { userId: resident.id, status: 'pending' })).toBe(1);
    await eraseClosedAccounts(t);
    expect(await t.count('accountErasures', { userId: resident.id, status: 'done' })).toBe(1);
  });

  it('keeps the user record id but nothing personal', async () => {
    const user = (await doc<UserRecord>('users', resident.id))!;
    expect(user).toMatchObject({ _id: resident.id, name: '已注销用户', roles: [], roleKeys: [], residence: null, resettled: false, birthYear: null, phoneMasked: null });
    expect(user.closedAt).toBe(MONDAY_0830);
    expect(user.openid).toMatch(/^closed-/);
    expect(JSON.stringify(user)).not.toMatch(/马翠兰|wx-close-01/);
  });

  it('deletes the grants, the inbox and the sign-ins of that WeChat identity', async () => {
    expect(await t.count('subscriptions', { userId: resident.id })).toBe(0);
    expect(await t.count('notifications', { recipientId: resident.id })).toBe(0);
    expect(await t.count('devSessions', { openid: 'wx-close-01' })).toBe(0);
  });

  it('stops the old sign-in at once: its token answers 401 (the local stand-in for WeChat signing the person out)', async () => {
    const list = await t.call('wishes', 'list', { scope: 'mine' }, resident.token);
    expect(list.status).toBe(401);
    expect(list.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await t.call('auth', 'me', {}, resident.token)).status).toBe(401);
  });

  it('withdraws the unclaimed wishes, cancels the future booking and frees its seat, withdraws the home visit, leaves the party group', async () => {
    for (const id of [openWish, pendingWish]) {
      const w = (await doc<WishRecord>('wishes', id))!;
      expect(w.status).toBe('cancelled');
      expect(w.timeline.at(-1)).toMatchObject({ actorName: '已注销用户', note: '许愿人注销了账号' });
    }
    expect((await doc<BookingRecord>('policeBookings', bookingId))!.status).toBe('cancelled');
    expect((await doc<SlotRecord>('policeSlots', slotId))!.booked).toBe(bookedBefore - 1);
    expect((await doc<HomeVisitRecord>('policeHomeVisits', visitId))!.status).toBe('withdrawn');
    const grid = (await doc<{ partyGroupMemberIds: string[] }>('orgUnits', GRID))!;
    expect(grid.partyGroupMemberIds).not.toContain(resident.id);
    expect(grid.partyGroupMemberIds.length).toBeGreaterThan(0);
    // The officer is told, without the person's name.
    const officer = ok(await t.call('notifications', 'list', { limit: 50 }, await t.login('police'))).items as { body: string }[];
    const told = officer.filter((n) => n.body.includes('注销了账号'));
    expect(told.length).toBeGreaterThanOrEqual(2);
    for (const n of told) expect(n.body).not.toContain('马翠兰');
  });

  it('keeps an earlier record as it was made, with the name it was made under (政务留痕)', async () => {
    const w = (await doc<WishRecord>('wishes', rejectedWish))!;
    expect(w).toMatchObject({ status: 'rejected', wisherId: resident.id, wisherName: '马翠兰' });
  });

  it('audits the close with ids only, and what the erasure withdrew for her', async () => {
    const res = await t.runtime.db.collection('auditLog').where({ action: 'auth.closeAccount', 'target.id': resident.id }).get();
    const entries = res.data as AuditRecord[];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: resident.id, actorName: '已注销用户', before: null });
    expect(entries[0]!.after).toEqual({ closedAt: MONDAY_0830, erasureId: `ae-${resident.id}` });
    const withdrawn = ((await t.runtime.db.collection('auditLog').where({ action: 'auth.closeAccount.withdraw', 'target.id': resident.id }).get()).data as AuditRecord[]).map((a) => a.after);
    expect(withdrawn).toEqual(
      expect.arrayContaining([{ cancelledWishIds: expect.arrayContaining([openWish, pendingWish]) }, { cancelledBookingIds: [bookingId] }, { withdrawnVisitIds: [visitId] }]),
    );
    expect(withdrawn).toHaveLength(3);
    expect(JSON.stringify([...entries, ...withdrawn])).not.toMatch(/马翠兰|wx-close-01/);
  });

  it('is harmless when retried, with the old token or from the same WeChat identity signed in again', async () => {
    const before = await snapshotCounts(t, WRITTEN);
    expect((await t.call('auth', 'closeAccount', { confirm: '注销' }, resident.token)).status).toBe(401);
    // In the cloud a retry arrives with the same openid, which no account holds any more.
    const sameWeChat = await t.loginOpenid('wx-close-01');
    const again = await t.call('auth', 'closeAccount', { confirm: '注销' }, sameWeChat);
    expect(again.body).toEqual({ ok: true, data: { closed: true } });
    const after = await snapshotCounts(t, WRITTEN);
    expect({ ...after, devSessions: before.devSessions }).toEqual(before);
  });

  it('lets the same WeChat identity sign in again as a new, unregistered person', async () => {
    const fresh = await t.call<{ token: string; user: unknown }>('auth', 'devLogin', { openid: 'wx-close-01' });
    expect(fresh.body).toMatchObject({ ok: true, data: { user: null } });
    const token = (fresh.body as { ok: true; data: { token: string } }).data.token;
    expect(ok(await t.call('auth', 'me', {}, token)).user).toBeNull();
    const again = ok(await t.call('auth', 'register', { name: '马翠兰', orgUnitId: 'v-fengfang' }, token)).user;
    expect(again.id).not.toBe(resident.id);
    expect(again.residence).toMatchObject({ unitId: 'v-fengfang', householdConfirmed: false });
    // The new account sees nothing of the old one.
    const mine = ok(await t.call('wishes', 'list', { scope: 'mine' }, token)).items as unknown[];
    expect(mine).toHaveLength(0);
  });
});

describe('auth.closeAccount after an interrupted close', () => {
  it('finishes a close begun before erasure jobs existed (record emptied, openid still there): the job is written once and the timer does the rest', async () => {
    const person = await registeredResident('wx-close-03', '何玉梅');
    await dispatchNow();
    // What such a close left behind: the record anonymised, the inbox and the openid not yet gone.
    await t.runtime.db.collection('users').doc(person.id).update({ name: '已注销用户', residence: null, closedAt: MONDAY_0830 });
    expect(await t.count('notifications', { recipientId: person.id })).toBeGreaterThan(0);
    const audits = await t.count('auditLog');

    const again = await t.call('auth', 'closeAccount', { confirm: '注销' }, person.token);
    expect(again.body).toEqual({ ok: true, data: { closed: true } });
    expect(await t.count('accountErasures', { userId: person.id })).toBe(1);
    await eraseClosedAccounts(t);
    expect(await t.count('notifications', { recipientId: person.id })).toBe(0);
    expect((await doc<UserRecord>('users', person.id))!.openid).toMatch(/^closed-/);
    expect(await t.count('auditLog')).toBe(audits);
    expect((await t.call('wishes', 'list', { scope: 'mine' }, person.token)).status).toBe(401);
  });
});

describe('auth.closeAccount refusals', () => {
  it('refuses a cadre, whose duties must be handed over, and writes nothing', async () => {
    const cadre = await t.login('village-cadre');
    const before = await snapshotCounts(t, WRITTEN);
    const res = await t.call('auth', 'closeAccount', { confirm: '注销' }, cadre);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('村（社区）干部') } });
    expect(await snapshotCounts(t, WRITTEN)).toEqual(before);
    expect(ok(await t.call('auth', 'me', {}, cadre)).user.name).toBe('陈建军');
  });

  it.each(['police', 'grid-leader', 'town-cadre'] as const)('refuses the %s persona too', async (persona) => {
    const res = await t.call('auth', 'closeAccount', { confirm: '注销' }, await t.login(persona));
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it.each([
    ['the confirm word is missing', {}],
    ['the confirm word is wrong', { confirm: '确定' }],
    ['an extra field is sent', { confirm: '注销', userId: 'resident' }],
  ])('answers INVALID_INPUT and writes nothing when %s', async (_name, data) => {
    const token = await t.login('resident');
    const before = await snapshotCounts(t, WRITTEN);
    const res = await t.call('auth', 'closeAccount', data, token);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshotCounts(t, WRITTEN)).toEqual(before);
    expect(ok(await t.call('auth', 'me', {}, token)).user.name).toBe('张桂芳');
  });

  it('waits while a party member is working on the person\'s wish, and says so', async () => {
    const wisher = await registeredResident('wx-close-02', '杨秀英');
    const wish = await submitWish(wisher.token, '想请人陪我去医院');
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, await t.login('village-cadre')));
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, await t.login('party-member')));
    const before = await snapshotCounts(t, WRITTEN);
    const res = await t.call('auth', 'closeAccount', { confirm: '注销' }, wisher.token);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您有1个心愿正在办理，请办结后再注销' } });
    expect(await snapshotCounts(t, WRITTEN)).toEqual(before);
    expect(ok(await t.call('auth', 'me', {}, wisher.token)).user.name).toBe('杨秀英');
  });

  it('names every kind of work still under way for the person, counted, and writes nothing (one read joins them all)', async () => {
    const p = await registeredResident('wx-close-blocked', '郭秀珍');
    const db = t.runtime.db;
    const now = clock.now().getTime();
    const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
    // Under way: two group-session places ahead, a booking in 30 minutes, a case in mediation, a matter in progress, a wish she claimed.
    // Not: a session that has passed, a booking next week (she may cancel it), a settled case, a finished matter.
    await db.collection('policeSignups').add([
      { _id: 'psu-blocked-1', userId: p.id, status: 'confirmed', startAt: at(24 * 60) },
      { _id: 'psu-blocked-2', userId: p.id, status: 'waitlisted', startAt: at(48 * 60) },
      { _id: 'psu-blocked-3', userId: p.id, status: 'confirmed', startAt: at(-60) },
    ]);
    await db.collection('policeBookings').add([
      { _id: 'pb-blocked-1', userId: p.id, status: 'booked', startAt: at(30), endAt: at(60) },
      { _id: 'pb-blocked-2', userId: p.id, status: 'booked', startAt: at(7 * 24 * 60), endAt: at(7 * 24 * 60 + 30) },
    ]);
    await db.collection('cases').add([
      { _id: 'cs-blocked-1', reporterId: p.id, status: 'mediating' },
      { _id: 'cs-blocked-2', reporterId: p.id, status: 'resolved' },
    ]);
    await db.collection('matters').add([
      { _id: 'mt-blocked-1', applicantId: p.id, status: 'in_progress' },
      { _id: 'mt-blocked-2', applicantId: p.id, status: 'done' },
    ]);
    await db.collection('wishes').add({ _id: 'wi-blocked-1', wisherId: 'r-fengfang-3', claimantId: p.id, status: 'claimed', villageId: 'v-fengfang', timeline: [] });
    const before = await snapshotCounts(t, WRITTEN);
    const res = await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token);
    expect(res.body).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        message:
          '您认领的1个心愿还没有完成，请完成后再注销；您有一个预约马上就要开始，请按时到场或打电话告诉民警，结束后再注销；您报名了2场集中服务活动，请先取消活动报名再注销；您登记的1件矛盾纠纷还在调解，请办结后再注销；您申请的1件事项还在办理，请办结或撤回后再注销',
      },
    });
    expect(await snapshotCounts(t, WRITTEN)).toEqual(before);
    expect(ok(await t.call('auth', 'me', {}, p.token)).user.name).toBe('郭秀珍');
    // The bare records go again (the pages that list them would not know them).
    for (const c of ['policeSignups', 'policeBookings', 'cases', 'matters', 'wishes']) await db.collection(c).where({ _id: db.RegExp({ regexp: '-blocked-' }) }).remove();
  });

  it('waits while a party member has not fulfilled a wish they claimed', async () => {
    const token = await t.login('party-member');
    const res = await t.call('auth', 'closeAccount', { confirm: '注销' }, token);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您认领的1个心愿还没有完成，请完成后再注销' } });
  });
});

describe('a closed account’s completed wish', () => {
  it('leaves the village wall and is read only by the handling cadres and supervisors (the privacy guide’s promise)', async () => {
    const wisher = await registeredResident('wx-close-wall', '赵桂英');
    const [cadre, member, neighbour, supervisor, town] = await Promise.all([
      t.login('village-cadre'),
      t.login('party-member'),
      t.login('resident'),
      t.login('supervisor'),
      t.login('town-cadre'),
    ]);
    const wish = await submitWish(wisher.token, '想请人帮忙贴春联');
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, cadre));
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, member));
    ok(await t.call('wishes', 'fulfil', { wishId: wish.id, note: '春联贴好了' }, member));
    ok(await t.call('wishes', 'confirm', { wishId: wish.id, thanks: '谢谢小伙子' }, wisher.token));
    const onWall = async (token: string) => ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, token)).items.some((w: { id: string }) => w.id === wish.id);
    expect(await onWall(neighbour)).toBe(true);

    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, wisher.token));

    for (const token of [neighbour, member, cadre]) expect(await onWall(token)).toBe(false);
    expect(ok(await t.call('wishes', 'list', { scope: 'claimed', limit: 50 }, member)).items.some((w: { id: string }) => w.id === wish.id)).toBe(false);
    for (const token of [neighbour, member]) {
      expect((await t.call('wishes', 'get', { wishId: wish.id }, token)).body).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    for (const token of [cadre, town]) {
      expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, token))).toMatchObject({ status: 'completed', wisherName: '赵桂英' });
    }
    // The supervisor reads the kept record too; like everyone who does not handle the wish, by surname only.
    expect(ok(await t.call('wishes', 'get', { wishId: wish.id }, supervisor))).toMatchObject({ status: 'completed', wisherName: '赵**' });
    // The party member's service record still counts the wish they fulfilled.
    expect(await t.count('wishes', { claimantId: 'party-member', status: 'completed' })).toBeGreaterThan(0);
  });
});
