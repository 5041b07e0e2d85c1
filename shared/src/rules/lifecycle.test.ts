import { describe, expect, it } from 'vitest';
import { lifecycleProblem, mayTransition } from './lifecycle';

const at = (planStatus: string, targetStatus = 'active') => lifecycleProblem({ target: 'T1', plan: 'P1', planStatus, targetStatus });

describe('lifecycleProblem', () => {
  it('accepts reports on active targets of published plans only', () => {
    expect(at('published')).toBeNull();
  });
  it('refuses drafts and closed plans with plan_not_open, naming target and plan', () => {
    expect(at('draft')).toEqual({ code: 'plan_not_open', message: expect.stringMatching(/T1.*P1.*draft/) as unknown });
    expect(at('closed')).toEqual({ code: 'plan_not_open', message: expect.stringMatching(/closed/) as unknown });
    expect(at('something-else')?.code).toBe('plan_not_open');
  });
  it('refuses cancelled targets with target_cancelled', () => {
    expect(at('published', 'cancelled')).toEqual({ code: 'target_cancelled', message: expect.stringContaining('T1') as unknown });
  });
  it('names the plan first when both are wrong (publishing is the admin\'s next step)', () => {
    expect(at('draft', 'cancelled')?.code).toBe('plan_not_open');
  });
});

describe('mayTransition', () => {
  it('allows draft → published → closed only', () => {
    expect(mayTransition('draft', 'published')).toBe(true);
    expect(mayTransition('published', 'closed')).toBe(true);
    for (const [f, t] of [['draft', 'closed'], ['published', 'draft'], ['closed', 'published'], ['closed', 'draft'], ['x', 'published']] as const) {
      expect(mayTransition(f, t), `${f} → ${t}`).toBe(false);
    }
  });
});
