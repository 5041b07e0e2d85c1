import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityItem, TargetUpdate } from '@luoshi/shared';
import { Coalescer, GATHER_MS, MAX_ACTIVITY_PER_TICK_BUFFER, type Tick } from './coalescer';

const update = (target: string, version: number, value = version): TargetUpdate => ({
  target,
  planId: 'P',
  ownerUnit: 'U',
  value,
  pct: null,
  status: 'on_track',
  forecastDate: null,
  lastOccurredAt: null,
  version,
});

const item = (eventId: string): ActivityItem => ({
  eventId,
  planId: 'P',
  target: 'A',
  targetTitle: 'A',
  uom: '人',
  ownerUnit: 'U',
  kind: 'increment',
  value: 1,
  occurredAt: '2026-03-02T01:00:00.000Z',
  receivedAt: '2026-03-02T01:00:00.000Z',
  reporter: null,
  source: null,
  note: null,
  corrects: null,
});

describe('Coalescer', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a burst on one target once per tick, with the latest state', () => {
    vi.useFakeTimers();
    const sent: Tick[] = [];
    const c = new Coalescer(100, (t) => sent.push(t));
    for (let v = 1; v <= 1000; v++) c.push(update('T1', v));
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.updates).toEqual([update('T1', 1000)]);
  });

  it('keeps targets apart and drops stale versions', () => {
    vi.useFakeTimers();
    const sent: Tick[] = [];
    const c = new Coalescer(50, (t) => sent.push(t));
    c.push(update('A', 5));
    c.push(update('B', 1));
    c.push(update('A', 4));
    vi.advanceTimersByTime(50);
    expect(sent[0]!.updates).toEqual([update('A', 5), update('B', 1)]);
    c.push(update('A', 6));
    vi.advanceTimersByTime(50);
    expect(sent[1]!.updates).toEqual([update('A', 6)]);
  });

  it('keeps every feed line of a tick in arrival order, and counts what a runaway burst pushed out', () => {
    vi.useFakeTimers();
    const sent: Tick[] = [];
    const c = new Coalescer(100, (t) => sent.push(t));
    c.push(update('A', 1), [item('e1')]);
    c.push(update('A', 2), [item('e2'), item('e3')]);
    vi.advanceTimersByTime(100);
    expect(sent[0]!.activity.map((a) => a.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect(sent[0]!.activityOverflow).toBe(0);
    for (let i = 0; i < MAX_ACTIVITY_PER_TICK_BUFFER + 10; i++) c.push(update('A', 3 + i), [item(`b${i}`)]);
    vi.advanceTimersByTime(100);
    expect(sent[1]!.activity).toHaveLength(MAX_ACTIVITY_PER_TICK_BUFFER);
    expect(sent[1]!.activity[0]!.eventId).toBe('b10');
    expect(sent[1]!.activityOverflow).toBe(10);
  });

  it('sends the first change after a quiet spell at once, and then no more than one per tick', () => {
    vi.useFakeTimers();
    const sent: { at: number; tick: Tick }[] = [];
    const c = new Coalescer(100, (tick) => sent.push({ at: performance.now(), tick }));
    const t0 = performance.now();
    c.push(update('A', 1));
    vi.advanceTimersByTime(GATHER_MS);
    expect(sent).toHaveLength(1); // leading edge: GATHER_MS, not a whole tick
    expect(sent[0]!.at - t0).toBe(GATHER_MS);
    for (let v = 2; v <= 50; v++) {
      c.push(update('A', v));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(200);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(gaps.every((g) => g >= 100)).toBe(true);
    expect(sent.at(-1)!.tick.updates[0]!.version).toBe(50);
  });

  it('runs no timer while idle', () => {
    vi.useFakeTimers();
    const c = new Coalescer(100, () => undefined);
    expect(vi.getTimerCount()).toBe(0);
    c.push(update('A', 1));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps every receipt of a tick, uncapped, and flushes a tick with receipts only', () => {
    vi.useFakeTimers();
    const sent: Tick[] = [];
    const c = new Coalescer(100, (t) => sent.push(t));
    const n = MAX_ACTIVITY_PER_TICK_BUFFER + 10;
    c.pushReceipts(Array.from({ length: n }, (_, i) => ({ eventId: `r${i}`, target: 'A', ownerUnit: 'U', outcome: 'counted' as const, code: null, message: null, at: 'x' })));
    c.pushReceipts([]);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.updates).toEqual([]);
    expect(sent[0]!.receipts).toHaveLength(n);
    expect(sent[0]!.receipts[0]!.eventId).toBe('r0');
    vi.advanceTimersByTime(500);
    expect(sent).toHaveLength(1);
  });
});
