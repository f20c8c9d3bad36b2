import type { Db } from '@cloudbase/database';
import { ContentionError, runTransaction, withDeadline } from '../../cloudfunctions/_lib/transaction';
import { findById, type Tx } from '../../cloudfunctions/_lib/db';
import { AppError } from '../../cloudfunctions/_lib/errors';
import { Harness, openHarness } from './harness';

let h: Harness;
let db: Db;
beforeEach(async () => {
  h = openHarness();
  db = h.db as unknown as Db;
  await h.db.collection('counters').add({ _id: 'c', value: 0 });
});
afterEach(() => h.close());

const value = async () => ((await h.db.collection('counters').doc('c').get()).data[0] as { value: number }).value;

describe('runTransaction (the shared helper)', () => {
  it('completes 25 simultaneous read-modify-write transactions on one document, none lost', async () => {
    await Promise.all(
      Array.from({ length: 25 }, () =>
        runTransaction(db, async (tx: Tx) => {
          const cur = (await findById<{ value: number }>(tx, 'counters', 'c'))!;
          await tx.collection('counters').doc('c').update({ value: cur.value + 1 });
        }),
      ),
    );
    expect(await value()).toBe(25);
  });

  it('does not retry a refusal: the work runs once and nothing is written', async () => {
    let runs = 0;
    const refused = runTransaction(db, async (tx: Tx) => {
      runs++;
      await tx.collection('counters').doc('c').update({ value: 99 });
      throw new AppError('CONFLICT', '已约满');
    });
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', message: '已约满' });
    expect(runs).toBe(1);
    expect(await value()).toBe(0);
  });

  it('gives up with ContentionError, not CONFLICT, when others keep winning past the deadline', async () => {
    let runs = 0;
    const started = Date.now();
    const err = await runTransaction(withDeadline(db, Date.now() + 300), async () => {
      runs++;
      throw Object.assign(new Error('conflict'), { code: 'DATABASE_TRANSACTION_CONFLICT' });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ContentionError);
    expect(runs).toBeGreaterThan(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
