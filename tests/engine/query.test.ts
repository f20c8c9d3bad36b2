import { Harness, openHarness } from './harness';

let h: Harness;
const people = [
  { _id: 'p1', name: 'Ann', age: 30, city: 'Qianyang', tags: ['a', 'b'], addr: { zip: '721100', floor: 3 }, vip: true, score: 10 },
  { _id: 'p2', name: 'Bob', age: 25, city: 'Baoji', tags: ['b'], addr: { zip: '721000', floor: 1 }, vip: false, score: 20 },
  { _id: 'p3', name: 'Cai', age: 35, city: 'Qianyang', tags: [], addr: { zip: '721100', floor: 7 }, score: 20 },
  { _id: 'p4', name: 'Dan', age: 25, city: 'Xian', tags: ['c'], vip: true, nick: null, score: 5 },
  { _id: 'p5', name: 'eve', age: 41, city: 'Qianyang', tags: ['a'], addr: { zip: '710000', floor: 2 }, score: 15 },
];

beforeEach(async () => {
  h = openHarness({
    indexes: [
      { collection: 'people', fields: [{ field: 'city', direction: 'asc' }] },
      { collection: 'people', fields: [{ field: 'age', direction: 'asc' }] },
    ],
  });
  await h.db.collection('people').add(people);
});
afterEach(() => h.close());

async function ids(where: object): Promise<string[]> {
  const { data } = await h.db.collection('people').where(where).get();
  return (data as { _id: string }[]).map((d) => d._id).sort();
}

describe('query operators through where()', () => {
  it('matches plain equality, including several fields at once', async () => {
    expect(await ids({ city: 'Qianyang' })).toEqual(['p1', 'p3', 'p5']);
    expect(await ids({ city: 'Qianyang', age: 30 })).toEqual(['p1']);
    expect(await ids({ vip: true })).toEqual(['p1', 'p4']);
  });

  it('matches eq and neq (neq includes documents without the field)', async () => {
    const _ = h.db.command;
    expect(await ids({ age: _.eq(25) })).toEqual(['p2', 'p4']);
    expect(await ids({ vip: _.neq(true) })).toEqual(['p2', 'p3', 'p5']);
  });

  it('matches gt, gte, lt, lte and a combined range', async () => {
    const _ = h.db.command;
    expect(await ids({ age: _.gt(30) })).toEqual(['p3', 'p5']);
    expect(await ids({ age: _.gte(30) })).toEqual(['p1', 'p3', 'p5']);
    expect(await ids({ age: _.lt(30) })).toEqual(['p2', 'p4']);
    expect(await ids({ age: _.lte(30) })).toEqual(['p1', 'p2', 'p4']);
    expect(await ids({ age: _.gt(25).and(_.lt(41)) })).toEqual(['p1', 'p3']);
  });

  it('matches in and nin', async () => {
    const _ = h.db.command;
    expect(await ids({ city: _.in(['Baoji', 'Xian']) })).toEqual(['p2', 'p4']);
    expect(await ids({ city: _.nin(['Baoji', 'Xian']) })).toEqual(['p1', 'p3', 'p5']);
    expect(await ids({ _id: _.in(['p1', 'p5', 'zzz']) })).toEqual(['p1', 'p5']);
  });

  it('matches exists true and false, treating an explicit null as existing', async () => {
    const _ = h.db.command;
    expect(await ids({ vip: _.exists(false) })).toEqual(['p3', 'p5']);
    expect(await ids({ nick: _.exists(true) })).toEqual(['p4']);
  });

  it('combines conditions with and, or, nor and not', async () => {
    const _ = h.db.command;
    expect(await ids(_.and([{ city: 'Qianyang' }, { age: _.gt(31) }]))).toEqual(['p3', 'p5']);
    expect(await ids(_.or([{ city: 'Xian' }, { age: _.gt(40) }]))).toEqual(['p4', 'p5']);
    expect(await ids({ age: _.or(_.lt(26), _.gt(40)) })).toEqual(['p2', 'p4', 'p5']);
    expect(await ids(_.nor([{ city: 'Qianyang' }, { age: 25 }]))).toEqual([]);
    expect(await ids({ age: _.not(_.gt(30)) })).toEqual(['p1', 'p2', 'p4']);
  });

  it('matches nested fields by dot path and by nested object', async () => {
    const _ = h.db.command;
    expect(await ids({ 'addr.zip': '721100' })).toEqual(['p1', 'p3']);
    expect(await ids({ addr: { floor: _.gt(2) } })).toEqual(['p1', 'p3']);
  });

  it('matches array fields by element, with all, size and elemMatch', async () => {
    const _ = h.db.command;
    expect(await ids({ tags: 'a' })).toEqual(['p1', 'p5']);
    expect(await ids({ tags: _.all(['a', 'b']) })).toEqual(['p1']);
    expect(await ids({ tags: _.size(0) })).toEqual(['p3']);
    expect(await ids({ tags: _.elemMatch(_.eq('c')) })).toEqual(['p4']);
    expect(await ids({ 'tags.0': 'b' })).toEqual(['p2']);
  });

  it('matches regular expressions given as a JS RegExp and as db.RegExp', async () => {
    expect(await ids({ name: /^[a-c]/i })).toEqual(['p1', 'p2', 'p3']);
    expect(await ids({ name: h.db.RegExp({ regexp: '^E', options: 'i' }) })).toEqual(['p5']);
    expect(await ids({ name: /^E/ })).toEqual([]);
  });

  it('matches Date ranges', async () => {
    const _ = h.db.command;
    await h.db.collection('events').add([
      { _id: 'e1', at: new Date('2024-01-01T00:00:00Z') },
      { _id: 'e2', at: new Date('2024-06-01T00:00:00Z') },
    ]);
    const { data } = await h.db.collection('events').where({ at: _.gt(new Date('2024-03-01T00:00:00Z')) }).get();
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['e2']);
  });

  it('gives the same answers whether or not the field is indexed', async () => {
    const _ = h.db.command;
    const fresh = openHarness();
    try {
      await fresh.db.collection('people').add(people);
      const where = { city: _.in(['Qianyang', 'Xian']), age: _.gte(30).and(_.lte(41)), vip: _.neq(false) };
      const a = (await h.db.collection('people').where(where).get()).data.map((d: { _id: string }) => d._id).sort();
      const b = (await fresh.db.collection('people').where(where).get()).data.map((d: { _id: string }) => d._id).sort();
      expect(a).toEqual(['p1', 'p3', 'p5']);
      expect(b).toEqual(a);
    } finally {
      fresh.close();
    }
  });

  it('still finds array elements on an indexed field once a document stores an array there', async () => {
    await h.db.collection('people').add({ _id: 'p6', city: ['Qianyang', 'Baoji'], age: [50, 60] });
    expect(await ids({ city: 'Baoji' })).toEqual(['p2', 'p6']);
    expect(await ids({ age: 60 })).toEqual(['p6']);
  });
});

