import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvent } from '../events/schema';
import { reportKind, sumExact } from '../rules/index';
import {
  MAX_NOTE_LENGTH,
  MAX_REASON_LENGTH,
  checkCorrection,
  checkReport,
  correctionEvent,
  occurredAtFor,
  parseTypedNumber,
  reportEvent,
  type Correctable,
  type ReportTarget,
} from './check';

const jobs: ReportTarget = {
  code: 'TP-JOBS',
  ownerUnit: 'T-JD-A',
  measureKind: 'cumulative',
  uom: '人',
  baseline: 0,
  targetValue: 127,
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
};
const area: ReportTarget = { ...jobs, code: 'TP-AREA', measureKind: 'reading', uom: '平方米', baseline: 1_950_000, targetValue: 2_020_000 };
const rate: ReportTarget = { ...jobs, code: 'TP-RATE', measureKind: 'reading', uom: '%', baseline: 60, targetValue: 95 };
const ratio: ReportTarget = { ...jobs, code: 'TP-RATIO', measureKind: 'ratio', uom: '%' };
const TODAY = '2026-06-10';

const codes = (r: { ok: boolean; problems?: { code: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.code));

describe('parseTypedNumber', () => {
  it.each([
    ['12', 12],
    ['  12.5 ', 12.5],
    ['0', 0],
    ['-3', -3],
    ['1,234', 1234],
    ['1,234,567.89', 1234567.89],
    ['１２．５', 12.5],
    ['１，２３４', 1234],
    ['－５', -5],
    ['1 234', 1234],
    ['\u3000３００\u3000', 300],
  ])('%j → %d', (text, n) => {
    expect(parseTypedNumber(text)).toBe(n);
  });

  it.each(['', '   ', '\u3000'])('empty %j → null', (text) => {
    expect(parseTypedNumber(text)).toBeNull();
  });

  it.each(['abc', '12abc', '1e5', '0x10', 'NaN', 'Infinity', '1,23', '12,3456', '1.2.3', '--1', '.5', '5.', '+5', '五', '1_000', '9'.repeat(400), '1,,234', '12%'])(
    'garbage %j → invalid',
    (text) => {
      expect(parseTypedNumber(text)).toBe('invalid');
    },
  );

  it('never returns a non-finite number and reads what Number prints back', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseTypedNumber(s);
        expect(r === null || r === 'invalid' || Number.isFinite(r)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        expect(parseTypedNumber(String(n))).toBe(n);
        expect(parseTypedNumber(n.toLocaleString('en-US'))).toBe(n);
      }),
    );
  });
});

describe('reportKind', () => {
  it('sums take increments, readings readings, ratios nothing', () => {
    expect(reportKind('cumulative')).toBe('increment');
    expect(reportKind('ceiling')).toBe('increment');
    expect(reportKind('reading')).toBe('reading');
    expect(reportKind('ratio')).toBeNull();
  });
});

