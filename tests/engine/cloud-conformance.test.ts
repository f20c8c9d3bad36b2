/**
 * Behaviours where the local engine must answer exactly as CloudBase does, found by running the official
 * node-sdk database tests against it (docs/local-engine.md). Each test is named after what the cloud does.
 */
import tcb from '@cloudbase/node-sdk';

// Exported by node-sdk 3.18.3 (dist/index.js) but missing from its type declarations.
const sdk = tcb as typeof tcb & { setThrowOnCode(on: boolean): void };
import { CLOUD_MESSAGES, ENGINE_ERRORS } from '../../local/engine';
import { geoOf, Harness, openHarness, rejectionOf, SdkDb } from './harness';

type Tx = { collection: SdkDb['collection']; commit(): Promise<unknown>; _id: string };

let h: Harness;
let clock = Date.now();
beforeEach(() => {
  clock = Date.now();
  h = openHarness({ now: () => clock });
});
afterEach(() => h.close());

const ids = (list: { _id: string }[]): string[] => list.map((d) => d._id);

async function seed(collection: string, docs: Record<string, unknown>[]): Promise<void> {
  // One add per document: insertion order is the order of these calls.
  for (const d of docs) await h.db.collection(collection).add(d);
}

async function all(collection: string): Promise<Record<string, unknown>[]> {
  return (await h.db.collection(collection).limit(1000).get()).data;
}

describe('writes that need a where()', () => {
  beforeEach(() => seed('items', [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]));

  it('refuses an update with no where(), as the cloud does', async () => {
    const err = await rejectionOf(h.db.collection('items').update({ n: 9 }));
    expect(err.code).toBe('INVALID_PARAM');
    expect((await all('items')).map((d) => d.n)).toEqual([1, 2]);
  });

  it('refuses an update with an empty where({}), as the cloud does', async () => {
    const err = await rejectionOf(h.db.collection('items').where({}).update({ n: 9 }));
    expect(err.code).toBe('INVALID_PARAM');
  });

  it('refuses a remove with no where(), as the cloud does', async () => {
    const err = await rejectionOf(h.db.collection('items').remove());
    expect(err.code).toBe('INVALID_PARAM');
    expect(await all('items')).toHaveLength(2);
  });

  it('removes everything only when asked by a condition that matches everything, as the cloud does', async () => {
    const res = await h.db.collection('items').where({ _id: /.*/ }).remove();
    expect(res.deleted).toBe(2);
  });
});

describe('natural order', () => {
  beforeEach(() => seed('items', [{ _id: 'c', n: 1 }, { _id: 'a', n: 2 }, { _id: 'b', n: 3 }]));

  it('returns unsorted documents in insertion order, as the cloud does', async () => {
    expect(ids((await h.db.collection('items').get()).data)).toEqual(['c', 'a', 'b']);
  });

  it('picks the first inserted document for limit(1) and skips in insertion order, as the cloud does', async () => {
    expect(ids((await h.db.collection('items').limit(1).get()).data)).toEqual(['c']);
    expect(ids((await h.db.collection('items').skip(1).limit(1).get()).data)).toEqual(['a']);
    expect(ids((await h.db.collection('items').where({ n: h.db.command.gt(1) }).limit(1).get()).data)).toEqual(['a']);
  });

  it('keeps a document in its place when it is updated or replaced, as the cloud does', async () => {
    await h.db.collection('items').doc('c').update({ n: 10 });
    await h.db.collection('items').doc('a').set({ n: 20 });
    expect(ids(await all('items') as { _id: string }[])).toEqual(['c', 'a', 'b']);
  });

  it('puts a removed and re-added document last, as the cloud does', async () => {
    await h.db.collection('items').doc('c').remove();
    await h.db.collection('items').add({ _id: 'c', n: 1 });
    expect(ids(await all('items') as { _id: string }[])).toEqual(['a', 'b', 'c']);
  });

  it('updates the first inserted match for multiple: false and updateAndReturn, as the cloud does', async () => {
    const _ = h.db.command;
    await h.db.collection('items').where({ n: _.gte(1) }).options({ multiple: false }).update({ picked: true });
    expect((await all('items')).filter((d) => d.picked).map((d) => d._id)).toEqual(['c']);
    const res = await h.db.collection('items').where({ n: _.gte(2) }).updateAndReturn({ second: true });
    expect(res.doc._id).toBe('a');
  });

  it('breaks ties of orderBy() in insertion order', async () => {
    await seed('ties', [{ _id: 'z', k: 1 }, { _id: 'x', k: 1 }, { _id: 'y', k: 0 }]);
    expect(ids((await h.db.collection('ties').orderBy('k', 'desc').get()).data)).toEqual(['z', 'x', 'y']);
  });

  it('feeds aggregate() in insertion order', async () => {
    const { data } = await h.db.collection('items').aggregate().project({ _id: 1 }).end();
    expect(ids(data as { _id: string }[])).toEqual(['c', 'a', 'b']);
  });

  it('keeps insertion order across closing and reopening the file', async () => {
    h.reopen();
    await h.db.collection('items').add({ _id: '0', n: 4 });
    expect(ids(await all('items') as { _id: string }[])).toEqual(['c', 'a', 'b', '0']);
  });
});

