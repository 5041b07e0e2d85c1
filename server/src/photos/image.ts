import { PHOTO_MAX_SIDE_PX, THUMB_MAX_BYTES, THUMB_MAX_SIDE_PX, type PhotoMime } from '@luoshi/shared';

/**
 * What an uploaded photo really is, read from its bytes, never from the declared
 * Content-Type: JPEG, PNG or WebP by signature and structure, with its pixel size. The
 * stored copy keeps only what draws the picture: metadata that can carry a location or a
 * name (JPEG APP1 Exif/XMP, APP13 IPTC, comments; PNG eXIf and text chunks; WebP EXIF and
 * XMP) and anything after the image's end (a polyglot's HTML tail) are cut. The web form
 * already re-encodes through a canvas, which drops all of it; this is the second wall for
 * API clients and anyone who skips the form.
 */
export type Judged =
  | { ok: true; mime: PhotoMime; width: number; height: number; bytes: Buffer }
  | { ok: false; code: 'photo_type_unsupported' | 'photo_too_large' | 'thumb_too_large'; message: string };

const unsupported = (why: string): Judged => ({
  ok: false,
  code: 'photo_type_unsupported',
  message: `only JPEG, PNG or WebP photos are accepted (judged by the bytes, not the declared type): ${why}`,
});

export function judgeImage(input: Buffer): Judged {
  let r: Judged;
  if (input.length >= 3 && input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff) r = jpeg(input);
  else if (input.length >= 8 && input.subarray(0, 8).equals(PNG_SIGNATURE)) r = png(input);
  else if (input.length >= 12 && input.toString('latin1', 0, 4) === 'RIFF' && input.toString('latin1', 8, 12) === 'WEBP') r = webp(input);
  else r = unsupported(input.length === 0 ? 'the body is empty' : 'the bytes are not an image of those types');
  if (!r.ok) return r;
  if (r.width < 1 || r.height < 1) return unsupported(`the image says it is ${r.width} × ${r.height} px`);
  if (r.width > PHOTO_MAX_SIDE_PX || r.height > PHOTO_MAX_SIDE_PX)
    return { ok: false, code: 'photo_too_large', message: `the photo is ${r.width} × ${r.height} px; at most ${PHOTO_MAX_SIDE_PX} px a side (the web form downscales to 1600)` };
  return r;
}

/**
 * A thumbnail is judged as a photo is (signature, structure, metadata cut), with the
 * thumbnail's limits: THUMB_MAX_BYTES and THUMB_MAX_SIDE_PX a side (`thumb_too_large`).
 */
export function judgeThumb(input: Buffer): Judged {
  if (input.length > THUMB_MAX_BYTES) return thumbTooLarge(`${input.length} bytes`);
  const r = judgeImage(input);
  if (!r.ok) return r.code === 'photo_too_large' ? thumbTooLarge('over 4096 px a side') : r;
  if (r.width > THUMB_MAX_SIDE_PX || r.height > THUMB_MAX_SIDE_PX) return thumbTooLarge(`${r.width} × ${r.height} px`);
  return r;
}
const thumbTooLarge = (what: string): Judged => ({
  ok: false,
  code: 'thumb_too_large',
  message: `the thumbnail is ${what}; a thumbnail may have at most ${THUMB_MAX_BYTES} bytes and ${THUMB_MAX_SIDE_PX} px a side (the web form makes one of 320 px)`,
});

// --- JPEG: segments up to SOS, then entropy-coded data up to EOI.

/** APP1 (Exif, XMP: GPS, camera serial), APP13 (IPTC: names, places), COM (free text). */
const JPEG_DROP = new Set([0xe1, 0xed, 0xfe]);
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpeg(b: Buffer): Judged {
  const keep: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  let size: { width: number; height: number } | null = null;
  for (;;) {
    if (i + 4 > b.length || b[i] !== 0xff) return unsupported('a JPEG whose segments do not parse');
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) return unsupported('a JPEG segment runs past the end');
    if (isSof(marker)) {
      if (len < 7) return unsupported('a JPEG frame header is cut short');
      size = { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (!JPEG_DROP.has(marker)) keep.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
    if (marker === 0xda) break; // start of scan: image data follows
  }
  if (!size) return unsupported('a JPEG without a frame header');
  // Scan data to EOI (FF D9). In entropy-coded data FF is followed by 00 or a restart marker, so the first FF D9 ends it.
  const end = b.indexOf(EOI, i);
  if (end < 0) return unsupported('a JPEG without its end marker');
  keep.push(b.subarray(i, end + 2));
  return { ok: true, mime: 'image/jpeg', ...size, bytes: Buffer.concat(keep) };
}
const EOI = Buffer.from([0xff, 0xd9]);

// --- PNG: signature, IHDR first, chunks up to IEND.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function png(b: Buffer): Judged {
  const keep: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  let size: { width: number; height: number } | null = null;
  for (;;) {
    if (i + 12 > b.length) return unsupported('a PNG without its IEND chunk');
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (len > b.length - i - 12) return unsupported(`a PNG chunk (${type}) runs past the end`);
    if (i === 8) {
      if (type !== 'IHDR' || len < 8) return unsupported('a PNG whose first chunk is not IHDR');
      size = { width: b.readUInt32BE(i + 8), height: b.readUInt32BE(i + 12) };
    }
    if (!PNG_DROP.has(type)) keep.push(b.subarray(i, i + 12 + len));
    i += 12 + len;
    if (type === 'IEND') break;
  }
  return { ok: true, mime: 'image/png', ...size!, bytes: Buffer.concat(keep) };
}

// --- WebP: RIFF container of chunks; VP8 (lossy), VP8L (lossless) or VP8X (extended).

const WEBP_DROP = new Set(['EXIF', 'XMP ']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function webp(b: Buffer): Judged {
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4));
  const keep: Buffer[] = [];
  let i = 12;
  let size: { width: number; height: number } | null = null;
  while (i + 8 <= riffEnd) {
    const type = b.toString('latin1', i, i + 4);
    const len = b.readUInt32LE(i + 4);
    const padded = len + (len & 1);
    if (i + 8 + len > riffEnd) return unsupported(`a WebP chunk (${type}) runs past the end`);
    const data = b.subarray(i + 8, i + 8 + len);
    if (i === 12) {
      size = webpSize(type, data);
      if (!size) return unsupported('a WebP whose first chunk is not a readable VP8, VP8L or VP8X header');
    }
    if (!WEBP_DROP.has(type)) {
      const chunk = Buffer.from(b.subarray(i, Math.min(i + 8 + padded, riffEnd)));
      if (type === 'VP8X') chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      keep.push(chunk);
    }
    i += 8 + padded;
  }
  if (!size) return unsupported('a WebP without image data');
  const body = Buffer.concat(keep);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return { ok: true, mime: 'image/webp', ...size, bytes: Buffer.concat([head, body]) };
}

function webpSize(type: string, d: Buffer): { width: number; height: number } | null {
  if (type === 'VP8X' && d.length >= 10) return { width: 1 + d.readUIntLE(4, 3), height: 1 + d.readUIntLE(7, 3) };
  if (type === 'VP8L' && d.length >= 5 && d[0] === 0x2f) {
    const bits = d.readUInt32LE(1);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (type === 'VP8 ' && d.length >= 10 && d[3] === 0x9d && d[4] === 0x01 && d[5] === 0x2a)
    return { width: d.readUInt16LE(6) & 0x3fff, height: d.readUInt16LE(8) & 0x3fff };
  return null;
}
