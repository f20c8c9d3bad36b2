import { FUNCTIONS } from '../../cloudfunctions/registry';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { SqlCounts, j } from '../support/county-checks';
import { watchQueries } from '../support/query-watch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 注销账号 at any size (issue 13 §2): the resident's call costs the same number of database requests
 * whether the person did little or a great deal, and the rest is erased by the auth `erase` timer in
 * bounded pages that resume after a stop.
 */
const V = 'v-fengfang';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

/** A resident with `n` records of each kind the close touches, written straight into the store. */
async function busyResident(openid: string, name: string, n: number): Promise<{ token: string; id: string }> {
  const token = await t.loginOpenid(openid);
  const id = ok(await t.call('auth', 'register', { name, orgUnitId: V, householdId: 'h-fengfang-1-02' }, token)).user.id as string;
  ok(await t.call('auth', 'confirmResident', { userId: id, decision: 'confirm' }, await t.login('village-cadre')));
  const db = t.runtime.db;
  const at = '2026-01-05T02:00:00.000Z';
  const many = <T>(make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  await db.collection(COLLECTIONS.wishes.name).add(
    many((i) => ({ _id: `wi-busy-${id}-${i}`, wisherId: id, wisherName: name, villageId: V, path: ['c-qianyang', 't-chengguan', V], status: 'completed', title: `心愿${i}`, content: '想请人帮忙', category: 'daily-life', timeline: [], createdAt: at, updatedAt: at })),
  );
  await db.collection(COLLECTIONS.councilTopics.name).add(many((i) => ({ _id: `ct-busy-${id}-${i}`, villageId: V, raisedBy: { userId: id, name, gender: null }, title: `议题${i}`, status: 'raised', createdAt: at })));
  await db.collection(COLLECTIONS.volunteerSignups.name).add(
    many((i) => ({ _id: `vs-busy-${id}-${i}`, userId: id, userName: name, activityId: `va-x-${i}`, title: '活动', startAt: at, status: 'checked-out', checkInAt: at, checkOutAt: at, creditedMinutes: 60 })),
  );
  await db.collection(COLLECTIONS.venueBookings.name).add(many((i) => ({ _id: `vb-busy-${id}-${i}`, userId: id, userName: name, venueId: 've-x', venueName: '球场', startAt: at, hours: 1, purpose: '打球', status: 'cancelled' })));
  await db.collection(COLLECTIONS.notifications.name).add(
    many((i) => ({ _id: `nt-busy-${id}-${i}`, recipientId: id, kind: 'wish.claimed', title: '通知', body: '您的心愿有人认领了', link: null, createdAt: at, readAt: null, delivery: { status: 'in-app', attempts: 0, nextAttemptAt: at, error: null } })),
  );
  await db.collection(COLLECTIONS.auditLog.name).add(many((i) => ({ _id: `al-busy-${id}-${i}`, actorId: id, actorName: name, action: 'wishes.contact', target: { collection: 'wishes', id: `w-${i}` }, before: null, after: null, at, requestId: `r-${i}`, path: [V] })));
  return { token, id };
}

describe('auth.closeAccount costs the same at any size', () => {
  it('sends the same number of requests for a resident with 5 and with 200 records of each kind', async () => {
    const counts: number[] = [];
    for (const [k, n] of [[1, 5], [2, 200]] as const) {
      const p = await busyResident(`wx-close-busy-${k}`, `忙碌居民${k}`, n);
      const watch = watchQueries(t.runtime.engine);
      try {
        const { result, requests } = await watch.measure(`auth.closeAccount (${n} of each)`, () => t.call('auth', 'closeAccount', { confirm: '注销' }, p.token));
        expect(ok(result)).toEqual({ closed: true });
        counts.push(requests);
      } finally {
        watch.stop();
      }
    }
    console.log(`closeAccount requests: ${counts.join(', ')}`);
  });
});
