import { FUNCTIONS } from '../../cloudfunctions/registry';
import { clock } from '../../cloudfunctions/_lib/clock';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { CLOSE_HOLD_MS } from '../../cloudfunctions/auth/close';
import { ERASE_DEFAULTS, ERASURE_STEPS, type EraseReport } from '../../cloudfunctions/auth/timers';
import type { AccountErasureRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { eraseClosedAccounts } from '../support/erasure';
import { watchQueries } from '../support/query-watch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 注销账号 at any size (issue 13 §2): the resident's call costs the same number of database requests
 * whether the person did little or a great deal, and the rest is erased by the auth `erase` timer in
 * bounded pages that resume after a stop and finish once. Figures are checked with plain SQL over the
 * SQLite file.
 */
const V = 'v-fengfang';
const PATH = ['c-qianyang', 't-chengguan', V];
/**
 * The call's requests, measured through the gateway: the local sign-in (1), the caller (1), the record
 * afresh with every kind of work someone else may be doing for the person joined (1 aggregate), the
 * erasure job (1), the record emptied (1), the wishes off the wall (1), the local sign-ins (1). The
 * county table (bench/county-actions.ts) counts the same call without the local sign-in: 6.
 */
const CLOSE_REQUESTS = 7;

let t: TestRuntime;
let sql: SqlCounts;
const erase = () => FUNCTIONS.auth!.runTimer('erase') as Promise<EraseReport>;

beforeAll(async () => {
  clock.freeze('2026-12-07T00:30:00.000Z');
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
});
afterAll(async () => {
  await t.close();
  clock.reset();
});

/** A registered resident of 冯坊村 with `n` records of each kind the erasure touches, written straight into the store. */
async function busyResident(openid: string, name: string, n: number): Promise<{ token: string; id: string }> {
  const token = await t.loginOpenid(openid);
  const id = ok(await t.call('auth', 'register', { name, orgUnitId: V, householdId: 'h-fengfang-1-02' }, token)).user.id as string;
  ok(await t.call('auth', 'confirmResident', { userId: id, decision: 'confirm' }, await t.login('village-cadre')));
  const db = t.runtime.db;
  const at = '2026-01-05T02:00:00.000Z';
  const many = <T>(make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  const wish = (i: number, status: string) => ({ _id: `wi-${status}-${id}-${i}`, wisherId: id, wisherName: name, villageId: V, path: PATH, status, title: `心愿${i}`, content: '想请人帮忙', category: 'daily-life', claimantId: null, timeline: [], createdAt: at, updatedAt: at });
  await db.collection(COLLECTIONS.wishes.name).add([...many((i) => wish(i, 'completed')), ...many((i) => wish(i, 'pending_review'))]);
  await db.collection(COLLECTIONS.councilTopics.name).add(many((i) => ({ _id: `ct-busy-${id}-${i}`, villageId: V, raisedBy: { userId: id, name, gender: null }, title: `议题${i}`, status: 'raised', createdAt: at })));
  await db.collection(COLLECTIONS.volunteerSignups.name).add(
    many((i) => ({ _id: `vs-busy-${id}-${i}`, userId: id, userName: name, activityId: `va-x-${i}`, title: '活动', startAt: at, status: 'checked-out', checkInAt: at, checkOutAt: at, creditedMinutes: 60 })),
  );
  await db.collection(COLLECTIONS.venueBookings.name).add(many((i) => ({ _id: `vb-busy-${id}-${i}`, userId: id, userName: name, venueId: 've-x', venueName: '球场', startAt: at, hours: 1, purpose: '打球', status: 'cancelled' })));
  await db.collection(COLLECTIONS.notifications.name).add(
    many((i) => ({ _id: `nt-busy-${id}-${i}`, recipientId: id, kind: 'wish.claimed', title: '通知', body: '您的心愿有人认领了', link: null, aboutId: null, createdAt: at, readAt: null, delivery: { status: 'in-app', attempts: 0, nextAttemptAt: at, error: null } })),
  );
  await db.collection(COLLECTIONS.auditLog.name).add(many((i) => ({ _id: `al-busy-${id}-${i}`, actorId: id, actorName: name, action: 'wishes.contact', target: { collection: 'wishes', id: `w-${i}` }, before: null, after: null, at, requestId: `r-${i}`, path: PATH })));
  return { token, id };
}

/** Rows that still carry the name, in the collections the busy resident filled (plain SQL). */
function namedRows(name: string): Record<string, number> {
  const names = [COLLECTIONS.wishes, COLLECTIONS.councilTopics, COLLECTIONS.volunteerSignups, COLLECTIONS.venueBookings, COLLECTIONS.auditLog, COLLECTIONS.users, COLLECTIONS.accountErasures].map((c) => c.name);
  return Object.fromEntries(names.map((c) => [c, sql.one(c, 'count(*)', 'WHERE body LIKE ?', `%${name}%`)]).filter(([c, n]) => n && c !== COLLECTIONS.wishes.name));
}

describe('auth.closeAccount costs the same at any size', () => {
  const sizes = [5, 200] as const;
  const people: { id: string; name: string }[] = [];
  const counts: number[] = [];

  it(`sends ${CLOSE_REQUESTS} requests, every query on an index, for a resident with ${sizes.join(' or ')} records of each kind`, async () => {
    for (const n of sizes) {
      const name = `忙碌居民${n}号`;
      const p = await busyResident(`wx-close-busy-${n}`, name, n);
      people.push({ id: p.id, name });
      const watch = watchQueries(t.runtime.engine, { threshold: 0 });
      try {
        const { result, requests } = await watch.measure(`auth.closeAccount (${n} of each)`, () => t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
        expect(ok(result)).toEqual({ closed: true });
        counts.push(requests);
        // devSessions is the local runtime's own sign-in store, never deployed (WeChat signs people in in the cloud).
        expect(watch.scans.filter((x) => x.collection !== COLLECTIONS.devSessions.name)).toEqual([]);
      } finally {
        watch.stop();
      }
    }
    expect(counts).toEqual(sizes.map(() => CLOSE_REQUESTS));
  });

  it('has done at once what must not wait: no sign-in, an empty record, every wish off the wall; the rest is one pending job each', async () => {
    for (const p of people) {
      expect(sql.one('users', 'count(*)', `WHERE _id = ? AND ${j('name')} = '已注销用户' AND ${j('openid')} LIKE 'closed-%' AND ${j('residence')} IS NULL`, p.id)).toBe(1);
      expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND coalesce(${j('wisherClosed')}, 0) = 0`, p.id)).toBe(0);
      expect(sql.one('accountErasures', 'count(*)', `WHERE ${j('userId')} = ? AND ${j('status')} = 'pending'`, p.id)).toBe(1);
    }
    // Still there until the timer runs: the big one's name on 200 records of each kind.
    expect(namedRows(people[1]!.name)).toMatchObject({ councilTopics: 200, volunteerSignups: 200, venueBookings: 200, auditLog: 200, accountErasures: 1 });
  });

  it('is erased by the timer, page by page, every query on an index, with nothing named left', async () => {
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    try {
      const started = Date.now();
      const runs = await eraseClosedAccounts(t);
      expect(runs).toBeGreaterThanOrEqual(1);
      if (process.env.ERASE_TABLE) console.log(`erase: ${runs} runs, ${watch.take()} requests, ${Date.now() - started} ms`);
      expect(watch.scans).toEqual([]);
    } finally {
      watch.stop();
    }
    for (const p of people) {
      expect(namedRows(p.name)).toEqual({});
      expect(sql.one('notifications', 'count(*)', `WHERE ${j('recipientId')} = ?`, p.id)).toBe(0);
      expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND ${j('status')} = 'pending_review'`, p.id)).toBe(0);
    }
  });
});

describe('the erase timer', () => {
  const saved = { ...ERASE_DEFAULTS };
  afterEach(() => {
    Object.assign(ERASE_DEFAULTS, saved);
    jest.restoreAllMocks();
  });

  it('stops after its budget, dies mid-page, resumes where it stopped once the lease runs out, and finishes exactly once', async () => {
    const N = 23;
    const name = '中断居民';
    const p = await busyResident('wx-close-resume', name, N);
    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
    const jobOf = async () => ((await t.runtime.db.collection('accountErasures').doc(`ae-${p.id}`).get()).data as AccountErasureRecord[])[0]!;
    // Pages of 4 and no budget: each run does one page and hands the job back.
    Object.assign(ERASE_DEFAULTS, { pageSize: 4, budgetMs: 0 });
    clock.advance(CLOSE_HOLD_MS);
    // The close's own step (its audit entry), then the wishes page by page.
    expect(await erase()).toEqual({ pages: 1, finished: 0 });
    expect(await jobOf()).toMatchObject({ status: 'pending', step: 1, cursor: null, claim: null, pages: 1 });
    const first = await erase();
    expect(first).toEqual({ pages: 1, finished: 0 });
    expect(await jobOf()).toMatchObject({ status: 'pending', step: 1, cursor: '', claim: null, pages: 2 });
    expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND ${j('status')} = 'cancelled'`, p.id)).toBe(4);

    // The next run dies in the middle of the sign-ups step, holding the job.
    const signups = ERASURE_STEPS.findIndex((s) => s.key === 'volunteerSignups');
    while ((await jobOf()).step < signups) await erase();
    jest.spyOn(ERASURE_STEPS[signups]!, 'run').mockRejectedValueOnce(new Error('the function was cut off'));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(erase()).rejects.toThrow('cut off');
    const held = await jobOf();
    expect(held).toMatchObject({ status: 'pending', step: signups, claim: expect.any(String) });
    // While the dead run's lease lasts, nobody else takes the job.
    expect(await erase()).toEqual({ pages: 0, finished: 0 });
    clock.advance(ERASE_DEFAULTS.leaseMs + 1_000);
    expect(await erase()).toEqual({ pages: 1, finished: 0 });
    expect((await jobOf()).step).toBe(signups + 1);

    Object.assign(ERASE_DEFAULTS, saved);
    const rest = await erase();
    expect(rest.finished).toBe(1);
    expect(await jobOf()).toMatchObject({ status: 'done', name: null, unitId: null, claim: null, doneAt: expect.any(String) });
    // Once: another run finds nothing, every wish was withdrawn exactly once, the withdrawals audited once each.
    expect(await erase()).toEqual({ pages: 0, finished: 0 });
    expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND ${j('status')} = 'cancelled' AND json_array_length(${j('timeline')}) = 1`, p.id)).toBe(N);
    const withdrawn = sql.all<{ ids: string }>('auditLog', `${j('after.cancelledWishIds')} AS ids`, `WHERE ${j('action')} = 'auth.closeAccount.withdraw' AND ${j('target.id')} = ?`, p.id).flatMap((r) => JSON.parse(r.ids) as string[]);
    expect(withdrawn).toHaveLength(N);
    expect(new Set(withdrawn).size).toBe(N);
    expect(namedRows(name)).toEqual({});
  });
});

