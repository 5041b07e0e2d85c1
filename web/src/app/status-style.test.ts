import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_PALETTE, MIN_TEXT_CONTRAST, TARGET_STATUSES, WALL_PANEL, contrastRatio } from '@luoshi/shared';
import { statusVariables } from './status-style';

describe('status CSS variables (issue 17 item 7)', () => {
  it('gives every status its colour and readable pairs as plain #rrggbb, for a configured palette too', () => {
    for (const palette of [DEFAULT_STATUS_PALETTE, { ...DEFAULT_STATUS_PALETTE, on_track: '#00ff00', behind: '#ffee00', overdue: '#ffff66' }]) {
      const v = statusVariables(palette);
      for (const s of TARGET_STATUSES) {
        expect(v[`--st-${s}`]).toBe(palette[s]);
        for (const k of ['bg', 'fg', 'wall-bg', 'wall-fg', 'wall-text']) expect(v[`--st-${s}-${k}`], `${s} ${k}`).toMatch(/^#[0-9a-f]{6}$/);
        expect(contrastRatio(v[`--st-${s}-fg`]!, v[`--st-${s}-bg`]!)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(v[`--st-${s}-wall-fg`]!, v[`--st-${s}-wall-bg`]!)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
        expect(contrastRatio(v[`--st-${s}-wall-text`]!, WALL_PANEL)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
      }
    }
  });
});
