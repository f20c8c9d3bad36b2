import { MAX_DOCUMENT_BYTES } from '../../local/engine';
import { Harness, openHarness, rejectionOf } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness({ indexes: [{ collection: 'users', fields: [{ field: 'openid', direction: 'asc' }], unique: true }] });
});
afterEach(() => h.close());

describe('add and read back', () => {
  it('assigns a 32-hex-character _id when add() is given none', async () => {
    const res = await h.db.collection('wishes').add({ title: 'a' });
    expect(res.id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = await h.db.collection('wishes').doc(res.id as string).get();
    expect(data).toEqual([{ _id: res.id, title: 'a' }]);
  });

  it('keeps a caller-supplied _id and answers a second add with the same _id as a duplicate', async () => {
    await h.db.collection('wishes').add({ _id: 'w1', title: 'a' });
    const err = await rejectionOf(h.db.collection('wishes').add({ _id: 'w1', title: 'b' }));
    expect(err).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    const { data } = await h.db.collection('wishes').doc('w1').get();
    expect(data[0].title).toBe('a');
  });

  it('inserts an array passed to add() all-or-nothing and returns every id', async () => {
    const res = await h.db.collection('items').add([{ n: 1 }, { n: 2 }, { _id: 'fixed', n: 3 }]);
    expect(res.ids).toHaveLength(3);
    expect(res.ids?.[2]).toBe('fixed');
    const err = await rejectionOf(h.db.collection('items').add([{ _id: 'new1', n: 4 }, { _id: 'fixed', n: 5 }]));
    expect(err).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect((await h.db.collection('items').count()).total).toBe(3);
  });

  it('round-trips nested objects, arrays, booleans, null, numbers and Date values', async () => {
    const when = new Date('2024-05-01T08:00:00.000Z');
    const doc = { _id: 'd1', a: { b: [1, 2.5, { c: 'x' }] }, t: true, f: false, z: null, when, big: 2 ** 40, neg: -3 };
    await h.db.collection('misc').add(doc);
    const { data } = await h.db.collection('misc').doc('d1').get();
    expect(data[0]).toEqual(doc);
    expect(data[0].when).toBeInstanceOf(Date);
  });

  it('stores db.serverDate() as the current time and returns it as a Date', async () => {
    const before = Date.now();
    await h.db.collection('misc').add({ _id: 's1', at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }) });
    const { data } = await h.db.collection('misc').doc('s1').get();
    expect(data[0].at).toBeInstanceOf(Date);
    expect(data[0].at.getTime()).toBeGreaterThanOrEqual(before);
    expect(data[0].at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(data[0].later.getTime() - data[0].at.getTime()).toBe(60_000);
  });

  it('answers doc().get() of a missing document with an empty list', async () => {
    await h.db.collection('wishes').add({ _id: 'x' });
    expect((await h.db.collection('wishes').doc('nope').get()).data).toEqual([]);
  });

  it('answers reads of a collection that was never written with no documents', async () => {
    expect((await h.db.collection('never').get()).data).toEqual([]);
    expect((await h.db.collection('never').count()).total).toBe(0);
    expect((await h.db.collection('never').doc('x').get()).data).toEqual([]);
  });

  it('applies field() projection to doc().get()', async () => {
    await h.db.collection('misc').add({ _id: 'p', a: 1, b: 2, c: 3 });
    const { data } = await h.db.collection('misc').doc('p').field({ a: true }).get();
    expect(data).toEqual([{ _id: 'p', a: 1 }]);
  });
});

