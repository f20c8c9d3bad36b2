import type { OrgUnitRecord, UserRecord } from '../../shared/domain/records';
import { ok, snapshotCounts, startTestRuntime, type TestRuntime } from '../support/runtime';

const CODE = 'QY-FIRST-ADMIN-2026';
let t: TestRuntime;

const COUNTY: OrgUnitRecord = { _id: 'qianyang', kind: 'county', name: '千阳县', parentId: null, path: ['qianyang'] };
const WATCHED = ['users', 'auditLog', 'config', 'notifications'];

beforeAll(async () => {
  process.env.BOOTSTRAP_CODE = CODE;
  delete process.env.BOOTSTRAP_COUNTY;
  // An empty environment with only the county, as provisioning leaves it.
  t = await startTestRuntime({ seed: false });
  await t.runtime.db.collection('orgUnits').add(COUNTY);
});
afterAll(async () => {
  delete process.env.BOOTSTRAP_CODE;
  await t.close();
});

const enter = (token: string, code: string, name = '吴敏') => t.call('admin', 'bootstrap', { code, name }, token);

describe('admin.bootstrap: the very first county admin', () => {
  it('refuses a wrong code with a Chinese error and writes nothing', async () => {
    const token = await t.loginOpenid('wx-wrong-1');
    const before = await snapshotCounts(t, WATCHED);
    const res = await enter(token, 'NOT-THE-CODE-AT-ALL');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '初始化口令不正确' } });
    expect(await snapshotCounts(t, WATCHED)).toEqual(before);
  });

  it('rate-limits a person who keeps entering wrong codes, even when the next one is right', async () => {
    const token = await t.loginOpenid('wx-guesser');
    for (let i = 0; i < 5; i++) expect((await enter(token, `WRONGCODE${i}`)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const res = await enter(token, CODE);
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '输错的次数太多了，请 15 分钟后再试' } });
    expect(await t.count('users')).toBe(0);
  });

  it('makes exactly one county admin when 20 people enter the right code at once, and refuses the rest in Chinese', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => t.loginOpenid(`wx-first-${i}`)));
    const results = await Promise.all(tokens.map((tk, i) => enter(tk, CODE, `管理员${i}`)));
    const winners = results.filter((r) => r.body.ok);
    const losers = results.filter((r) => !r.body.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(19);
    for (const r of losers) {
      expect(r.status).toBe(409);
      expect(r.body.ok).toBe(false);
      if (!r.body.ok) {
        expect(r.body.error.code).toBe('CONFLICT');
        expect(r.body.error.message).toMatch(/初始化口令已经(被别人使用了|用过了)/);
      }
    }
    const admins = await t.runtime.db.collection('users').where({ roleKeys: 'county-admin@qianyang' }).get();
    expect(admins.data).toHaveLength(1);
    const admin = admins.data[0] as UserRecord;
    expect(admin.roles).toEqual([{ role: 'county-admin', unitId: 'qianyang' }]);
    expect(await t.count('users')).toBe(1);
    expect(await t.count('auditLog', { action: 'admin.bootstrap' })).toBe(1);
    expect(await t.count('notifications', { recipientId: admin._id, kind: 'admin.appointed' })).toBe(1);

    // The winner is told who they are now.
    const winnerIndex = results.findIndex((r) => r.body.ok);
    const me = ok(await t.call('auth', 'me', {}, tokens[winnerIndex]));
    expect(me.user.roles).toEqual([{ role: 'county-admin', unitId: 'qianyang', unitName: '千阳县' }]);
  });

  it('stops working once used: a reused code is CONFLICT and writes nothing', async () => {
    const token = await t.loginOpenid('wx-late');
    const before = await snapshotCounts(t, WATCHED);
    const res = await enter(token, CODE);
    expect(res.body).toEqual({ ok: false, error: { code: 'CONFLICT', message: '初始化口令已经用过了，县管理员已经产生；如需任命，请联系县管理员' } });
    expect(await snapshotCounts(t, WATCHED)).toEqual(before);
  });
});

describe('admin.bootstrap: deploy settings', () => {
  it('refuses when the environment sets no usable code', async () => {
    const other = await startTestRuntime({ seed: false });
    try {
      await other.runtime.db.collection('orgUnits').add(COUNTY);
      const saved = process.env.BOOTSTRAP_CODE;
      process.env.BOOTSTRAP_CODE = 'short';
      const token = await other.loginOpenid('wx-x');
      const res = await other.call('admin', 'bootstrap', { code: 'SHORTCODE', name: '吴敏' }, token);
      process.env.BOOTSTRAP_CODE = saved;
      expect(res.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('BOOTSTRAP_CODE') } });
      expect(await other.count('users')).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('names the county by BOOTSTRAP_COUNTY when the database holds several, and asks for it otherwise', async () => {
    const other = await startTestRuntime({ seed: false });
    try {
      await other.runtime.db.collection('orgUnits').add(COUNTY);
      await other.runtime.db.collection('orgUnits').add({ _id: 'fengxiang', kind: 'county', name: '凤翔区', parentId: null, path: ['fengxiang'] });
      const token = await other.loginOpenid('wx-y');
      const ask = await other.call('admin', 'bootstrap', { code: CODE, name: '吴敏' }, token);
      expect(ask.body).toEqual({ ok: false, error: { code: 'CONFLICT', message: '数据库里有多个县，请在部署设置里用 BOOTSTRAP_COUNTY 指定是哪一个' } });
      process.env.BOOTSTRAP_COUNTY = 'fengxiang';
      const done = ok(await other.call('admin', 'bootstrap', { code: CODE, name: '吴敏' }, token));
      expect(done).toMatchObject({ countyId: 'fengxiang', countyName: '凤翔区' });
    } finally {
      delete process.env.BOOTSTRAP_COUNTY;
      await other.close();
    }
  });

  it('is not needed, and refused, where a county admin already exists (the demo seed)', async () => {
    const seeded = await startTestRuntime();
    try {
      const token = await seeded.login('resident');
      const res = await seeded.call('admin', 'bootstrap', { code: CODE }, token);
      expect(res.body).toEqual({ ok: false, error: { code: 'CONFLICT', message: '县里已经有管理员了，初始化口令不再可用；如需任命，请联系县管理员' } });
    } finally {
      await seeded.close();
    }
  });
});
