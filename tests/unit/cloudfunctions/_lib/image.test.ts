import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanImage, dimensionsOf, sniffImage, stripJpeg, stripPng } from '../../../../cloudfunctions/_lib/image';
import { MAX_UPLOAD_BYTES } from '../../../../shared/domain/photos';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../../../fixtures/photos', name));

describe('uploaded images', () => {
  it('knows a JPEG and a PNG by their first bytes, and a text file named .jpg as neither', () => {
    expect(sniffImage(fixture('bin-with-gps.jpg'))).toBe('jpeg');
    expect(sniffImage(fixture('tank-with-text.png'))).toBe('png');
    expect(sniffImage(fixture('not-a-photo.jpg'))).toBeNull();
  });

  it('strips the EXIF segment (camera model, GPS) from a JPEG and keeps the picture', () => {
    const raw = fixture('bin-with-gps.jpg');
    expect(raw.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(true);
    expect(raw.includes(Buffer.from('DemoPhone', 'latin1'))).toBe(true);
    const clean = stripJpeg(raw)!;
    expect(clean.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(clean.includes(Buffer.from('DemoPhone', 'latin1'))).toBe(false);
    expect(dimensionsOf(clean)).toEqual({ width: 120, height: 80 });
    // Everything from the first non-metadata segment on is byte for byte the same image.
    expect(clean.length).toBeLessThan(raw.length);
    expect(clean.subarray(clean.length - 2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('strips text chunks from a PNG', () => {
    const raw = fixture('tank-with-text.png');
    expect(raw.includes(Buffer.from('tEXt', 'latin1'))).toBe(true);
    const clean = stripPng(raw)!;
    expect(clean.includes(Buffer.from('tEXt', 'latin1'))).toBe(false);
    expect(clean.includes(Buffer.from('107.13E', 'latin1'))).toBe(false);
    expect(dimensionsOf(clean)).toEqual({ width: 40, height: 30 });
  });

  it('refuses a text file named .jpg, an empty file, a file over the limit and a JPEG whose segments do not parse', () => {
    expect(cleanImage(fixture('not-a-photo.jpg'), MAX_UPLOAD_BYTES)).toEqual({ ok: false, reason: 'not-image' });
    expect(cleanImage(Buffer.alloc(0), MAX_UPLOAD_BYTES)).toEqual({ ok: false, reason: 'empty' });
    const tenMb = Buffer.concat([fixture('bin-with-gps.jpg'), Buffer.alloc(10 * 1024 * 1024)]);
    expect(cleanImage(tenMb, MAX_UPLOAD_BYTES)).toEqual({ ok: false, reason: 'too-large' });
    expect(cleanImage(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2]), MAX_UPLOAD_BYTES)).toEqual({ ok: false, reason: 'not-image' });
    expect(cleanImage(fixture('bin-with-gps.jpg'), MAX_UPLOAD_BYTES)).toMatchObject({ ok: true, type: 'jpeg', width: 120, height: 80 });
  });
});
