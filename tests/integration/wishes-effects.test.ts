import { clock } from '../../cloudfunctions/_lib/clock';
import { useContentChecker } from '../../cloudfunctions/_lib/content-check';
import { COLLECTIONS } from '../../cloudfunctions/_lib/collections';
import { auditOf, rowsOf } from '../../cloudfunctions/_lib/effects';
import type { PendingEffect, UserRecord } from '../../shared/domain/records';
import { SqlCounts, j } from '../support/county-checks';
import { budgetRound, sameAtTwoSizes } from '../support/budget';
import { dispatchNow } from '../support/dispatch';
import { watchQueries } from '../support/query-watch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

/**
 * 微心愿 writes inside the resident budget (issue 13): each action is one write to the wish that carries
 * its notices and audit entry (`_lib/effects.ts`); the notifications `dispatch` timer writes them out.
 * Figures are checked with plain SQL over the SQLite file.
 */
const V = 'v-fengfang';
/** Text the local content checker holds (local/content-check stand-in). */
const FLAGGED = '村口有人聚众赌博';

let t: TestRuntime;
let sql: SqlCounts;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  sql = new SqlCounts(t.runtime.engine);
  for (const p of ['resident', 'party-member', 'grid-leader', 'village-cadre', 'supervisor'] as const) tokens[p] = await t.login(p);
});
afterAll(() => t.close());

const submit = (token: string, title: string, extra: object = {}) =>
  t.call('wishes', 'submit', { title, content: '想请人帮忙，麻烦大家了。', category: 'daily-life', ...extra }, token);

/** The pending effects on the village's wishes (or on one wish), read with plain SQL. */
function pendingEffects(wishId?: string): PendingEffect[] {
  return sql
    .all<{ e: string }>(COLLECTIONS.wishes.name, `${j('effects')} AS e`, `WHERE ${j('villageId')} = ? AND ${j('effectsPending')} = 1 ${wishId ? 'AND _id = ?' : ''}`, V, ...(wishId ? [wishId] : []))
    .flatMap((r) => JSON.parse(r.e) as PendingEffect[]);
}

/** How many of these ids the collection holds (plain SQL). */
const present = (collection: string, ids: string[]) => (ids.length ? sql.one(collection, 'count(*)', `WHERE _id IN (${ids.map(() => '?').join(',')})`, ...ids) : 0);

const flagged = () => sql.one(COLLECTIONS.wishes.name, 'count(*)', `WHERE ${j('effectsPending')} = 1 OR json_array_length(coalesce(${j('effects')}, '[]')) > 0`);

/** A copy of a seeded person under a new id and openid (roles and residence kept), signed in. */
async function cloneOf(persona: string, id: string, extra: Partial<UserRecord> = {}): Promise<string> {
  const user = ((await t.runtime.db.collection('users').doc(persona).get()).data as UserRecord[])[0]!;
  await t.runtime.db.collection('users').add({ ...user, _id: id, openid: `wx-${id}`, name: `${user.name}${id.slice(-3)}`, demo: false, ...extra });
  return t.loginOpenid(`wx-${id}`);
}

