import { describe, expect, it } from 'vitest';
import type { EventLogEntry } from '@luoshi/shared';
import { correctables } from './corrections';

const e = (
  id: string,
  kind: EventLogEntry['kind'],
  value: number,
  at: string,
  corrects: string | null = null,
): EventLogEntry => ({
  id,
  kind,
  value,
  occurredAt: at,
  receivedAt: at,
  reporter: null,
  source: null,
  note: null,
  evidence: null,
  corrects,
  reason: corrects ? 'r' : null,
  correctedBy: [],
  photos: [],
});

describe('correctables', () => {
  it('an increment counts for its value plus every correction in its chain', () => {
    const log = [
      e('c2', 'correction', 2, '2026-03-03T00:00:00Z', 'c1'),
      e('c1', 'correction', -5, '2026-03-02T00:00:00Z', 'a'),
      e('a', 'increment', 50, '2026-03-01T00:00:00Z'),
      e('n', 'note', 0, '2026-03-01T00:00:00Z'),
    ];
    expect(correctables(log).map((c) => [c.id, c.effectiveValue])).toEqual([['a', 47]]);
  });

  it('a reading counts for its latest correction (time, then id), else itself', () => {
    const log = [
      e('r1', 'reading', 80, '2026-03-01T00:00:00Z'),
      e('x', 'correction', 70, '2026-03-02T00:00:00Z', 'r1'),
      e('y', 'correction', 75, '2026-03-02T00:00:00Z', 'x'),
      e('r2', 'reading', 90, '2026-03-05T00:00:00Z'),
    ];
    expect(correctables(log).map((c) => [c.id, c.kind, c.effectiveValue])).toEqual([
      ['r1', 'reading', 75],
      ['r2', 'reading', 90],
    ]);
  });

  it('a correction whose original is not in the log changes nothing here', () => {
    expect(
      correctables([
        e('a', 'increment', 3, '2026-03-01T00:00:00Z'),
        e('c', 'correction', -1, '2026-03-02T00:00:00Z', 'gone'),
      ])[0]!.effectiveValue,
    ).toBe(3);
  });
});
