import { maskIdNumber, maskPhone } from '../../../../shared/domain/masking';

describe('masking', () => {
  it('shows a phone number as its first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('****');
  });

  it('shows an ID number as its first and last character only', () => {
    expect(maskIdNumber('61032819500101123X')).toBe('6****************X');
    expect(maskIdNumber(undefined)).toBeNull();
  });
});
