import { describe, expect, it } from 'vitest';
import { assessTarget, pct as sharedPct } from '@luoshi/shared';
import { zh } from '../i18n/messages';
import { en } from '../i18n/messages.en';
import { barPct, baselineNote, completionText, OVER_ACHIEVED_PCT, progressMark, valueAxis } from './progress';

const tz = (k: keyof typeof zh): string => zh[k];
const ten = (k: keyof typeof en): string => en[k];

const reading = { measureKind: 'reading' as const, baseline: 90, targetValue: 95, value: 93.8, pct: 76, uom: '%' };
const ceiling = { measureKind: 'ceiling' as const, baseline: 0, targetValue: 60, value: 51, pct: 100, uom: '件' };
const cumulative = { measureKind: 'cumulative' as const, baseline: 0, targetValue: 100, value: 50, pct: 50, uom: '人' };

describe('ceilings (issue 18.3)', () => {
  it('51 of a 60 ceiling reads 未超限, not 100%; the bar shows the allowance used', () => {
    expect(completionText(ceiling, tz)).toBe('未超限');
    expect(completionText(ceiling, ten)).toBe('Within limit');
    expect(barPct(ceiling)).toBe(85);
    expect(progressMark(ceiling)).toBe('within');
  });
  it('over the ceiling reads 超限', () => {
    const over = { ...ceiling, value: 61, pct: sharedPct({ ...ceiling, direction: 'down' }, 61) };
    expect(completionText(over, tz)).toBe('超限');
    expect(progressMark(over)).toBe('breached');
    expect(barPct(over)).toBeGreaterThan(100);
  });
  it('a zero ceiling: 0 is within, anything is over', () => {
    expect(barPct({ ...ceiling, targetValue: 0, value: 0 })).toBe(0);
    expect(progressMark({ ...ceiling, targetValue: 0, value: 1 })).toBe('breached');
  });
  it('the shared status rule: never achieved mid-period, on track while under, achieved at the end', () => {
    const target = {
      measureKind: 'ceiling' as const,
      direction: 'down' as const,
      baseline: 0,
      targetValue: 60,
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
      milestones: [],
      reportingIntervalDays: 30,
    };
    const input = { value: 51, lastUpdate: '2026-12-01T02:00:00Z', daily: [] };
    expect(assessTarget(target, input, '2026-12-06').status).toBe('on_track');
    expect(assessTarget(target, { ...input, value: 61 }, '2026-12-06').status).toBe('at_risk');
    expect(assessTarget(target, input, '2027-01-01').status).toBe('achieved');
  });
});

describe('baselines (issue 18.2)', () => {
  it('a reading from 90 to 95 says so, in both languages', () => {
    expect(baselineNote(reading, tz, 'zh-CN')).toBe('基线 90% → 目标 95%');
    expect(baselineNote(reading, ten, 'en')).toBe('Baseline 90% → target 95%');
  });
  it('no note where completion is plain value ÷ target', () => {
    expect(baselineNote(cumulative, tz, 'zh-CN')).toBeNull();
    expect(baselineNote(ceiling, tz, 'zh-CN')).toBeNull();
  });
  it("a reading's chart axis fits baseline–target, not 0–100", () => {
    const [lo, hi] = valueAxis(reading, [90, 91.2, 93.8, 95]);
    expect(lo).toBeGreaterThanOrEqual(85);
    expect(lo).toBeLessThanOrEqual(90);
    expect(hi).toBeGreaterThanOrEqual(95);
    expect(hi).toBeLessThanOrEqual(100);
  });
  it('a reading that falls below its baseline stays on the axis', () => {
    const [lo] = valueAxis(reading, [88.2]);
    expect(lo).toBeLessThanOrEqual(88.2);
  });
  it('cumulative targets keep 0 at the bottom', () => {
    expect(valueAxis(cumulative, [50, 120])[0]).toBe(0);
    expect(valueAxis(cumulative, [50, 120])[1]).toBeGreaterThanOrEqual(120);
  });
});

describe('over-achievement (issue 18.4)', () => {
  it(`marks a target from ${OVER_ACHIEVED_PCT}% on, not before`, () => {
    expect(progressMark({ ...cumulative, pct: 134 })).toBe('over');
    expect(progressMark({ ...cumulative, pct: 119.9 })).toBeNull();
    expect(progressMark({ ...cumulative, pct: Number.NaN })).toBeNull();
  });
});
