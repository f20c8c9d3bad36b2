import { clock } from '../../cloudfunctions/_lib/clock';
import { useSender } from '../../cloudfunctions/_lib/sender';
import { notifications } from '../../cloudfunctions/notifications';
import { claimRows, dispatchDue } from '../../cloudfunctions/notifications/timers';
import { drainEffects } from '../../cloudfunctions/_lib/effects';
import type { OutboxRecord, SubscriptionRecord } from '../../shared/domain/notifications-records';
import { MAX_SEND_ATTEMPTS } from '../../shared/domain/subscribe';
import { LocalSender } from '../../local/sender';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const sender = new LocalSender();
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  useSender(sender);
  clock.freeze(new Date());
  for (const p of ['resident', 'village-cadre', 'county-admin', 'party-member'] as const) tokens[p] = await t.login(p);
  await drain();
});
afterAll(async () => {
  useSender(null);
  clock.reset();
  await t.close();
});
beforeEach(() => sender.clear());

async function rows(where: object = {}): Promise<OutboxRecord[]> {
  const res = await t.runtime.db.collection('notifications').where(where).limit(1000).get();
  return res.data as OutboxRecord[];
}

/** Runs the dispatcher, moving the clock past every backoff, until nothing is pending. */
async function drain(maxRuns = 20): Promise<void> {
  for (let i = 0; i < maxRuns; i++) {
    await notifications.runTimer('dispatch');
    if ((await t.count('notifications', { 'delivery.status': 'pending' })) === 0) return;
    clock.advance(2 * 60 * 60_000);
  }
  throw new Error('notifications still pending after draining');
}

const grant = (token: string, templateKey = 'todo', result = 'accept') =>
  t.call('notifications', 'reportGrants', { results: [{ templateKey, result }] }, token);

async function submitWishes(n: number, title = '帮忙修水管'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(ok(await t.call('wishes', 'submit', { title: `${title}${i + 1}`, content: '家里水管漏水，想请人帮忙看看。', category: 'daily-life' }, tokens.resident)).id);
  }
  // The submits carry their notices; written out as the dispatch timer does first, not yet delivered.
  await drainEffects(t.runtime.db);
  return ids;
}

const nidOf = (page: string) => new URL(page, 'https://x/').searchParams.get('nid');

function expectEachSentOnce(): void {
  const perRow = sender.countBy((m) => nidOf(m.page) ?? '');
  for (const [, n] of perRow) expect(n).toBe(1);
}