describe('ordering, paging and projection', () => {
  it('orders by several fields in the given priority', async () => {
    const { data } = await h.db.collection('people').orderBy('score', 'desc').orderBy('age', 'asc').get();
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['p2', 'p3', 'p5', 'p1', 'p4']);
  });

  it('applies skip and limit after ordering', async () => {
    const { data } = await h.db.collection('people').orderBy('age', 'asc').orderBy('_id', 'asc').skip(1).limit(2).get();
    expect(data.map((d: { _id: string }) => d._id)).toEqual(['p4', 'p1']);
  });

  it('projects fields with field(), including exclusion and nested paths', async () => {
    const inc = await h.db.collection('people').where({ _id: 'p1' }).field({ name: true, 'addr.zip': true }).get();
    expect(inc.data).toEqual([{ _id: 'p1', name: 'Ann', addr: { zip: '721100' } }]);
    const exc = await h.db.collection('people').where({ _id: 'p2' }).field({ tags: false, addr: false, _id: false }).get();
    expect(exc.data).toEqual([{ name: 'Bob', age: 25, city: 'Baoji', vip: false, score: 20 }]);
  });

  it('counts matching documents with count()', async () => {
    const _ = h.db.command;
    expect((await h.db.collection('people').where({ age: _.gte(30) }).count()).total).toBe(3);
    expect((await h.db.collection('people').count()).total).toBe(5);
  });
});

describe('CloudBase result size limits', () => {
  beforeEach(async () => {
    const docs = Array.from({ length: 1200 }, (_, i) => ({ _id: `b${String(i).padStart(4, '0')}`, i }));
    for (let k = 0; k < docs.length; k += 400) await h.db.collection('bulk').add(docs.slice(k, k + 400));
  });

  it('returns 100 documents from get() when no limit is given', async () => {
    expect((await h.db.collection('bulk').get()).data).toHaveLength(100);
  });

  it('caps get() at 1000 documents even when limit is larger', async () => {
    expect((await h.db.collection('bulk').limit(5000).get()).data).toHaveLength(1000);
  });

  it('caps at 1000 even when the request bypasses the SDK and asks the engine for more', () => {
    const res = h.engine.handle('database.getDocument', { collectionName: 'bulk', queryType: 'WHERE', limit: 5000 }) as {
      data: { list: string[] };
    };
    expect(res.data.list).toHaveLength(1000);
  });

  it('pages through everything with skip() and limit(1000)', async () => {
    const first = await h.db.collection('bulk').orderBy('i', 'asc').limit(1000).get();
    const rest = await h.db.collection('bulk').orderBy('i', 'asc').skip(1000).limit(1000).get();
    expect(first.data).toHaveLength(1000);
    expect(rest.data).toHaveLength(200);
    expect(rest.data[0].i).toBe(1000);
  });
});
