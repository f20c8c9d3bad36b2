/**
 * Multikey indexes: an indexed field holding arrays is served by its side table `mk:<collection>:<field>`
 * (one row per string/number element) instead of a scan, and always answers exactly what mingo alone
 * answers on an unindexed copy of the same documents.
 */
import { multikeyValues } from '../../local/engine/store';
import { Harness, openHarness, rejectionOf } from './harness';

type Tx = { collection: Harness['db']['collection']; rollback(reason?: unknown): Promise<unknown> };

const CADRE = 'village-cadre@v-fengfang';
const RESIDENT = 'resident@v-1';

const users = [
  { _id: 'a', name: 'Ann', roleKeys: [CADRE, RESIDENT] },
  { _id: 'b', name: 'Bob', roleKeys: CADRE },
  { _id: 'c', name: 'Cai' },
  { _id: 'd', name: 'Dan', roleKeys: [] },
  {
    _id: 'e',
    name: 'Eve',
    roleKeys: [RESIDENT, 5, true, null, { k: CADRE }, ['nested', CADRE], new Date('2024-01-01T00:00:00Z'), '5', 5],
  },
  { _id: 'f', name: 'Fan', roleKeys: null },
  { _id: 'g', name: 'Gao', roleKeys: 5 },
  { _id: 'h', name: 'Hu', roleKeys: [[CADRE]] },
  { _id: 'i', name: 'Ivy', roleKeys: [1.5, 2, 'x'] },
  { _id: 'j', name: 'Jin', roleKeys: true },
  { _id: 'k', name: 'Kai', roleKeys: { k: CADRE } },
  { _id: 'l', name: 'Lu', roleKeys: [false, 0] },
];

const INDEXES = [
  { collection: 'users', fields: [{ field: 'roleKeys', direction: 'asc' as const }] },
  { collection: 'users', fields: [{ field: 'openid', direction: 'asc' as const }], unique: true },
  { collection: 'orgs', fields: [{ field: 'units.code', direction: 'asc' as const }] },
  { collection: 'fresh', fields: [{ field: 'roleKeys', direction: 'asc' as const }] },
  { collection: 'fresh', fields: [{ field: 'openid', direction: 'asc' as const }], unique: true },
];

let h: Harness;
beforeEach(async () => {
  h = openHarness({ indexes: INDEXES });
  // `plain` holds the same documents with no index at all: mingo alone decides there.
  await h.db.collection('users').add(users);
  await h.db.collection('plain').add(users);
});
afterEach(() => h.close());

async function ids(collection: string, where: object): Promise<string[]> {
  const { data } = await h.db.collection(collection).where(where).limit(1000).get();
  return (data as { _id: string }[]).map((d) => d._id).sort();
}

/** Same answer on the multikey-indexed collection and on the unindexed copy; returns it. */
async function same(where: object, indexed = 'users', plain = 'plain'): Promise<string[]> {
  const a = await ids(indexed, where);
  expect(a).toEqual(await ids(plain, where));
  return a;
}

function sideRows(collection: string, field: string, id?: string): [string, unknown][] {
  const db = h.engine.store.db;
  const rows = db
    .prepare(`SELECT _id, value FROM "mk:${collection}:${field}"${id ? ' WHERE _id = ?' : ''}`)
    .all(...(id ? [id] : [])) as { _id: string; value: unknown }[];
  return rows.map((r) => [r._id, r.value] as [string, unknown]).sort(cmp);
}

