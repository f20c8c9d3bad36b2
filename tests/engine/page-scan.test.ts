/**
 * A list page whose filter SQL cannot decide alone (a `$ne`, a field without an index) but whose sort
 * SQL can serve is read in the page's order and stops when the page is full: it decodes the rows up to
 * its page, not every candidate. Checked against an in-memory sort and filter of the same documents.
 */
import { openHarness, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness({
    indexes: [{ collection: 'wishes', fields: [{ field: 'villageId' }, { field: 'status' }, { field: 'createdAt', direction: 'desc' }] }],
  });
});
afterEach(() => h.close());

interface Wish {
  _id: string;
  villageId: string;
  status: string;
  createdAt: string;
  closed?: boolean;
  path?: { step: number; by: string }[];
}

function wishes(n: number): Wish[] {
  return Array.from({ length: n }, (_, i) => ({
    _id: `w${String(i).padStart(4, '0')}`,
    villageId: i % 3 === 0 ? 'v2' : 'v1',
    status: ['open', 'claimed', 'done'][i % 4 === 0 ? 2 : i % 2] as string,
    // Ties on purpose: the tie-break is _id (desc), as the lists ask.
    createdAt: `2026-01-${String(1 + (i % 20)).padStart(2, '0')}`,
    ...(i % 7 === 0 ? { closed: true } : {}),
    path: [{ step: i, by: 'x' }],
  }));
}

/** What MongoDB answers: filter, then (createdAt desc, _id desc), then skip/limit. */
function expected(all: Wish[], skip: number, limit: number): string[] {
  return all
    .filter((w) => w.villageId === 'v1' && ['open', 'claimed'].includes(w.status) && w.closed !== true)
    .sort((a, b) => (a.createdAt === b.createdAt ? (a._id < b._id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1))
    .slice(skip, skip + limit)
    .map((w) => w._id);
}

async function page(skip: number, limit: number, fields?: Record<string, boolean>) {
  const _ = h.db.command;
  let q = h.db.collection('wishes').where({ villageId: 'v1', status: _.in(['open', 'claimed']), closed: _.neq(true) });
  if (fields) q = q.field(fields);
  const res = await q.orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(skip).limit(limit).get();
  return res.data as Wish[];
}

describe('a list page the planner cannot decide in SQL', () => {
  it('answers the same page as an in-memory filter and sort, page after page', async () => {
    const all = wishes(300);
    await h.db.collection('wishes').add(all);
    for (const [skip, limit] of [
      [0, 10],
      [10, 10],
      [0, 51],
      [37, 13],
      [150, 100],
    ] as const) {
      expect((await page(skip, limit)).map((w) => w._id)).toEqual(expected(all, skip, limit));
    }
  });

  it('decodes only the documents up to its page, not every candidate', async () => {
    await h.db.collection('wishes').add(wishes(600));
    h.engine.store.docCache.clear();
    await page(0, 10);
    // 600 candidates in v1/v2; the page of 10 stops after a handful of rejected (closed) rows.
    const decoded = h.engine.store.docCache.get('wishes')?.size ?? 0;
    expect(decoded).toBeGreaterThanOrEqual(10);
    expect(decoded).toBeLessThan(20);
  });

  it('sees every write at once although it keeps decoded documents', async () => {
    const all = wishes(40);
    await h.db.collection('wishes').add(all);
    const first = (await page(0, 5))[0] as Wish;
    await h.db.collection('wishes').doc(first._id).update({ closed: true });
    expect((await page(0, 5)).map((w) => w._id)).not.toContain(first._id);
    const second = (await page(0, 5))[0] as Wish;
    await h.db.collection('wishes').doc(second._id).update({ path: [{ step: -1, by: 'changed' }] });
    expect((await page(0, 5))[0]).toMatchObject({ _id: second._id, path: [{ step: -1, by: 'changed' }] });
    await h.db.collection('wishes').doc(second._id).remove();
    expect((await page(0, 5)).map((w) => w._id)).not.toContain(second._id);
  });

  it('hands each reader its own copy: changing an answer changes nothing stored or read later', async () => {
    await h.db.collection('wishes').add(wishes(20));
    const a = await page(0, 3);
    const before = JSON.stringify(a);
    (a[0] as Wish).path!.push({ step: 99, by: 'mutated' });
    (a[0] as Wish).status = 'mutated';
    const b = await page(0, 3);
    expect(JSON.stringify(b)).toBe(before);
    const projected = await page(0, 3, { path: true });
    projected[0]!.path![0]!.by = 'mutated';
    expect((await page(0, 3, { path: true }))[0]!.path![0]!.by).toBe('x');
  });

  it('projects top-level fields as the cloud does', async () => {
    await h.db.collection('wishes').add(wishes(20));
    const rows = await page(0, 2, { status: true });
    expect(rows.every((r) => Object.keys(r).sort().join(',') === '_id,status')).toBe(true);
  });

  it('keeps MongoDB order when a sort key holds a value SQLite orders differently (booleans sort after strings)', async () => {
    await h.db.collection('wishes').add([
      { _id: 'a', villageId: 'v1', status: 'open', createdAt: '2026-01-01' },
      { _id: 'b', villageId: 'v1', status: 'open', createdAt: true },
      { _id: 'c', villageId: 'v1', status: 'open', createdAt: '2026-01-03' },
      { _id: 'd', villageId: 'v1', status: 'open', createdAt: 5 },
    ]);
    expect((await page(0, 10)).map((w) => w._id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('keeps dates, as documents with a $date come back as Dates', async () => {
    await h.db.collection('wishes').add([
      { _id: 'a', villageId: 'v1', status: 'open', createdAt: '2026-01-02', at: new Date('2026-01-02T00:00:00Z') },
      { _id: 'b', villageId: 'v1', status: 'open', createdAt: '2026-01-01' },
    ]);
    const rows = (await page(0, 10)) as (Wish & { at?: Date })[];
    expect(rows.map((w) => w._id)).toEqual(['a', 'b']);
    expect(rows[0]!.at).toBeInstanceOf(Date);
    expect(rows[0]!.at!.toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });
});
