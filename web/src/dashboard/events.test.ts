import { describe, expect, it } from 'vitest';
import type { EventLogEntry } from '@luoshi/shared';
import { correctedValue, eventLog } from './events';

const e = (
  id: string,
  kind: EventLogEntry['kind'],
  value: number,
  day: string,
  corrects: string | null = null,
): EventLogEntry => ({
  id,
  kind,
  value,
  occurredAt: `2026-11-${day}T01:00:00Z`,
  receivedAt: `2026-11-${day}T01:00:05Z`,
  reporter: '王五',
  source: null,
  note: null,
  evidence: null,
  corrects,
  reason: corrects ? '录入错误' : null,
  correctedBy: [],
  photos: [],
});

describe('eventLog', () => {
  it('puts each correction under the report it corrects, following chains; newest report first', () => {
    const log = eventLog([
      e('a', 'increment', 12, '10'),
      e('b', 'increment', 5, '12'),
      e('c', 'correction', -2, '13', 'a'),
      e('d', 'correction', 1, '14', 'c'),
    ]);
    expect(log.map((i) => i.entry.id)).toEqual(['b', 'a']);
    expect(log[1]!.corrections.map((c) => c.id)).toEqual(['c', 'd']);
    expect(correctedValue(log[1]!, 'cumulative')).toBe(11);
    expect(correctedValue(log[0]!, 'cumulative')).toBeNull();
  });
  it('lists a correction whose original is missing on its own, marked', () => {
    const log = eventLog([e('x', 'correction', -1, '10', 'gone')]);
    expect(log).toHaveLength(1);
    expect(log[0]!.orphan).toBe(true);
  });
  it('takes the latest correction of a reading as its value', () => {
    const log = eventLog([
      e('r', 'reading', 78, '10'),
      e('c1', 'correction', 79, '11', 'r'),
      e('c2', 'correction', 80, '12', 'r'),
    ]);
    expect(correctedValue(log[0]!, 'reading')).toBe(80);
  });
  it('survives a correction cycle', () => {
    expect(eventLog([e('p', 'correction', 1, '10', 'q'), e('q', 'correction', 1, '11', 'p')])).toHaveLength(2);
  });
});