describe('set and remove', () => {
  it('creates the document with doc().set() when it does not exist and reports the upserted id', async () => {
    const res = await h.db.collection('misc').doc('s').set({ a: 1 });
    expect(res.updated).toBe(0);
    expect(res.upsertedId).toBe('s');
    expect((await h.db.collection('misc').doc('s').get()).data).toEqual([{ _id: 's', a: 1 }]);
  });

  it('replaces the whole document with doc().set(), dropping fields not given', async () => {
    await h.db.collection('misc').add({ _id: 's', a: 1, b: 2 });
    const res = await h.db.collection('misc').doc('s').set({ c: 3 });
    expect(res.updated).toBe(1);
    expect((await h.db.collection('misc').doc('s').get()).data).toEqual([{ _id: 's', c: 3 }]);
  });

  it('removes one document with doc().remove() and reports deleted 0 for a missing one', async () => {
    await h.db.collection('misc').add([{ _id: 'r1' }, { _id: 'r2' }]);
    expect((await h.db.collection('misc').doc('r1').remove()).deleted).toBe(1);
    expect((await h.db.collection('misc').doc('r1').remove()).deleted).toBe(0);
    expect((await h.db.collection('misc').get()).data.map((d: { _id: string }) => d._id)).toEqual(['r2']);
  });

  it('reports updated 0 from doc().update() on a missing document and creates nothing', async () => {
    await h.db.collection('misc').add({ _id: 'a' });
    const res = await h.db.collection('misc').doc('missing').update({ x: 1 });
    expect(res.updated).toBe(0);
    expect((await h.db.collection('misc').doc('missing').get()).data).toEqual([]);
  });
});

describe('limits and constraints', () => {
  it(`rejects a document larger than 512 KB (${MAX_DOCUMENT_BYTES} bytes) and stores nothing`, async () => {
    const big = 'x'.repeat(MAX_DOCUMENT_BYTES + 1);
    const err = await rejectionOf(h.db.collection('misc').add({ _id: 'big', big }));
    expect(err.code).toBe('INVALID_PARAM');
    expect(err.message).toMatch(/512 KB/);
    expect((await h.db.collection('misc').doc('big').get()).data).toEqual([]);
  });

  it('rejects an update that would grow a document past 512 KB and keeps the old version', async () => {
    await h.db.collection('misc').add({ _id: 'g', s: 'small' });
    const err = await rejectionOf(h.db.collection('misc').doc('g').update({ s: 'y'.repeat(MAX_DOCUMENT_BYTES) }));
    expect(err.code).toBe('INVALID_PARAM');
    expect((await h.db.collection('misc').doc('g').get()).data[0].s).toBe('small');
  });

  it('accepts a document just under 512 KB', async () => {
    await h.db.collection('misc').add({ _id: 'ok', s: 'z'.repeat(MAX_DOCUMENT_BYTES - 100) });
    expect((await h.db.collection('misc').doc('ok').get()).data).toHaveLength(1);
  });

  it('rejects a second document with the same value on a unique index with DATABASE_DUPLICATE_WRITE', async () => {
    await h.db.collection('users').add({ _id: 'u1', openid: 'o-1' });
    const err = await rejectionOf(h.db.collection('users').add({ _id: 'u2', openid: 'o-1' }));
    expect(err).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(err.message).toMatch(/duplicate/i);
    const err2 = await rejectionOf(h.db.collection('users').add({ _id: 'u3', openid: 'o-3' }).then(() => h.db.collection('users').doc('u3').update({ openid: 'o-1' })));
    expect(err2).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect((await h.db.collection('users').doc('u3').get()).data[0].openid).toBe('o-3');
    expect((await h.db.collection('users').count()).total).toBe(2);
  });
});

describe('durability', () => {
  it('keeps committed data, indexes and transactions across closing and reopening the file', async () => {
    await h.db.collection('users').add({ _id: 'u1', openid: 'o-1', when: new Date(1000) });
    await h.db.runTransaction(async (tx: { collection(n: string): ReturnType<typeof h.db.collection> }) => {
      await tx.collection('users').doc('u2').set({ openid: 'o-2' });
    });
    h.reopen();
    const { data } = await h.db.collection('users').orderBy('openid', 'asc').get();
    expect(data).toEqual([
      { _id: 'u1', openid: 'o-1', when: new Date(1000) },
      { _id: 'u2', openid: 'o-2' },
    ]);
    const err = await rejectionOf(h.db.collection('users').add({ openid: 'o-2' }));
    expect(err).toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' });
    expect(h.engine.explain('users', { openid: 'o-1' })).toMatch(/USING INDEX/);
  });

  it('runs the database file in WAL journal mode with synchronous NORMAL', () => {
    expect(h.engine.store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 1 = NORMAL
    expect(h.engine.store.db.pragma('synchronous', { simple: true })).toBe(1);
  });
});