function cmp(x: [string, unknown], y: [string, unknown]): number {
  const a = `${x[0]}\0${typeof x[1]}\0${String(x[1])}`;
  const b = `${y[0]}\0${typeof y[1]}\0${String(y[1])}`;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The side table holds exactly the rows a rebuild from the committed documents would. */
async function expectSideConsistent(collection: string, field: string): Promise<void> {
  const { data } = await h.db.collection(collection).limit(1000).get();
  const expected: [string, unknown][] = [];
  for (const d of data as { _id: string }[]) for (const v of multikeyValues(d, field)) expected.push([d._id, v]);
  expect(sideRows(collection, field)).toEqual(expected.sort(cmp));
}

function sideTableExists(collection: string, field: string): boolean {
  return !!h.engine.store.db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`)
    .get(`mk:${collection}:${field}`);
}

describe('multikey membership queries', () => {
  it('answers equality and $in exactly as mingo does on an unindexed copy', async () => {
    const _ = h.db.command;
    expect(await same({ roleKeys: CADRE })).toEqual(['a', 'b', 'e', 'h']);
    expect(await same({ roleKeys: RESIDENT })).toEqual(['a', 'e']);
    expect(await same({ roleKeys: _.eq(RESIDENT) })).toEqual(['a', 'e']);
    expect(await same({ roleKeys: 5 })).toEqual(['e', 'g']);
    expect(await same({ roleKeys: '5' })).toEqual(['e']);
    expect(await same({ roleKeys: 1.5 })).toEqual(['i']);
    expect(await same({ roleKeys: 0 })).toEqual(['l']);
    expect(await same({ roleKeys: 'nested' })).toEqual(['e']);
    expect(await same({ roleKeys: 'nope' })).toEqual([]);
    expect(await same({ roleKeys: _.in([RESIDENT, 5]) })).toEqual(['a', 'e', 'g']);
    expect(await same({ roleKeys: _.in([CADRE, 'x', 2]) })).toEqual(['a', 'b', 'i']);
    expect(await same({ roleKeys: _.in(['nope']) })).toEqual([]);
    expect(await same({ roleKeys: CADRE, name: 'Ann' })).toEqual(['a']);
    expect(await same({ roleKeys: CADRE, _id: _.in(['b', 'e', 'z']) })).toEqual(['b', 'e']);
    expect(await same(_.and([{ roleKeys: CADRE }, { roleKeys: RESIDENT }]))).toEqual(['a', 'e']);
  });

  it('leaves every other condition on the field to mingo, with the same answers', async () => {
    const _ = h.db.command;
    const wheres: object[] = [
      { roleKeys: true },
      { roleKeys: false },
      { roleKeys: null },
      { roleKeys: [CADRE, RESIDENT] },
      { roleKeys: [] },
      { roleKeys: { k: CADRE } },
      { roleKeys: new Date('2024-01-01T00:00:00Z') },
      { roleKeys: _.in([true, 'x']) },
      { roleKeys: _.in([null, CADRE]) },
      { roleKeys: _.neq(CADRE) },
      { roleKeys: _.nin([CADRE, 5]) },
      { roleKeys: _.all([CADRE, RESIDENT]) },
      { roleKeys: _.size(0) },
      { roleKeys: _.exists(false) },
      { roleKeys: _.elemMatch(_.eq(5)) },
      { roleKeys: _.gt(1) },
      { roleKeys: _.eq(CADRE).and(_.in([RESIDENT, CADRE])) },
      { roleKeys: /^village/ },
      { 'roleKeys.0': CADRE },
      _.or([{ roleKeys: CADRE }, { name: 'Gao' }]),
    ];
    for (const where of wheres) await same(where);
  });

  it('uses the side-table index for equality and $in, and never for what it cannot answer', () => {
    const _ = { in: (v: unknown[]) => ({ $in: v }) };
    for (const where of [{ roleKeys: CADRE }, { roleKeys: { $eq: 5 } }, { roleKeys: _.in([CADRE, 5]) }]) {
      const plan = h.engine.explain('users', where);
      expect(plan).toMatch(/SEARCH mk:users:roleKeys USING COVERING INDEX mkv:users:roleKeys \(value=\?\)/);
      expect(plan).not.toMatch(/SCAN/);
    }
    expect(h.engine.explain('users', { roleKeys: true })).toMatch(/SCAN c:users/);
    expect(h.engine.explain('users', { roleKeys: { $gt: 1 } })).toMatch(/SCAN c:users/);
    // The _id key of a rowid table (store.ts) is its automatic unique index.
    expect(h.engine.explain('users', { _id: 'a' })).toMatch(/USING INDEX sqlite_autoindex_c:users_1 \(_id=\?\)/);
    expect(h.engine.explain('users', { openid: 'o1' })).toMatch(/USING INDEX/);
  });

  it('orders, pages, counts and aggregates multikey matches like the unindexed copy', async () => {
    const page = async (c: string) =>
      (await h.db.collection(c).where({ roleKeys: CADRE }).orderBy('name', 'desc').skip(1).limit(2).get()).data;
    expect(await page('users')).toEqual(await page('plain'));
    expect((await page('users')).map((d: { _id: string }) => d._id)).toEqual(['e', 'b']);
    expect((await h.db.collection('users').where({ roleKeys: CADRE }).count()).total).toBe(4);
    const agg = async (c: string) =>
      (await h.db.collection(c).aggregate().match({ roleKeys: RESIDENT }).project({ name: 1 }).end()).data;
    expect(await agg('users')).toEqual(await agg('plain'));
    expect(await agg('users')).toHaveLength(2);
  });

  it('keeps one side row per distinct string/number element, and the scalar itself', async () => {
    expect(sideRows('users', 'roleKeys', 'a')).toEqual([
      ['a', RESIDENT],
      ['a', CADRE],
    ]);
    expect(sideRows('users', 'roleKeys', 'b')).toEqual([['b', CADRE]]);
    for (const id of ['c', 'd', 'f', 'j', 'k']) expect(sideRows('users', 'roleKeys', id)).toEqual([]);
    expect(sideRows('users', 'roleKeys', 'e').map(([, v]) => v)).toEqual([5, '5', CADRE, 'nested', RESIDENT].sort((x, y) => {
      const a = `${typeof x}\0${String(x)}`;
      const b = `${typeof y}\0${String(y)}`;
      return a < b ? -1 : 1;
    }));
    await expectSideConsistent('users', 'roleKeys');
  });

  it('serves a dot-path field through arrays of subdocuments', async () => {
    const orgs = [
      { _id: 'o1', units: [{ code: 'u1' }, { code: ['u2', 'u3'] }] },
      { _id: 'o2', units: { code: 'u2' } },
      { _id: 'o3', units: [{ other: 'u1' }, 'u1'] },
      { _id: 'o4', units: [[{ code: 'u1' }]] },
      { _id: 'o5' },
    ];
    await h.db.collection('orgs').add(orgs);
    await h.db.collection('plainOrgs').add(orgs);
    const _ = h.db.command;
    expect(h.engine.explain('orgs', { 'units.code': 'u1' })).toMatch(/USING COVERING INDEX mkv:orgs:units\.code/);
    for (const where of [{ 'units.code': 'u1' }, { 'units.code': 'u2' }, { 'units.code': _.in(['u3', 'u1']) }]) {
      await same(where, 'orgs', 'plainOrgs');
    }
    expect(await same({ 'units.code': 'u2' }, 'orgs', 'plainOrgs')).toEqual(['o1', 'o2']);
    await expectSideConsistent('orgs', 'units.code');
  });
});

describe('side table maintenance', () => {
  it('reflects updates that push, pull, set and replace elements', async () => {
    const _ = h.db.command;
    await h.db.collection('users').doc('c').update({ roleKeys: _.push([CADRE]) });
    await h.db.collection('users').doc('a').update({ roleKeys: _.pull(CADRE) });
    await h.db.collection('users').doc('b').update({ roleKeys: [RESIDENT, 'new'] });
    await h.db.collection('users').doc('g').set({ name: 'Gao', roleKeys: ['new'] });
    await h.db.collection('users').doc('h').update({ roleKeys: _.remove() });
    await h.db.collection('users').doc('z').set({ name: 'Zed', roleKeys: [CADRE] });
    // the same changes on the unindexed copy
    await h.db.collection('plain').doc('c').update({ roleKeys: _.push([CADRE]) });
    await h.db.collection('plain').doc('a').update({ roleKeys: _.pull(CADRE) });
    await h.db.collection('plain').doc('b').update({ roleKeys: [RESIDENT, 'new'] });
    await h.db.collection('plain').doc('g').set({ name: 'Gao', roleKeys: ['new'] });
    await h.db.collection('plain').doc('h').update({ roleKeys: _.remove() });
    await h.db.collection('plain').doc('z').set({ name: 'Zed', roleKeys: [CADRE] });

    expect(await same({ roleKeys: CADRE })).toEqual(['c', 'e', 'z']);
    expect(await same({ roleKeys: 'new' })).toEqual(['b', 'g']);
    expect(await same({ roleKeys: RESIDENT })).toEqual(['a', 'b', 'e']);
    expect(await same({ roleKeys: 5 })).toEqual(['e']);
    await expectSideConsistent('users', 'roleKeys');
  });

  it('reflects where().update(), where().remove() and doc().remove()', async () => {
    const _ = h.db.command;
    for (const c of ['users', 'plain']) {
      await h.db.collection(c).where({ roleKeys: RESIDENT }).update({ roleKeys: _.addToSet('promoted') });
      await h.db.collection(c).where({ roleKeys: 5 }).remove();
      await h.db.collection(c).doc('b').remove();
    }
    expect(await same({ roleKeys: 'promoted' })).toEqual(['a']);
    expect(await same({ roleKeys: CADRE })).toEqual(['a', 'h']);
    expect(sideRows('users', 'roleKeys', 'b')).toEqual([]);
    expect(sideRows('users', 'roleKeys', 'e')).toEqual([]);
    expect(sideRows('users', 'roleKeys', 'g')).toEqual([]);
    await expectSideConsistent('users', 'roleKeys');
  });

  it('keeps side rows consistent through committed and rolled-back transactions', async () => {
    const _ = h.db.command;
    await h.db.runTransaction(async (tx: Tx) => {
      await tx.collection('users').doc('a').update({ roleKeys: _.pull(CADRE) });
      await tx.collection('users').add({ _id: 'n', roleKeys: [CADRE, 'tx'] });
      await tx.collection('users').doc('b').remove();
      await tx.collection('users').doc('d').set({ roleKeys: 'tx' });
    });
    expect(await ids('users', { roleKeys: CADRE })).toEqual(['e', 'h', 'n']);
    expect(await ids('users', { roleKeys: 'tx' })).toEqual(['d', 'n']);
    await expectSideConsistent('users', 'roleKeys');

    const err = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('users').doc('e').update({ roleKeys: ['gone'] });
        await tx.collection('users').add({ _id: 'm', roleKeys: [CADRE] });
        await tx.collection('users').doc('n').remove();
        await tx.rollback('no');
      }),
    );
    expect(err).toBe('no');
    // A transaction that fails inside SQLite at commit (unique index) must not leave side rows either.
    await h.db.collection('users').doc('a').update({ openid: 'taken' });
    const dup = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('users').doc('e').update({ roleKeys: ['gone'] });
        await tx.collection('users').add({ _id: 'm', roleKeys: [CADRE], openid: 'taken' });
      }),
    );
    expect(dup.code).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await ids('users', { roleKeys: CADRE })).toEqual(['e', 'h', 'n']);
    expect(await ids('users', { roleKeys: 'gone' })).toEqual([]);
    await expectSideConsistent('users', 'roleKeys');
  });

  it('backfills existing scalar values when a field first turns multikey', async () => {
    await h.db.collection('fresh').add([
      { _id: 's1', roleKeys: CADRE },
      { _id: 's2', roleKeys: 7 },
      { _id: 's3' },
    ]);
    expect(sideTableExists('fresh', 'roleKeys')).toBe(false);
    expect(h.engine.explain('fresh', { roleKeys: CADRE })).toMatch(/USING INDEX ix:fresh:roleKeys_1/);
    await h.db.collection('fresh').add({ _id: 's4', roleKeys: [CADRE, 7] });
    expect(sideTableExists('fresh', 'roleKeys')).toBe(true);
    expect(h.engine.explain('fresh', { roleKeys: CADRE })).toMatch(/mkv:fresh:roleKeys/);
    expect(await ids('fresh', { roleKeys: CADRE })).toEqual(['s1', 's4']);
    expect(await ids('fresh', { roleKeys: 7 })).toEqual(['s2', 's4']);
    await expectSideConsistent('fresh', 'roleKeys');
  });

  it('plans a query text again once its field turns multikey (the engine keeps plans per query text)', async () => {
    await h.db.collection('fresh').add([{ _id: 's1', roleKeys: CADRE }, { _id: 's2', roleKeys: 7 }]);
    // The same criteria text, read before and after: the first plan (a plain index term, exact) would miss s4.
    expect(await ids('fresh', { roleKeys: CADRE })).toEqual(['s1']);
    expect(await ids('fresh', { roleKeys: CADRE })).toEqual(['s1']);
    await h.db.collection('fresh').add({ _id: 's4', roleKeys: [CADRE, 7] });
    expect(await ids('fresh', { roleKeys: CADRE })).toEqual(['s1', 's4']);
    const { data } = await h.db.collection('fresh').where({ roleKeys: CADRE }).orderBy('_id', 'desc').limit(10).get();
    expect((data as { _id: string }[]).map((d) => d._id)).toEqual(['s4', 's1']);
  });

  it('forgets a multikey flag whose first array was rolled back, and still answers correctly', async () => {
    await h.db.collection('fresh').add({ _id: 'x0', roleKeys: 'r', openid: 'o1' });
    const err = await rejectionOf(
      h.db.collection('fresh').add([
        { _id: 'x1', roleKeys: ['r', 'q'] },
        { _id: 'x2', openid: 'o1' },
      ]),
    );
    expect(err.code).toBe('DATABASE_DUPLICATE_WRITE');
    expect(sideTableExists('fresh', 'roleKeys')).toBe(false);
    expect(h.engine.explain('fresh', { roleKeys: 'r' })).not.toMatch(/mk:/);
    expect(await ids('fresh', { roleKeys: 'r' })).toEqual(['x0']);

    // The same inside a transaction that fails at commit.
    const dup = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('fresh').add({ _id: 'x1', roleKeys: ['r', 'q'] });
        await tx.collection('fresh').add({ _id: 'x2', openid: 'o1' });
      }),
    );
    expect(dup.code).toBe('DATABASE_DUPLICATE_WRITE');
    expect(sideTableExists('fresh', 'roleKeys')).toBe(false);
    expect(await ids('fresh', { roleKeys: 'q' })).toEqual([]);

    h.reopen();
    expect(sideTableExists('fresh', 'roleKeys')).toBe(false);
    await h.db.runTransaction(async (tx: Tx) => {
      await tx.collection('fresh').add({ _id: 'x1', roleKeys: ['r', 'q'] });
    });
    expect(h.engine.explain('fresh', { roleKeys: 'r' })).toMatch(/mkv:fresh:roleKeys/);
    expect(await ids('fresh', { roleKeys: 'r' })).toEqual(['x0', 'x1']);
    await expectSideConsistent('fresh', 'roleKeys');
  });

  it('builds the side table when an index is declared over existing arrays', async () => {
    expect(h.engine.explain('plain', { roleKeys: CADRE })).toMatch(/SCAN c:plain/);
    h.engine.ensureIndexes([{ collection: 'plain', fields: [{ field: 'roleKeys', direction: 'asc' }] }]);
    expect(h.engine.explain('plain', { roleKeys: CADRE })).toMatch(/USING COVERING INDEX mkv:plain:roleKeys/);
    expect(await ids('plain', { roleKeys: CADRE })).toEqual(['a', 'b', 'e', 'h']);
    await expectSideConsistent('plain', 'roleKeys');
  });
});

describe('reopening the file', () => {
  it('keeps the multikey query on the side table and correct', async () => {
    h.reopen();
    expect(h.engine.explain('users', { roleKeys: CADRE })).toMatch(/USING COVERING INDEX mkv:users:roleKeys/);
    expect(await same({ roleKeys: CADRE })).toEqual(['a', 'b', 'e', 'h']);
    await h.db.collection('users').doc('c').update({ roleKeys: [CADRE] });
    expect(await ids('users', { roleKeys: CADRE })).toEqual(['a', 'b', 'c', 'e', 'h']);
    await expectSideConsistent('users', 'roleKeys');
  });

  it('rebuilds a missing side table (a file written before side tables existed)', async () => {
    h.engine.store.db.exec(`DROP TABLE "mk:users:roleKeys"`);
    h.reopen();
    expect(sideTableExists('users', 'roleKeys')).toBe(true);
    expect(h.engine.explain('users', { roleKeys: CADRE })).toMatch(/USING COVERING INDEX mkv:users:roleKeys/);
    expect(await same({ roleKeys: CADRE })).toEqual(['a', 'b', 'e', 'h']);
    await expectSideConsistent('users', 'roleKeys');
  });
});

describe('county scale', () => {
  it('answers a membership query on 50,000 documents through the side-table index', async () => {
    const N = 50_000;
    const docs = Array.from({ length: N }, (_, i) => ({
      _id: `u${String(i).padStart(5, '0')}`,
      roleKeys: i % 1000 === 0 ? [CADRE, `resident@v-${i % 300}`] : [`resident@v-${i % 300}`, `volunteer@v-${i % 77}`],
    }));
    for (let k = 0; k < N; k += 1000) await h.db.collection('county').add(docs.slice(k, k + 1000));
    h.engine.ensureIndexes([{ collection: 'county', fields: [{ field: 'roleKeys', direction: 'asc' }] }]);
    const plan = h.engine.explain('county', { roleKeys: CADRE });
    expect(plan).toMatch(/SEARCH mk:county:roleKeys USING COVERING INDEX mkv:county:roleKeys \(value=\?\)/);
    expect(plan).toMatch(/SEARCH c:county USING INDEX sqlite_autoindex_c:county_1 \(_id=\?\)/);
    expect(plan).not.toMatch(/SCAN/);
    const { data } = await h.db.collection('county').where({ roleKeys: CADRE }).limit(1000).get();
    expect(data).toHaveLength(N / 1000);
    expect((await h.db.collection('county').where({ roleKeys: 'resident@v-7' }).count()).total).toBe(
      docs.filter((d) => d.roleKeys.includes('resident@v-7')).length,
    );
  }, 120_000);
});
