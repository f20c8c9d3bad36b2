/**
 * Exact-plan query pages are cached per collection write version: a read never returns a page
 * older than the last committed write to its collection.
 */
import { openHarness, type Harness } from './harness';

let h: Harness;
beforeEach(() => {
  h = openHarness({ indexes: [{ collection: 'wishes', fields: [{ field: 'villageId' }, { field: 'status' }, { field: 'createdAt', direction: 'desc' }] }] });
});
afterEach(() => h.close());

const openIds = async () =>
  (await h.db.collection('wishes').where({ villageId: 'v1', status: 'open' }).orderBy('createdAt', 'desc').limit(10).get()).data.map(
    (d: { _id: string }) => d._id,
  );

describe('query page cache', () => {
  it('serves a repeated list read from cache and sees every kind of write at once', async () => {
    await h.db.collection('wishes').add({ _id: 'a', villageId: 'v1', status: 'open', createdAt: '2026-01-01' });
    expect(await openIds()).toEqual(['a']);
    expect(h.engine.store.pageCache.size).toBe(1);
    expect(await openIds()).toEqual(['a']);

    await h.db.collection('wishes').add({ _id: 'b', villageId: 'v1', status: 'open', createdAt: '2026-01-02' });
    expect(await openIds()).toEqual(['b', 'a']);
    await h.db.collection('wishes').doc('a').update({ status: 'claimed' });
    expect(await openIds()).toEqual(['b']);
    await h.db.collection('wishes').where({ _id: 'b' }).update({ status: 'claimed' });
    expect(await openIds()).toEqual([]);
    await h.db.collection('wishes').doc('a').set({ villageId: 'v1', status: 'open', createdAt: '2026-01-03' });
    expect(await openIds()).toEqual(['a']);
    await h.db.collection('wishes').doc('a').remove();
    expect(await openIds()).toEqual([]);
    await h.db.runTransaction(async (tx: { collection: Harness['db']['collection'] }) => {
      await tx.collection('wishes').add({ _id: 'c', villageId: 'v1', status: 'open', createdAt: '2026-01-04' });
    });
    expect(await openIds()).toEqual(['c']);
  });

  it('keeps a page cached while only other collections are written', async () => {
    await h.db.collection('wishes').add({ _id: 'a', villageId: 'v1', status: 'open', createdAt: '2026-01-01' });
    await openIds();
    const version = h.engine.store.versionOf('wishes');
    await h.db.collection('notifications').add({ recipientId: 'x' });
    expect(h.engine.store.versionOf('wishes')).toBe(version);
    expect(await openIds()).toEqual(['a']);
  });
});
