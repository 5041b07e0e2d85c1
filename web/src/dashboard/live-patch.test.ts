import { describe, expect, it } from 'vitest';
import type { TargetUpdate } from '@luoshi/shared';
import { patchState, patchView } from './live-patch';
import { overview, target } from './test-fixtures';

const u = (over: Partial<TargetUpdate> = {}): TargetUpdate => ({
  target: 'A',
  planId: 'P',
  ownerUnit: 'U-A',
  value: 60,
  pct: 60,
  status: 'achieved',
  forecastDate: null,
  lastOccurredAt: '2026-11-21T02:00:00Z',
  version: 2,
  ...over,
});

describe('patchState', () => {
  it('takes a newer update', () => {
    expect(patchState(target('A'), u())).toMatchObject({ value: 60, pct: 60, status: 'achieved', version: 2 });
  });
  it('drops an older or equal one, and one for another target', () => {
    const t = target('A', { version: 5 });
    expect(patchState(t, u({ version: 5 }))).toBe(t);
    expect(patchState(target('B'), u())).toEqual(target('B'));
  });
});

describe('patchView', () => {
  it("patches an overview's targets and returns the same object when nothing changed", () => {
    const o = overview([target('A'), target('B')]);
    const p = patchView(o, [u()]) as typeof o;
    expect(p.targets[0]!.value).toBe(60);
    expect(p.targets[1]).toBe(o.targets[1]);
    expect(patchView(o, [u({ target: 'Z' })])).toBe(o);
  });
  it('leaves other data alone', () => {
    const log = [{ id: 'e1' }];
    expect(patchView(log, [u()])).toBe(log);
    expect(patchView(undefined, [u()])).toBeUndefined();
  });
});
