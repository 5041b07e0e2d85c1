import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TargetUpdate } from '@luoshi/shared';
import { Coalescer } from './coalescer';

const update = (target: string, version: number, value = version): TargetUpdate => ({
  target,
  planId: 'P',
  value,
  pct: null,
  status: null,
  forecastDate: null,
  lastOccurredAt: null,
  version,
});

describe('Coalescer', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a burst on one target once per tick, with the latest state', () => {
    vi.useFakeTimers();
    const sent: TargetUpdate[][] = [];
    const c = new Coalescer(100, (u) => sent.push(u));
    for (let v = 1; v <= 1000; v++) c.push(update('T1', v));
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual([[update('T1', 1000)]]);
  });

  it('keeps targets apart and drops stale versions', () => {
    vi.useFakeTimers();
    const sent: TargetUpdate[][] = [];
    const c = new Coalescer(50, (u) => sent.push(u));
    c.push(update('A', 5));
    c.push(update('B', 1));
    c.push(update('A', 4));
    vi.advanceTimersByTime(50);
    expect(sent[0]).toEqual([update('A', 5), update('B', 1)]);
    c.push(update('A', 6));
    vi.advanceTimersByTime(50);
    expect(sent[1]).toEqual([update('A', 6)]);
  });
});
