import { candidates, dueBody, emptyRotation, normaliseRotation, passTurn, takeChair, upcoming, type Rotation } from '../../../../shared/domain/council-rotation';

const ORDER = ['party', 'reps', 'unit', 'merchants'];

function apply(r: Rotation, op: ['pass' | 'chair', string]): Rotation {
  const next = op[0] === 'pass' ? passTurn(ORDER, r, op[1]) : takeChair(ORDER, r, op[1]);
  if (typeof next === 'string') throw new Error(`${op.join(' ')}: ${next}`);
  return next;
}

describe('the rotation (轮席)', () => {
  it('gives the chair to each body in the order, round and round', () => {
    let r = emptyRotation(ORDER);
    const chairs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const due = dueBody(ORDER, r)!;
      chairs.push(due);
      r = apply(r, ['chair', due]);
    }
    expect(chairs).toEqual(['party', 'reps', 'unit', 'merchants', 'party', 'reps']);
  });

  it('lets a body that passes keep its turn: it chairs first next time, then the order goes on', () => {
    let r = emptyRotation(ORDER);
    r = apply(r, ['pass', 'party']);
    expect(dueBody(ORDER, r)).toBe('reps');
    r = apply(r, ['chair', 'reps']);
    expect(dueBody(ORDER, r)).toBe('party');
    r = apply(r, ['chair', 'party']);
    expect(dueBody(ORDER, r)).toBe('unit');
  });

  it('refuses a chair or a pass by a body whose turn it is not', () => {
    const r = emptyRotation(ORDER);
    expect(takeChair(ORDER, r, 'unit')).toBe('not-due');
    expect(passTurn(ORDER, r, 'reps')).toBe('not-due');
  });

  it('says nobody is due when every body has passed for this meeting', () => {
    let r = emptyRotation(ORDER);
    for (const k of ORDER) r = apply(r, ['pass', k]);
    expect(dueBody(ORDER, r)).toBeNull();
    expect(takeChair(ORDER, r, 'party')).toBe('nobody-due');
  });

  it('never skips a body silently: over random passes and chairs, every body stepped over had passed and is owed', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let r = emptyRotation(ORDER);
    const chaired = new Map(ORDER.map((k) => [k, 0]));
    for (let i = 0; i < 2000; i++) {
      const due = dueBody(ORDER, r);
      if (due === null) {
        r = { ...r, passedNow: [] };
        continue;
      }
      // The regular turn that was due before this step.
      const before = candidates(ORDER, { ...r, passedNow: [] });
      if (rand() < 0.3) {
        r = apply(r, ['pass', due]);
        expect(r.owed).toContain(due);
      } else {
        const passedEarlier = r.passedNow;
        r = apply(r, ['chair', due]);
        chaired.set(due, chaired.get(due)! + 1);
        // Everyone ahead of the chair in the queue passed for this meeting and still holds an owed turn.
        for (const k of before.slice(0, before.indexOf(due))) {
          expect(passedEarlier).toContain(k);
          expect(r.owed).toContain(k);
        }
      }
    }
    // Every body chaired, and no body chaired more than a few turns apart from another.
    const counts = [...chaired.values()];
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(3);
  });

  it('keeps its place when the order changes, and drops bodies that left', () => {
    const r: Rotation = { nextKey: 'gone', owed: ['gone', 'unit'], passedNow: ['gone'] };
    expect(normaliseRotation(ORDER, r)).toEqual({ nextKey: 'party', owed: ['unit'], passedNow: [] });
  });

  it('lists the coming turns with the owed bodies first', () => {
    let r = emptyRotation(ORDER);
    r = apply(r, ['pass', 'party']);
    r = apply(r, ['chair', 'reps']);
    expect(upcoming(ORDER, r)).toEqual(['party', 'unit', 'merchants', 'reps']);
  });
});
