import { describe, expect, it } from 'vitest';
import type { ActivityItem, TargetUpdate } from '@luoshi/shared';
import { mergeActivity, patchList, patchTarget } from './patch';

const row = (code: string, version: number, value = version) => ({ code, version, value, lastOccurredAt: null as string | null });
const upd = (target: string, version: number, value = version): TargetUpdate => ({
  target,
  planId: 'P',
  ownerUnit: 'U',
  value,
  pct: 10,
  status: 'on_track',
  forecastDate: null,
  lastOccurredAt: '2026-03-02T01:00:00.000Z',
  version,
});
const line = (eventId: string, receivedAt: string): ActivityItem => ({
  eventId,
  planId: 'P',
  target: 'T',
  targetTitle: 'T',
  uom: '人',
  ownerUnit: 'U',
  kind: 'increment',
  value: 1,
  occurredAt: receivedAt,
  receivedAt,
  reporter: null,
  source: null,
  note: null,
  corrects: null,
});

describe('patchTarget / patchList', () => {
  it('applies only newer versions and keeps the object when nothing changes', () => {
    const t = row('A', 5);
    expect(patchTarget(t, upd('A', 4))).toBe(t);
    expect(patchTarget(t, upd('A', 5))).toBe(t);
    expect(patchTarget(t, upd('B', 9))).toBe(t);
    expect(patchTarget(t, upd('A', 6, 60))).toMatchObject({ version: 6, value: 60, lastOccurredAt: '2026-03-02T01:00:00.000Z' });
    expect(patchTarget({ ...t, pct: 1 }, upd('A', 6))).toMatchObject({ pct: 10 });
  });

  it('returns the same list when no update is newer (no cache write loop)', () => {
    const list = [row('A', 5), row('B', 2)];
    expect(patchList(list, new Map([['A', upd('A', 5)]]))).toBe(list);
    const next = patchList(list, new Map([['B', upd('B', 3)]]));
    expect(next).not.toBe(list);
    expect(next[0]).toBe(list[0]);
    expect(next[1]!.version).toBe(3);
  });
});

describe('mergeActivity', () => {
  it('dedupes by event id, orders newest first and bounds the length', () => {
    const rest = [line('e3', '2026-03-02T01:00:03Z'), line('e2', '2026-03-02T01:00:02Z'), line('e1', '2026-03-02T01:00:01Z')];
    const live = [line('e4', '2026-03-02T01:00:04Z'), line('e3', '2026-03-02T01:00:03Z')];
    expect(mergeActivity(10, live, rest).map((a) => a.eventId)).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(mergeActivity(2, live, rest).map((a) => a.eventId)).toEqual(['e4', 'e3']);
    expect(mergeActivity(10, [], []).length).toBe(0);
  });
});
