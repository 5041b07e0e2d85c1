import type { EventKind, MeasureKind } from '../domain/types';

/**
 * The one table of what each measure kind does with events (issue 14). Everything else
 * — which kinds a target accepts, which event a correction may compensate, which kind the
 * report form sends, whether the rollup sums — is derived from it, never written again.
 *
 * - `reports`: the event kind a person or producer reports for it (null: nobody reports it,
 *   a ratio is computed from its parts).
 * - `fold`: `sum` adds increments and corrections as signed deltas (cumulative, ceiling);
 *   `latest` takes the latest reading, a correction replacing the reading it names.
 */
export const MEASURE_RULES = {
  cumulative: { reports: 'increment', fold: 'sum' },
  ceiling: { reports: 'increment', fold: 'sum' },
  reading: { reports: 'reading', fold: 'latest' },
  ratio: { reports: null, fold: 'latest' },
} as const satisfies Record<MeasureKind, { reports: 'increment' | 'reading' | null; fold: 'sum' | 'latest' }>;

export type ReportedKind = 'increment' | 'reading';

function rulesOf(measure: string): (typeof MEASURE_RULES)[MeasureKind] | undefined {
  return (MEASURE_RULES as Record<string, (typeof MEASURE_RULES)[MeasureKind] | undefined>)[measure];
}

/** Which event kind a report on this target is: an increment (sums) or an absolute reading. */
export function reportKind(kind: MeasureKind): ReportedKind | null {
  return MEASURE_RULES[kind].reports;
}

/** The event a correction on this measure may compensate ('' for none: ratio). */
export function correctableKind(measure: string): ReportedKind | '' {
  return rulesOf(measure)?.reports ?? '';
}

/** Does the rollup of this measure add deltas (true) or keep the latest reading (false)? */
export function sumsEvents(measure: string): boolean {
  return rulesOf(measure)?.fold === 'sum';
}

/** The reported kind, a correction of it, and notes; ratio targets take notes only. */
function accepted(measure: MeasureKind): readonly EventKind[] {
  const r = MEASURE_RULES[measure].reports;
  return r ? [r, 'correction', 'note'] : ['note'];
}

/** Which event kinds each measure accepts, derived from `MEASURE_RULES`. */
export const ACCEPTS: Readonly<Record<MeasureKind, readonly EventKind[]>> = {
  cumulative: accepted('cumulative'),
  ceiling: accepted('ceiling'),
  reading: accepted('reading'),
  ratio: accepted('ratio'),
};

/** Does a target of this measure accept this event kind? Unknown measures accept nothing. */
export function acceptsKind(measure: string, kind: string): boolean {
  return (ACCEPTS as Record<string, readonly string[] | undefined>)[measure]?.includes(kind) ?? false;
}
