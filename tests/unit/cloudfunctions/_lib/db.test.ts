import { decodeCursor, encodeCursor } from '../../../../cloudfunctions/_lib/db';

describe('keyset cursor', () => {
  it('round-trips the time and id it was made from', () => {
    const c = encodeCursor('2026-11-27T09:00:00.000Z', 'w-seed-01');
    expect(decodeCursor(c)).toEqual({ createdAt: '2026-11-27T09:00:00.000Z', id: 'w-seed-01' });
  });

  it('rejects a cursor that was not made by encodeCursor', () => {
    expect(decodeCursor('bm90LWEtY3Vyc29y')).toBeNull();
  });
});
