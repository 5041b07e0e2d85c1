import { PHOTO_MAX_LONG_SIDE, THUMB_LONG_SIDE, THUMB_MAX_BYTES } from '@luoshi/shared';

/**
 * The size maths of the browser's downscale (issue 18.7), pure so it is unit-tested: fit
 * the long side within PHOTO_MAX_LONG_SIDE keeping the aspect, never enlarge, and a ladder
 * of encodings to try until the JPEG fits the byte budget — first lower quality, then
 * fewer pixels. At 1600 px and quality 0.85 a photo is usually far below the budget; the
 * later steps are for busy, noisy scenes.
 */
export interface Size {
  width: number;
  height: number;
}

export interface Attempt extends Size {
  quality: number;
}

/** Scales (w, h) so the long side is at most `max`, keeping the aspect; small pictures stay as they are. Never below 1 px. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_LONG_SIDE): Size {
  if (!(width > 0 && height > 0)) throw new RangeError(`not a picture size: ${width} × ${height}`);
  const long = Math.max(width, height);
  if (long <= max) return { width: Math.round(width), height: Math.round(height) };
  const k = max / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

const QUALITIES = [0.85, 0.72, 0.6];
/** Each further round shrinks the long side to this share of the previous one… */
const SHRINK = 0.75;
/** …down to this long side (below it a photo stops being evidence). */
const MIN_LONG_SIDE = 640;

/** The encodings to try in order; the first whose JPEG fits the budget is kept. */
export function encodeAttempts(width: number, height: number): Attempt[] {
  const out: Attempt[] = [];
  let size = fitWithin(width, height);
  for (;;) {
    for (const quality of QUALITIES) out.push({ ...size, quality });
    const long = Math.max(size.width, size.height);
    if (long <= MIN_LONG_SIDE) return out;
    size = fitWithin(size.width, size.height, Math.max(MIN_LONG_SIDE, Math.round(long * SHRINK)));
  }
}

/** What the thumbnail's encoder aims below: three quarters of the server's limit, for headroom. */
export const THUMB_TARGET_BYTES = Math.floor(THUMB_MAX_BYTES * 0.75);
const THUMB_QUALITIES = [0.75, 0.6, 0.45];

/**
 * The thumbnail's encodings (lists show it instead of the photo): the long side fitted to
 * THUMB_LONG_SIDE, a few qualities. If none fits THUMB_TARGET_BYTES (it practically always
 * does: 10–30 KB), the photo goes without one and lists load the photo itself.
 */
export function thumbAttempts(width: number, height: number): Attempt[] {
  const size = fitWithin(width, height, THUMB_LONG_SIDE);
  return THUMB_QUALITIES.map((quality) => ({ ...size, quality }));
}
