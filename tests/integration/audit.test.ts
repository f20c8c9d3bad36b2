import type { Persona } from '../../shared/contracts/common';
import { j, SqlCounts } from '../support/county-checks';
import { dispatchNow } from '../support/dispatch';
import { ok, startTestRuntime, type TestRuntime } from '../support/runtime';

let t: TestRuntime;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestRuntime();
  for (const p of ['resident', 'village-cadre', 'town-cadre', 'county-admin', 'supervisor', 'party-member'] as Persona[]) tokens[p] = await t.login(p);
});
afterAll(() => t.close());

type Entry = { id: string; at: string; actorId: string; actorName: string; action: string; actionLabel: string; changes: { field: string; before: string | null; after: string | null }[] };

async function readAll(token: string, filter: object = {}, limit = 3): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = ok(await t.call('audit', 'list', { ...filter, limit, ...(cursor ? { cursor } : {}) }, token));
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

describe('audit.list', () => {
  let wishId: string;

  beforeAll(async () => {
    const wish = ok(await t.call('wishes', 'submit', { title: '想请人修门锁', content: '门锁坏了，关不上门。', category: 'daily-life' }, tokens.resident));
    wishId = wish.id;
    ok(await t.call('wishes', 'review', { wishId, decision: 'reject', reason: '请先打村委会电话13700001111说明情况' }, tokens['village-cadre']));
    for (let i = 0; i < 4; i++) {
      const w = ok(await t.call('wishes', 'submit', { title: `审核测试${i}`, content: '审核测试的内容', category: 'daily-life' }, tokens.resident));
      ok(await t.call('wishes', 'review', { wishId: w.id, decision: 'approve' }, tokens['village-cadre']));
    }
    // The reviews' audit entries ride on the wishes until the dispatch timer writes them out.
    await dispatchNow();
  });

  it('gives the village supervisor the entries of the village, newest first, with labels and masked before/after', async () => {
    const entries = await readAll(tokens.supervisor!);
    const rejected = entries.find((e) => e.action === 'wishes.review' && e.changes.some((c) => c.after === 'rejected'))!;
    expect(rejected).toMatchObject({ actorName: expect.any(String), actionLabel: '审核心愿' });
    expect(rejected.changes).toEqual(expect.arrayContaining([{ field: '状态', before: 'pending_review', after: 'rejected' }]));
    expect(JSON.stringify(entries)).not.toContain('13700001111');
    expect(JSON.stringify(entries)).toContain('137****1111');
    const times = entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages by key: every entry once, whatever the page size, as many as the log holds for the place', async () => {
    const small = await readAll(tokens.supervisor!, {}, 2);
    const large = await readAll(tokens.supervisor!, {}, 50);
    expect(small.map((e) => e.id)).toEqual(large.map((e) => e.id));
    expect(new Set(small.map((e) => e.id)).size).toBe(small.length);
    expect(small.length).toBe(await t.count('auditLog', { path: 'v-fengfang' }));
  });

  it('filters by person, action and China date', async () => {
    const reviews = await readAll(tokens.supervisor!, { action: 'wishes.review', actorId: 'village-cadre' });
    expect(reviews.length).toBe(await t.count('auditLog', { path: 'v-fengfang', action: 'wishes.review', actorId: 'village-cadre' }));
    expect(reviews.length).toBeGreaterThanOrEqual(5);
    expect(reviews.every((e) => e.action === 'wishes.review' && e.actorId === 'village-cadre')).toBe(true);
    expect(await readAll(tokens.supervisor!, { from: '2001-01-01', to: '2001-01-31' })).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await readAll(tokens.supervisor!, { action: 'wishes.review', from: today, to: today })).length).toBe(reviews.length);
  });

  it('gives the county admin the whole county, the town-level reader nothing, and refuses everyone else', async () => {
    const county = ok(await t.call('audit', 'list', { action: 'wishes.review', limit: 50 }, tokens['county-admin'])).items;
    expect(county.length).toBeGreaterThanOrEqual(5);
    for (const who of ['resident', 'village-cadre', 'town-cadre', 'party-member']) {
      expect((await t.call('audit', 'list', { limit: 5 }, tokens[who])).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await t.call('audit', 'list', { unitId: 'v-xijie', limit: 5 }, tokens.supervisor)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers INVALID_INPUT in Chinese for an unknown action or a reversed date range', async () => {
    const bad = await t.call('audit', 'list', { action: 'wishes.nothing', limit: 5 }, tokens.supervisor);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'action', message: '没有这种操作' }] } });
    const reversed = await t.call('audit', 'list', { from: '2026-12-02', to: '2026-12-01', limit: 5 }, tokens.supervisor);
    expect(reversed.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'to', message: '开始日期不能晚于结束日期' }] } });
  });
});