describe('notices about a closed person in cadres’ inboxes', () => {
  it('are rewritten, those that say whom they are about and older ones that do not; a namesake’s notice from before she registered is left alone', async () => {
    const name = '庞秀云';
    // A namesake's notice, older than her account (another person, long before).
    const old = '2025-06-01T00:00:00.000Z';
    const row = (id: string, body: string, createdAt: string, about?: string | null) => ({
      _id: id, recipientId: 'village-cadre', kind: 'resident.registered', title: '新居民注册待确认', body, link: null, ...(about === undefined ? {} : { aboutId: about }), createdAt, readAt: null,
      delivery: { status: 'in-app', attempts: 0, nextAttemptAt: createdAt, error: null },
    });
    await t.runtime.db.collection('notifications').add(row('nt-namesake', `${name} 申请加入冯坊村，请确认户籍信息。`, old));
    const p = await busyResident('wx-close-notices', name, 1);
    // Her registration's notice to the cadres rides on her record until the notifications timer writes it out.
    await dispatchNow();
    // A notice written before notices recorded whom they are about.
    await t.runtime.db.collection('notifications').add(row('nt-older', `${name}申请加入冯坊村志愿者队伍`, clock.nowIso()));
    const cadreInbox = () => sql.all<{ id: string; body: string }>('notifications', `_id AS id, ${j('body')} AS body`, `WHERE ${j('recipientId')} = 'village-cadre' AND body LIKE ?`, `%${name}%`);
    expect(cadreInbox().map((r) => r.id).sort()).toEqual(expect.arrayContaining(['nt-namesake', 'nt-older']));
    expect(cadreInbox()).toHaveLength(3);

    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
    await eraseClosedAccounts(t);

    expect(cadreInbox().map((r) => r.id)).toEqual(['nt-namesake']);
    // Anyone's inbox: the name is in no notice but the namesake's.
    expect(sql.one('notifications', 'count(*)', 'WHERE body LIKE ?', `%${name}%`)).toBe(1);
    const rewritten = sql.all<{ body: string }>('notifications', `${j('body')} AS body`, `WHERE ${j('aboutId')} = ?`, p.id).map((r) => r.body);
    expect(rewritten).toEqual(expect.arrayContaining(['已注销用户 申请加入冯坊村，请确认户籍信息。', '已注销用户申请加入冯坊村志愿者队伍']));
  });
});