describe('checkReport', () => {
  const draft = (value: string, date = TODAY, extra: { note?: string; evidence?: string; uom?: string } = {}) => ({ value, date, ...extra });

  it('accepts a plain report and says what to send', () => {
    expect(checkReport(draft('3', '2026-06-01', { note: ' 招聘会 ', evidence: ' https://example.org/a.jpg ' }), jobs, TODAY)).toEqual({
      ok: true,
      kind: 'increment',
      value: 3,
      date: '2026-06-01',
      note: '招聘会',
      evidence: 'https://example.org/a.jpg',
    });
    expect(checkReport(draft('１，９６０，０００'), area, TODAY)).toMatchObject({ ok: true, kind: 'reading', value: 1_960_000 });
  });

  it('names every problem of a draft at once', () => {
    expect(codes(checkReport(draft('', ''), jobs, TODAY))).toEqual(['value_empty', 'date_empty']);
    expect(codes(checkReport(draft('三', '2026-02-30', { evidence: 'photo.jpg', note: 'x'.repeat(MAX_NOTE_LENGTH + 1) }), jobs, TODAY))).toEqual([
      'value_not_number',
      'date_invalid',
      'note_too_long',
      'evidence_not_link',
    ]);
    expect(checkReport(draft('abc'), jobs, TODAY)).toMatchObject({ ok: false, problems: [{ code: 'value_not_number', params: { text: 'abc' } }] });
  });

  it('refuses future dates, dates outside the period, and impossible dates', () => {
    expect(checkReport(draft('1', '2026-06-11'), jobs, TODAY)).toMatchObject({ ok: false, problems: [{ field: 'date', code: 'date_future', params: { date: '2026-06-11', today: TODAY } }] });
    expect(codes(checkReport(draft('1', '2025-12-31'), jobs, TODAY))).toEqual(['date_out_of_period']);
    expect(checkReport(draft('1', '2026-12-31'), jobs, '2027-01-05')).toMatchObject({ ok: true });
    expect(codes(checkReport(draft('1', '2027-01-01'), jobs, '2027-01-05'))).toEqual(['date_out_of_period']);
    for (const bad of ['2026-02-30', '2026-13-01', '2026-6-1', '2026/06/01', '昨天', '2026-06-01T00:00']) {
      expect(codes(checkReport(draft('1', bad), jobs, TODAY)), bad).toEqual(['date_invalid']);
    }
    expect(checkReport(draft('1', TODAY), jobs, TODAY)).toMatchObject({ ok: true, date: TODAY });
    expect(checkReport(draft('1', ` ${TODAY} `), jobs, TODAY)).toMatchObject({ ok: true, date: TODAY });
  });

  it('applies the value limits and the unit of measure', () => {
    expect(codes(checkReport(draft('12700'), jobs, TODAY))).toEqual(['value_too_large']);
    expect(codes(checkReport(draft('-1'), jobs, TODAY))).toEqual(['value_negative']);
    expect(codes(checkReport(draft('101'), rate, TODAY))).toEqual(['percent_over_100']);
    expect(checkReport(draft('1', TODAY, { uom: '个' }), jobs, TODAY)).toMatchObject({ ok: false, problems: [{ code: 'uom_mismatch', params: { given: '个', uom: '人' } }] });
    expect(checkReport(draft('1', TODAY, { uom: ' 人 ' }), jobs, TODAY)).toMatchObject({ ok: true });
    expect(checkReport(draft('1', TODAY, { uom: '' }), jobs, TODAY)).toMatchObject({ ok: true });
  });

  it('refuses reports on ratio targets (computed from their parts)', () => {
    expect(codes(checkReport(draft('1'), ratio, TODAY))).toEqual(['target_not_reportable']);
  });

  it('never sends −0', () => {
    const r = checkReport(draft('-0'), jobs, TODAY);
    expect(r.ok && Object.is(r.value, -0)).toBe(false);
  });

  it('builds an event the shared schema accepts', () => {
    const now = new Date('2026-06-10T03:00:00Z');
    const r = checkReport(draft('3', '2026-06-01', { note: '招聘会' }), jobs, TODAY);
    if (!r.ok) throw new Error('expected ok');
    const e = reportEvent('web-1', 'TP-JOBS', r, now);
    expect(e).toEqual({ id: 'web-1', target: 'TP-JOBS', kind: 'increment', value: 3, occurredAt: '2026-06-01T12:00:00+08:00', note: '招聘会' });
    expect(checkEvent(e, now)).toMatchObject({ ok: true });
  });
});

