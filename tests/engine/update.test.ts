import { Harness, openHarness, rejectionOf } from './harness';

let h: Harness;
beforeEach(async () => {
  h = openHarness();
  await h.db.collection('docs').add({
    _id: 'd',
    n: 5,
    price: 3,
    list: [1, 2, 3],
    set: ['x'],
    low: 10,
    high: 10,
    old: 'name',
    gone: 1,
    nested: { a: 1, keep: true },
    objs: [{ k: 1 }, { k: 2 }],
  });
});
afterEach(() => h.close());

async function doc(): Promise<Record<string, unknown>> {
  return (await h.db.collection('docs').doc('d').get()).data[0];
}

describe('update operators through doc().update()', () => {
  it('merges plain fields (including nested objects) instead of replacing the document', async () => {
    const res = await h.db.collection('docs').doc('d').update({ added: 'y', nested: { b: 2 } });
    expect(res.updated).toBe(1);
    const d = await doc();
    expect(d.added).toBe('y');
    expect(d.nested).toEqual({ a: 1, keep: true, b: 2 });
    expect(d.n).toBe(5);
  });

  it('replaces a sub-object with _.set()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ nested: _.set({ only: 1 }) });
    expect((await doc()).nested).toEqual({ only: 1 });
  });

  it('increments and multiplies with _.inc() and _.mul(), creating a missing counter at the increment', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ n: _.inc(2), price: _.mul(4), fresh: _.inc(1) });
    const d = await doc();
    expect([d.n, d.price, d.fresh]).toEqual([7, 12, 1]);
  });

  it('removes a field with _.remove()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ gone: _.remove() });
    expect(await doc()).not.toHaveProperty('gone');
  });

  it('keeps the smaller or larger value with _.min() and _.max()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ low: _.min(3), high: _.max(2) });
    const d = await doc();
    expect([d.low, d.high]).toEqual([3, 10]);
  });

  it('renames a field with _.rename()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ old: _.rename('renamed') });
    const d = await doc();
    expect(d).not.toHaveProperty('old');
    expect(d.renamed).toBe('name');
  });

  it('appends with _.push() (single value, array, and with position/slice)', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ list: _.push(4) });
    expect((await doc()).list).toEqual([1, 2, 3, 4]);
    await h.db.collection('docs').doc('d').update({ list: _.push([5, 6]) });
    expect((await doc()).list).toEqual([1, 2, 3, 4, 5, 6]);
    await h.db.collection('docs').doc('d').update({ list: _.push({ each: [0], position: 0, slice: 3 }) });
    expect((await doc()).list).toEqual([0, 1, 2]);
  });

  it('adds only new members with _.addToSet()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ set: _.addToSet('x') });
    expect((await doc()).set).toEqual(['x']);
    await h.db.collection('docs').doc('d').update({ set: _.addToSet('y') });
    expect((await doc()).set).toEqual(['x', 'y']);
  });

  it('removes members with _.pull() (value and condition) and _.pullAll()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ list: _.pull(2), objs: _.pull({ k: _.gt(1) }) });
    let d = await doc();
    expect(d.list).toEqual([1, 3]);
    expect(d.objs).toEqual([{ k: 1 }]);
    await h.db.collection('docs').doc('d').update({ list: _.pullAll([1, 3]) });
    d = await doc();
    expect(d.list).toEqual([]);
  });

  it('removes from the ends with _.pop() and _.shift(), and prepends with _.unshift()', async () => {
    const _ = h.db.command;
    await h.db.collection('docs').doc('d').update({ list: _.pop() });
    expect((await doc()).list).toEqual([1, 2]);
    await h.db.collection('docs').doc('d').update({ list: _.shift() });
    expect((await doc()).list).toEqual([2]);
    await h.db.collection('docs').doc('d').update({ list: _.unshift([0, 1]) });
    expect((await doc()).list).toEqual([0, 1, 2]);
  });

  it('updates nested fields and array elements by dot path', async () => {
    await h.db.collection('docs').doc('d').update({ 'nested.a': 9, 'objs.1.k': 20 });
    const d = await doc();
    expect(d.nested).toEqual({ a: 9, keep: true });
    expect(d.objs).toEqual([{ k: 1 }, { k: 20 }]);
  });

  it('stores db.serverDate() in an update as a Date', async () => {
    await h.db.collection('docs').doc('d').update({ at: h.db.serverDate() });
    expect((await doc()).at).toBeInstanceOf(Date);
  });

  it('reports updated 1 when the update changes nothing, as the cloud counts the matched document', async () => {
    const res = await h.db.collection('docs').doc('d').update({ n: 5 });
    expect(res.updated).toBe(1);
  });

  it('refuses to change _id', async () => {
    const err = await rejectionOf(h.db.collection('docs').doc('d').update({ _id: 'other' }));
    expect(err.code).toBe('INVALID_PARAM');
  });
});

describe('where().update() and where().remove()', () => {
  beforeEach(async () => {
    await h.db.collection('tasks').add(
      Array.from({ length: 10 }, (_, i) => ({ _id: `t${i}`, status: i < 6 ? 'open' : 'done', n: i })),
    );
  });

  it('updates every matching document and reports the exact count', async () => {
    const res = await h.db.collection('tasks').where({ status: 'open' }).update({ status: 'archived' });
    expect(res.updated).toBe(6);
    expect((await h.db.collection('tasks').where({ status: 'archived' }).count()).total).toBe(6);
  });

  it('reports updated 0 when nothing matches', async () => {
    const res = await h.db.collection('tasks').where({ status: 'nope' }).update({ status: 'x' });
    expect(res.updated).toBe(0);
  });

  it('makes a conditional update a compare-and-set: the second claim of the same document updates 0', async () => {
    const first = await h.db.collection('tasks').where({ _id: 't1', status: 'open' }).update({ status: 'claimed' });
    const second = await h.db.collection('tasks').where({ _id: 't1', status: 'open' }).update({ status: 'claimed' });
    expect([first.updated, second.updated]).toEqual([1, 0]);
  });

  it('lets exactly one of 50 concurrent conditional claims succeed', async () => {
    const claims = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.db.collection('tasks').where({ _id: 't2', status: 'open' }).update({ status: 'claimed', by: `u${i}` }),
      ),
    );
    const winners = claims.filter((c) => c.updated === 1);
    expect(winners).toHaveLength(1);
    expect(claims.filter((c) => c.updated === 0)).toHaveLength(49);
    const { data } = await h.db.collection('tasks').doc('t2').get();
    expect(data[0].status).toBe('claimed');
  });

  it('applies update operators to every match', async () => {
    const _ = h.db.command;
    const res = await h.db.collection('tasks').where({ n: _.gte(8) }).update({ n: _.inc(100) });
    expect(res.updated).toBe(2);
    const { data } = await h.db.collection('tasks').where({ n: _.gte(100) }).orderBy('n', 'asc').get();
    expect(data.map((d: { n: number }) => d.n)).toEqual([108, 109]);
  });

  it('removes every matching document and reports the exact count', async () => {
    const res = await h.db.collection('tasks').where({ status: 'done' }).remove();
    expect(res.deleted).toBe(4);
    expect((await h.db.collection('tasks').count()).total).toBe(6);
    expect((await h.db.collection('tasks').where({ status: 'done' }).remove()).deleted).toBe(0);
  });
});
