import { describe, expect, it } from 'vitest';
import { formatPct, formatQuantity, readable } from './format';

describe('formatQuantity', () => {
  it.each([
    [300000, '平方米', '30万 平方米'],
    [15700, '人', '1.57万 人'],
    [127, '人', '127 人'],
    [4.5, '公里', '4.5 公里'],
    [120000000, '元', '1.2亿 元'],
    [88.89, '%', '88.89%'],
  ])('%d %s → %s', (v, uom, expected) => {
    expect(formatQuantity(v, uom)).toBe(expected);
  });

  it('uses thousands separators in English', () => {
    expect(formatQuantity(300000, 'm²', 'en')).toBe('300,000 m²');
  });

  it('formats percentages with one decimal', () => {
    expect(formatPct(42.123)).toBe('42.1%');
    expect(formatPct(null)).toBe('—');
  });
});

describe('readable', () => {
  it.each([
    [2241.38, 2241],
    [25.789, 25.8],
    [3.216, 3.22],
    [0.0713, 0.071],
    [0, 0],
    [-12.34, -12.3],
  ])('%d → %d', (v, expected) => {
    expect(readable(v)).toBe(expected);
  });
});