describe('notices about a closed person in anyone’s inbox: a wish’s whole life', () => {
  it('are rewritten in the cadres’, the party group’s and the claimant’s inboxes, each notice saying whom it names', async () => {
    const name = '翟春兰';
    const p = await busyResident('wx-close-wish-life', name, 1);
    const [cadre, member] = [await t.login('village-cadre'), await t.login('party-member')];
    const w = ok(await t.call('wishes', 'submit', { title: '想请人帮忙换灯泡', content: '堂屋的灯泡坏了，够不着，想请人帮忙换一个。', category: 'daily-life' }, p.token)) as { id: string };
    ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, cadre));
    ok(await t.call('wishes', 'claim', { wishId: w.id }, member));
    ok(await t.call('wishes', 'fulfil', { wishId: w.id, note: '灯泡已经换好了' }, member));
    ok(await t.call('wishes', 'confirm', { wishId: w.id, thanks: '谢谢你' }, p.token));
    await dispatchNow();
    const naming = () => sql.all<{ to: string; kind: string }>('notifications', `${j('recipientId')} AS "to", ${j('kind')} AS kind`, `WHERE ${j('link.id')} = ? AND body LIKE ?`, w.id, `%${name}%`);
    // Before: the cadres were told of her wish, and the party member that she confirmed it, both by name.
    expect(naming().map((r) => r.kind)).toEqual(expect.arrayContaining(['wish.submitted', 'wish.completed']));
    expect(naming().some((r) => r.to === 'party-member')).toBe(true);

    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
    await eraseClosedAccounts(t);

    expect(naming()).toEqual([]);
    const about = sql.all<{ kind: string; body: string }>('notifications', `${j('kind')} AS kind, ${j('body')} AS body`, `WHERE ${j('aboutId')} = ? AND ${j('link.id')} = ?`, p.id, w.id);
    expect(about.find((r) => r.kind === 'wish.completed')?.body).toBe('已注销用户确认了「想请人帮忙换灯泡」：谢谢你');
    // The notices she received about others (the claimant's name) are hers, and erased with her inbox.
    expect(sql.one('notifications', 'count(*)', `WHERE ${j('recipientId')} = ? AND ${j('link.id')} = ?`, p.id, w.id)).toBe(0);
  });
});

