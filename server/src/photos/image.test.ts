import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_SIDE_PX } from '@luoshi/shared';
import { carriesLocation, fakeJpeg, fakePng, fakeWebp } from './fixtures';
import { judgeImage } from './image';

describe('judgeImage', () => {
  it('reads a JPEG by its bytes, with its size, and cuts Exif (GPS), comments and a tail after EOI', () => {
    const raw = fakeJpeg({ width: 1600, height: 1200, tail: '<html><script>alert(1)</script>' });
    expect(carriesLocation(raw)).toBe(true);
    const r = judgeImage(raw);
    expect(r).toMatchObject({ ok: true, mime: 'image/jpeg', width: 1600, height: 1200 });
    if (!r.ok) return;
    expect(carriesLocation(r.bytes)).toBe(false);
    expect(r.bytes.toString('latin1')).not.toContain('<html>');
    expect(r.bytes.toString('latin1')).toContain('JFIF');
    expect(r.bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    // Judging the stored copy again changes nothing: the same upload twice is the same bytes.
    const again = judgeImage(r.bytes);
    expect(again.ok && again.bytes.equals(r.bytes)).toBe(true);
  });

  it('reads a PNG and drops eXIf and text chunks', () => {
    const r = judgeImage(fakePng({ width: 800, height: 600 }));
    expect(r).toMatchObject({ ok: true, mime: 'image/png', width: 800, height: 600 });
    if (r.ok) {
      expect(carriesLocation(r.bytes)).toBe(false);
      expect(r.bytes.toString('latin1')).toContain('IDAT');
      expect(r.bytes.toString('latin1')).toContain('IEND');
    }
  });

  it('reads a WebP, drops EXIF and XMP, clears their flags and fixes the RIFF size', () => {
    const r = judgeImage(fakeWebp({ width: 640, height: 480 }));
    expect(r).toMatchObject({ ok: true, mime: 'image/webp', width: 640, height: 480 });
    if (r.ok) {
      expect(carriesLocation(r.bytes)).toBe(false);
      expect(r.bytes.readUInt32LE(4)).toBe(r.bytes.length - 8);
      expect(r.bytes[20]! & 0x0c).toBe(0);
    }
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    ['a PNG signature with nothing after it', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['a JPEG cut before its end', fakeJpeg().subarray(0, 200)],
    ['a JPEG whose segment length runs past the end', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0, 0])],
    ['a RIFF that is not WebP data', Buffer.concat([Buffer.from('RIFF\x04\x00\x00\x00WEBP', 'latin1'), Buffer.from('JUNK\x00\x00\x00\x00', 'latin1')])],
  ])('refuses %s as photo_type_unsupported', (_, bytes) => {
    expect(judgeImage(bytes)).toMatchObject({ ok: false, code: 'photo_type_unsupported' });
  });

  it('refuses a zero-pixel or oversized picture', () => {
    expect(judgeImage(fakeJpeg({ width: 0, height: 10 }))).toMatchObject({ ok: false, code: 'photo_type_unsupported' });
    expect(judgeImage(fakePng({ width: PHOTO_MAX_SIDE_PX + 1, height: 10 }))).toMatchObject({ ok: false, code: 'photo_too_large' });
    expect(judgeImage(fakeJpeg({ width: PHOTO_MAX_SIDE_PX, height: PHOTO_MAX_SIDE_PX }))).toMatchObject({ ok: true });
  });
});
