import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate } from '../calendar/ymd';
import type { ProgressEvent } from '../events/schema';
import { ACCEPTANCE_CHECKS, TARGET_CHECKS, acceptanceRefusal, judgeSequence, sequenceKey, type RuleTarget } from './accept';
import { ACCEPTS, correctableKind, reportKind, sumsEvents } from './measures';

const jobs: RuleTarget = { code: 'J', planId: 'P', planStatus: 'published', lifecycle: 'active', measureKind: 'cumulative', uom: '人', baseline: 0, targetValue: 127, periodStart: '2026-01-01', periodEnd: '2026-12-31' };
const rate: RuleTarget = { code: 'R', planId: 'P', planStatus: 'published', lifecycle: 'active', measureKind: 'reading', uom: '%', baseline: 60, targetValue: 95, periodStart: '2026-01-01', periodEnd: '2026-12-31' };
const ev = (id: string, target: string, value: number, more: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id,
  target,
  kind: target === 'R' ? 'reading' : 'increment',
  value,
  occurredAt: '2026-03-02T09:00:00+08:00',
  ...more,
});
const codes = (rs: ReturnType<typeof judgeSequence>) => rs.map((r) => r?.code ?? 'ok');

describe('the measure table', () => {
  it('derives what each measure accepts, corrects, reports and sums', () => {
    expect(ACCEPTS).toEqual({
      cumulative: ['increment', 'correction', 'note'],
      ceiling: ['increment', 'correction', 'note'],
      reading: ['reading', 'correction', 'note'],
      ratio: ['note'],
    });
    expect([correctableKind('cumulative'), correctableKind('reading'), correctableKind('ratio'), correctableKind('nope')]).toEqual(['increment', 'reading', '', '']);
    expect([reportKind('ceiling'), reportKind('ratio')]).toEqual(['increment', null]);
    expect([sumsEvents('ceiling'), sumsEvents('reading'), sumsEvents('nope')]).toEqual([true, false, false]);
  });

  it('keeps the value bounds last, after what the target accepts', () => {
    expect(TARGET_CHECKS.slice(0, ACCEPTANCE_CHECKS.length)).toEqual(ACCEPTANCE_CHECKS);
    expect(TARGET_CHECKS).toHaveLength(ACCEPTANCE_CHECKS.length + 1);
  });
});

describe('lifecycle (issue 16) is judged first, for every kind of event', () => {
  it('refuses a draft or closed plan and a cancelled target before anything else', () => {
    const wrongKind = ev('x', 'J', 1, { kind: 'reading' });
    expect(acceptanceRefusal(wrongKind, jobs)?.code).toBe('kind_mismatch');
    expect(acceptanceRefusal(wrongKind, { ...jobs, planStatus: 'draft' })?.code).toBe('plan_not_open');
    expect(acceptanceRefusal(ev('y', 'J', 1), { ...jobs, planStatus: 'closed' })?.code).toBe('plan_not_open');
    expect(acceptanceRefusal(ev('z', 'J', 1, { kind: 'note' }), { ...jobs, lifecycle: 'cancelled' })?.code).toBe('target_cancelled');
    expect(acceptanceRefusal(ev('w', 'J', 1), jobs)).toBeNull();
  });
});

