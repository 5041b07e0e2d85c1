import { parseInstant } from '../calendar/ymd';
import type { EventKind } from '../domain/types';

/**
 * The least an event must carry to be folded, so the fold runs the same on a DB row, a
 * NATS payload (`ProgressEvent` satisfies it) or a test fixture.
 * `value` by kind: increment = amount added (>= 0); reading = absolute value;
 * correction = see fold.ts; note = ignored.
 */
export interface FoldEvent {
  id: string;
  kind: EventKind;
  value: number;
  /** ISO 8601 instant with offset. */
  occurredAt: string;
  /** For a correction: the id of the event it corrects. */
  corrects?: string | null | undefined;
}

/** An event with its instant parsed; `effectiveAt` is where it sits in the history. */
export interface TimedEvent {
  event: FoldEvent;
  at: number;
  /** Corrections sit at the instant of the event they correct (see fold.ts); others at `at`. */
  effectiveAt: number;
  /** For a correction: the non-correction event at the end of its `corrects` chain, if present. */
  root: FoldEvent | undefined;
}

/** Unparseable instants (the schema refuses them) sort before everything else. */
export function instantOf(e: FoldEvent): number {
  const ms = parseInstant(e.occurredAt);
  return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY;
}

/** Orders by instant, then by id (code-unit order) so ties never depend on input order. */
export function compareAtThenId(a: { at: number; id: string }, b: { at: number; id: string }): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function canonicalKey(e: FoldEvent): string {
  return JSON.stringify([e.kind, e.value, e.occurredAt, e.corrects ?? null]);
}

/**
 * One event per id. Ids are idempotency keys, so copies are identical in practice; if two
 * copies ever differ, the one with the smallest canonical key wins, so that the choice
 * never depends on the order events arrive in.
 */
export function dedupeById(events: readonly FoldEvent[]): Map<string, FoldEvent> {
  const byId = new Map<string, FoldEvent>();
  for (const e of events) {
    const seen = byId.get(e.id);
    if (!seen || canonicalKey(e) < canonicalKey(seen)) byId.set(e.id, e);
  }
  return byId;
}

/** Follows `corrects` links to the first non-correction event; undefined if missing or cyclic. */
function rootOf(c: FoldEvent, byId: ReadonlyMap<string, FoldEvent>): FoldEvent | undefined {
  const seen = new Set<string>([c.id]);
  let cur = c;
  for (;;) {
    if (!cur.corrects) return undefined;
    const next = byId.get(cur.corrects);
    if (!next || seen.has(next.id)) return undefined;
    if (next.kind !== 'correction') return next;
    seen.add(next.id);
    cur = next;
  }
}

/** Deduplicates, parses instants and resolves correction chains. Output order is unspecified. */
export function prepareEvents(events: readonly FoldEvent[]): TimedEvent[] {
  const byId = dedupeById(events);
  const out: TimedEvent[] = [];
  for (const e of byId.values()) {
    const at = instantOf(e);
    if (e.kind === 'correction') {
      const root = rootOf(e, byId);
      out.push({ event: e, at, root, effectiveAt: root ? instantOf(root) : at });
    } else {
      out.push({ event: e, at, root: undefined, effectiveAt: at });
    }
  }
  return out;
}
