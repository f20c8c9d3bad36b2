import { maskIdNumber, maskNumbersInText, maskPhone, textForReader } from '../../../../shared/domain/masking';

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

describe('maskNumbersInText', () => {
  it('masks a mobile number and an 18-digit ID number (with X) typed into a wish', () => {
    expect(maskNumbersInText('有事请打13700001111，身份证61032819550101123X。')).toBe('有事请打137****1111，身份证6****************X。');
    expect(maskNumbersInText('身份证号 610328195501011234')).toBe('身份证号 6****************4');
    expect(maskNumbersInText('电话 137-0000-1111 或 +86 13700001111')).toBe('电话 137****1111 或 137****1111');
  });

  it('masks a landline with its area code, keeping the area code', () => {
    expect(maskNumbersInText('村委会电话0917-4211234')).toBe('村委会电话0917-*****34');
    expect(maskNumbersInText('拨 09174211234 找人')).toBe('拨 0917-*****34 找人');
    expect(maskNumbersInText('北京 010-61234567')).toBe('北京 010-******67');
  });

  it('leaves dates, amounts, counts and longer reference numbers alone', () => {
    for (const text of [
      '约在20261201上午见面',
      '2026-12-01 到 2026年12月1日',
      '补偿12000元，共计1370000.50元',
      '编号202612011234567890123',
      '一共13户，第137号',
      '合同号 12345678901',
      '订单 2026120112345678',
    ]) {
      expect(maskNumbersInText(text)).toBe(text);
    }
  });

  it('does not touch an 18-digit number that is no ID (impossible birth date) or digits inside a longer run', () => {
    expect(maskNumbersInText('流水号 610328195513451234')).toBe('流水号 610328195513451234');
    expect(maskNumbersInText('913700001111')).toBe('913700001111');
  });
});

describe('textForReader', () => {
  const text = '电话13700001111';

  it('shows the text as written to its author and to a handler', () => {
    expect(textForReader(text, 'u1', { id: 'u1' })).toBe(text);
    expect(textForReader(text, ['u9', 'u1'], { id: 'u1' })).toBe(text);
    expect(textForReader(text, 'u1', { id: 'c1', handler: true })).toBe(text);
  });

  it('masks the numbers for everyone else, and passes empty text through', () => {
    expect(textForReader(text, 'u1', { id: 'u2' })).toBe('电话137****1111');
    expect(textForReader(null, 'u1', { id: 'u2' })).toBeNull();
  });
});