describe('updated counts', () => {
  beforeEach(() => seed('items', [{ _id: 'a', n: 1, tag: 'x' }, { _id: 'b', n: 1, tag: 'x' }]));

  it('counts a matched document set to the value it already has as updated, as the cloud does', async () => {
    expect((await h.db.collection('items').doc('a').update({ n: 1 })).updated).toBe(1);
    expect((await h.db.collection('items').where({ tag: 'x' }).update({ n: 1 })).updated).toBe(2);
    expect((await h.db.collection('items').where({ tag: 'x' }).updateAndReturn({ n: 1 })).updated).toBe(1);
  });

  it('counts doc().set() of an unchanged document as updated, as the cloud does', async () => {
    expect((await h.db.collection('items').doc('a').set({ n: 1, tag: 'x' })).updated).toBe(1);
  });

  it('counts nothing when nothing matches, as the cloud does', async () => {
    expect((await h.db.collection('items').where({ tag: 'none' }).update({ n: 2 })).updated).toBe(0);
    expect((await h.db.collection('items').doc('missing').update({ n: 2 })).updated).toBe(0);
  });
});

describe('documents', () => {
  it('refuses a field name starting with $ in add(), as the cloud does', async () => {
    const err = await rejectionOf(h.db.collection('items').add({ $_key: 1 }));
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    const nested = await rejectionOf(h.db.collection('items').add({ a: { $b: 1 } }));
    expect(nested.code).toBe('DATABASE_REQUEST_FAILED');
    expect(await all('items')).toHaveLength(0);
  });

  it('answers the $-key refusal as a result, not a throw, after setThrowOnCode(false), as the SDK does with the cloud', async () => {
    sdk.setThrowOnCode(false);
    try {
      const res = (await h.db.collection('items').add({ $_key: 1 })) as unknown as { code: string };
      expect(res.code).toBe('DATABASE_REQUEST_FAILED');
    } finally {
      sdk.setThrowOnCode(true);
    }
  });
});

