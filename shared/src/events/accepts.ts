import type { EventKind, MeasureKind } from '../domain/types';

/**
 * Which event kinds a measure accepts: a reading on a cumulative target is a producer bug,
 * and ratio targets are computed from their parts (only notes). One table for the HTTP door
 * (server/src/events/service.ts, which refuses at once) and ingest (ingest/batch.ts, the
 * authority), so the two cannot drift.
 */
export const ACCEPTS: Readonly<Record<MeasureKind, readonly EventKind[]>> = {
  cumulative: ['increment', 'correction', 'note'],
  ceiling: ['increment', 'correction', 'note'],
  reading: ['reading', 'correction', 'note'],
  ratio: ['note'],
};

/** Does a target of this measure accept this event kind? Unknown measures accept nothing. */
export function acceptsKind(measure: string, kind: string): boolean {
  return (ACCEPTS as Record<string, readonly string[] | undefined>)[measure]?.includes(kind) ?? false;
}
