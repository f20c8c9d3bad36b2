import { ENGINE_ERRORS } from '../../local/engine';
import { Harness, openHarness, rejectionOf, SdkDb } from './harness';

// The SDK types runTransaction's callback argument as any; this is the part of it the tests use.
type Tx = { collection: SdkDb['collection']; rollback(reason?: unknown): Promise<unknown> };

let h: Harness;
let clock = Date.now();
beforeEach(async () => {
  clock = Date.now();
  h = openHarness({
    now: () => clock,
    indexes: [{ collection: 'users', fields: [{ field: 'openid', direction: 'asc' }], unique: true }],
  });
  await h.db.collection('counters').add({ _id: 'c', value: 0 });
  await h.db.collection('wishes').add({ _id: 'w', status: 'open' });
});
afterEach(() => h.close());

async function get(coll: string, id: string): Promise<Record<string, unknown> | undefined> {
  return (await h.db.collection(coll).doc(id).get()).data[0];
}

describe('runTransaction', () => {
  it('commits doc() updates, set(), remove() and add() together', async () => {
    const _ = h.db.command;
    const result = await h.db.runTransaction(async (tx: Tx) => {
      await tx.collection('wishes').doc('w').update({ status: 'claimed', timeline: _.push([{ at: 1 }]) });
      await tx.collection('counters').doc('c').update({ value: _.inc(1) });
      await tx.collection('notifications').add({ _id: 'n1', text: 'claimed' });
      await tx.collection('misc').doc('m').set({ a: 1 });
      await tx.collection('counters').doc('gone').remove();
      return 'done';
    });
    expect(result).toBe('done');
    expect(await get('wishes', 'w')).toEqual({ _id: 'w', status: 'claimed', timeline: [{ at: 1 }] });
    expect((await get('counters', 'c'))?.value).toBe(1);
    expect(await get('notifications', 'n1')).toEqual({ _id: 'n1', text: 'claimed' });
    expect(await get('misc', 'm')).toEqual({ _id: 'm', a: 1 });
    expect(h.engine.openTransactions()).toBe(0);
  });

  it('writes nothing when the callback throws, and rethrows the error', async () => {
    const err = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('wishes').doc('w').update({ status: 'claimed' });
        await tx.collection('notifications').add({ _id: 'n1' });
        throw new Error('business rule failed');
      }),
    );
    expect(err.message).toBe('business rule failed');
    expect((await get('wishes', 'w'))?.status).toBe('open');
    expect(await get('notifications', 'n1')).toBeUndefined();
    expect(h.engine.openTransactions()).toBe(0);
  });

  it('writes nothing and throws the given reason after tx.rollback()', async () => {
    const err = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('wishes').doc('w').update({ status: 'claimed' });
        await tx.rollback({ code: 'CUSTOM', message: 'no' });
      }),
    );
    expect(err).toEqual({ code: 'CUSTOM', message: 'no' });
    expect((await get('wishes', 'w'))?.status).toBe('open');
  });

  it('lets a transaction read its own buffered writes while others still see the committed version', async () => {
    const _ = h.db.command;
    await h.db.runTransaction(async (tx: Tx) => {
      await tx.collection('counters').doc('c').update({ value: _.inc(5) });
      const own = await tx.collection('counters').doc('c').get();
      expect((own.data as { value: number }).value).toBe(5);
      await tx.collection('notifications').add({ _id: 'n1', v: 1 });
      expect((await tx.collection('notifications').doc('n1').get()).data).toEqual({ _id: 'n1', v: 1 });
      await tx.collection('notifications').doc('n1').remove();
      expect((await tx.collection('notifications').doc('n1').get()).data).toBeNull();
      expect((await get('counters', 'c'))?.value).toBe(0);
    });
    expect((await get('counters', 'c'))?.value).toBe(5);
    expect(await get('notifications', 'n1')).toBeUndefined();
  });

  it('rejects where().update() inside a transaction and writes nothing', async () => {
    const err = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('counters').doc('c').update({ value: 1 });
        await tx.collection('wishes').where({ status: 'open' }).update({ status: 'closed' });
      }),
    );
    expect(err.code).toBe('INVALID_PARAM');
    expect(err.message).toMatch(/not transactional/);
    expect((await get('wishes', 'w'))?.status).toBe('open');
    expect((await get('counters', 'c'))?.value).toBe(0);
  });

  it('rejects where().remove() and count() inside a transaction', async () => {
    for (const op of [
      (tx: Tx) => tx.collection('wishes').where({ status: 'open' }).remove(),
      (tx: Tx) => tx.collection('wishes').where({ status: 'open' }).count(),
    ]) {
      const err = await rejectionOf(h.db.runTransaction(async (tx: Tx) => op(tx)));
      expect(err.message).toMatch(/not transactional/);
    }
    expect(await get('wishes', 'w')).toEqual({ _id: 'w', status: 'open' });
  });

  it('rejects add() of an existing _id inside a transaction as a duplicate', async () => {
    const err = await rejectionOf(h.db.runTransaction(async (tx: Tx) => tx.collection('wishes').add({ _id: 'w' })));
    expect(err.code).toBe('DATABASE_DUPLICATE_WRITE');
  });

  it('fails the commit on a unique-index violation and writes none of the transaction', async () => {
    await h.db.collection('users').add({ _id: 'u1', openid: 'o1' });
    const err = await rejectionOf(
      h.db.runTransaction(async (tx: Tx) => {
        await tx.collection('counters').doc('c').update({ value: 9 });
        await tx.collection('users').add({ _id: 'u2', openid: 'o1' });
      }),
    );
    expect(err.code).toBe('DATABASE_DUPLICATE_WRITE');
    expect((await get('counters', 'c'))?.value).toBe(0);
    expect(await get('users', 'u2')).toBeUndefined();
  });
});