describe('judgeSequence', () => {
  it('judges each event on the running total, counting only accepted ones', () => {
    const items = [ev('a', 'J', 700), ev('b', 'J', 700), ev('c', 'J', 570), ev('d', 'J', 1)].map((event) => ({ event, target: jobs }));
    expect(codes(judgeSequence(items, new Map([['J', 0]])))).toEqual(['ok', 'invalid_value', 'ok', 'invalid_value']);
  });

  it('does not judge or count duplicates (stored, or repeated in the list)', () => {
    const items = [ev('a', 'J', 1000), ev('a', 'J', 1000), ev('b', 'J', 270)].map((event) => ({ event, target: jobs }));
    expect(codes(judgeSequence(items, new Map([['J', 0]])))).toEqual(['ok', 'ok', 'ok']);
    expect(codes(judgeSequence([{ event: ev('old', 'J', 5000), target: jobs }], new Map([['J', 1200]]), new Set([sequenceKey('J', 'old')])))).toEqual(['ok']);
  });

  it('judges a correction by the total it produces; a deferred one by acceptance only', () => {
    const fix = ev('f', 'J', -50, { kind: 'correction', corrects: 'x', reason: '撤回' });
    expect(codes(judgeSequence([{ event: fix, target: jobs }], new Map([['J', 40]])))).toEqual(['invalid_value']);
    expect(codes(judgeSequence([{ event: fix, target: jobs }], new Map([['J', 40]]), new Set(), new Set([sequenceKey('J', 'f')])))).toEqual(['ok']);
    const late = { ...fix, occurredAt: '2027-01-02T09:00:00+08:00' };
    expect(codes(judgeSequence([{ event: late, target: jobs }], new Map([['J', 40]]), new Set(), new Set([sequenceKey('J', 'f')])))).toEqual(['out_of_period']);
  });

  it('names the same first problem in the same order: kind, uom, period, value', () => {
    const bad = ev('k', 'R', 5000, { kind: 'increment', uom: '人', occurredAt: '2027-01-02T09:00:00+08:00' });
    expect(codes(judgeSequence([{ event: bad, target: rate }], new Map()))).toEqual(['kind_mismatch']);
    expect(codes(judgeSequence([{ event: { ...bad, kind: 'reading' }, target: rate }], new Map()))).toEqual(['uom_mismatch']);
    expect(codes(judgeSequence([{ event: { ...bad, kind: 'reading', uom: '%' }, target: rate }], new Map()))).toEqual(['out_of_period']);
    const r = judgeSequence([{ event: ev('p', 'R', 5000, { kind: 'correction', corrects: 'x', reason: '错' }), target: rate }], new Map([['R', 80]]));
    expect(r[0]).toEqual({ code: 'invalid_value', message: 'field "value": 5000 would make target R read 5000, over 100; it is measured in %' });
  });

  it('with acceptanceJudged judges the value bounds only, with the same verdicts on events that pass acceptance', () => {
    const items = [ev('a', 'J', 700), ev('b', 'J', 700), ev('a', 'J', 700), ev('c', 'J', 570), ev('d', 'J', 1)].map((event) => ({ event, target: jobs }));
    const full = judgeSequence(items, new Map([['J', 0]]));
    expect(judgeSequence(items, new Map([['J', 0]]), new Set(), new Set(), { acceptanceJudged: true })).toEqual(full);
    expect(codes(full)).toEqual(['ok', 'invalid_value', 'ok', 'ok', 'invalid_value']);
    // The acceptance rules really are skipped: the caller answers for them.
    const late = ev('l', 'J', 1, { occurredAt: '2027-01-02T09:00:00+08:00' });
    expect(codes(judgeSequence([{ event: late, target: jobs }], new Map([['J', 0]])))).toEqual(['out_of_period']);
    expect(codes(judgeSequence([{ event: late, target: jobs }], new Map([['J', 0]]), new Set(), new Set(), { acceptanceJudged: true }))).toEqual(['ok']);
    expect(codes(judgeSequence([{ event: late, target: jobs }], new Map([['J', 0]]), new Set(), new Set([sequenceKey('J', 'l')]), { acceptanceJudged: true }))).toEqual(['ok']);
  });
});

describe('the plan period', () => {
  it('accepts exactly the instants whose China date lies in the period (compared as instants, as dates before)', () => {
    // Instants around the period's edges, written with and without an offset, and bare dates.
    const edge = Date.parse('2026-01-01T00:00:00+08:00');
    const end = Date.parse('2027-01-01T00:00:00+08:00');
    const instant = fc.oneof(fc.integer({ min: edge - 2 * 86_400_000, max: edge + 2 * 86_400_000 }), fc.integer({ min: end - 2 * 86_400_000, max: end + 2 * 86_400_000 }));
    const text = fc.oneof(
      instant.map((ms) => new Date(ms).toISOString()),
      instant.map((ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)),
      instant.map((ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10)),
      fc.constantFrom('2026-02-30', 'not a date', '2026-13-01T00:00:00Z'),
    );
    fc.assert(
      fc.property(text, (occurredAt) => {
        const day = chinaDate(occurredAt);
        const inPeriod = day !== null && day >= jobs.periodStart && day <= jobs.periodEnd;
        expect(acceptanceRefusal(ev('p', 'J', 1, { occurredAt }), jobs)?.code ?? 'ok').toBe(inPeriod ? 'ok' : 'out_of_period');
      }),
      { numRuns: 2_000 },
    );
  });
});