describe('notifications dispatcher', () => {
  it('delivers every due message exactly once when the sender fails the first two attempts, losing none', async () => {
    for (let i = 0; i < 3; i++) ok(await grant(tokens['village-cadre']!));
    const wishIds = await submitWishes(3);
    const due = await rows({ 'delivery.status': 'pending', kind: 'wish.submitted', recipientId: 'village-cadre' });
    expect(due).toHaveLength(3);
    sender.failNext(2);

    const first = (await notifications.runTimer('dispatch')) as { sent: number; retried: number };
    expect(first.retried).toBe(2);
    expect(first.sent).toBe(1);
    await drain();

    expect(sender.sent).toHaveLength(3);
    expectEachSentOnce();
    expect(new Set(sender.sent.map((s) => nidOf(s.message.page)))).toEqual(new Set(due.map((r) => r._id)));
    for (const r of await rows({ _id: t.runtime.db.command.in(due.map((d) => d._id)) })) {
      expect(r.delivery).toMatchObject({ status: 'sent', channel: 'subscribe', claim: null });
    }
    // The retried ones took two attempts each; their permission was given back after the failure and used once.
    const sub = (await t.runtime.db.collection('subscriptions').doc('village-cadre:todo').get()).data as SubscriptionRecord[];
    expect(sub[0]!.remaining).toBe(0);
    // The inbox keeps every message whatever the delivery did.
    const inbox = ok(await t.call('notifications', 'list', { limit: 50 }, tokens['village-cadre']));
    for (const id of wishIds) expect(inbox.items.some((n: { link: { id: string } | null }) => n.link?.id === id)).toBe(true);
  });

  it('sends nothing twice when two dispatcher runs overlap', async () => {
    for (let i = 0; i < 12; i++) ok(await grant(tokens['village-cadre']!));
    await submitWishes(12, '重叠发送');
    const due = await rows({ 'delivery.status': 'pending' });
    sender.withLatency(3);

    const [a, b] = (await Promise.all([notifications.runTimer('dispatch'), notifications.runTimer('dispatch')])) as {
      claimed: number;
    }[];
    expect(a!.claimed + b!.claimed).toBe(due.length);
    expect(sender.sent).toHaveLength(12);
    expectEachSentOnce();
    expect(await t.count('notifications', { 'delivery.status': 'pending' })).toBe(0);
  });

  it('sends nothing twice when four small-batch runs overlap', async () => {
    for (let i = 0; i < 30; i++) ok(await grant(tokens['village-cadre']!));
    await submitWishes(30, '交错发送');
    const due = await rows({ 'delivery.status': 'pending' });
    const runs = Array.from({ length: 4 }, (_, i) =>
      new Promise((r) => setTimeout(r, i)).then(() => dispatchDue(t.runtime.db, `overlap-${i}`, { batchSize: 3 + i, concurrency: 2 })),
    );
    const reports = await Promise.all(runs);
    expect(reports.reduce((n, r) => n + r.claimed, 0)).toBe(due.length);
    expect(reports.filter((r) => r.claimed > 0).length).toBeGreaterThan(1);
    expect(sender.sent).toHaveLength(30);
    expectEachSentOnce();
  });

  it('lets a run that saw rows as due a moment before another run claimed them take none of them', async () => {
    await submitWishes(3, '抢占');
    const ids = (await rows({ 'delivery.status': 'pending' })).map((r) => r._id);
    const now = clock.now();
    const first = await claimRows(t.runtime.db, 'run-a', ids, now, 60_000);
    const second = await claimRows(t.runtime.db, 'run-b', ids, now, 60_000);
    expect(first.map((r) => r._id).sort()).toEqual([...ids].sort());
    expect(second).toEqual([]);
    // Once the lease runs out without the row being settled (a run that died), it is due again.
    clock.advance(60_001);
    await drain();
    expect(await t.count('notifications', { _id: t.runtime.db.command.in(ids), 'delivery.status': 'pending' })).toBe(0);
  });

  it('uses a one-time grant for exactly one send and keeps the rest in the inbox only', async () => {
    ok(await grant(tokens['village-cadre']!));
    const [w1, w2] = await submitWishes(2, '一次授权');
    await drain();
    expect(sender.sent).toHaveLength(1);
    const mine = await rows({ recipientId: 'village-cadre', 'link.id': t.runtime.db.command.in([w1, w2]) });
    expect(mine.map((r) => r.delivery.status).sort()).toEqual(['in-app', 'sent']);
    const grants = ok(await t.call('notifications', 'myGrants', {}, tokens['village-cadre']));
    expect(grants.items).toEqual([expect.objectContaining({ templateKey: 'todo', remaining: 0, lastResult: 'accept' })]);
  });

  it('sends nothing through WeChat without a grant, and the inbox still has the message', async () => {
    const [wishId] = await submitWishes(1, '没有授权');
    ok(await t.call('wishes', 'review', { wishId, decision: 'approve' }, tokens['village-cadre']));
    await drain();
    expect(sender.sent).toHaveLength(0);
    const [approved] = await rows({ kind: 'wish.approved', 'link.id': wishId });
    expect(approved!.delivery).toMatchObject({ status: 'in-app', channel: 'in-app' });
    const inbox = ok(await t.call('notifications', 'list', { limit: 50 }, tokens.resident));
    expect(inbox.items.some((n: { kind: string; link: { id: string } | null }) => n.kind === 'wish.approved' && n.link?.id === wishId)).toBe(true);
  });

  it('fills the configured template, clipped to WeChat limits, and opens the message from the tap', async () => {
    ok(await grant(tokens['village-cadre']!));
    await submitWishes(1, '这是一个非常非常长的心愿标题用来检查截断规则');
    await drain();
    const [m] = sender.sent.map((s) => s.message);
    expect(m).toMatchObject({ touser: expect.any(String), templateId: 'local-demo-todo', miniprogramState: 'developer' });
    expect(m!.page).toMatch(/^pages\/inbox\/index\?nid=/);
    expect(m!.data.thing1!.value).toBe('微心愿待审核');
    expect([...m!.data.thing2!.value].length).toBeLessThanOrEqual(20);
    expect(m!.data.time3!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  });

  it('treats a WeChat refusal (43101) as no permission: inbox only, the stale grant cleared, no retry', async () => {
    ok(await grant(tokens['village-cadre']!));
    ok(await grant(tokens['village-cadre']!));
    await submitWishes(1, '用户拒收');
    sender.failNext(1, 43101, 'user refuse to accept the msg');
    await drain();
    expect(sender.sent).toHaveLength(0);
    const [row] = (await rows({ kind: 'wish.submitted', recipientId: 'village-cadre' })).filter((r) => r.title && r.body.includes('用户拒收'));
    expect(row!.delivery).toMatchObject({ status: 'in-app', attempts: 1 });
    expect(row!.delivery.error).toMatch(/43101/);
    const grants = ok(await t.call('notifications', 'myGrants', {}, tokens['village-cadre']));
    expect(grants.items[0]).toMatchObject({ remaining: 0 });
  });

  it('keeps a message that failed every attempt as a dead letter the county admin can see and retry', async () => {
    ok(await grant(tokens['village-cadre']!));
    await submitWishes(1, '一直失败');
    sender.failNext(MAX_SEND_ATTEMPTS, -1, 'system error');
    await drain();
    expect(sender.sent).toHaveLength(0);
    const dead = await rows({ 'delivery.status': 'dead' });
    expect(dead).toHaveLength(1);
    expect(dead[0]!.delivery).toMatchObject({ attempts: MAX_SEND_ATTEMPTS, error: expect.stringContaining('system error') });
    // The permission was never used: the message did not go out.
    expect(ok(await t.call('notifications', 'myGrants', {}, tokens['village-cadre'])).items[0]).toMatchObject({ remaining: 1 });

    const forbidden = await t.call('notifications', 'deadLetters', {}, tokens['village-cadre']);
    expect(forbidden.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const list = ok(await t.call('notifications', 'deadLetters', {}, tokens['county-admin']));
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: dead[0]!._id, recipientName: expect.any(String), attempts: MAX_SEND_ATTEMPTS });

    expect(ok(await t.call('notifications', 'retryDeadLetters', { ids: [dead[0]!._id] }, tokens['county-admin'])).requeued).toBe(1);
    expect(await t.count('auditLog', { 'target.id': dead[0]!._id, action: 'notifications.retryDeadLetter' })).toBe(1);
    await drain();
    expect(sender.sent).toHaveLength(1);
    expect(nidOf(sender.sent[0]!.message.page)).toBe(dead[0]!._id);
  });
});

