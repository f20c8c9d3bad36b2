import { addTallies, checkTalkDate, tallyTalks } from '../../../../shared/domain/power-talks';

describe('tallyTalks', () => {
  it('counts each stage and each cadre once however many talks they had', () => {
    expect(
      tallyTalks([
        { cadreId: 'a', stage: 'before' },
        { cadreId: 'a', stage: 'during' },
        { cadreId: 'b', stage: 'during' },
        { cadreId: 'a', stage: 'after' },
      ]),
    ).toEqual({ cadres: 2, before: 1, during: 2, after: 1 });
  });

  it('adds the ledger to the recorded talks', () => {
    expect(addTallies({ cadres: 226, before: 158, during: 167, after: 123 }, { cadres: 6, before: 2, during: 4, after: 2 })).toEqual({ cadres: 232, before: 160, during: 171, after: 125 });
  });
});

describe('checkTalkDate', () => {
  it('accepts today and the past year, refuses the future and older dates', () => {
    expect(checkTalkDate('2026-11-27', '2026-11-27')).toBeNull();
    expect(checkTalkDate('2025-11-27', '2026-11-27')).toBeNull();
    expect(checkTalkDate('2026-11-28', '2026-11-27')).not.toBeNull();
    expect(checkTalkDate('2025-11-26', '2026-11-27')).not.toBeNull();
  });
});