describe('query and aggregation operators as MongoDB has them', () => {
  it('matches $elemMatch with field conditions only against arrays of documents, as the cloud does', async () => {
    const _ = h.db.command;
    await seed('tags', [
      { _id: 'strings', tags: ['Go', 'C#'] },
      { _id: 'numbers', tags: [1, 2, 3] },
      { _id: 'embedded', tags: [{ value: 1 }, { value: -1 }] },
    ]);
    const byExists = await h.db.collection('tags').where({ tags: _.elemMatch({ value: _.exists(true) }) }).get();
    expect(ids(byExists.data)).toEqual(['embedded']);
    const byRange = await h.db.collection('tags').where({ tags: _.elemMatch({ value: _.gt(0) }) }).get();
    expect(ids(byRange.data)).toEqual(['embedded']);
    const onValues = await h.db.collection('tags').where({ tags: _.elemMatch(_.gt(2)) }).get();
    expect(ids(onValues.data)).toEqual(['numbers']);
  });

  it('returns only the computed fields from $project with _id: 0, as the cloud does', async () => {
    await seed('points', [{ x: 1, y: 2 }]);
    const $ = h.db.command.aggregate;
    const { data } = await h.db
      .collection('points')
      .aggregate()
      .project({ _id: 0, coordinate: ['$x', '$y'], sum: $.add(['$x', '$y']) })
      .end();
    expect(data).toEqual([{ coordinate: [1, 2], sum: 3 }]);
  });

  it('still excludes fields from $project with _id: 0 and other exclusions', async () => {
    await seed('points', [{ x: 1, y: 2, z: 3 }]);
    const { data } = await h.db.collection('points').aggregate().project({ _id: 0, z: 0 }).end();
    expect(data).toEqual([{ x: 1, y: 2 }]);
  });

  it('numbers weeks from Sunday with the days before the first Sunday in week 0, as MongoDB does', async () => {
    await seed('days', [
      { _id: 'a', d: new Date('2019-05-14T09:38:51.686Z') },
      { _id: 'b', d: new Date('2019-01-01T00:00:00Z') },
      { _id: 'c', d: new Date('2019-01-06T00:00:00Z') },
      { _id: 'd', d: new Date('2017-12-31T00:00:00Z') },
    ]);
    const $ = h.db.command.aggregate;
    const { data } = await h.db.collection('days').aggregate().project({ w: $.week('$d') }).end();
    expect(data).toEqual([
      { _id: 'a', w: 19 },
      { _id: 'b', w: 0 },
      { _id: 'c', w: 1 },
      { _id: 'd', w: 53 },
    ]);
  });
});

describe('error codes', () => {
  it('answers DATABASE_TRANSACTION_FAIL (TransactionNotExist) for a write after commit, as the cloud does', async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    await tx.commit();
    const err = await rejectionOf(tx.collection('items').doc('1').set({ a: 1 }));
    expect(err).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL', message: CLOUD_MESSAGES.transactionNotExist });
  });

  it('answers DATABASE_TRANSACTION_FAIL for an expired transaction, as the cloud does', async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    clock += 60_000;
    const err = await rejectionOf(tx.collection('items').doc('1').get());
    expect(err.code).toBe(ENGINE_ERRORS.TRANSACTION_FAIL);
  });

  it('answers DATABASE_TRANSACTION_CONFLICT with the cloud message for a conflicting write', async () => {
    await seed('items', [{ _id: '1', n: 0 }]);
    const a = (await h.db.startTransaction()) as unknown as Tx;
    const b = (await h.db.startTransaction()) as unknown as Tx;
    await a.collection('items').doc('1').update({ n: 1 });
    const err = await rejectionOf(b.collection('items').doc('1').update({ n: 2 }));
    expect(err).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: CLOUD_MESSAGES.transactionConflict });
  });
});