describe('optimistic concurrency', () => {
  it('fails a transaction whose read document was changed by a non-transactional write, and retries it', async () => {
    let attempts = 0;
    await h.db.runTransaction(async (tx: Tx) => {
      attempts += 1;
      const { data } = await tx.collection('counters').doc('c').get();
      if (attempts === 1) await h.db.collection('counters').doc('c').update({ value: 100 });
      await tx.collection('counters').doc('c').update({ value: (data as { value: number }).value + 1 });
    });
    expect(attempts).toBe(2);
    expect((await get('counters', 'c'))?.value).toBe(101);
  });

  it('fails the second of two open transactions that write the same document with DATABASE_TRANSACTION_CONFLICT', async () => {
    const a = await h.db.startTransaction();
    const b = await h.db.startTransaction();
    await a.collection('wishes').doc('w').update({ status: 'a' });
    const err = await rejectionOf(b.collection('wishes').doc('w').update({ status: 'b' }));
    expect(err.code).toBe(ENGINE_ERRORS.CONFLICT);
    await a.commit();
    expect((await get('wishes', 'w'))?.status).toBe('a');
  });

  it('fails at commit a transaction that read a document another transaction committed meanwhile', async () => {
    const a = await h.db.startTransaction();
    const b = await h.db.startTransaction();
    await a.collection('counters').doc('c').get();
    await b.collection('counters').doc('c').update({ value: 7 });
    await b.commit();
    await a.collection('wishes').doc('w').update({ status: 'from-a' });
    const err = await rejectionOf(a.commit());
    expect(err.code).toBe(ENGINE_ERRORS.CONFLICT);
    expect((await get('wishes', 'w'))?.status).toBe('open');
  });

  it('expires an abandoned transaction after the timeout and releases its documents', async () => {
    const a = await h.db.startTransaction();
    await a.collection('wishes').doc('w').update({ status: 'a' });
    clock += 10_001;
    expect(h.engine.openTransactions()).toBe(0);
    const err = await rejectionOf(a.commit());
    expect(err.code).toBe('DATABASE_TRANSACTION_FAIL');
    expect(h.engine.endOf((a as unknown as { _id: string })._id)).toMatch(/expired/);
    const b = await h.db.startTransaction();
    await b.collection('wishes').doc('w').update({ status: 'b' });
    await b.commit();
    expect((await get('wishes', 'w'))?.status).toBe('b');
  });

  it('keeps the counter equal to the added documents and the successful calls across 50 concurrent transactions', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        h.db.runTransaction(async (tx: Tx) => {
          const { data } = await tx.collection('counters').doc('c').get();
          const value = (data as { value: number }).value;
          await tx.collection('counters').doc('c').update({ value: value + 1 });
          await tx.collection('entries').add({ caller: i, seen: value });
          return i;
        }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    for (const f of failed) expect((f.reason as { code?: string }).code).toBe(ENGINE_ERRORS.CONFLICT);
    const counter = (await get('counters', 'c'))?.value;
    const added = (await h.db.collection('entries').count()).total;
    expect(ok.length).toBeGreaterThan(0);
    expect(counter).toBe(ok.length);
    expect(added).toBe(ok.length);
    // Every committed transaction saw a distinct counter value: no lost update.
    const seen = (await h.db.collection('entries').limit(1000).get()).data.map((d: { seen: number }) => d.seen).sort((x: number, y: number) => x - y);
    expect(seen).toEqual(Array.from({ length: ok.length }, (_, i) => i));
    expect(h.engine.openTransactions()).toBe(0);
  });
});
