/**
 * What the server knows about an uploaded image before it keeps it: its real type from the first
 * bytes (a text file named .jpg is not a JPEG), its size in pixels, and the same image without the
 * segments that carry EXIF (GPS position, phone model, time) or other metadata.
 */
import { imageSize } from 'image-size';
import type { PhotoType } from '../../shared/domain/photos';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type the bytes say, whatever the name says; null when they are no JPEG or PNG. */
export function sniffImage(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  return null;
}

export function dimensionsOf(bytes: Buffer): { width: number; height: number } | null {
  try {
    const d = imageSize(bytes);
    return d.width && d.height ? { width: d.width, height: d.height } : null;
  } catch {
    return null;
  }
}

/**
 * A JPEG without its APP1…APP15 segments (EXIF, XMP, ICC, maker notes) and comments; APP0 (JFIF) is
 * kept. The entropy-coded data after SOS is copied as is. Null when the markers do not parse.
 */
export function stripJpeg(bytes: Buffer): Buffer | null {
  if (sniffImage(bytes) !== 'jpeg') return null;
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    // Fill bytes before a marker.
    while (bytes[i] === 0xff && bytes[i + 1] === 0xff) i++;
    const marker = bytes[i + 1];
    if (marker === undefined) return null;
    if (marker === 0xd9) {
      parts.push(bytes.subarray(i, i + 2));
      return Buffer.concat(parts);
    }
    // Markers without a length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(bytes.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > bytes.length) return null;
    const length = bytes.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (length < 2 || end > bytes.length) return null;
    const metadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (marker === 0xda) {
      // Start of scan: the rest is image data up to and including EOI.
      parts.push(bytes.subarray(i));
      return Buffer.concat(parts);
    }
    if (!metadata) parts.push(bytes.subarray(i, end));
    i = end;
  }
  return null;
}

/** PNG chunks that carry text, time or EXIF; everything else (critical and rendering chunks) is kept. */
const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

export function stripPng(bytes: Buffer): Buffer | null {
  if (sniffImage(bytes) !== 'png') return null;
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > bytes.length) return null;
    if (!PNG_METADATA_CHUNKS.has(type)) parts.push(bytes.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return null;
}

export type CleanImage = { ok: true; type: PhotoType; bytes: Buffer; width: number; height: number } | { ok: false; reason: 'not-image' | 'too-large' | 'empty' };

/** Checks and cleans an upload: an image of a known type, within the limit, without metadata. */
export function cleanImage(bytes: Buffer, maxBytes: number): CleanImage {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too-large' };
  const type = sniffImage(bytes);
  if (!type) return { ok: false, reason: 'not-image' };
  const stripped = type === 'jpeg' ? stripJpeg(bytes) : stripPng(bytes);
  if (!stripped) return { ok: false, reason: 'not-image' };
  const size = dimensionsOf(stripped);
  if (!size) return { ok: false, reason: 'not-image' };
  return { ok: true, type, bytes: stripped, ...size };
}