describe('the closed person’s own copy (导出我的数据)', () => {
  it('cannot be read half-erased: from the moment of the close no sign-in reaches the record, before or after the timer', async () => {
    const p = await busyResident('wx-close-export', '韩春花', 2);
    expect(ok(await t.call('auth', 'exportMyData', { part: 'account' }, p.token)).user).toMatchObject({ id: p.id, name: '韩春花' });
    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
    expect(await t.count('accountErasures', { userId: p.id, status: 'pending' })).toBe(1);
    expect((await t.call('auth', 'exportMyData', { part: 'volunteering' }, p.token)).status).toBe(401);
    const again = await t.loginOpenid('wx-close-export');
    expect((await t.call('auth', 'exportMyData', { part: 'account' }, again)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await eraseClosedAccounts(t);
    expect((await t.call('auth', 'exportMyData', { part: 'account' }, again)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

/**
 * Makes the database refuse the next request `matches` picks (as if the function died there), once;
 * the returned function puts things back and says whether it struck.
 */
function failOnce(matches: (action: string, params: Record<string, unknown>) => boolean): () => boolean {
  const engine = t.runtime.engine;
  const previous = engine.observer;
  let struck = false;
  engine.observer = (action, params) => {
    previous?.(action, params);
    if (!struck && matches(action, params)) {
      struck = true;
      throw new Error('the database went away');
    }
  };
  return () => {
    engine.observer = previous;
    return struck;
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
/** The close's write that empties the record of `userId`. */
const recordWrite = (userId: string) => (action: string, q: Record<string, unknown>) => action === 'database.modifyDocument' && q.collectionName === COLLECTIONS.users.name && text(q.query).includes(userId);

const close = (token: string) => t.call('auth', 'closeAccount', { confirm: '注销' }, token);
const jobs = (userId: string) => sql.one(COLLECTIONS.accountErasures.name, 'count(*)', `WHERE ${j('userId')} = ?`, userId);
const closeAudits = (userId: string) =>
  sql.all<{ at: string; after: string; requestId: string }>(
    COLLECTIONS.auditLog.name,
    `${j('at')} AS at, json_extract(body, '$.after') AS after, ${j('requestId')} AS requestId`,
    `WHERE ${j('action')} = 'auth.closeAccount' AND ${j('target.id')} = ?`,
    userId,
  );
const openRecord = (userId: string, name: string) => sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE _id = ? AND ${j('name')} = ? AND ${j('closedAt')} IS NULL`, userId, name);
const closedRecord = (userId: string) => sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE _id = ? AND ${j('name')} = '已注销用户' AND ${j('openid')} LIKE 'closed-%' AND ${j('closedAt')} IS NOT NULL`, userId);

describe('a close that stops half-way (a write fails), and closes sent twice', () => {
  afterEach(() => jest.restoreAllMocks());

  it('leaves only the job when the record cannot be emptied: the person is still signed in, and the retry closes with that one job', async () => {
    const name = '半途居民甲';
    const p = await busyResident('wx-close-half-1', name, 1);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const restore = failOnce(recordWrite(p.id));
    const res = await close(p.token);
    expect(restore()).toBe(true);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(jobs(p.id)).toBe(1);
    expect(openRecord(p.id, name)).toBe(1);
    expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND ${j('wisherClosed')} = 1`, p.id)).toBe(0);
    expect(ok(await t.call('auth', 'me', {}, p.token)).user).toMatchObject({ id: p.id, name });

    expect(ok(await close(p.token))).toEqual({ closed: true });
    const closedAt = clock.nowIso();
    expect(closedRecord(p.id)).toBe(1);
    expect(jobs(p.id)).toBe(1);
    await eraseClosedAccounts(t);
    expect(closeAudits(p.id).map((a) => [a.at, JSON.parse(a.after)])).toEqual([[closedAt, { closedAt, erasureId: `ae-${p.id}` }]]);
  });

  it('is finished by the timer when never retried, once the close no longer holds its job, and audited once at the time it closed', async () => {
    const name = '半途居民乙';
    const p = await busyResident('wx-close-half-2', name, 1);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const restore = failOnce(recordWrite(p.id));
    const askedAt = clock.nowIso();
    expect((await close(p.token)).body).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(restore()).toBe(true);
    const job = ((await t.runtime.db.collection('accountErasures').doc(`ae-${p.id}`).get()).data as AccountErasureRecord[])[0]!;
    // The close may still be under way (for all the timer knows): it holds the job.
    expect(await erase()).toEqual({ pages: 0, finished: 0 });
    expect(openRecord(p.id, name)).toBe(1);

    clock.advance(CLOSE_HOLD_MS);
    await eraseClosedAccounts(t);
    expect(sql.one(COLLECTIONS.users.name, 'count(*)', `WHERE _id = ? AND ${j('closedAt')} = ? AND ${j('openid')} LIKE 'closed-%'`, p.id, askedAt)).toBe(1);
    expect(closedRecord(p.id)).toBe(1);
    expect(closeAudits(p.id)).toEqual([{ at: askedAt, after: JSON.stringify({ closedAt: askedAt, erasureId: `ae-${p.id}` }), requestId: job.requestId }]);
    expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND coalesce(${j('wisherClosed')}, 0) = 0`, p.id)).toBe(0);
    expect(namedRows(name)).toEqual({});
    // Its old local sign-in reaches no account any more (the openid left the record).
    expect(ok(await t.call('auth', 'me', {}, p.token)).user).toBeNull();
  });

  it('withdraws the job of a stopped close when the person may no longer close (a party member took up a wish meanwhile): nothing closed', async () => {
    const name = '半途居民丙';
    const p = await busyResident('wx-close-half-3', name, 1);
    const wish = ok(await t.call('wishes', 'submit', { title: '想请人帮忙搬煤', content: '想请人帮忙搬煤，麻烦大家了。', category: 'daily-life' }, p.token));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, await t.login('village-cadre')));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const restore = failOnce(recordWrite(p.id));
    expect((await close(p.token)).body).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(restore()).toBe(true);
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, await t.login('party-member')));

    clock.advance(CLOSE_HOLD_MS);
    await erase();
    expect(jobs(p.id)).toBe(0);
    expect(openRecord(p.id, name)).toBe(1);
    expect(closeAudits(p.id)).toEqual([]);
    expect(ok(await t.call('auth', 'me', {}, p.token)).user).toMatchObject({ id: p.id, name });
    expect((await close(p.token)).body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您有1个心愿正在办理，请办结后再注销' } });
    expect(jobs(p.id)).toBe(0);
  });

  it('writes the close’s audit entry once when the timer repeats its first step after dying (its progress not saved)', async () => {
    const p = await busyResident('wx-close-half-4', '半途居民丁', 1);
    ok(await close(p.token));
    clock.advance(CLOSE_HOLD_MS);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const restore = failOnce((action, q) => action === 'database.modifyDocument' && q.collectionName === COLLECTIONS.accountErasures.name && text(q.data).includes('"step"') && text(q.query).includes(p.id));
    await expect(erase()).rejects.toThrow();
    expect(restore()).toBe(true);
    expect(closeAudits(p.id)).toHaveLength(1);
    clock.advance(ERASE_DEFAULTS.leaseMs + 1_000);
    await eraseClosedAccounts(t);
    expect(closeAudits(p.id)).toHaveLength(1);
    expect(sql.one(COLLECTIONS.accountErasures.name, 'count(*)', `WHERE ${j('userId')} = ? AND ${j('status')} = 'done'`, p.id)).toBe(1);
  });

  it('makes one job and one audit entry of three closes sent at the same time', async () => {
    const p = await busyResident('wx-close-thrice', '三连居民', 1);
    const answers = await Promise.all([close(p.token), close(p.token), close(p.token)]);
    // Each answers closed, or (the sign-in gone with the first close) asks the person to sign in.
    for (const a of answers) expect([JSON.stringify({ ok: true, data: { closed: true } }), 'UNAUTHENTICATED']).toContain(a.body.ok ? JSON.stringify(a.body) : a.body.error.code);
    expect(answers.filter((a) => a.body.ok)).not.toHaveLength(0);
    expect(jobs(p.id)).toBe(1);
    expect(closedRecord(p.id)).toBe(1);
    await eraseClosedAccounts(t);
    expect(closeAudits(p.id)).toHaveLength(1);
  });
});

describe('a duty granted while the close is under way', () => {
  it('is refused at the record’s update: FORBIDDEN with the duty named, the job withdrawn, the record as it was', async () => {
    const name = '半途居民戊';
    const p = await busyResident('wx-close-duty', name, 1);
    const engine = t.runtime.engine;
    const previous = engine.observer;
    let granted = false;
    // Right when the close writes its job (after its read), the county appoints her grid leader.
    engine.observer = (action, params) => {
      previous?.(action, params);
      if (granted || action !== 'database.insertDocument' || params.collectionName !== COLLECTIONS.accountErasures.name) return;
      granted = true;
      engine.handle('database.modifyDocument', {
        collectionName: COLLECTIONS.users.name,
        query: JSON.stringify({ _id: p.id }),
        data: JSON.stringify({ $set: { roles: [{ role: 'grid-leader', unitId: 'g-fengfang-1' }], roleKeys: ['grid-leader@g-fengfang-1'] } }),
        multi: false,
        merge: true,
      });
    };
    let res;
    try {
      res = await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token);
    } finally {
      engine.observer = previous;
    }
    expect(granted).toBe(true);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('网格长') } });
    expect(jobs(p.id)).toBe(0);
    expect(openRecord(p.id, name)).toBe(1);
    expect(sql.one('wishes', 'count(*)', `WHERE ${j('wisherId')} = ? AND ${j('wisherClosed')} = 1`, p.id)).toBe(0);
    expect(ok(await t.call('auth', 'me', {}, p.token)).user).toMatchObject({ id: p.id, name });
  });
});

