import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '@luoshi/shared';
import { mergeActivity } from './patch';

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

describe('mergeActivity', () => {
  it('dedupes by event id, orders newest first and bounds the length', () => {
    const rest = [line('e3', '2026-03-02T01:00:03Z'), line('e2', '2026-03-02T01:00:02Z'), line('e1', '2026-03-02T01:00:01Z')];
    const live = [line('e4', '2026-03-02T01:00:04Z'), line('e3', '2026-03-02T01:00:03Z')];
    expect(mergeActivity(10, live, rest).map((a) => a.eventId)).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(mergeActivity(2, live, rest).map((a) => a.eventId)).toEqual(['e4', 'e3']);
    expect(mergeActivity(10, [], []).length).toBe(0);
  });
});
