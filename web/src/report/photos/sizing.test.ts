import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_LONG_SIDE } from '@luoshi/shared';
import { encodeAttempts, fitWithin } from './sizing';

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
