import type { Target } from '../domain/types';
import { addExact } from '../rules/decimal';
import { compareAtThenId, dedupeById, instantOf, prepareEvents, type FoldEvent } from './events';

/** The fields of a target the fold needs. */
export type FoldTargetOf = Pick<Target, 'measureKind' | 'baseline'>;

/**
 * A target's history as steps in a canonical order (effective instant, then id), so that
 * the result never depends on the order events arrive in (sums are exact decimals anyway).
 * - `sum` (cumulative, ceiling): value = baseline + every delta up to the instant.
 * - `latest` (reading, ratio): value = the latest step up to the instant, else baseline.
 */
export type History =
  | { mode: 'sum'; baseline: number; steps: readonly HistoryStep[] }
  | { mode: 'latest'; baseline: number; steps: readonly HistoryStep[] };

export interface HistoryStep {
  /** Epoch ms where the step takes effect. */
  at: number;
  id: string;
  /** The delta (sum) or the absolute value (latest). */
  value: number;
}

/**
 * Semantics, per measure kind:
 * - cumulative and ceiling: baseline + Σ increments + Σ corrections. A correction's value
 *   is a signed compensating delta (-3 takes back 3). Every correction counts, even one
 *   whose original is missing from the list, and a correction of a correction is just
 *   another delta. Readings and notes change nothing.
 * - reading (and ratio, whose real value the caller derives with `ratioValue`): the value
 *   of the latest reading by occurredAt, ties broken by the larger id. A correction of a
 *   reading REPLACES that reading's value (its value is the right absolute reading, not a
 *   delta); of several corrections of one reading (directly or through a chain of
 *   corrections), the latest by occurredAt then id wins. A correction whose reading is
 *   not in the list is ignored. Increments and notes change nothing.
 * - A correction takes effect at the instant of the event it corrects, not its own: the
 *   original was wrong from the start, so history (and charts) show the corrected line
 *   rather than a phantom jump and a drop. A correction whose original is missing takes
 *   effect at its own instant.
 * - Duplicates by id count once.
 */
export function buildHistory(target: FoldTargetOf, events: readonly FoldEvent[]): History {
  const timed = prepareEvents(events);
  if (target.measureKind === 'cumulative' || target.measureKind === 'ceiling') {
    const steps: HistoryStep[] = [];
    for (const t of timed) {
      if (t.event.kind === 'increment' || t.event.kind === 'correction') {
        steps.push({ at: t.effectiveAt, id: t.event.id, value: t.event.value });
      }
    }
    steps.sort(compareAtThenId);
    return { mode: 'sum', baseline: target.baseline, steps };
  }

  // Latest correction per reading (by the correction's own instant, then id).
  const fix = new Map<string, { at: number; id: string; value: number }>();
  for (const t of timed) {
    if (t.event.kind !== 'correction' || t.root?.kind !== 'reading') continue;
    const cand = { at: t.at, id: t.event.id, value: t.event.value };
    const cur = fix.get(t.root.id);
    if (!cur || compareAtThenId(cand, cur) > 0) fix.set(t.root.id, cand);
  }
  const steps: HistoryStep[] = [];
  for (const t of timed) {
    if (t.event.kind !== 'reading') continue;
    steps.push({ at: t.at, id: t.event.id, value: fix.get(t.event.id)?.value ?? t.event.value });
  }
  steps.sort(compareAtThenId);
  return { mode: 'latest', baseline: target.baseline, steps };
}

/** The value with every step effective strictly before `cutoffMs` applied. */
export function valueBefore(history: History, cutoffMs: number): number {
  if (history.mode === 'sum') {
    // Exact decimals, as PostgreSQL numeric sums the rollups: 100 × 0.1 is 10.
    let v = history.baseline;
    for (const s of history.steps) {
      if (s.at >= cutoffMs) break;
      v = addExact(v, s.value);
    }
    return v;
  }
  let v = history.baseline;
  for (const s of history.steps) {
    if (s.at >= cutoffMs) break;
    v = s.value;
  }
  return v;
}

/** A target's current value from its raw events; see `buildHistory` for the rules. */
export function foldTarget(target: FoldTargetOf, events: readonly FoldEvent[]): number {
  return valueBefore(buildHistory(target, events), Number.POSITIVE_INFINITY);
}

/** The value of a target as of an instant (events at or after it are left out). */
export function foldTargetAt(target: FoldTargetOf, events: readonly FoldEvent[], beforeMs: number): number {
  return valueBefore(buildHistory(target, events), beforeMs);
}

/**
 * The occurredAt (as written) of the latest event of any kind, notes and corrections
 * included — any report shows the target is being looked after. Ties: larger id.
 */
export function latestOccurredAt(events: readonly FoldEvent[]): string | null {
  let best: { at: number; id: string; occurredAt: string } | null = null;
  for (const e of dedupeById(events).values()) {
    const cand = { at: instantOf(e), id: e.id, occurredAt: e.occurredAt };
    if (!best || compareAtThenId(cand, best) > 0) best = cand;
  }
  return best?.occurredAt ?? null;
}

/**
 * The value of a `ratio` target from its numerator and denominator targets' values,
 * as a percentage by default (rectified 45 of 60 hazards → 75). Null when the
 * denominator is zero or either value is not a finite number.
 */
export function ratioValue(numerator: number, denominator: number, scale = 100): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return null;
  return (numerator / denominator) * scale;
}