// Each action passes its target's place to recordAudit instead of the log reading the target again: the
// entry must still carry the place the target itself holds, read here straight from the SQLite file.
describe('where an entry is kept', () => {
  const sql = () => new SqlCounts(t.runtime.engine);
  const entryPaths = (action: string, targetId: string) =>
    sql()
      .all<{ path: string }>('auditLog', `${j('path')} AS path`, `WHERE ${j('action')} = ? AND ${j('target.id')} = ?`, action, targetId)
      .map((r) => JSON.parse(r.path) as string[]);
  const stored = (collection: string, id: string, field: string) => {
    const [row] = sql().all<{ v: string | null }>(collection, `${j(field)} AS v`, 'WHERE _id = ?', id);
    return row?.v ? (JSON.parse(row.v) as string[]) : null;
  };

  it('a record with a place of its own: the invitation, written and revoked, and a renamed unit', async () => {
    const inv = ok(await t.call('admin', 'invite', { role: 'village-cadre', unitId: 'v-baofeng', inviteeName: '王小军' }, tokens['county-admin'])).invitation;
    ok(await t.call('admin', 'revokeInvitation', { invitationId: inv.id }, tokens['county-admin']));
    const own = stored('invitations', inv.id, 'path');
    expect(own).toEqual(['qianyang', 't-chengguan', 'v-baofeng']);
    expect(entryPaths('admin.invite', inv.id)).toEqual([own]);
    expect(entryPaths('admin.revokeInvitation', inv.id)).toEqual([own]);

    ok(await t.call('admin', 'renameUnit', { unitId: 'g-fengfang-2', name: '冯坊二组网格' }, tokens['county-admin']));
    expect(entryPaths('admin.renameUnit', 'g-fengfang-2')).toEqual([stored('orgUnits', 'g-fengfang-2', 'path')]);
  });

  it('a person: where the appointed resident lives', async () => {
    ok(await t.call('admin', 'appoint', { userId: 'resident', role: 'grid-leader', unitId: 'g-fengfang-2' }, tokens['county-admin']));
    const home = stored('users', 'resident', 'residence.path');
    expect(home).toEqual(expect.arrayContaining(['v-fengfang']));
    expect(entryPaths('admin.appoint', 'resident')).toEqual([home]);
  });

  it('a record that names only its unit: the path of that unit', async () => {
    const settings = ok(await t.call('points', 'settings', { villageId: 'v-fengfang' }, tokens['village-cadre']));
    const indicators = settings.indicators.map((i: { max: number }, k: number) => ({ ...i, max: k === 0 ? 15 : k === 9 ? 5 : i.max }));
    ok(await t.call('points', 'configure', { unitId: 'v-fengfang', indicators }, tokens['village-cadre']));
    ok(await t.call('powers', 'adjust', { code: 'MS-02', villageId: 'v-fengfang', stepLimits: [{ index: 1, limitDays: 1 }], changeNote: '受理当天办' }, tokens['village-cadre']));
    for (const [action, collection, id] of [
      ['points.configure', 'pointsSettings', 'v-fengfang'],
      ['powers.adjust', 'powerItems', 'v-fengfang_MS-02'],
    ] as const) {
      const [row] = sql().all<{ unitId: string }>(collection, `${j('unitId')} AS unitId`, 'WHERE _id = ?', id);
      expect(row?.unitId).toBe('v-fengfang');
      expect(entryPaths(action, id)).toEqual([stored('orgUnits', row!.unitId, 'path')]);
    }
  });
});
