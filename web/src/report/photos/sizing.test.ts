import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_LONG_SIDE, THUMB_LONG_SIDE, THUMB_MAX_BYTES, THUMB_MAX_SIDE_PX } from '@luoshi/shared';
import { encodeAttempts, fitWithin, thumbAttempts, THUMB_TARGET_BYTES } from './sizing';

describe('fitWithin', () => {
  it('brings a phone photo to 1600 px on the long side, keeping the aspect', () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(4000, 1800)).toEqual({ width: 1600, height: 720 });
  });

  it('never enlarges, and keeps a picture exactly at the limit', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900 });
    expect(fitWithin(1601, 900)).toEqual({ width: 1600, height: 899 });
  });

  it('keeps at least one pixel on a very thin panorama, and refuses a size that is not one', () => {
    expect(fitWithin(100_000, 10)).toEqual({ width: 1600, height: 1 });
    expect(() => fitWithin(0, 10)).toThrow(RangeError);
    expect(() => fitWithin(Number.NaN, 10)).toThrow(RangeError);
  });
});

describe('encodeAttempts', () => {
  it('starts at the fitted size with the best quality, then lowers quality, then pixels, down to 640 px', () => {
    const a = encodeAttempts(4032, 3024);
    expect(a[0]).toEqual({ width: 1600, height: 1200, quality: 0.85 });
    expect(a.slice(0, 3).map((x) => x.quality)).toEqual([0.85, 0.72, 0.6]);
    expect(a[3]).toEqual({ width: 1200, height: 900, quality: 0.85 });
    const last = a.at(-1)!;
    expect(Math.max(last.width, last.height)).toBe(640);
    for (const x of a) expect(Math.max(x.width, x.height)).toBeLessThanOrEqual(PHOTO_MAX_LONG_SIDE);
    // Each round is smaller than the one before; the ladder ends.
    const longs = [...new Set(a.map((x) => Math.max(x.width, x.height)))];
    expect(longs).toEqual([...longs].sort((x, y) => y - x));
    expect(a.length).toBeLessThan(30);
  });

  it('tries a small picture at its own size only', () => {
    expect(encodeAttempts(500, 300)).toEqual([
      { width: 500, height: 300, quality: 0.85 },
      { width: 500, height: 300, quality: 0.72 },
      { width: 500, height: 300, quality: 0.6 },
    ]);
  });
});

describe('thumbAttempts', () => {
  it('fits the long side to 320 px keeping the aspect, lowering only the quality', () => {
    expect(THUMB_LONG_SIDE).toBe(320);
    expect(thumbAttempts(1600, 1200)).toEqual([
      { width: 320, height: 240, quality: 0.75 },
      { width: 320, height: 240, quality: 0.6 },
      { width: 320, height: 240, quality: 0.45 },
    ]);
    expect(thumbAttempts(1200, 1600)[0]).toEqual({ width: 240, height: 320, quality: 0.75 });
    expect(thumbAttempts(1600, 720)[0]).toEqual({ width: 320, height: 144, quality: 0.75 });
    expect(thumbAttempts(1600, 1)[0]).toEqual({ width: 320, height: 1, quality: 0.75 });
  });

  it('never enlarges a small picture, and stays within what the server accepts', () => {
    expect(thumbAttempts(200, 100)[0]).toEqual({ width: 200, height: 100, quality: 0.75 });
    for (const [w, h] of [[4032, 3024], [3024, 4032], [1600, 1600], [640, 480]] as const)
      for (const a of thumbAttempts(w, h)) expect(Math.max(a.width, a.height)).toBeLessThanOrEqual(Math.min(THUMB_LONG_SIDE, THUMB_MAX_SIDE_PX));
    expect(THUMB_TARGET_BYTES).toBeLessThan(THUMB_MAX_BYTES);
  });
});
