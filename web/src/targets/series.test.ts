import { describe, expect, it } from 'vitest';
import { withOrigin } from './series';

describe('withOrigin', () => {
  it('starts the series at the baseline on the start date', () => {
    expect(withOrigin([{ date: '2026-03-02', value: 5 }], '2026-01-01', 0)).toEqual([
      { date: '2026-01-01', value: 0 },
      { date: '2026-03-02', value: 5 },
    ]);
  });
  it('leaves a series that already starts on the start date alone', () => {
    const pts = [{ date: '2026-01-01', value: 3 }];
    expect(withOrigin(pts, '2026-01-01', 0)).toBe(pts);
  });
  it('draws an empty series as the origin alone', () => {
    expect(withOrigin([], '2026-01-01', 7)).toEqual([{ date: '2026-01-01', value: 7 }]);
  });
});
