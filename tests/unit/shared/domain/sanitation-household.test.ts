import { isSanitaryToilet, sortingPoints } from '../../../../shared/domain/sanitation-household';
import { fitWithin } from '../../../../shared/domain/photos';

describe('household toilets and sorting', () => {
  it('a toilet is sanitary only in one of the three modes and once its acceptance check passed', () => {
    expect(isSanitaryToilet({ mode: 'three-compartment', acceptance: 'passed' })).toBe(true);
    expect(isSanitaryToilet({ mode: 'sewer', acceptance: 'pending' })).toBe(false);
    expect(isSanitaryToilet({ mode: 'dry-separating', acceptance: 'failed' })).toBe(false);
    expect(isSanitaryToilet(null)).toBe(false);
  });

  it('the sorting check earns a share of whatever maximum the 环保卫生 indicator has', () => {
    expect(sortingPoints('good', 10)).toBe(10);
    expect(sortingPoints('fair', 10)).toBe(6);
    expect(sortingPoints('poor', 10)).toBe(0);
    expect(sortingPoints('good', 15)).toBe(15);
    expect(sortingPoints('fair', 15)).toBe(9);
  });
});

describe('photo sizes', () => {
  it('fits the longer edge within 1280 px, never enlarging', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(1080, 2400)).toEqual({ width: 576, height: 1280 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
