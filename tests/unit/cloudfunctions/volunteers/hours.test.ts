import { readToken, shortCodeFor, tokenFor } from '../../../../cloudfunctions/volunteers/hours';

describe('the signed check-in code', () => {
  const w = 59_000_000;
  it('reads back what it signed', () => {
    expect(readToken(tokenFor('va1234', 'in', w))).toEqual({ activityId: 'va1234', mode: 'in', window: w });
  });
  it('refuses a changed activity, mode or window, a made-up signature and anything malformed', () => {
    const [id, mode, win, sig] = tokenFor('va1234', 'in', w).split('.') as [string, string, string, string];
    expect(readToken([`${id}x`, mode, win, sig].join('.'))).toBeNull();
    expect(readToken([id, 'out', win, sig].join('.'))).toBeNull();
    expect(readToken([id, mode, (w + 1).toString(36), sig].join('.'))).toBeNull();
    expect(readToken([id, mode, win, 'A'.repeat(sig.length)].join('.'))).toBeNull();
    expect(readToken('va1234.in')).toBeNull();
    expect(readToken('../../etc.in.1.x')).toBeNull();
  });
  it('gives six digits that differ between windows and modes', () => {
    const a = shortCodeFor('va1234', 'in', w);
    expect(a).toMatch(/^\d{6}$/);
    expect(new Set([a, shortCodeFor('va1234', 'in', w + 1), shortCodeFor('va1234', 'out', w)]).size).toBe(3);
  });
});
