import tcb from '@cloudbase/node-sdk';
import { assertPinnedSdk, PINNED_DATABASE, PINNED_NODE_SDK } from '../../local/engine';
import { Harness, openHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = openHarness({
    indexes: [
      { collection: 'wishes', fields: [{ field: 'villageId', direction: 'asc' }, { field: 'status', direction: 'asc' }, { field: 'createdAt', direction: 'desc' }] },
      { collection: 'wishes', fields: [{ field: 'wisherId', direction: 'asc' }] },
      { collection: 'notifications', fields: [{ field: 'delivery.status', direction: 'asc' }] },
    ],
  });
  await h.db.collection('wishes').add(
    Array.from({ length: 200 }, (_, i) => ({ villageId: `v${i % 4}`, status: i % 2 ? 'open' : 'done', wisherId: `u${i}`, createdAt: `2024-01-${String((i % 28) + 1).padStart(2, '0')}` })),
  );
});
afterEach(() => h.close());

describe('SQLite index use', () => {
  it('answers an equality query on an indexed field from the index, not a scan', () => {
    const plan = h.engine.explain('wishes', { wisherId: 'u1' });
    expect(plan).toMatch(/USING INDEX/);
    expect(plan).not.toMatch(/^SCAN/m);
  });

  it('uses the compound index for equality on its leading fields and for $in', () => {
    expect(h.engine.explain('wishes', { villageId: 'v1', status: 'open' })).toMatch(/USING INDEX/);
    expect(h.engine.explain('wishes', { villageId: { $in: ['v1', 'v2'] } })).toMatch(/USING INDEX/);
  });

  it('uses the index for a dot-path field and for _id lookups', () => {
    expect(h.engine.explain('notifications', { 'delivery.status': 'pending' })).toMatch(/USING INDEX/);
    expect(h.engine.explain('wishes', { _id: { $in: ['a', 'b'] } })).toMatch(/USING PRIMARY KEY|USING INDEX/);
  });

  it('scans for a query on a field that has no index', () => {
    expect(h.engine.explain('wishes', { title: 'x' })).toMatch(/SCAN/);
  });

  it('serves a field through its multikey side table once a document holds an array there, and stays correct', async () => {
    await h.db.collection('wishes').add({ _id: 'multi', wisherId: ['u1', 'u2'] });
    const plan = h.engine.explain('wishes', { wisherId: 'u1' });
    expect(plan).toMatch(/USING COVERING INDEX mkv:wishes:wisherId \(value=\?\)/);
    expect(plan).not.toMatch(/SCAN/);
    const { data } = await h.db.collection('wishes').where({ wisherId: 'u1' }).get();
    expect(data.map((d: { _id: string }) => d._id).sort()).toHaveLength(2);
  });

  it('returns the same page for an indexed keyset query as the full ordering would', async () => {
    const _ = h.db.command;
    const page = await h.db
      .collection('wishes')
      .where(_.and([{ villageId: 'v1', status: 'open' }, _.or([{ createdAt: _.lt('2024-01-20') }])]))
      .orderBy('createdAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(5)
      .get();
    expect(page.data).toHaveLength(5);
    for (const d of page.data) {
      expect(d).toMatchObject({ villageId: 'v1', status: 'open' });
      expect(d.createdAt < '2024-01-20').toBe(true);
    }
    const dates = page.data.map((d: { createdAt: string }) => d.createdAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });
});

describe('SDK hook', () => {
  it('passes assertPinnedSdk on the installed, pinned SDK versions', () => {
    expect(PINNED_NODE_SDK).toBe('3.18.3');
    expect(PINNED_DATABASE).toBe('1.4.3');
    expect(() => assertPinnedSdk()).not.toThrow();
  });

  it('keeps serving from the local engine after another app.database() call resets Db.reqClass', async () => {
    const again = tcb.init({ env: 'other' }).database();
    const { data } = await again.collection('wishes').where({ wisherId: 'u7' }).get();
    expect(data).toHaveLength(1);
  });

  it('surfaces engine errors as thrown SDK errors carrying code and message', async () => {
    await h.db.collection('x').add({ _id: 'dup' });
    await expect(h.db.collection('x').add({ _id: 'dup' })).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
      message: expect.stringMatching(/duplicate/),
    });
  });
});
