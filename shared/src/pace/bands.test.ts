import { describe, expect, it } from 'vitest';
import { DEFAULT_STATUS_PALETTE, paceBand, parseStatusPalette, statusBandsProblem } from './bands';
import { targetStatus } from './status';
import type { AssessTargetOf } from './status';

const target: AssessTargetOf = {
  measureKind: 'cumulative',
  direction: 'up',
  baseline: 0,
  targetValue: 100,
  startDate: '2026-01-01',
  dueDate: '2026-12-31',
  milestones: [],
  reportingIntervalDays: 0,
};

describe('status bands', () => {
  it('default bands: 0.95 on track, 0.85 at risk', () => {
    expect(paceBand(0.96)).toBe('on_track');
    expect(paceBand(0.9)).toBe('behind');
    expect(paceBand(0.84)).toBe('at_risk');
    expect(paceBand(null)).toBe('on_track');
  });

  it('custom bands move the same ratio to another band', () => {
    const strict = { onTrackFrom: 1, atRiskBelow: 0.95 };
    expect(paceBand(0.96, strict)).toBe('behind');
    expect(paceBand(0.9, strict)).toBe('at_risk');
    const lenient = { onTrackFrom: 0.7, atRiskBelow: 0.5 };
    expect(paceBand(0.84, lenient)).toBe('on_track');
    expect(paceBand(0.6, lenient)).toBe('behind');
    // the edge belongs to the upper band
    expect(paceBand(0.7, lenient)).toBe('on_track');
    expect(paceBand(0.5, lenient)).toBe('behind');
  });

  it('assessTarget applies the bands it is given', () => {
    // About half the year gone, a third done: ratio ≈ 0.66.
    const input = { value: 33, lastUpdate: '2026-07-01T02:00:00Z' };
    expect(targetStatus(target, input, '2026-07-01')).toBe('at_risk');
    expect(targetStatus(target, input, '2026-07-01', undefined, { onTrackFrom: 0.6, atRiskBelow: 0.4 })).toBe('on_track');
    expect(targetStatus(target, input, '2026-07-01', undefined, { onTrackFrom: 0.9, atRiskBelow: 0.5 })).toBe('behind');
  });

  it('names bad bands', () => {
    expect(statusBandsProblem({ onTrackFrom: 0.95, atRiskBelow: 0.85 })).toBeNull();
    expect(statusBandsProblem({ onTrackFrom: 0.8, atRiskBelow: 0.9 })).toMatch(/at-risk band must not be above/);
    expect(statusBandsProblem({ onTrackFrom: Number.NaN, atRiskBelow: 0.5 })).toMatch(/ratio above 0/);
    expect(statusBandsProblem({ onTrackFrom: 1e9, atRiskBelow: 0.5 })).toMatch(/at most 2/);
    expect(statusBandsProblem({ onTrackFrom: 0.5, atRiskBelow: 0 })).toMatch(/above 0/);
  });

  it('parses a palette over the defaults (正常 green by default) and names bad parts', () => {
    expect(DEFAULT_STATUS_PALETTE.on_track).toMatch(/^#1[0-9a-f]b7/);
    const p = parseStatusPalette('on_track=#00AA00, behind=#ffcc00');
    expect(p).toEqual({ ...DEFAULT_STATUS_PALETTE, on_track: '#00aa00', behind: '#ffcc00' });
    expect(parseStatusPalette('')).toEqual(DEFAULT_STATUS_PALETTE);
    expect(parseStatusPalette('on_track=green')).toMatch(/not status=#rrggbb/);
    expect(parseStatusPalette('done=#000000')).toMatch(/"done" is not a status/);
    expect(parseStatusPalette('on_track=#00aa00;x')).toMatch(/not status=#rrggbb/);
  });
});
