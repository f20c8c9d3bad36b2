import { STEPS, stepsFor } from '../../../../miniprogram/src/packages/wish/detail/actions';

describe('wish detail actions', () => {
  it('shows only the buttons for what the server allows, review as approve and reject', () => {
    expect(stepsFor(['review', 'cancel'])).toEqual(['approve', 'reject', 'cancel']);
    expect(stepsFor(['claim'])).toEqual(['claim']);
    expect(stepsFor([])).toEqual([]);
  });

  it('gives every button and dialog confirmation a different visible text', () => {
    const texts = Object.values(STEPS).flatMap((s) => [s.button, s.dialog.confirmText]);
    expect(new Set([...texts, '再想想']).size).toBe(texts.length + 1);
  });

  it('words a lost claim race the way a party member understands it', () => {
    expect(STEPS.claim.conflict).toBe('这个心愿刚被其他党员认领了');
  });
});