describe('collections are created, never implied (engine with requireCollections, as the runtime runs it)', () => {
  let strict: Harness;
  beforeEach(() => {
    strict = openHarness({ requireCollections: true });
  });
  afterEach(() => strict.close());

  it('refuses an add to a collection nobody created with -502005, as the cloud does, and creates nothing', async () => {
    const err = await rejectionOf(strict.db.collection('neverCreated').add({ a: 1 }));
    expect(err.code).toBe(ENGINE_ERRORS.COLLECTION_NOT_EXIST);
    expect(err.message).toContain('-502005');
    expect(strict.engine.store.hasCollection('neverCreated')).toBe(false);
  });

  it('refuses doc().set() and a transaction that adds to a collection nobody created, as the cloud does', async () => {
    expect((await rejectionOf(strict.db.collection('neverCreated').doc('x').set({ a: 1 }))).code).toBe(ENGINE_ERRORS.COLLECTION_NOT_EXIST);
    const err = await rejectionOf(
      strict.db.runTransaction(async (tx: { collection: SdkDb["collection"] }) => {
        await tx.collection('neverCreated').add({ a: 1 });
      }),
    );
    expect(err.code).toBe(ENGINE_ERRORS.COLLECTION_NOT_EXIST);
    expect(strict.engine.store.hasCollection('neverCreated')).toBe(false);
  });

  it('writes to a collection once createCollection made it', async () => {
    await strict.db.createCollection('made');
    await strict.db.collection('made').add({ _id: 'a', n: 1 });
    expect((await strict.db.collection('made').doc('a').get()).data).toEqual([{ _id: 'a', n: 1 }]);
  });
});

describe('transactions', () => {
  beforeEach(() => seed('items', [{ _id: '1', kind: 'a', n: 1 }, { _id: '2', kind: 'a', n: 2 }, { _id: '3', kind: 'b', n: 3 }]));

  it("sees the transaction's own uncommitted writes in where().get(), as the cloud does", async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    await tx.collection('items').add([{ _id: 'new1', kind: 'a' }, { _id: 'new2', kind: 'a' }]);
    await tx.collection('items').doc('2').remove();
    await tx.collection('items').doc('3').update({ kind: 'a' });
    const inside = await tx.collection('items').where({ kind: 'a' }).get();
    expect(ids(inside.data)).toEqual(['1', '3', 'new1', 'new2']);
    const outside = await h.db.collection('items').where({ kind: 'a' }).get();
    expect(ids(outside.data)).toEqual(['1', '2']);
    await tx.commit();
    expect(ids((await h.db.collection('items').where({ kind: 'a' }).get()).data)).toEqual(['1', '3', 'new1', 'new2']);
  });

  it('applies orderBy, skip, limit and field() to where().get() inside a transaction', async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    await tx.collection('items').add({ _id: '4', kind: 'a', n: 0 });
    const { data } = await tx.collection('items').where({ kind: 'a' }).orderBy('n', 'asc').skip(1).limit(2).field({ n: true }).get();
    expect(data).toEqual([{ _id: '1', n: 1 }, { _id: '2', n: 2 }]);
  });

  it('still refuses where().update(), where().remove(), count() and updateAndReturn() inside a transaction, which the cloud runs outside it', async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    for (const op of [
      () => tx.collection('items').where({ kind: 'a' }).update({ n: 0 }),
      () => tx.collection('items').where({ kind: 'a' }).remove(),
      () => tx.collection('items').where({ kind: 'a' }).count(),
      () => tx.collection('items').where({ kind: 'a' }).updateAndReturn({ n: 0 }),
    ]) {
      const err = await rejectionOf(op());
      expect(err.code).toBe('INVALID_PARAM');
      expect(err.message).toMatch(/not transactional/);
    }
    expect((await all('items')).map((d) => d.n)).toEqual([1, 2, 3]);
  });

  it('returns the snapshot for a document changed outside the transaction and reports the conflict at the write, as the cloud does', async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    await tx.collection('items').doc('1').get();
    await h.db.collection('items').doc('1').set({ kind: 'changed' });
    await h.db.collection('items').doc('2').set({ kind: 'changed' });
    // Re-read, first read after the change, and a query: all see the snapshot.
    expect((await tx.collection('items').doc('1').get()).data).toEqual({ _id: '1', kind: 'a', n: 1 });
    expect((await tx.collection('items').doc('2').get()).data).toEqual({ _id: '2', kind: 'a', n: 2 });
    expect(ids((await tx.collection('items').where({ kind: 'a' }).get()).data)).toEqual(['1', '2']);
    const err = await rejectionOf(tx.collection('items').doc('1').update({ n: 10 }));
    expect(err).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: CLOUD_MESSAGES.transactionConflict });
    // The conflict aborted the transaction.
    expect((await rejectionOf(tx.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
    expect((await h.db.collection('items').doc('1').get()).data[0]).toEqual({ _id: '1', kind: 'changed' });
  });

  it("sees a snapshot of deleted documents and hides documents added after the transaction's first operation", async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    await tx.collection('items').doc('3').get();
    await h.db.collection('items').doc('1').remove();
    await h.db.collection('items').add({ _id: 'late', kind: 'a' });
    expect(ids((await tx.collection('items').where({ kind: 'a' }).get()).data)).toEqual(['1', '2']);
  });

  it("takes the snapshot at the transaction's first operation, not at startTransaction(), as the cloud does", async () => {
    const tx = (await h.db.startTransaction()) as unknown as Tx;
    await h.db.collection('items').add({ _id: 'early', kind: 'a' });
    expect(ids((await tx.collection('items').where({ kind: 'a' }).get()).data)).toEqual(['1', '2', 'early']);
  });

  it('retries a runTransaction whose snapshot went stale and commits on the fresh attempt', async () => {
    let attempts = 0;
    await h.db.runTransaction(async (tx: Tx) => {
      attempts += 1;
      const { data } = await tx.collection('items').doc('1').get();
      if (attempts === 1) await h.db.collection('items').doc('1').update({ n: 100 });
      await tx.collection('items').doc('1').update({ n: (data as { n: number }).n + 1 });
    });
    expect(attempts).toBe(2);
    expect((await h.db.collection('items').doc('1').get()).data[0]?.n).toBe(101);
  });
});

