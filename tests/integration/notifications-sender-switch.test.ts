import { clock } from '../../cloudfunctions/_lib/clock';
import { notifications } from '../../cloudfunctions/notifications';
import { MAX_SEND_ATTEMPTS } from '../../shared/domain/subscribe';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  clock.freeze(new Date());
  for (const p of ['resident', 'village-cadre', 'county-admin'] as const) tokens[p] = await t.login(p);
});
afterAll(async () => {
  clock.reset();
  await t.close();
});

async function drain(maxRuns = 20): Promise<void> {
  for (let i = 0; i < maxRuns; i++) {
    await notifications.runTimer('dispatch');
    if ((await t.count('notifications', { 'delivery.status': 'pending' })) === 0) return;
    clock.advance(2 * 60 * 60_000);
  }
  throw new Error('notifications still pending after draining');
}

describe('the county admin’s switch for the local stand-in sender', () => {
  it('is read on the dead-letters page, and refused to anyone but a county admin, writing nothing', async () => {
    expect(ok(await t.call('notifications', 'deadLetters', {}, tokens['county-admin'])).localFailRate).toBe(0);
    const before = await t.count('auditLog');
    const refused = await t.call('notifications', 'setSenderFailRate', { rate: 1 }, tokens['village-cadre']);
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(t.runtime.sender.failureRate).toBe(0);
    expect(await t.count('auditLog')).toBe(before);
    const bad = await t.call('notifications', 'setSenderFailRate', { rate: 1.5 }, tokens['county-admin']);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'rate', message: '失败比例在 0 到 1 之间' }] } });
  });

  it('makes every send fail at 100%: after the retries the message is a dead letter; at 0% it goes out again', async () => {
    await drain();
    t.runtime.sender.sent.length = 0;
    expect(ok(await t.call('notifications', 'setSenderFailRate', { rate: 1 }, tokens['county-admin']))).toEqual({ rate: 1 });
    expect(await t.count('auditLog', { action: 'notifications.setSenderFailRate', actorId: 'county-admin' })).toBe(1);
    ok(await t.call('notifications', 'reportGrants', { results: [{ templateKey: 'todo', result: 'accept' }] }, tokens['village-cadre']));
    const wish = ok(await t.call('wishes', 'submit', { title: '模拟发送失败', content: '看看发送失败后怎么重试。', category: 'daily-life' }, tokens.resident));
    await drain();

    expect(t.runtime.sender.sent).toHaveLength(0);
    const dead = ok(await t.call('notifications', 'deadLetters', {}, tokens['county-admin']));
    const mine = dead.items.find((d: { title: string; attempts: number; error: string | null }) => d.title === '新的微心愿待审核' && d.attempts === MAX_SEND_ATTEMPTS);
    expect(mine).toMatchObject({ attempts: MAX_SEND_ATTEMPTS, error: expect.stringContaining('模拟发送失败') });
    expect(dead.localFailRate).toBe(1);
    expect(await t.count('notifications', { 'link.id': wish.id, 'delivery.status': 'dead' })).toBe(1);

    ok(await t.call('notifications', 'setSenderFailRate', { rate: 0 }, tokens['county-admin']));
    ok(await t.call('notifications', 'retryDeadLetters', { ids: [mine.id] }, tokens['county-admin']));
    await drain();
    expect(t.runtime.sender.sent).toHaveLength(1);
  });

  it('does not exist in the cloud: the same action without local powers is refused', async () => {
    const res = await notifications.invoke({ action: 'setSenderFailRate', data: { rate: 0.3 } }, { openid: 'demo-county-admin' });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只有本地运行的演示环境可以模拟发送失败' } });
    const list = await notifications.invoke({ action: 'deadLetters', data: {} }, { openid: 'demo-county-admin' });
    expect(list).toMatchObject({ ok: true, data: { localFailRate: null } });
  });
});
