import type { MeasureKind } from '../domain/types';
import type { ReportProblem } from '../report/check';
import { addExact } from './decimal';
import { sumsEvents } from './measures';

/** More than this many times the whole commitment is a typo (an extra zero) or an attack, not progress. */
export const ABSURD_FACTOR = 10;

/** The fields of a target its value bounds need. */
export interface BoundsTarget {
  measureKind: MeasureKind;
  uom: string;
  baseline: number;
  targetValue: number;
}

/**
 * What an event leads to, which is what the bounds judge (issue 14): for a summing target
 * the total after it (value in force + increment or correction delta); for a reading
 * target the reading it states (a reading, or a correction's replacement reading).
 */
export interface Outcome {
  /** The value the event carries: an increment, a reading, a delta or a replacement. */
  value: number;
  /** The target's value in force after the event. */
  result: number;
  /** The target's value in force before it (sums: to tell the room left for one report). */
  before: number;
  /** Is the event a correction (a delta may be negative, the result may not). */
  correction: boolean;
}

/** The outcome of an event with `value` on a target whose value in force is `total`. */
export function outcomeOf(target: BoundsTarget, value: number, total: number, correction: boolean): Outcome {
  const result = sumsEvents(target.measureKind) ? addExact(total, value) : value;
  return { value, result, before: total, correction };
}

/** The largest plausible progress (sums) or reading: ten times the commitment, at least 10. */
export function plausibleLimit(target: BoundsTarget): number {
  const scale = sumsEvents(target.measureKind)
    ? Math.abs(addExact(target.targetValue, -target.baseline))
    : Math.max(Math.abs(target.targetValue), Math.abs(target.baseline));
  // × 10 shifts the decimal point: exact for the decimals people type. A whole commitment
  // (most) times 10, when still a safe integer, has at most 16 digits ending in 0, which
  // toPrecision(15) keeps as is: skipped, since every event of a batch asks this.
  const limit = Math.max(scale, 1) * ABSURD_FACTOR;
  return Number.isSafeInteger(scale) && Number.isSafeInteger(limit) ? limit : Number(limit.toPrecision(15));
}

/**
 * The value bounds, judged on what the event leads to:
 * - a summing target's total stays within baseline .. baseline + the plausibility limit
 *   (an increment is never negative; a correction may be, but not below the baseline);
 * - a reading stays within 0 .. the plausibility limit;
 * - anything measured in % stays within 0–100.
 * Sums are exact decimals; comparing the resulting numbers is exact, so door, ingest and
 * form agree to the last digit.
 */
export function boundsProblem(target: BoundsTarget, o: Outcome): ReportProblem | null {
  const sum = sumsEvents(target.measureKind);
  if (!o.correction && o.value < 0) return { field: 'value', code: 'value_negative' };
  if (sum && o.result < target.baseline) {
    return { field: 'value', code: 'total_below_baseline', params: { total: o.result, baseline: target.baseline } };
  }
  if (!sum && o.result < 0) return { field: 'value', code: 'value_negative' };
  if (target.uom === '%' && o.result > 100) return { field: 'value', code: 'percent_over_100' };
  const limit = plausibleLimit(target);
  if (sum) {
    const ceiling = addExact(target.baseline, limit);
    if (o.result > ceiling) {
      // What one report could still add: the form says "at most …" and a script sees the total.
      const room = addExact(ceiling, -o.before);
      return {
        field: 'value',
        code: 'value_too_large',
        params: { limit: Math.max(0, room), total: o.result, ceiling, uom: target.uom },
      };
    }
  } else if (o.result > limit) {
    return { field: 'value', code: 'value_too_large', params: { limit, uom: target.uom } };
  }
  return null;
}

/**
 * The sentence a script author reads for a bounds problem (door and ingest alike; the web
 * form shows the same problems in Chinese): names the number and the limit.
 */
export function boundsMessage(p: ReportProblem, o: Outcome, target: string): string {
  const v = o.value;
  switch (p.code) {
    case 'value_negative':
      return `field "value": ${v} is negative; reports on target ${target} are not negative (take back a report with a correction)`;
    case 'total_below_baseline':
      return `field "value": ${v} would bring target ${target} to ${String(p.params?.total)}, below its baseline ${String(p.params?.baseline)}; a correction cannot take back more than was reported`;
    case 'percent_over_100':
      return `field "value": ${v} would make target ${target} read ${o.result}, over 100; it is measured in %`;
    case 'value_too_large': {
      const uom = p.params?.uom ? ` ${String(p.params.uom)}` : '';
      if (p.params?.ceiling !== undefined) {
        return `field "value": ${v} would bring target ${target} to ${o.result}${uom}, beyond the plausibility limit of ${String(p.params.ceiling)}${uom} (${ABSURD_FACTOR} times the whole commitment); most likely a typo`;
      }
      return `field "value": ${v} is over the limit of ${String(p.params?.limit)}${uom} for target ${target} (${ABSURD_FACTOR} times the whole commitment); most likely a typo`;
    }
    default:
      return `field "value": ${v} is not a usable value for target ${target}`;
  }
}
