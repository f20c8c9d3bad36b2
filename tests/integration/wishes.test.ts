import { findById } from '../../cloudfunctions/_lib/db';
import type { UserRecord, WishRecord } from '../../shared/domain/records';
import { dispatchNow } from '../support/dispatch';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'town-cadre', 'resettled'] as const) {
    tokens[p] = await t.login(p);
  }
});
afterAll(() => t.close());

const submit = (token: string, extra: object = {}) =>
  t.call('wishes', 'submit', { title: '帮忙买菜', content: '腿脚不便，想请人每周帮忙买一次菜。', category: 'daily-life', ...extra }, token);

/** The person's inbox once the dispatch timer has written out what the actions carried. */
async function inbox(token: string) {
  await dispatchNow();
  return ok(await t.call('notifications', 'list', { limit: 50 }, token)).items as { kind: string; link: { id: string } | null }[];
}

describe('wishes: the life cycle from submit to completed', () => {
  it('moves a wish through review, claim, fulfil and confirm, telling each person in their inbox', async () => {
    const wish = ok(await submit(tokens.resident!));
    expect(wish.status).toBe('pending_review');
    expect(wish.allowed).toEqual(['cancel']);
    expect(wish.priority).toBe(true); // the seeded resident is over 60
    expect((await inbox(tokens['village-cadre']!)).some((n) => n.kind === 'wish.submitted' && n.link?.id === wish.id)).toBe(true);

    const reviewed = ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    expect(reviewed.status).toBe('open');
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'wish.approved' && n.link?.id === wish.id)).toBe(true);
    // The grid party group of the wisher's grid is alerted: the grid leader and the party member are in it.
    expect((await inbox(tokens['grid-leader']!)).some((n) => n.kind === 'wish.open' && n.link?.id === wish.id)).toBe(true);
    expect((await inbox(tokens['party-member']!)).some((n) => n.kind === 'wish.open' && n.link?.id === wish.id)).toBe(true);

    const before = ok(await t.call('auth', 'me', {}, tokens['party-member'])).user.serviceRecord.completedWishes;
    const claimed = ok(await t.call('wishes', 'claim', { wishId: wish.id }, tokens['party-member']));
    expect(claimed.status).toBe('claimed');
    expect(claimed.claimantName).toBe('赵志强');
    expect(claimed.allowed).toEqual(['fulfil']);
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'wish.claimed' && n.link?.id === wish.id)).toBe(true);

    const fulfilled = ok(await t.call('wishes', 'fulfil', { wishId: wish.id, note: '菜已经送到家里了' }, tokens['party-member']));
    expect(fulfilled.status).toBe('fulfilled');
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'wish.fulfilled' && n.link?.id === wish.id)).toBe(true);

    const done = ok(await t.call('wishes', 'confirm', { wishId: wish.id, thanks: '谢谢小赵' }, tokens.resident));
    expect(done.status).toBe('completed');
    expect(done.claimantName).toBe('赵志强');
    expect(done.timeline.map((e: { action: string }) => e.action)).toEqual(['提交心愿', '审核通过', '党员认领', '完成心愿', '确认完成']);
    expect((await inbox(tokens['party-member']!)).some((n) => n.kind === 'wish.completed' && n.link?.id === wish.id)).toBe(true);

    const after = ok(await t.call('auth', 'me', {}, tokens['party-member'])).user.serviceRecord.completedWishes;
    expect(after).toBe(before + 1);
    // Cadre actions are audited; the resident's and party member's own actions are not cadre actions.
    await dispatchNow();
    expect(await t.count('auditLog', { 'target.id': wish.id })).toBe(2);
  });

  it('stores the timeline as event codes and words them in the answer, passing older worded entries through', async () => {
    const wish = ok(await submit(tokens.resident!));
    ok(await t.call('wishes', 'review', { wishId: wish.id, decision: 'approve' }, tokens['village-cadre']));
    const stored = await findById<WishRecord>(t.runtime.db, 'wishes', wish.id);
    expect(stored!.timeline.map((e) => e.action)).toEqual(['submit', 'approve']);

    // A document written before codes were stored keeps its words.
    const old = [{ ...stored!.timeline[0]!, action: '提交心愿' }, { ...stored!.timeline[1]!, action: '审核通过' }];
    await t.runtime.db.collection('wishes').doc(wish.id).update({ timeline: old });
    const shown = ok(await t.call('wishes', 'get', { wishId: wish.id }, tokens.resident));
    expect(shown.timeline.map((e: { action: string }) => e.action)).toEqual(['提交心愿', '审核通过']);
  });

  it('lets a village cadre confirm on behalf of an elderly wisher but not of a younger one', async () => {
    const cadre = tokens['village-cadre']!;
    const elderly = ok(await submit(tokens.resident!, { title: '代为确认的心愿' }));
    ok(await t.call('wishes', 'review', { wishId: elderly.id, decision: 'approve' }, cadre));
    ok(await t.call('wishes', 'claim', { wishId: elderly.id }, tokens['party-member']));
    ok(await t.call('wishes', 'fulfil', { wishId: elderly.id, note: '已办好' }, tokens['party-member']));
    expect(ok(await t.call('wishes', 'get', { wishId: elderly.id }, cadre)).allowed).toContain('confirm');
    expect(ok(await t.call('wishes', 'confirm', { wishId: elderly.id }, cadre)).status).toBe('completed');

    const young = (await t.runtime.db.collection('users').doc('r-fengfang-1').get()).data as UserRecord[];
    const youngUser = young[0]!;
    await t.runtime.db.collection('users').doc(youngUser._id).update({ birthYear: new Date().getUTCFullYear() - 30 });
    const youngTok = await t.loginOpenid(youngUser.openid);
    const w = ok(await submit(youngTok, { title: '年轻人的心愿' }));
    ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, cadre));
    ok(await t.call('wishes', 'claim', { wishId: w.id }, tokens['party-member']));
    ok(await t.call('wishes', 'fulfil', { wishId: w.id, note: '已办好' }, tokens['party-member']));
    const res = await t.call('wishes', 'confirm', { wishId: w.id }, cadre);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('rejects a wish with the reason kept and told to the wisher', async () => {
    const w = ok(await submit(tokens.resident!, { title: '要被驳回的心愿' }));
    const r = ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'reject', reason: '村里已统一安排' }, tokens['village-cadre']));
    expect(r.status).toBe('rejected');
    expect(r.reason).toBe('村里已统一安排');
    expect((await inbox(tokens.resident!)).some((n) => n.kind === 'wish.rejected' && n.link?.id === w.id)).toBe(true);
  });
});

