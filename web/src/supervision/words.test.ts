import { describe, expect, it } from 'vitest';
import { rankArrow, timelinessText } from './words';

describe('supervision words', () => {
  it('shows rank moves as arrows', () => {
    expect([rankArrow(2), rankArrow(-1), rankArrow(0), rankArrow(null)]).toEqual(['↑2', '↓1', '–', '—']);
  });
  it('shows 报送及时率 of a unit that owed nothing as 无应报, not 0%', () => {
    const t = (k: string) => (k === 'svNothingOwed' ? '无应报' : k);
    expect(timelinessText(t, { owed: 0, onTime: 0, late: 0, missing: 0, rate: null })).toBe('无应报');
    expect(timelinessText(t, { owed: 4, onTime: 3, late: 1, missing: 0, rate: 0.75 })).not.toBe('无应报');
  });
});
