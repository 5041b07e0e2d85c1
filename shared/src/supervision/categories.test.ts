import { describe, expect, it } from 'vitest';
import { bulletinCategory, categoryCounts, thresholdsProblem } from './categories';

describe('bulletinCategory', () => {
  it('sorts targets into 已完成, 超进度, 达进度, 欠进度', () => {
    expect(bulletinCategory({ status: 'achieved', paceRatio: 2 })).toBe('finished');
    expect(bulletinCategory({ status: 'on_track', paceRatio: 1.2 })).toBe('ahead');
    expect(bulletinCategory({ status: 'on_track', paceRatio: 1 })).toBe('on_pace');
    expect(bulletinCategory({ status: 'behind', paceRatio: 0.9 })).toBe('behind');
    expect(bulletinCategory({ status: 'stale', paceRatio: 1.5 })).toBe('behind');
    expect(bulletinCategory({ status: 'overdue', paceRatio: null })).toBe('behind');
    expect(bulletinCategory({ status: 'not_started', paceRatio: null })).toBe('on_pace');
  });

  it('takes thresholds from the deployment', () => {
    expect(bulletinCategory({ status: 'on_track', paceRatio: 1.08 }, { aheadFrom: 1.1, onPaceFrom: 0.9 })).toBe('on_pace');
    expect(bulletinCategory({ status: 'on_track', paceRatio: 0.92 }, { aheadFrom: 1.1, onPaceFrom: 0.95 })).toBe('behind');
    expect(thresholdsProblem({ aheadFrom: 0.9, onPaceFrom: 0.95 })).toMatch(/aheadFrom/);
    expect(thresholdsProblem({ aheadFrom: 1.05, onPaceFrom: 0.95 })).toBeNull();
  });

  it('counts every category, zeros included', () => {
    expect(categoryCounts(['finished', 'behind', 'behind'])).toEqual({ finished: 1, ahead: 0, on_pace: 0, behind: 2 });
  });
});