describe('wishes: concurrency and retries', () => {
  it('lets exactly one of 50 party members claiming at once win; the rest get CONFLICT', async () => {
    const w = ok(await submit(tokens.resident!, { title: '抢着认领的心愿' }));
    ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, tokens['village-cadre']));
    const members: string[] = [];
    for (let i = 0; i < 50; i++) {
      const id = `pm-race-${i}`;
      const resident = ((await t.runtime.db.collection('users').doc('party-member').get()).data as UserRecord[])[0]!;
      await t.runtime.db.collection('users').add({
        ...resident,
        _id: id,
        openid: `race-${i}`,
        name: `党员${i}`,
        demo: false,
      });
      members.push(await t.loginOpenid(`race-${i}`));
    }
    const results = await Promise.all(members.map((tok) => t.call('wishes', 'claim', { wishId: w.id }, tok)));
    const winners = results.filter((r) => r.body.ok);
    const losers = results.filter((r) => !r.body.ok);
    expect(winners).toHaveLength(1);
    expect(losers.every((r) => r.status === 409 && !r.body.ok && r.body.error.code === 'CONFLICT')).toBe(true);
    const stored = ok(await t.call('wishes', 'get', { wishId: w.id }, tokens.resident));
    expect(stored.claimantName).toBe((winners[0]!.body as { data: { claimantName: string } }).data.claimantName);
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'wish.claimed', 'link.id': w.id })).toBe(1);
  });

  it('returns the first result for a retried submit with the same requestId and stores one wish', async () => {
    const requestId = 'retry-0123456789';
    const before = await t.count('wishes');
    const first = ok(await submit(tokens.resident!, { requestId }));
    const again = ok(await submit(tokens.resident!, { requestId }));
    const racing = await Promise.all([1, 2, 3, 4, 5].map(() => submit(tokens.resident!, { requestId })));
    expect(again.id).toBe(first.id);
    expect(racing.every((r) => r.body.ok && (r.body.data as { id: string }).id === first.id)).toBe(true);
    expect(await t.count('wishes')).toBe(before + 1);
    await dispatchNow();
    expect(await t.count('notifications', { kind: 'wish.submitted', 'link.id': first.id })).toBe(1);
  });
});

