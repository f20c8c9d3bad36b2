import { clock } from '../../cloudfunctions/_lib/clock';
import { ReadCache } from '../../local/read-cache';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

// Tuesday 8 December 2026, 08:30 in Qianyang: the 警民之家 of 冯坊村 opens at 09:00.
const TUESDAY_0830 = '2026-12-08T00:30:00.000Z';

let t: TestRuntime;
let resident: string;
let cadre: string;
let partyMember: string;

beforeAll(async () => {
  t = await startTestRuntime();
  resident = await t.login('resident');
  cadre = await t.login('village-cadre');
  partyMember = await t.login('party-member');
});

afterAll(async () => {
  clock.reset();
  await t.close();
});

const cache = () => t.runtime.readCache!;

async function openWish(title: string): Promise<string> {
  const { id } = ok(await t.call('wishes', 'submit', { title, content: '读缓存测试用的心愿内容。', category: 'daily-life' }, resident));
  ok(await t.call('wishes', 'review', { wishId: id, decision: 'approve' }, cadre));
  return id;
}

const villageList = async (token: string) => ok(await t.call('wishes', 'list', { scope: 'village', limit: 50 }, token)).items as { id: string; status: string }[];

describe('the gateway read cache', () => {
  it('answers a repeated unchanged read from memory with the same body', async () => {
    await openWish('门口路灯坏了');
    const first = await t.call('wishes', 'list', { scope: 'village', limit: 50 }, resident);
    const hits = cache().stats.hits;
    const second = await t.call('wishes', 'list', { scope: 'village', limit: 50 }, resident);
    expect(cache().stats.hits).toBe(hits + 1);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it('never serves a read again after a write to a collection it read', async () => {
    const before = await villageList(resident);
    const id = await openWish('帮忙修一下院墙');
    const after = await villageList(resident);
    expect(after.map((w) => w.id)).toContain(id);
    expect(after).toHaveLength(before.length + 1);

    ok(await t.call('wishes', 'claim', { wishId: id }, partyMember));
    const claimed = await villageList(resident);
    expect(claimed.find((w) => w.id === id)?.status).toBe('claimed');
  });

  it('sees a change made straight to the database (a new role) on the next read', async () => {
    const me = async () => ok(await t.call('auth', 'me', {}, resident)).user.roles as { role: string }[];
    const before = await me();
    expect(before.some((r) => r.role === 'grid-leader')).toBe(false);
    await me();
    await t.runtime.db
      .collection('users')
      .doc('resident')
      .update({ roles: [...before, { role: 'grid-leader', unitId: 'g-fengfang-1' }] });
    expect((await me()).some((r) => r.role === 'grid-leader')).toBe(true);
  });

  it('keeps answers per caller: the same request from another person runs for that person', async () => {
    const mine = async (token: string) => ok(await t.call('wishes', 'list', { scope: 'mine', limit: 50 }, token)).items as unknown[];
    const residentsOwn = await mine(resident);
    expect(residentsOwn.length).toBeGreaterThan(0);
    await mine(resident);
    expect(await mine(cadre)).toEqual([]);
  });

  it('never keeps an answer that read the clock', async () => {
    clock.freeze(TUESDAY_0830);
    const status = async () => ok(await t.call('police', 'home', { homeId: 'ph-v-fengfang' }, resident)).status as { open: boolean };
    expect((await status()).open).toBe(false);
    const kept = cache().size();
    clock.advance(60 * 60 * 1000);
    expect((await status()).open).toBe(true);
    expect(cache().size()).toBe(kept);
    clock.reset();
  });

  it('never answers a write from memory: the same submit twice makes two wishes', async () => {
    const body = { title: '同样的请求发两次', content: '没有请求编号时，两次提交就是两个心愿。', category: 'other' };
    const a = ok(await t.call('wishes', 'submit', body, resident));
    const b = ok(await t.call('wishes', 'submit', body, resident));
    expect(a.id).not.toBe(b.id);
    expect(await t.count('wishes', { title: body.title })).toBe(2);
  });

  it('answers a refused read afresh once the person becomes a cadre', async () => {
    const review = () => t.call('wishes', 'list', { scope: 'review', limit: 50 }, partyMember);
    expect((await review()).status).toBe(403);
    await t.runtime.db
      .collection('users')
      .doc('party-member')
      .update({ roles: [{ role: 'party-member', unitId: 'v-fengfang' }, { role: 'village-cadre', unitId: 'v-fengfang' }], roleKeys: ['party-member@v-fengfang', 'village-cadre@v-fengfang'] });
    expect((await review()).status).toBe(200);
  });
});

describe('the read cache bounds', () => {
  it('forgets the least recently used answer beyond its entry limit', async () => {
    const own = await startTestRuntime();
    try {
      own.runtime.readCache!.close();
      const small = new ReadCache(own.runtime.engine, { entries: 2 });
      const key = (n: number) => small.key('wishes', 'o', Buffer.from(`{"n":${n}}`))!;
      const read = () => own.runtime.db.collection('wishes').limit(1).get();
      for (const n of [1, 2]) await small.run(key(n), read, () => true);
      expect(small.get(key(1))).not.toBeNull(); // 1 is now the most recent
      await small.run(key(3), read, () => true);
      expect(small.size()).toBe(2);
      expect(small.get(key(2))).toBeNull();
      expect(small.get(key(1))).not.toBeNull();
      expect(small.get(key(3))).not.toBeNull();
      small.close();
    } finally {
      await own.close();
    }
  });
});