describe('the timer withdrawing a stopped close’s job while a retry of it lands', () => {
  afterEach(() => jest.restoreAllMocks());

  it('puts the job back when the record turns out closed after all, and the erasure finishes', async () => {
    const name = '半途居民己';
    const p = await busyResident('wx-close-race', name, 1);
    const wish = ok(await t.call('wishes', 'submit', { title: '想请人帮忙修门', content: '想请人帮忙修门，麻烦大家了。', category: 'daily-life' }, p.token));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, await t.login('village-cadre')));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const restore = failOnce(recordWrite(p.id));
    expect((await close(p.token)).body).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(restore()).toBe(true);
    // A claim makes the timer withdraw the job; just as it does, the record is emptied (a retry's write, landing late).
    ok(await t.call('wishes', 'claim', { wishId: wish.id }, await t.login('party-member')));
    const engine = t.runtime.engine;
    const previous = engine.observer;
    let landed = false;
    engine.observer = (action, params) => {
      previous?.(action, params);
      if (landed || action !== 'database.removeDocument' || params.collectionName !== COLLECTIONS.accountErasures.name) return;
      landed = true;
      engine.handle('database.modifyDocument', {
        collectionName: COLLECTIONS.users.name,
        query: JSON.stringify({ _id: p.id }),
        data: JSON.stringify({ $set: { name: '已注销用户', residence: null, openid: `closed-race-${p.id}`, closedAt: clock.nowIso() } }),
        multi: false,
        merge: true,
      });
    };
    clock.advance(CLOSE_HOLD_MS);
    try {
      await erase();
    } finally {
      engine.observer = previous;
    }
    expect(landed).toBe(true);
    // Back (and, the run having time left, maybe already worked off).
    expect(jobs(p.id)).toBe(1);
    await eraseClosedAccounts(t);
    expect(sql.one(COLLECTIONS.accountErasures.name, 'count(*)', `WHERE ${j('userId')} = ? AND ${j('status')} = 'done'`, p.id)).toBe(1);
    expect(closeAudits(p.id)).toHaveLength(1);
    expect(namedRows(name)).toEqual({});
  });
});

