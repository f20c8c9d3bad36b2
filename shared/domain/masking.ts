/** Phone numbers are never shown in full: 138****5678. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** ID numbers show the first and last digit only: 6**************X. */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  if (id.length < 3) return '*'.repeat(id.length);
  return `${id[0]}${'*'.repeat(id.length - 2)}${id[id.length - 1]}`;
}

/*
 * Numbers people type into free text (a wish, a dispute's description, a note): mobiles, landlines
 * with their area code and resident ID numbers. Others read them masked; the author (and the
 * handlers a feature names) read them as written. Digits next to other digits never match, so a
 * date (20261201), an amount (12000) or a longer reference number is left alone.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)/g;
const LANDLINE = /(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3})[- ]?[2-9]\d{6,7}(?!\d)/g;

function maskLandline(text: string): string {
  const digits = text.replace(/\D/g, '');
  const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLength);
  const local = digits.slice(areaLength);
  return `${area}-${'*'.repeat(local.length - 2)}${local.slice(-2)}`;
}

/** Phone and ID numbers found in the text, masked; everything else as written. */
export function maskNumbersInText(text: string): string {
  return text
    .replace(ID_NUMBER, (id) => maskIdNumber(id) ?? '')
    .replace(MOBILE, (phone) => maskPhone(phone.replace(/^\+?86[- ]?/, '')) ?? '')
    .replace(LANDLINE, maskLandline);
}

/** Who reads a text: `handler` when the feature names them as one who must reach the people in it. */
export interface TextReader {
  id: string;
  handler?: boolean;
}

/**
 * The one way free text leaves the server: as written to its author(s) and to handlers, with the
 * phone and ID numbers masked for every other reader.
 */
export function textForReader<T extends string | null | undefined>(text: T, authorIds: string | readonly (string | null | undefined)[] | null | undefined, reader: TextReader): T {
  if (!text) return text;
  // An author left out of a list's projection counts as someone else: masked, never a crash.
  const authors = typeof authorIds === 'string' ? [authorIds] : (authorIds ?? []);
  if (reader.handler || authors.includes(reader.id)) return text;
  return maskNumbersInText(text) as T;
}
