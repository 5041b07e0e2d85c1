import { describe, expect, it } from 'vitest';
import { asOfYmd, clockTime, formatInstant, formatYmd } from './dates';

describe('dates', () => {
  it('reads asOf as a China date whether it is an instant or a date', () => {
    expect(asOfYmd('2026-11-20T17:00:00Z')).toBe('2026-11-21');
    expect(asOfYmd('2026-11-21')).toBe('2026-11-21');
  });
  it('writes dates the Chinese way', () => {
    expect(formatYmd('2026-03-05')).toBe('2026年3月5日');
    expect(formatYmd('2026-03-05', 'zh-CN', false)).toBe('3月5日');
    expect(formatYmd('2026-03-05', 'en')).toBe('5 Mar 2026');
  });
  it('shows instants in China time', () => {
    expect(formatInstant('2026-11-20T17:05:00Z')).toBe('11月21日 01:05');
  });
});

describe('clockTime (issue 18.14)', () => {
  it('is China time, 24-hour, in both languages, whatever the host zone', () => {
    const at = Date.parse('2026-12-06T03:12:45Z');
    expect(clockTime(at, 'zh-CN')).toBe('11:12:45');
    expect(clockTime(at, 'en')).toBe('11:12:45');
    expect(clockTime(at, 'en', false)).toBe('11:12');
    expect(clockTime(Date.parse('2026-12-05T16:30:00Z'), 'en', false)).toBe('00:30');
  });
});