describe('what the person did just before closing (its notices still riding on the record)', () => {
  it('is written out before the erasure works, so no notice and no record keeps the name', async () => {
    const name = '柴翠花';
    const p = await busyResident('wx-close-fresh-wish', name, 1);
    // A wish sent a moment before the close: its notice to the village cadres names her, and is still a
    // carried effect on the wish (the notifications dispatch has not run).
    ok(await t.call('wishes', 'submit', { title: '想请人帮忙修水龙头', content: '厨房的水龙头一直滴水，想请人帮忙换一个。', category: 'daily-life', requestId: 'close-fresh-1' }, p.token));
    expect(sql.one(COLLECTIONS.wishes.name, 'count(*)', 'WHERE body LIKE ? AND body LIKE ?', '%"effectsPending":true%', `%${name}%`)).toBe(1);
    ok(await t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
    await eraseClosedAccounts(t);
    expect(sql.one('notifications', 'count(*)', 'WHERE body LIKE ?', `%${name}%`)).toBe(0);
    // Her wishes are the erasure's own business (namedRows leaves them out); none still carries a notice naming her.
    expect(sql.one(COLLECTIONS.wishes.name, 'count(*)', 'WHERE body LIKE ? AND body LIKE ?', '%"effectsPending":true%', `%${name}%`)).toBe(0);
    expect(namedRows(name)).toEqual({});
  });
});
