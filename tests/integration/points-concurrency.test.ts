import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { dispatchNow } from '../support/dispatch';
import { ok, type TestRuntime, type CallResult } from '../support/runtime';
import { startEvaluationGroup, type EvaluationGroup, MONTH, V, CODES } from '../support/evaluation-group';

let group: EvaluationGroup;
let t: TestRuntime;
let cadres: string[] = [];
let households: string[] = [];

beforeAll(async () => {
  group = await startEvaluationGroup();
  ({ t, cadres, households } = group);
});
afterAll(() => group.close());

/** What the batch page does on CONFLICT: send the same batch again. */
async function untilDone(send: () => Promise<CallResult>): Promise<CallResult> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const res = await send();
    if (res.body.ok || res.body.error.code !== 'CONFLICT') return res;
  }
  throw new Error('still conflicting after 30 attempts');
}

describe('points under concurrency', () => {
  it('loses nothing when 10 cadres enter scores at once, even for the same households', async () => {
    // Round 1: each cadre rates a different share of households on every indicator.
    const round1 = await Promise.all(
      cadres.map((token, c) =>
        t.call(
          'points',
          'enter',
          { villageId: V, month: MONTH, rows: households.filter((_, i) => i % 10 === c).map((householdId) => ({ householdId, scores: CODES.slice(0, 5).map((code) => ({ code, score: 10 })) })) },
          token,
        ),
      ),
    );
    for (const r of round1) expect(r.body.ok).toBe(true);
    // Round 2: every cadre rates one indicator of every household, so all batches touch the same documents.
    const round2 = await Promise.all(
      cadres.slice(0, 5).map((token, c) =>
        untilDone(() =>
          t.call('points', 'enter', { villageId: V, month: MONTH, rows: households.map((householdId) => ({ householdId, scores: [{ code: CODES[5 + c]!, score: 9, reason: `评议员${c}核实扣分` }] })) }, token),
        ),
      ),
    );
    for (const r of round2) expect(r.body.ok).toBe(true);

    const sheet = ok(await t.call('points', 'sheet', { villageId: V, month: MONTH }, cadres[0]));
    for (const row of sheet.rows) {
      expect(Object.keys(row.scores).sort()).toEqual([...CODES].sort());
      expect(row.total).toBe(95);
      expect(row.complete).toBe(true);
    }
    expect(await t.count('auditLog', { action: 'points.enter' })).toBe(15);
  });

  it('finalises a month once when two cadres finalise it at the same moment', async () => {
    ok(await t.call('points', 'publish', { villageId: V, month: MONTH }, cadres[0]));
    clock.advance(8 * DAY_MS);
    const [a, b] = await Promise.all([
      t.call('points', 'finalise', { villageId: V, month: MONTH }, cadres[0]),
      t.call('points', 'finalise', { villageId: V, month: MONTH }, cadres[1]),
    ]);
    const outcomes = [a, b].map((r) => (r.body.ok ? 'ok' : r.body.error.code)).sort();
    expect(outcomes).toEqual(['CONFLICT', 'ok']);
    expect(await t.count('pointsLedger', { villageId: V, month: MONTH })).toBe(households.length);
    // The final flip carries its audit entry; the dispatch timer writes it out.
    await dispatchNow();
    expect(await t.count('auditLog', { action: 'points.finalise' })).toBe(1);
    expect(await t.count('pointsBoards', { villageId: V, month: MONTH })).toBe(1);
    const again = await t.call('points', 'finalise', { villageId: V, month: MONTH }, cadres[2]);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses entries from every cadre once the month is final', async () => {
    const late = await Promise.all(
      cadres.slice(0, 3).map((token) => t.call('points', 'enter', { villageId: V, month: MONTH, rows: [{ householdId: households[0], scores: [{ code: 'safety', score: 10 }] }] }, token)),
    );
    for (const r of late) expect(r.body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const detail = ok(await t.call('points', 'detail', { householdId: households[0], month: MONTH }, cadres[0]));
    expect(detail.points).toBe(95);
  });
});
