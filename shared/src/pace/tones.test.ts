import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TARGET_STATUSES } from '../domain/types';
import { DEFAULT_STATUS_PALETTE, type StatusPalette } from './bands';
import { MIN_TEXT_CONTRAST, WALL_PANEL, contrastRatio, luminance, mixHex, statusTones } from './tones';

const hexColour = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(
  (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`,
);
const palette = fc.tuple(...TARGET_STATUSES.map(() => hexColour)).map((cs) => Object.fromEntries(TARGET_STATUSES.map((s, i) => [s, cs[i]!])) as StatusPalette);

function everyPair(p: StatusPalette): number {
  const t = statusTones(p);
  let min = Infinity;
  for (const s of TARGET_STATUSES) {
    min = Math.min(min, contrastRatio(t.light[s].fg, t.light[s].bg), contrastRatio(t.wall[s].fg, t.wall[s].bg), contrastRatio(t.wallText[s], WALL_PANEL));
  }
  return min;
}

describe('status tones (issue 17 item 7: readable with any palette)', () => {
  it('computes WCAG contrast as the spec does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(luminance('#ffffff')).toBeCloseTo(1, 9);
    expect(mixHex('#12b76a', 0.16, '#ffffff')).toBe('#d9f3e7');
  });

  it('every label of the default 红黄绿 palette reads at 4.5:1 or better, on the page and on the wall', () => {
    expect(everyPair(DEFAULT_STATUS_PALETTE)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    const t = statusTones(DEFAULT_STATUS_PALETTE);
    // 正常 stays green: its text is the configured green, only darker.
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(t.light.on_track.fg.slice(i, i + 2), 16)) as [number, number, number];
    expect(g).toBeGreaterThan(r);
    expect(g).toBeGreaterThan(b);
    // A colour dark enough already is used as it is (逾期 red as a solid block with white text).
    expect(t.light.overdue).toEqual({ bg: DEFAULT_STATUS_PALETTE.overdue, fg: '#ffffff' });
    expect(t.fill).toEqual(DEFAULT_STATUS_PALETTE);
  });

  it('a configured colour too light for text gets a readable shade of itself, not the raw colour', () => {
    const yellow = { ...DEFAULT_STATUS_PALETTE, behind: '#ffee00', overdue: '#ffff66', on_track: '#00ff00' };
    const t = statusTones(yellow);
    expect(contrastRatio('#ffee00', t.light.behind.bg)).toBeLessThan(MIN_TEXT_CONTRAST);
    expect(t.light.behind.fg).not.toBe('#ffee00');
    expect(contrastRatio(t.light.behind.fg, t.light.behind.bg)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    // A pale solid 逾期 cannot carry white: its text turns dark.
    expect(t.light.overdue.fg).not.toBe('#ffffff');
    expect(contrastRatio(t.light.overdue.fg, t.light.overdue.bg)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    // A dark colour on the wall is lightened the same way.
    const dark = statusTones({ ...DEFAULT_STATUS_PALETTE, stale: '#101010' });
    expect(contrastRatio(dark.wall.stale.fg, dark.wall.stale.bg)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastRatio(dark.wallText.stale, WALL_PANEL)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('property: any palette gives every text/background pair at least 4.5:1', () => {
    fc.assert(fc.property(palette, (p) => everyPair(p) >= MIN_TEXT_CONTRAST), { numRuns: 400 });
    // The hardest cases: greys around the point where white and black read equally badly.
    for (let v = 0; v <= 255; v++) {
      const grey = `#${v.toString(16).padStart(2, '0').repeat(3)}`;
      expect(everyPair(Object.fromEntries(TARGET_STATUSES.map((s) => [s, grey])) as StatusPalette), grey).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    }
  });
});