describe('occurredAtFor', () => {
  it('sends today as now, and a back-dated report as noon China time of its day', () => {
    const now = new Date('2026-06-10T03:00:00.000Z'); // 11:00 in China
    expect(occurredAtFor('2026-06-10', now)).toBe('2026-06-10T03:00:00.000Z');
    expect(occurredAtFor('2026-06-09', now)).toBe('2026-06-09T12:00:00+08:00');
  });

  it('uses the China date, not UTC: at 01:00 China time UTC is still on the day before', () => {
    const now = new Date('2026-06-09T17:00:00.000Z'); // 2026-06-10 01:00 in China
    expect(occurredAtFor('2026-06-10', now)).toBe(now.toISOString());
    expect(occurredAtFor('2026-06-09', now)).toBe('2026-06-09T12:00:00+08:00');
  });
});

describe('checkCorrection', () => {
  const inc: Correctable = { id: 'web-1', kind: 'increment', effectiveValue: 5, occurredAt: '2026-06-01T12:00:00+08:00' };
  const read: Correctable = { id: 'web-2', kind: 'reading', effectiveValue: 1_960_000, occurredAt: '2026-06-01T12:00:00+08:00' };

  it('sends a signed delta for an increment (right − in force)', () => {
    expect(checkCorrection('3', ' 重复统计 ', inc, jobs)).toEqual({ ok: true, delta: -2, value: 3, reason: '重复统计' });
    expect(checkCorrection('8', '漏报', inc, jobs)).toEqual({ ok: true, delta: 3, value: 8, reason: '漏报' });
    expect(checkCorrection('0', '不应计入', inc, jobs)).toMatchObject({ ok: true, delta: -5 });
  });

  it('sends the right reading itself for a reading (it replaces the corrected one)', () => {
    expect(checkCorrection('1,955,000', '录入错误', read, area)).toEqual({ ok: true, delta: 1_955_000, value: 1_955_000, reason: '录入错误' });
  });

  it('keeps deltas at typing precision', () => {
    const fractional: Correctable = { ...inc, effectiveValue: sumExact([0.1, 0.2]) };
    expect(checkCorrection('0.4', '更正', fractional, jobs)).toMatchObject({ ok: true, delta: 0.1 });
    expect(checkCorrection('0.3', '更正', fractional, jobs)).toMatchObject({ ok: false, problems: [{ code: 'correction_no_change' }] });
  });

  it('refuses a correction that changes nothing, an empty or long reason, and bad values', () => {
    expect(codes(checkCorrection('5', '没变', inc, jobs))).toEqual(['correction_no_change']);
    expect(codes(checkCorrection('1,960,000', '没变', read, area))).toEqual(['correction_no_change']);
    expect(codes(checkCorrection('3', '  ', inc, jobs))).toEqual(['reason_empty']);
    expect(checkCorrection('3', 'x'.repeat(MAX_REASON_LENGTH + 1), inc, jobs)).toMatchObject({ ok: false, problems: [{ field: 'reason', code: 'note_too_long' }] });
    expect(codes(checkCorrection('', '', inc, jobs))).toEqual(['value_empty', 'reason_empty']);
    expect(codes(checkCorrection('x', '错', inc, jobs))).toEqual(['value_not_number']);
    expect(codes(checkCorrection('-1', '错', inc, jobs))).toEqual(['value_negative']);
    expect(codes(checkCorrection('99999', '错', inc, jobs))).toEqual(['value_too_large']);
    expect(codes(checkCorrection('120', '错', { ...read, effectiveValue: 90 }, rate))).toEqual(['percent_over_100']);
  });

  it('builds a correction event the shared schema accepts, dated now', () => {
    const now = new Date('2026-06-10T03:00:00.000Z');
    const c = checkCorrection('3', '重复统计', inc, jobs);
    if (!c.ok) throw new Error('expected ok');
    const e = correctionEvent('web-3', 'TP-JOBS', inc, c, now);
    expect(e).toEqual({ id: 'web-3', target: 'TP-JOBS', kind: 'correction', value: -2, occurredAt: now.toISOString(), corrects: 'web-1', reason: '重复统计' });
    expect(checkEvent(e, now)).toMatchObject({ ok: true });
  });
});
