import { fenToYuan, moneyForPeople, parseYuanToFen, yuanText } from '../../../../shared/domain/money';

describe('fenToYuan', () => {
  it('writes fen as yuan with two decimals', () => {
    expect(fenToYuan(28_640_000)).toBe('286400.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(-105)).toBe('-1.05');
  });

  it('refuses a fraction of a fen', () => {
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
  });
});

describe('yuanText', () => {
  it('adds the unit after a space', () => {
    expect(yuanText(12_345)).toBe('123.45 元');
  });
});

describe('moneyForPeople', () => {
  it('writes amounts under 10,000 yuan in yuan, dropping the .00 of whole yuan', () => {
    expect(moneyForPeople(12_345)).toBe('123.45元');
    expect(moneyForPeople(10_000)).toBe('100元');
    expect(moneyForPeople(50)).toBe('0.50元');
    expect(moneyForPeople(999_999)).toBe('9999.99元');
    expect(moneyForPeople(-12_345)).toBe('-123.45元');
  });

  it('writes 10,000 yuan and more in 万元 with two decimals, rounded half up', () => {
    expect(moneyForPeople(1_000_000)).toBe('1.00万元');
    expect(moneyForPeople(2_864_000)).toBe('2.86万元');
    expect(moneyForPeople(2_864_999)).toBe('2.86万元');
    expect(moneyForPeople(2_865_000)).toBe('2.87万元');
    expect(moneyForPeople(28_640_000 * 100)).toBe('2864.00万元');
    expect(moneyForPeople(-2_864_000)).toBe('-2.86万元');
  });

  it('writes the county’s 10.08 million yuan of dividends as 1008.00万元', () => {
    expect(moneyForPeople(10_080_000 * 100)).toBe('1008.00万元');
  });
});

describe('parseYuanToFen', () => {
  it('reads typed yuan exactly, where floating point would lose a fen', () => {
    expect(parseYuanToFen('0.29')).toBe(29);
    expect(parseYuanToFen('1.15')).toBe(115);
    expect(parseYuanToFen('19.99')).toBe(1999);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen('1234')).toBe(123_400);
  });

  it('accepts thousands separators, spaces, full-width digits and a trailing 元', () => {
    expect(parseYuanToFen('1,234.5')).toBe(123_450);
    expect(parseYuanToFen('1，000')).toBe(100_000);
    expect(parseYuanToFen(' 88 ')).toBe(8_800);
    expect(parseYuanToFen('１２３４．５')).toBe(123_450);
    expect(parseYuanToFen('12元')).toBe(1_200);
  });

  it('answers null for more than two decimals, signs, exponents, letters or nothing', () => {
    expect(parseYuanToFen('1.234')).toBeNull();
    expect(parseYuanToFen('-5')).toBeNull();
    expect(parseYuanToFen('1e3')).toBeNull();
    expect(parseYuanToFen('12.')).toBeNull();
    expect(parseYuanToFen('.5')).toBeNull();
    expect(parseYuanToFen('abc')).toBeNull();
    expect(parseYuanToFen('')).toBeNull();
  });

  it('takes up to thirteen digits of yuan and no more', () => {
    expect(parseYuanToFen('9999999999999')).toBe(999_999_999_999_900);
    expect(parseYuanToFen('99999999999999')).toBeNull();
  });
});
