import { Aggregator } from 'mingo';
import { watchQueries } from '../support/query-watch';
import { Harness, openHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = openHarness({ indexes: [{ collection: 'sales', fields: [{ field: 'town', direction: 'asc' }] }] });
  await h.db.collection('sales').add([
    { _id: 's1', town: 'A', amount: 10, items: ['x', 'y'] },
    { _id: 's2', town: 'A', amount: 5, items: ['x'] },
    { _id: 's3', town: 'B', amount: 7, items: [] },
    { _id: 's4', town: 'C', amount: 1, items: ['z'] },
    { _id: 's5', town: 'B', amount: 9, items: ['y'] },
  ]);
  await h.db.collection('towns').add([
    { _id: 'A', name: 'Alpha' },
    { _id: 'B', name: 'Beta' },
  ]);
});
afterEach(() => h.close());

/** The rows the store hands the planner's queries on `collection` while `fn` runs. */
async function rowsRead<T>(collection: string, fn: () => Promise<T>): Promise<{ result: T; rows: number }> {
  const store = h.engine.store as unknown as { select(c: string, ...rest: unknown[]): unknown[] };
  const select = store.select.bind(store);
  let rows = 0;
  const spy = jest.spyOn(store, 'select').mockImplementation((c: string, ...rest: unknown[]) => {
    const out = select(c, ...rest);
    if (c === collection) rows += out.length;
    return out;
  });
  try {
    return { result: await fn(), rows };
  } finally {
    spy.mockRestore();
  }
}