describe('subscription grants', () => {
  it('gives the template ids for a tap, at most three', async () => {
    const res = ok(await t.call('notifications', 'subscribeTemplates', { moment: 'wish.submit' }, tokens.resident));
    expect(res.templates).toEqual([
      { templateKey: 'result', templateId: 'local-demo-result' },
      { templateKey: 'progress', templateId: 'local-demo-progress' },
    ]);
  });

  it('takes template ids from the SUBSCRIBE_CONFIG environment variable before the config document', async () => {
    process.env.SUBSCRIBE_CONFIG = JSON.stringify({
      templates: [{ templateKey: 'result', templateId: 'env-result', fields: { thing1: 'title' } }],
    });
    try {
      const res = ok(await t.call('notifications', 'subscribeTemplates', { moment: 'wish.submit' }, tokens.resident));
      expect(res.templates).toEqual([{ templateKey: 'result', templateId: 'env-result' }]);
      // A template the configuration does not have cannot be granted.
      const bad = await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'progress', result: 'accept' }] }, tokens.resident);
      expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'results.0.templateKey' }] } });
    } finally {
      delete process.env.SUBSCRIBE_CONFIG;
    }
  });

  it('counts each accepted tap as one send and ignores refusals for the count', async () => {
    ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'accept' }, { templateKey: 'progress', result: 'reject' }] }, tokens['party-member']));
    const res = ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'accept' }] }, tokens['party-member']));
    expect(res.grants).toEqual([expect.objectContaining({ templateKey: 'result', remaining: 2, longTerm: false })]);
    const banned = ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'result', result: 'ban' }] }, tokens['party-member']));
    expect(banned.grants[0]).toMatchObject({ remaining: 0, lastResult: 'ban' });
  });

  it('counts a retried report once', async () => {
    const report = { results: [{ templateKey: 'progress', result: 'accept' }], requestId: 'report-retry-0001' };
    ok(await t.call('notifications', 'reportGrants', report, tokens.resident));
    const again = ok(await t.call('notifications', 'reportGrants', report, tokens.resident));
    expect(again.grants[0]).toMatchObject({ templateKey: 'progress', remaining: 1 });
  });

  it('refuses a report naming one template twice or an unknown result, writing nothing', async () => {
    const before = await snapshotCounts(t, ['subscriptions']);
    const dup = await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'todo', result: 'accept' }, { templateKey: 'todo', result: 'accept' }] }, tokens.resident);
    expect(dup.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'results' }] } });
    const bad = await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'todo', result: 'maybe' }] }, tokens.resident);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const tooMany = await t.call('notifications', 'reportGrants', { results: ['todo', 'result', 'progress', 'todo'].map((k) => ({ templateKey: k, result: 'accept' })) }, tokens.resident);
    expect(tooMany.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await snapshotCounts(t, ['subscriptions'])).toEqual(before);
  });

  it('honours long-term grants only when configuration switches them on', async () => {
    const db = t.runtime.db;
    const cfg = ((await db.collection('config').doc('subscribe').get()).data as { templates: { templateKey: string; longTerm?: boolean }[] }[])[0]!;
    const templates = cfg.templates.map((x) => (x.templateKey === 'todo' ? { ...x, longTerm: true } : x));
    await db.collection('config').doc('subscribe').update({ templates, longTermGrants: true });
    try {
      const g = ok(await grant(tokens['village-cadre']!));
      expect(g.grants[0]).toMatchObject({ longTerm: true });
      await submitWishes(3, '长期订阅');
      await drain();
      expect(sender.sent).toHaveLength(3);
      expectEachSentOnce();

      sender.clear();
      await db.collection('config').doc('subscribe').update({ longTermGrants: false });
      await submitWishes(1, '开关关闭');
      await drain();
      expect(sender.sent).toHaveLength(0);
    } finally {
      await db.collection('config').doc('subscribe').update({ templates: cfg.templates, longTermGrants: false });
    }
  });
});