describe('wish actions: requests within budget, the same at two sizes', () => {
  /**
   * Grows what a wish action could be tempted to read or write per item: the village's cadres (told of
   * each new wish), the grid's party group (told of each approved wish) and the village's wishes.
   */
  async function grow(n: number): Promise<void> {
    const cadre = ((await t.runtime.db.collection('users').doc('village-cadre').get()).data as UserRecord[])[0]!;
    await t.runtime.db.collection('users').add(Array.from({ length: n }, (_, i) => ({ ...cadre, _id: `vc-grow-${n}-${i}`, openid: `wx-vc-grow-${n}-${i}`, demo: false })));
    const resident = ((await t.runtime.db.collection('users').doc('resident').get()).data as UserRecord[])[0]!;
    const grid = resident.residence!.gridId!;
    await t.runtime.db.collection('orgUnits').doc(grid).update({ partyGroupMemberIds: t.runtime.db.command.push(Array.from({ length: n }, (_, i) => `pm-grow-${n}-${i}`)) });
    const template = ((await t.runtime.db.collection('wishes').where({ villageId: V }).limit(1).get()).data as object[])[0]!;
    await t.runtime.db.collection('wishes').add(Array.from({ length: 5 * n }, (_, i) => ({ ...template, _id: `w-grow-${n}-${i}`, title: `心愿${i}`, status: 'open', effects: [], effectsPending: false })));
  }

  /** Each action once, measured through the gateway: the requests it sent, and any query no index served. */
  async function actions(size: number): Promise<Record<string, number>> {
    // The local sign-in store re-reads a token once after any other sign-in (local/sessions.ts): each
    // token is used once first, so the counts are the actions' own.
    for (const p of ['resident', 'party-member', 'village-cadre'] as const) ok(await t.call('wishes', 'list', { scope: 'mine', limit: 1 }, tokens[p]));
    return budgetRound(t.runtime.engine, size, async ({ measure }) => {
      const w = await measure<{ id: string }>('submit', 'resident', () => submit(tokens.resident!, `预算心愿${size}`, { requestId: `budget-${size}-0001` }));
      await measure('submit again (same requestId)', 'resident', () => submit(tokens.resident!, `预算心愿${size}`, { requestId: `budget-${size}-0001` }));
      await measure('review approve', 'cadre', () => t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, tokens['village-cadre']));
      await measure('claim', 'resident', () => t.call('wishes', 'claim', { wishId: w.id }, tokens['party-member']));
      await measure('contact', 'resident', () => t.call('wishes', 'contact', { wishId: w.id }, tokens['party-member']));
      await measure('fulfil', 'resident', () => t.call('wishes', 'fulfil', { wishId: w.id, note: '已经办好了' }, tokens['party-member']));
      expect((await measure<{ status: string }>('confirm', 'resident', () => t.call('wishes', 'confirm', { wishId: w.id, thanks: '谢谢' }, tokens.resident))).status).toBe('completed');
      const c = ok(await submit(tokens.resident!, `要撤回的心愿${size}`));
      await measure('cancel', 'resident', () => t.call('wishes', 'cancel', { wishId: c.id, reason: '已经不需要了' }, tokens.resident));
      const r = ok(await submit(tokens.resident!, `要驳回的心愿${size}`));
      await measure('review reject', 'cadre', () => t.call('wishes', 'review', { wishId: r.id, decision: 'reject', reason: '村里已统一安排' }, tokens['village-cadre']));
      const h = ok(await submit(tokens.resident!, `要复核的心愿${size}`, { content: `${FLAGGED}，希望管一管。` }));
      expect(h.held).toHaveLength(1);
      await measure('release', 'cadre', () => t.call('wishes', 'release', { wishId: h.id }, tokens['village-cadre']));
    });
  }

  it('costs each action the same few requests with 10 or 300 cadres, party-group members and ×5 wishes, every query on an index', async () => {
    const small = await sameAtTwoSizes(grow, actions);
    // The caller (1) is in every count. submit: the retry check, the village, its cadres, the add (its
    // retry: the check finds it); approve: the wish, the grid's party group, the update; claim, cancel,
    // reject: the wish and the update; contact: the wish, the wisher, the push of its audit entry;
    // fulfil: + the wisher's age for the answer's actions; confirm: + the wisher's age for the rule;
    // release: the wish and the update.
    expect(small).toEqual({
      'submit as resident': 5,
      'submit again (same requestId) as resident': 2,
      'review approve as cadre': 4,
      'claim as resident': 3,
      'contact as resident': 4,
      'fulfil as resident': 4,
      'confirm as resident': 4,
      'cancel as resident': 3,
      'review reject as cadre': 3,
      'release as cadre': 3,
    });
    // What the two rounds owe — hundreds of notices for one submit or one approval — is written out by one
    // run of the timer, in batches, each row once.
    const rows = pendingEffects().flatMap(rowsOf);
    expect(rows.length).toBeGreaterThan(1000);
    await dispatchNow();
    expect(present('notifications', rows.map((r) => r._id))).toBe(rows.length);
    expect(flagged()).toBe(0);
  });
});

