import { describe, expect, it } from 'vitest';
import { chinaDate } from '@luoshi/shared';
import { clockFrom, systemClock } from './clock';

describe('clockFrom', () => {
  it('starts on the given China date at the present time of day and keeps running', () => {
    let real = Date.parse('2026-12-06T02:15:00Z'); // 10:15 in China
    const clock = clockFrom('2027-03-15', () => real);
    expect(clock().toISOString()).toBe('2027-03-15T02:15:00.000Z');
    real += 14 * 3_600_000; // 00:15 the next day in China
    expect(chinaDate(clock())).toBe('2027-03-16');
  });
  it('counts the China date, not UTC: 23:30 UTC is already tomorrow in China', () => {
    const clock = clockFrom('2028-11-20', () => Date.parse('2026-12-05T23:30:00Z')); // 07:30 on the 6th in China
    expect(chinaDate(clock())).toBe('2028-11-20');
    expect(clock().toISOString()).toBe('2028-11-19T23:30:00.000Z');
  });
  it('refuses what is not a date', () => {
    expect(() => clockFrom('2027-02-30')).toThrow(RangeError);
    expect(() => clockFrom('next monday')).toThrow(RangeError);
  });
  it('the system clock is now', () => {
    expect(Math.abs(systemClock().getTime() - Date.now())).toBeLessThan(1000);
  });
});
