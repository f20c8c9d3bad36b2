/**
 * Money is integer fen everywhere (DESIGN rule 7). This is the one place that turns fen into the
 * yuan people read and typed yuan back into fen — by parsing the digits, never by floating point
 * (0.29 * 100 is 28.999999999999996 in binary floating point).
 */

/** `12345` → `123.45` (CSV cells and forms). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `12345` → `123.45 元`. */
export function yuanText(fen: number): string {
  return `${fenToYuan(fen)} 元`;
}

/**
 * For people: `2864000` fen → `2.86万元`, `12345` → `123.45元`; whole yuan drop their `.00`.
 * Amounts of 10,000 yuan and more are shown in 万元 with two decimals, as county reports write them.
 */
export function moneyForPeople(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  if (abs >= 1_000_000) {
    // 万元 with two decimals, rounded half up on the fen of 100 yuan.
    const hundredYuan = Math.floor((abs + 5_000) / 10_000); // in units of 0.01 万元
    return `${sign}${Math.floor(hundredYuan / 100)}.${String(hundredYuan % 100).padStart(2, '0')}万元`;
  }
  const text = fenToYuan(abs);
  return `${sign}${text.endsWith('.00') ? text.slice(0, -3) : text}元`;
}

/**
 * Typed yuan → fen, exactly: '1234', '1234.5', '1,234.56', '１２３４．５' (full-width digits) are
 * accepted; more than two decimals, signs, letters or an empty text answer null.
 */
export function parseYuanToFen(text: string): number | null {
  const plain = text
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '')
    .replace(/元$/, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