describe('string operators as MongoDB has them', () => {
  beforeEach(() => seed('people', [{ name: 'Yuanxin', birthday: '1999/12/12' }, { name: '王小明', birthday: '1998/11/11' }]));

  it('finds a substring by code point with $indexOfCP, as the cloud does', async () => {
    const $ = h.db.command.aggregate;
    const { data } = await h.db.collection('people').aggregate().project({ _id: 0, i: $.indexOfCP(['$name', 'x']), j: $.indexOfCP(['$name', '明']) }).end();
    expect(data).toEqual([{ i: 4, j: -1 }, { i: -1, j: 2 }]);
  });

  it('takes the rest of the string for a negative $substrBytes count, as the cloud does', async () => {
    const $ = h.db.command.aggregate;
    const { data } = await h.db.collection('people').aggregate().project({ _id: 0, day: $.substrBytes(['$birthday', 8, -1]), y: $.substrBytes(['$birthday', 0, 4]) }).end();
    expect(data).toEqual([{ day: '12', y: '1999' }, { day: '11', y: '1998' }]);
  });
});

describe('operators the engine does not support fail loudly', () => {
  beforeEach(() => seed('places', [{ _id: 'p', loc: new h.db.Geo.Point(107.1, 34.6), name: 'Qianyang' }]));

  it('refuses $jsonSchema with DATABASE_REQUEST_FAILED', async () => {
    const err = await rejectionOf(h.db.collection('places').where(h.db.command.jsonSchema({ required: ['name'] })).get());
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/jsonSchema/);
  });

  it('refuses $text with DATABASE_REQUEST_FAILED', async () => {
    // SDK 3.18.3 sends this as a top-level $search (and the string form as an empty query, in the cloud too).
    const err = await rejectionOf(h.db.collection('places').where(h.db.command.text({ search: 'Qianyang', diacriticSensitive: false })).get());
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/unknown top level operator/);
  });

  it('refuses $geoIntersects with DATABASE_REQUEST_FAILED', async () => {
    const { Point, Polygon, LineString } = geoOf(h.db);
    const square = new Polygon([new LineString([new Point(107, 34), new Point(108, 34), new Point(108, 35), new Point(107, 34)])]);
    const err = await rejectionOf(h.db.collection('places').where({ loc: h.db.command.geoIntersects({ geometry: square }) }).get());
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/\$geoIntersects/);
  });
});