describe('wishes: wrong person, wrong state, bad input', () => {
  let openWish: string;
  beforeAll(async () => {
    const w = ok(await submit(tokens.resident!, { title: '规则测试的心愿' }));
    openWish = w.id;
  });

  it('answers FORBIDDEN when a resident tries to review and writes nothing', async () => {
    const before = await snapshotCounts(t);
    const res = await t.call('wishes', 'review', { wishId: openWish, decision: 'approve' }, tokens.resident);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await snapshotCounts(t)).toEqual(before);
  });

  it('answers CONFLICT when a party member who can see it claims a wish still pending review', async () => {
    // The grid leader is also a party member and, as a handler of the grid, sees pending wishes.
    const before = await snapshotCounts(t);
    const res = await t.call('wishes', 'claim', { wishId: openWish }, tokens['grid-leader']);
    expect(res.status).toBe(409);
    expect(await snapshotCounts(t)).toEqual(before);
  });

  it('answers FORBIDDEN when someone other than the claimant marks a wish fulfilled', async () => {
    ok(await t.call('wishes', 'review', { wishId: openWish, decision: 'approve' }, tokens['village-cadre']));
    ok(await t.call('wishes', 'claim', { wishId: openWish }, tokens['party-member']));
    const res = await t.call('wishes', 'fulfil', { wishId: openWish, note: '不是我认领的' }, tokens['grid-leader']);
    expect(res.status).toBe(403);
  });

  it('answers CONFLICT when the wisher cancels after the wish was claimed', async () => {
    const res = await t.call('wishes', 'cancel', { wishId: openWish, reason: '不需要了' }, tokens.resident);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('answers INVALID_INPUT with the field for a too-short title and writes nothing', async () => {
    const before = await snapshotCounts(t);
    const res = await t.call('wishes', 'submit', { title: '帮', content: '内容足够长的一段话', category: 'other' }, tokens.resident);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'title' }] } });
    expect(await snapshotCounts(t)).toEqual(before);
  });

  it('answers INVALID_INPUT for an unknown category, an unknown field and an unknown action', async () => {
    const bad = await t.call('wishes', 'submit', { title: '帮忙', content: '内容足够长的一段话', category: 'money' }, tokens.resident);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'category' }] } });
    const extra = await t.call('wishes', 'submit', { title: '帮忙', content: '内容足够长的一段话', category: 'other', wisherId: 'x' }, tokens.resident);
    expect(extra.status).toBe(400);
    const unknown = await t.call('wishes', 'delete', { wishId: openWish }, tokens.resident);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'action' }] } });
  });

  it('requires a reason to reject', async () => {
    const res = await t.call('wishes', 'review', { wishId: openWish, decision: 'reject' }, tokens['village-cadre']);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'reason' }] } });
  });
});

describe('wishes: who sees what', () => {
  it('hides a wish pending review from a party member and from another village, but not from its cadre', async () => {
    const w = ok(await submit(tokens.resident!, { title: '还在审核的心愿' }));
    expect((await t.call('wishes', 'get', { wishId: w.id }, tokens['party-member'])).status).toBe(404);
    expect((await t.call('wishes', 'get', { wishId: w.id }, tokens.resettled)).status).toBe(404);
    expect(ok(await t.call('wishes', 'get', { wishId: w.id }, tokens['village-cadre'])).allowed).toContain('review');
    expect(ok(await t.call('wishes', 'get', { wishId: w.id }, tokens['town-cadre'])).allowed).toEqual([]);
  });

  it('shows a resident only public wishes of their own village on the wish wall', async () => {
    const page = ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, tokens.resident));
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((w: { unitName: string; status: string }) => w.unitName === '冯坊村' && w.status !== 'pending_review')).toBe(true);
    const other = ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, tokens.resettled));
    expect(other.items.every((w: { unitName: string }) => w.unitName === '凤鸣安置社区')).toBe(true);
  });

  it('gives the review queue only to village cadres', async () => {
    expect((await t.call('wishes', 'list', { scope: 'review' }, tokens.resident)).status).toBe(403);
    const queue = ok(await t.call('wishes', 'list', { scope: 'review', limit: 50 }, tokens['village-cadre']));
    expect(queue.items.length).toBeGreaterThan(0);
    expect(queue.items.every((w: { status: string }) => w.status === 'pending_review')).toBe(true);
  });

  it('pages through a list with a cursor without repeating or skipping a wish', async () => {
    const all = ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, tokens.resident)).items.map((w: { id: string }) => w.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = ok(await t.call('wishes', 'list', { scope: 'village', limit: 3, ...(cursor ? { cursor } : {}) }, tokens.resident));
      seen.push(...page.items.map((w: { id: string }) => w.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
  });
});
