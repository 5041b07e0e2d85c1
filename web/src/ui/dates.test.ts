import { describe, expect, it } from 'vitest';
import { asOfYmd, clockTime, formatInstant, formatYmd, splitDates } from './dates';

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

describe('splitDates', () => {
  it('marks the dates and times in a sentence, keeping every character', () => {
    const text = '截止日期：2026-12-31 → 2026-11-30；已于3月31日到期，最近一次报送为2026年11月5日 15:30';
    const parts = splitDates(text);
    expect(parts.filter((p) => p.date).map((p) => p.text)).toEqual(['2026-12-31', '2026-11-30', '3月31日', '2026年11月5日', '15:30']);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(splitDates('2026-12-06 11:12')).toEqual([{ text: '2026-12-06 11:12', date: true }]);
  });

  it('leaves text without dates whole, and plain numbers unmarked', () => {
    expect(splitDates('完成率70.0%，目标10 个')).toEqual([{ text: '完成率70.0%，目标10 个', date: false }]);
    expect(splitDates('')).toEqual([]);
  });
});