describe('wish actions: concurrency', () => {
  it('lets one of two claims at once win, answers the other CONFLICT, and tells the wisher once', async () => {
    const w = ok(await submit(tokens.resident!, '两人同时认领'));
    ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, tokens['village-cadre']));
    const other = await cloneOf('party-member', 'pm-race-two');
    const results = await Promise.all([t.call('wishes', 'claim', { wishId: w.id }, tokens['party-member']), t.call('wishes', 'claim', { wishId: w.id }, other)]);
    expect(results.filter((r) => r.body.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.body.ok)!;
    expect(loser.status).toBe(409);
    expect(loser.body).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这个心愿已被其他党员认领或已不能认领' } });
    const winner = (results.find((r) => r.body.ok)!.body as { data: { claimantName: string } }).data.claimantName;
    // The stored wish: claimed by the winner, one claim in its timeline, one claim notice pending.
    expect(sql.one('wishes', `${j('claimantName')}`, 'WHERE _id = ?', w.id)).toBe(winner);
    const claims = JSON.parse(String(sql.all<{ t: string }>('wishes', `${j('timeline')} AS t`, 'WHERE _id = ?', w.id)[0]!.t)) as { action: string }[];
    expect(claims.filter((e) => e.action === 'claim')).toHaveLength(1);
    await dispatchNow();
    expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'wish.claimed' AND ${j('link.id')} = ?`, w.id)).toBe(1);
    expect(sql.one('wishes', 'count(*)', `WHERE _id = ? AND ${j('effectsPending')} = 0 AND json_array_length(${j('effects')}) = 0`, w.id)).toBe(1);
  });
});

describe('wish actions: a write that loses to a change the rules still allow', () => {
  afterEach(() => useContentChecker(null));

  it('writes the cancel on the fresh record when a cadre approved the wish between its read and its write', async () => {
    const w = ok(await submit(tokens.resident!, '审核和撤回同时'));
    // The cancel's reason is checked after the wish was read and before it is written: the approval lands then.
    let approved: Promise<unknown> | null = null;
    useContentChecker({
      name: 'approves meanwhile',
      check: async () => {
        approved ??= t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, tokens['village-cadre']).then(ok);
        await approved;
        return { suggest: 'pass', label: null };
      },
    });
    const cancelled = ok(await t.call('wishes', 'cancel', { wishId: w.id, reason: '家里人已经帮忙了' }, tokens.resident));
    expect(approved).not.toBeNull();
    expect(cancelled.status).toBe('cancelled');
    const timeline = JSON.parse(String(sql.all<{ t: string }>('wishes', `${j('timeline')} AS t`, 'WHERE _id = ?', w.id)[0]!.t)) as { action: string }[];
    expect(timeline.map((e) => e.action)).toEqual(['submit', 'approve', 'cancel']);
    expect(sql.one('wishes', j('status'), 'WHERE _id = ?', w.id)).toBe('cancelled');
  });
});

describe('wish actions: concurrency of releases', () => {
  it('lets one of two cadres releasing held text at once win, answers the other CONFLICT, and tells the author once', async () => {
    const w = ok(await submit(tokens.resident!, '两位干部同时放行', { content: `${FLAGGED}，请干部处理。` }));
    const town = await t.login('town-cadre');
    const results = await Promise.all([t.call('wishes', 'release', { wishId: w.id }, tokens['village-cadre']), t.call('wishes', 'release', { wishId: w.id }, town)]);
    expect(results.filter((r) => r.body.ok)).toHaveLength(1);
    expect(results.find((r) => !r.body.ok)!.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(sql.one('wishes', `json_array_length(${j('moderation.held')})`, 'WHERE _id = ?', w.id)).toBe(0);
    expect(sql.one('wishes', `json_array_length(${j('moderation.released')})`, 'WHERE _id = ?', w.id)).toBe(1);
    await dispatchNow();
    expect(sql.one('notifications', 'count(*)', `WHERE ${j('kind')} = 'content.released' AND ${j('link.id')} = ?`, w.id)).toBe(1);
    expect(sql.one('auditLog', 'count(*)', `WHERE ${j('action')} = 'wishes.release' AND ${j('target.id')} = ?`, w.id)).toBe(1);
  });
});

describe('the drain: the effects written out exactly once', () => {
  /** Wishes submitted and approved: each carries the cadres' notice, the approval, the group's notice and the audit entry. */
  async function busyWishes(n: number, title: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const w = ok(await submit(tokens.resident!, `${title}${i}`));
      ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, tokens['village-cadre']));
      ids.push(w.id);
    }
    return ids;
  }

  /** What the pending effects must become, computed from the records (plain SQL), not from the drain. */
  function owed() {
    const effects = pendingEffects();
    const notices = effects.flatMap((e) => e.messages.flatMap((m) => m.to.map((to) => ({ effect: e, to, kind: m.message.kind }))));
    return { effects, notices: notices.length, audits: effects.filter((e) => e.audit).length, rowIds: effects.flatMap(rowsOf).map((r) => r._id), auditIds: effects.flatMap((e) => auditOf(e)?._id ?? []) };
  }


  it('writes each notice and audit entry once when two drains run at once', async () => {
    await dispatchNow();
    await busyWishes(4, '两次派发');
    const due = owed();
    expect(due.effects).toHaveLength(8);
    expect(due.audits).toBe(4);
    const notices = sql.one('notifications', 'count(*)');
    const audits = sql.one('auditLog', 'count(*)');
    const watch = watchQueries(t.runtime.engine, { threshold: 0 });
    try {
      await Promise.all([dispatchNow(), dispatchNow()]);
      // The drain finds its records by the index collections.ts adds for a collection that carries effects.
      expect(watch.scans).toEqual([]);
    } finally {
      watch.stop();
    }
    expect(sql.one('notifications', 'count(*)')).toBe(notices + due.notices);
    expect(present('notifications', due.rowIds)).toBe(due.notices);
    expect(sql.one('auditLog', 'count(*)')).toBe(audits + due.audits);
    expect(present('auditLog', due.auditIds)).toBe(due.audits);
    expect(flagged()).toBe(0);
    // A third run finds nothing left.
    await dispatchNow();
    expect(sql.one('notifications', 'count(*)')).toBe(notices + due.notices);
  });

  it.each([
    ['the audit entries', (action: string, p: Record<string, unknown>) => action === 'database.insertDocument' && p.collectionName === 'auditLog'],
    ['the pull off the records', (action: string, p: Record<string, unknown>) => action === 'database.modifyDocument' && p.collectionName === 'wishes' && JSON.stringify(p).includes('$pull')],
  ])('finishes on the next run, writing nothing twice, when a drain dies at %s', async (_label, failsOn) => {
    await dispatchNow();
    await busyWishes(3, `中断派发${_label.length}`);
    const due = owed();
    const notices = sql.one('notifications', 'count(*)');
    const audits = sql.one('auditLog', 'count(*)');
    const engine = t.runtime.engine;
    const previous = engine.observer;
    let failed = 0;
    engine.observer = (action, params) => {
      previous?.(action, params);
      if (failed === 0 && failsOn(action, params)) {
        failed++;
        throw new Error('injected failure');
      }
    };
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let logged: unknown[][];
    try {
      await dispatchNow();
    } finally {
      engine.observer = previous;
      logged = [...log.mock.calls];
      log.mockRestore();
    }
    expect(failed).toBe(1);
    expect(logged).toEqual([[expect.stringContaining('draining effects failed')]]);
    // The notices went out before the failure; the effects are still on their records.
    expect(present('notifications', due.rowIds)).toBe(due.notices);
    expect(pendingEffects().map((e) => e.id).sort()).toEqual(due.effects.map((e) => e.id).sort());
    await dispatchNow();
    expect(sql.one('notifications', 'count(*)')).toBe(notices + due.notices);
    expect(sql.one('auditLog', 'count(*)')).toBe(audits + due.audits);
    expect(present('auditLog', due.auditIds)).toBe(due.audits);
    expect(flagged()).toBe(0);
  });

  it('keeps an effect pushed while a drain runs for the next run', async () => {
    await dispatchNow();
    const [id] = await busyWishes(1, '派发时又有变化');
    const engine = t.runtime.engine;
    const previous = engine.observer;
    let pushed: Promise<unknown> | null = null;
    // Right after the drain has written this page's rows, the party member claims the wish.
    engine.observer = (action, params) => {
      previous?.(action, params);
      if (!pushed && action === 'database.modifyDocument' && params.collectionName === 'wishes' && JSON.stringify(params).includes('$pull')) {
        pushed = t.runtime.db.collection('wishes').doc(id!).update({ effects: t.runtime.db.command.push([{ id: 'fx-meanwhile', at: clock.nowIso(), requestId: 'r-meanwhile', messages: [], audit: null }]), effectsPending: true });
      }
    };
    try {
      await dispatchNow();
    } finally {
      engine.observer = previous;
    }
    expect(pushed).not.toBeNull();
    await pushed;
    // Whichever came first, the record is either still flagged with the new effect or that effect was
    // pushed after the clear and set the flag again: never an effect left without its flag.
    const left = sql.all<{ e: string; f: number }>('wishes', `${j('effects')} AS e, ${j('effectsPending')} AS f`, 'WHERE _id = ?', id)[0]!;
    const effects = JSON.parse(left.e) as PendingEffect[];
    expect(effects.map((e) => e.id)).toEqual(['fx-meanwhile']);
    expect(left.f).toBe(1);
  });
});

describe('the drain: notices and audit entries keep the action’s time', () => {
  afterEach(() => clock.reset());

  it('shows the notice in the inbox and the entry in the audit log only after the drain, each at the time of the action', async () => {
    const acted = new Date(Date.now() - 60_000);
    clock.freeze(acted);
    const w = ok(await submit(tokens.resident!, '看看时间对不对'));
    ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'reject', reason: '村里已统一安排' }, tokens['village-cadre']));
    const [effect] = pendingEffects(w.id).filter((e) => e.audit);
    expect(effect).toBeDefined();
    const inboxOf = async () =>
      (ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident)).items as { kind: string; link: { id: string } | null; createdAt: string }[]).filter(
        (n) => n.kind === 'wish.rejected' && n.link?.id === w.id,
      );
    expect(await inboxOf()).toEqual([]);

    clock.advance(90_000);
    await dispatchNow();
    const shown = await inboxOf();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.createdAt).toBe(acted.toISOString());
    const entry = sql.all<{ at: string; requestId: string; actor: string }>('auditLog', `${j('at')} AS at, ${j('requestId')} AS requestId, ${j('actorId')} AS actor`, `WHERE ${j('target.id')} = ? AND ${j('action')} = 'wishes.review'`, w.id);
    expect(entry).toEqual([{ at: acted.toISOString(), requestId: effect!.requestId, actor: 'village-cadre' }]);
    // The supervisor's audit log shows it at the time of the review.
    const log = ok(await t.call('audit', 'list', { action: 'wishes.review', limit: 50 }, tokens.supervisor)).items as { at: string; changes: { after: string | null }[] }[];
    expect(log.filter((e) => e.at === acted.toISOString() && e.changes.some((c) => c.after === 'rejected')).length).toBeGreaterThanOrEqual(1);
  });
});