describe('aggregate pipelines through collection().aggregate()...end()', () => {
  it('runs match, group, sort and limit', async () => {
    const _ = h.db.command;
    const $ = _.aggregate;
    const res = await h.db
      .collection('sales')
      .aggregate()
      .match({ amount: _.gt(1) })
      .group({ _id: '$town', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .limit(2)
      .end();
    expect(res.data).toEqual([
      { _id: 'B', total: 16, n: 2 },
      { _id: 'A', total: 15, n: 2 },
    ]);
  });

  it('counts nothing as no document, as MongoDB does', async () => {
    const counted = await h.db.collection('sales').aggregate().match({ town: 'Z' }).count('n').end();
    expect(counted.data).toEqual([]);
  });

  it('projects computed fields and counts', async () => {
    const $ = h.db.command.aggregate;
    const projected = await h.db
      .collection('sales')
      .aggregate()
      .match({ town: 'A' })
      .project({ _id: 0, town: 1, double: $.multiply(['$amount', 2]) })
      .end();
    expect(projected.data).toEqual([
      { town: 'A', double: 20 },
      { town: 'A', double: 10 },
    ]);
    const counted = await h.db.collection('sales').aggregate().match({ town: 'B' }).count('n').end();
    expect(counted.data).toEqual([{ n: 2 }]);
  });

  it('unwinds arrays and groups by their elements', async () => {
    const $ = h.db.command.aggregate;
    const res = await h.db
      .collection('sales')
      .aggregate()
      .unwind('$items')
      .group({ _id: '$items', n: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    expect(res.data).toEqual([
      { _id: 'x', n: 2 },
      { _id: 'y', n: 2 },
      { _id: 'z', n: 1 },
    ]);
  });

  it('joins another collection with lookup', async () => {
    const res = await h.db
      .collection('sales')
      .aggregate()
      .match({ _id: 's3' })
      .lookup({ from: 'towns', localField: 'town', foreignField: '_id', as: 'townDoc' })
      .end();
    expect(res.data).toEqual([{ _id: 's3', town: 'B', amount: 7, items: [], townDoc: [{ _id: 'B', name: 'Beta' }] }]);
  });
});

describe('$bucket as MongoDB runs it', () => {
  it('puts a value equal to a boundary in the bucket it starts, outputs only buckets that hold a document, in order, and the rest in default', async () => {
    await h.db.collection('alertsAt').add([
      { _id: 'a1', at: '2026-11-01T00:00:00.000Z' },
      { _id: 'a2', at: '2026-10-31T23:59:59.999Z' },
      { _id: 'a3', at: '2026-11-15T08:00:00.000Z' },
      { _id: 'a4', at: '2027-01-03T00:00:00.000Z' },
    ]);
    const $ = h.db.command.aggregate;
    const res = await h.db
      .collection('alertsAt')
      .aggregate()
      .bucket({ groupBy: '$at', boundaries: ['2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'], default: 'later', output: { n: $.sum(1), ids: $.push('$_id') } })
      .end();
    // [lower, upper): a2 is October's, a1 and a3 November's; September held nothing and is not output.
    expect(res.data).toEqual([
      { _id: '2026-10-01T00:00:00.000Z', n: 1, ids: ['a2'] },
      { _id: '2026-11-01T00:00:00.000Z', n: 2, ids: ['a1', 'a3'] },
      { _id: 'later', n: 1, ids: ['a4'] },
    ]);
  });

  it('counts each bucket by default, and refuses a value in no bucket when there is no default', async () => {
    // Amounts 10, 5, 7, 1, 9: [0, 5) holds 1; [5, 11) holds 5, 7, 9 and 10.
    const counted = await h.db.collection('sales').aggregate().bucket({ groupBy: '$amount', boundaries: [0, 5, 11] }).end();
    expect(counted.data).toEqual([
      { _id: 0, count: 1 },
      { _id: 5, count: 4 },
    ]);
    // With boundaries [0, 5, 10] the amount 10 is in no bucket: MongoDB refuses the aggregate.
    await expect(h.db.collection('sales').aggregate().bucket({ groupBy: '$amount', boundaries: [0, 5, 10] }).end()).rejects.toThrow();
  });
});

describe('lookup in its pipeline form (from, let, pipeline, as)', () => {
  it('joins a subquery that names its own values (no let): matched, limited and counted, reading only the matches through the index', async () => {
    const _ = h.db.command;
    const $ = _.aggregate;
    const { result, rows } = await rowsRead('sales', () =>
      h.db
        .collection('towns')
        .aggregate()
        .match({ _id: 'B' })
        .lookup({ from: 'sales', pipeline: $.pipeline().match({ town: 'B', amount: _.gt(1) }).sort({ amount: 1 }).project({ _id: 1, amount: 1 }).limit(1).done(), as: 'cheapest' })
        .lookup({ from: 'sales', pipeline: $.pipeline().match({ town: _.in(['A', 'B']) }).limit(3).count('n').done(), as: 'counted' })
        .lookup({ from: 'sales', pipeline: $.pipeline().match({ town: 'Z' }).count('n').done(), as: 'none' })
        .end(),
    );
    expect(result.data).toEqual([{ _id: 'B', name: 'Beta', cheapest: [{ _id: 's3', amount: 7 }], counted: [{ n: 3 }], none: [] }]);
    // Town B's two sales, then the four of A and B: never the whole collection (5) per lookup.
    expect(rows).toBe(2 + 4 + 0);
  });

  it('binds let variables from each input document for $expr in the subquery (MongoDB semantics)', async () => {
    const _ = h.db.command;
    const $ = _.aggregate;
    const res = await h.db
      .collection('towns')
      .aggregate()
      .sort({ _id: 1 })
      .lookup({
        from: 'sales',
        let: { townId: '$_id', min: 6 },
        pipeline: $.pipeline()
          .match(_.expr($.and([$.eq(['$town', '$$townId']), $.gte(['$amount', '$$min'])])))
          .project({ _id: 1 })
          .sort({ _id: 1 })
          .done(),
        as: 'big',
      })
      .end();
    expect(res.data).toEqual([
      { _id: 'A', name: 'Alpha', big: [{ _id: 's1' }] },
      { _id: 'B', name: 'Beta', big: [{ _id: 's3' }, { _id: 's5' }] },
    ]);
  });

  it('narrows a correlated subquery by its conjuncts that read no variable, and checks the rest with the variables bound', async () => {
    const _ = h.db.command;
    const $ = _.aggregate;
    const { result, rows } = await rowsRead('sales', () =>
      h.db
        .collection('towns')
        .aggregate()
        .match({ _id: 'A' })
        .lookup({ from: 'sales', let: { townId: '$_id' }, pipeline: [{ $match: { town: 'A', $expr: { $eq: ['$town', '$$townId'] } } }, { $project: { _id: 1 } }], as: 'sales' })
        .end(),
    );
    expect(result.data).toEqual([{ _id: 'A', name: 'Alpha', sales: [{ _id: 's1' }, { _id: 's2' }] }]);
    expect(rows).toBe(2);
  });

  it('gives every document the whole collection for an empty pipeline, an empty list for a missing collection, and nests', async () => {
    const $ = h.db.command.aggregate;
    const res = await h.db
      .collection('towns')
      .aggregate()
      .match({ _id: 'A' })
      .lookup({ from: 'towns', pipeline: [], as: 'all' })
      .lookup({ from: 'nowhere', pipeline: [], as: 'nothing' })
      .lookup({
        from: 'sales',
        pipeline: $.pipeline()
          .match({ _id: 's4' })
          .lookup({ from: 'towns', let: { t: '$town' }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$t'] } } }], as: 'town' })
          .done(),
        as: 'nested',
      })
      .end();
    expect(res.data).toEqual([
      {
        _id: 'A',
        name: 'Alpha',
        all: [
          { _id: 'A', name: 'Alpha' },
          { _id: 'B', name: 'Beta' },
        ],
        nothing: [],
        // s4's town C is no document: the inner join is empty.
        nested: [{ _id: 's4', town: [], amount: 1, items: ['z'] }],
      },
    ]);
  });
});

describe('lookup in its equality form (from, localField, foreignField, as)', () => {
  /** The same join by mingo alone over plain copies of both collections: MongoDB's semantics, computed independently. */
  function byMingo(local: Record<string, unknown>[], foreign: Record<string, unknown>[], spec: { localField: string; foreignField: string; as: string }) {
    return new Aggregator([{ $lookup: { from: 'foreign', ...spec } }], { collectionResolver: () => foreign }).run(local);
  }

  beforeEach(async () => {
    await h.db.collection('people').add([
      { _id: 'p1', homes: ['A', 'B'], unit: 'A', code: 1 },
      { _id: 'p2', homes: ['C'], unit: 'B', code: '1' },
      { _id: 'p3', homes: ['Z'], unit: 'Z', code: 2 },
      { _id: 'p4', homes: ['B'], unit: 'C', code: 1, nested: { unit: 'A' } },
    ]);
    await h.db.collection('units').add([
      { _id: 'A', tags: ['x'], code: 1 },
      { _id: 'B', tags: ['x', 'y'], code: '1' },
      { _id: 'C', tags: [], code: 2 },
      { _id: 'D', tags: ['A'], code: 1 },
    ]);
  });

  const plain = async (c: string) => (await h.db.collection(c).limit(100).get()).data as Record<string, unknown>[];

  it.each([
    ['a scalar local value against _id', 'unit', '_id'],
    ['an array local value, matched by element', 'homes', '_id'],
    ['a scalar against an array foreign field, matched by element', 'unit', 'tags'],
    ['numbers and strings, never equal across types', 'code', 'code'],
    ['a dotted local path, and a missing one (mingo decides those)', 'nested.unit', '_id'],
  ])('answers as MongoDB does for %s', async (_label, localField, foreignField) => {
    const res = await h.db.collection('people').aggregate().sort({ _id: 1 }).lookup({ from: 'units', localField, foreignField, as: 'joined' }).end();
    expect(res.data).toEqual(byMingo(await plain('people'), await plain('units'), { localField, foreignField, as: 'joined' }));
  });

  it('reads only the foreign documents that match, through the planner, never the whole collection per document', async () => {
    const { result, rows } = await rowsRead('units', () =>
      h.db.collection('people').aggregate().match({ _id: h.db.command.in(['p1', 'p2']) }).lookup({ from: 'units', localField: 'unit', foreignField: '_id', as: 'u' }).end(),
    );
    expect((result.data as { u: { _id: string }[] }[]).map((d) => d.u.map((x) => x._id))).toEqual([['A'], ['B']]);
    // One query for the two values: units A and B, not all four.
    expect(rows).toBe(2);
  });

  it('gives each document its own copy of a shared match', async () => {
    const res = await h.db.collection('people').aggregate().match({ unit: h.db.command.in(['A', 'B']) }).lookup({ from: 'units', localField: 'code', foreignField: 'code', as: 'same' }).end();
    const [a] = res.data as { same: { tags: string[] }[] }[];
    a!.same[0]!.tags.push('changed');
    const again = await h.db.collection('people').aggregate().match({ _id: 'p4' }).lookup({ from: 'units', localField: 'code', foreignField: 'code', as: 'same' }).end();
    expect((again.data as { same: { tags: string[] }[] }[])[0]!.same.map((u) => u.tags)).toEqual([['x'], ['A']]);
  });
});

describe("the query watch (tests/support/query-watch.ts) and an aggregate's lookups", () => {
  it('sees the query of every lookup, nested ones too, and reports the one no index serves as a scan', async () => {
    const _ = h.db.command;
    const $ = _.aggregate;
    const watch = watchQueries(h.engine, { threshold: 0 });
    try {
      await watch.measure('served', () =>
        h.db
          .collection('towns')
          .aggregate()
          .match({ _id: 'A' })
          .lookup({ from: 'sales', pipeline: $.pipeline().match({ town: 'A' }).limit(5).done(), as: 'a' })
          .lookup({ from: 'sales', let: { t: '$_id' }, pipeline: [{ $match: { town: 'A', $expr: { $eq: ['$town', '$$t'] } } }], as: 'b' })
          .lookup({ from: 'towns', localField: '_id', foreignField: '_id', as: 'c' })
          .end(),
      );
      expect(watch.scans).toEqual([]);
      await watch.measure('unindexed', () =>
        h.db
          .collection('towns')
          .aggregate()
          .match({ _id: 'A' })
          .lookup({ from: 'towns', pipeline: $.pipeline().lookup({ from: 'sales', pipeline: $.pipeline().match({ amount: _.gt(5) }).done(), as: 'x' }).done(), as: 'y' })
          .end(),
      );
      // The inner pipeline starts with no $match (the whole towns collection), the nested one on an unindexed field.
      expect(watch.scans.map((x) => [x.collection, x.during])).toEqual([
        ['towns', 'unindexed'],
        ['sales', 'unindexed'],
      ]);
    } finally {
      watch.stop();
    }
  });
});