describe('subscribe messages for every feature, not only wishes', () => {
  it('sends a dispute alert to a handler who granted 待办 and a police booking to the officer, each consuming one grant', async () => {
    const gridLeader = await t.login('grid-leader');
    const police = await t.login('police');
    ok(await grant(gridLeader, 'todo'));
    ok(await grant(police, 'todo'));
    await drain();
    sender.clear();

    const reported = ok(
      await t.call(
        'cases',
        'screen',
        { type: 'neighbourhood', parties: [{ name: '张桂芳', phone: '13891702461' }, { name: '王老五', phone: '13572018806' }], description: '邻居的排水管接到我家院墙根，下雨天院里积水。', urgency: 'normal' },
        tokens.resident,
      ),
    );
    const homeId = 'ph-v-fengfang';
    const service = ok(await t.call('police', 'home', { homeId }, tokens.resident)).services.find((s: { mode: string }) => s.mode === 'appointment');
    const slots = ok(await t.call('police', 'slots', { serviceId: service.id, days: 14 }, tokens.resident)).slots.filter((s: { bookable: boolean }) => s.bookable);
    // The seeded resident already has a booking; the first free time that does not overlap it.
    let booked = false;
    for (const slot of slots) {
      const res = await t.call('police', 'book', { slotId: slot.id, requestId: `dispatch-book-${slot.id}` }, tokens.resident);
      if (res.body.ok) {
        booked = true;
        break;
      }
    }
    expect(booked).toBe(true);
    await drain();

    const toGridLeader = (await rows({ recipientId: 'grid-leader', kind: 'case.reported', 'link.id': reported.id }))[0]!;
    expect(toGridLeader.delivery).toMatchObject({ status: 'sent', channel: 'subscribe' });
    const toOfficer = (await rows({ recipientId: 'police', kind: 'police.booked' })).find((r) => r.delivery.status === 'sent');
    expect(toOfficer?.delivery).toMatchObject({ channel: 'subscribe' });
    expect(sender.sent.map((s) => s.message.templateId)).toEqual(['local-demo-todo', 'local-demo-todo']);
    // One grant each: the next alert to the grid leader stays in the inbox only.
    const grants = await t.runtime.db.collection('subscriptions').where({ userId: t.runtime.db.command.in(['grid-leader', 'police']), templateKey: 'todo' }).get();
    expect((grants.data as SubscriptionRecord[]).map((g) => g.remaining)).toEqual([0, 0]);
  });
});
