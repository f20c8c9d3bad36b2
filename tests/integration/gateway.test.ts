import { authContract } from '../../shared/contracts/auth';
import { auth } from '../../cloudfunctions/auth';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
beforeAll(async () => {
  t = await startTestRuntime();
});
afterAll(() => t.close());

describe('local gateway', () => {
  it('answers GET /api/health with { ok: true }', async () => {
    const res = await fetch(`${t.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('refuses a body over 64 KB with 413 and writes nothing', async () => {
    const token = await t.login('resident');
    const before = await t.count('wishes');
    const res = await fetch(`${t.url}/api/wishes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'submit', data: { title: '大包', content: 'x'.repeat(70 * 1024), category: 'other' } }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.count('wishes')).toBe(before);
  });

  it('answers 401 UNAUTHENTICATED without a token and with a forged one', async () => {
    const missing = await t.call('wishes', 'list', { scope: 'mine' });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const forged = await t.call('wishes', 'list', { scope: 'mine' }, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(401);
  });

  it('answers 404 for an unknown function and 400 for a body that is not JSON', async () => {
    expect((await t.call('nope', 'list', {})).status).toBe(404);
    const res = await fetch(`${t.url}/api/wishes`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('keeps dev sign-in out of a cloud invocation, where no local powers exist', async () => {
    const res = await auth.invoke({ action: 'devLogin', data: { persona: 'resident' } }, { openid: null });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(Object.keys(authContract.actions)).toContain('devLogin');
  });

  it('keeps the data in the SQLite file across a restart', async () => {
    const token = await t.login('resident');
    const res = await t.call('wishes', 'submit', { title: '重启后还在', content: '测试数据在重启之后依然存在。', category: 'other' }, token);
    expect(res.body.ok).toBe(true);
    const { openRuntime } = await import('../../local/runtime');
    await t.runtime.close();
    const reopened = await openRuntime({ dataDir: t.dataDir });
    const found = await reopened.db.collection('wishes').where({ title: '重启后还在' }).count();
    expect((found as { total: number }).total).toBe(1);
    t.runtime = reopened; // closed by afterAll
  });
});
