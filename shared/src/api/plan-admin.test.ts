import { describe, expect, it } from 'vitest';
import { carriedValue, publishGaps, reasonProblem, shiftYears, targetFieldProblems } from './plan-admin';

describe('targetFieldProblems', () => {
  it('a new target needs title, owner unit, uom, target value and due date', () => {
    expect(targetFieldProblems({}, true).map((p) => p.field)).toEqual(['title', 'ownerUnit', 'uom', 'targetValue', 'dueDate']);
  });
  it('a patch is judged on the fields it has', () => {
    expect(targetFieldProblems({ weight: 2, version: 3, reason: 'x' }, false)).toEqual([]);
    expect(targetFieldProblems({ targetValue: Number.NaN }, false).map((p) => p.code)).toEqual(['invalid_number']);
    expect(targetFieldProblems({ reportingIntervalDays: 1.5 }, false).map((p) => p.code)).toEqual(['invalid_number']);
    expect(targetFieldProblems({ measureKind: 'sum' }, false).map((p) => p.code)).toEqual(['invalid_choice']);
    expect(targetFieldProblems({ milestones: [{ date: '2026-02-30', value: 1 }] }, false).map((p) => p.code)).toEqual(['invalid_milestones']);
    expect(targetFieldProblems({ startDate: '2026-05-01', dueDate: '2026-04-01' }, false).map((p) => p.code)).toEqual(['date_order']);
    expect(targetFieldProblems({ owner: 'x' }, false).map((p) => p.code)).toEqual(['unknown_field']);
  });
  it('reasons are required and bounded', () => {
    expect(reasonProblem(' ')?.code).toBe('required');
    expect(reasonProblem('x'.repeat(501))?.code).toBe('too_long');
    expect(reasonProblem('区里调整')).toBeNull();
  });
});

describe('publishGaps', () => {
  const plan = { periodStart: '2026-01-01', periodEnd: '2026-12-31' };
  it('lists each missing piece by target', () => {
    const gaps = publishGaps(
      plan,
      [
        { code: 'A', ownerUnit: 'U', targetValue: 3, dueDate: '2026-12-31' },
        { code: 'B', ownerUnit: 'GONE', targetValue: 0, dueDate: '2027-01-01' },
      ],
      new Set(['U']),
    );
    expect(gaps.map((g) => `${g.target}.${g.field}`)).toEqual(['B.ownerUnit', 'B.targetValue', 'B.dueDate']);
    expect(publishGaps(plan, [], new Set())).toEqual([{ target: null, field: 'targets', message: 'the plan has no targets' }]);
  });
});

describe('rollover helpers', () => {
  it('shifts dates by years, 29 Feb to 28 Feb', () => {
    expect(shiftYears('2026-03-31', 1)).toBe('2027-03-31');
    expect(shiftYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(shiftYears('2023-02-28', 1)).toBe('2024-02-28');
  });
  it('carries what is left of an unfinished cumulative target only', () => {
    expect(carriedValue({ targetValue: 10, current: 7, direction: 'up', measureKind: 'cumulative' })).toBe(13);
    expect(carriedValue({ targetValue: 10, current: 12, direction: 'up', measureKind: 'cumulative' })).toBe(10);
    expect(carriedValue({ targetValue: 10, current: 2, direction: 'up', measureKind: 'reading' })).toBe(10);
    expect(carriedValue({ targetValue: 10, current: 20, direction: 'down', measureKind: 'cumulative' })).toBe(10);
  });
});
