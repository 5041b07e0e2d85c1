import { chinaDate, chinaDayStartMs, parseInstant } from '../calendar/ymd';
import type { MeasureKind } from '../domain/types';
import type { RejectCode } from '../errors';
import type { ProgressEvent } from '../events/schema';
import { boundsMessage, boundsProblem, outcomeOf } from './bounds';
import { addExact } from './decimal';
import { lifecycleProblem } from './lifecycle';
import { acceptsKind, sumsEvents } from './measures';

/**
 * What a target accepts (issue 14): the one judge the HTTP door (server/src/events), the
 * ingest worker (the authority, for every NATS producer) and — through the same bounds —
 * the report form and the bulk-upload checker call. Schema, clock and wire checks come
 * before (events/schema.ts `checkEvent`); who may report (units, roles) and whether a
 * correction names a stored event are the callers' (they need the database).
 */

/** The fields of a target an event is judged against. */
export interface RuleTarget {
  code: string;
  planId: string;
  /** The plan's lifecycle status (draft, published, closed): only a published plan takes reports. */
  planStatus: string;
  /** The target's own lifecycle (active, cancelled): a cancelled target takes no reports. */
  lifecycle: string;
  measureKind: MeasureKind;
  uom: string;
  baseline: number;
  targetValue: number;
  /** The plan period (China dates). */
  periodStart: string;
  periodEnd: string;
}

export interface Refusal {
  code: RejectCode;
  message: string;
}

/** What a check may read besides the event and its target. */
export interface JudgeContext {
  /** The target's value in force before this event (rollup value, baseline included). */
  total: number;
}

/**
 * One acceptance rule. A new rule (say "plan not open", "target cancelled") is one more
 * function here, with whatever it needs added to `RuleTarget`; door and ingest pick it up.
 */
export type TargetCheck = (event: ProgressEvent, target: RuleTarget, ctx: JudgeContext) => Refusal | null;

/** Draft or closed plan, cancelled target (issue 16): judged before anything else. */
const lifecycleCheck: TargetCheck = (e, t) =>
  lifecycleProblem({ target: e.target, plan: t.planId, planStatus: t.planStatus, targetStatus: t.lifecycle });

const kindCheck: TargetCheck = (e, t) =>
  acceptsKind(t.measureKind, e.kind)
    ? null
    : { code: 'kind_mismatch', message: `field "kind": a ${e.kind} event does not apply to ${t.measureKind} target ${e.target}` };

const uomCheck: TargetCheck = (e, t) =>
  e.uom === undefined || e.uom.trim() === t.uom
    ? null
    : { code: 'uom_mismatch', message: `field "uom": target ${e.target} is measured in ${t.uom}, not ${e.uom}` };

const DAY_MS = 86_400_000;
const periodCheck: TargetCheck = (e, t) => {
  // Compared as instants (the period runs from its first day's 00:00 to the day after its
  // last, China time): the same answer as comparing China dates, without building a date
  // string per event (ingest judges thousands per batch). The date is built for the refusal.
  const at = parseInstant(e.occurredAt);
  if (at >= chinaDayStartMs(t.periodStart) && at < chinaDayStartMs(t.periodEnd) + DAY_MS) return null;
  const day = chinaDate(e.occurredAt);
  return {
    code: 'out_of_period',
    message: `field "occurredAt": ${e.occurredAt} (${day ?? '?'} China time) is outside the plan period ${t.periodStart}..${t.periodEnd}`,
  };
};

/** The bounds, judged on the value the event leads to (see rules/bounds.ts). Notes carry no value. */
const valueCheck: TargetCheck = (e, t, ctx) => {
  if (e.kind === 'note') return null;
  const o = outcomeOf(t, e.value, ctx.total, e.kind === 'correction');
  const p = boundsProblem(t, o);
  return p ? { code: 'invalid_value', message: boundsMessage(p, o, e.target) } : null;
};

/**
 * What the target accepts regardless of its value, in this order; the first refusal is the
 * answer. Ingest runs these before it resolves a correction's reference, and the value
 * bounds after, so door and ingest name the same first problem.
 */
export const ACCEPTANCE_CHECKS: readonly TargetCheck[] = [lifecycleCheck, kindCheck, uomCheck, periodCheck];
/** Every check, acceptance then value bounds. */
export const TARGET_CHECKS: readonly TargetCheck[] = [...ACCEPTANCE_CHECKS, valueCheck];
/** The value bounds alone: for callers that ran ACCEPTANCE_CHECKS already (ingest, see judgeSequence). */
const VALUE_CHECKS: readonly TargetCheck[] = [valueCheck];

function firstRefusal(checks: readonly TargetCheck[], event: ProgressEvent, target: RuleTarget, ctx: JudgeContext): Refusal | null {
  for (const check of checks) {
    const r = check(event, target, ctx);
    if (r) return r;
  }
  return null;
}

/** The first acceptance rule (not the value bounds) the event breaks, or null. */
export function acceptanceRefusal(event: ProgressEvent, target: RuleTarget): Refusal | null {
  return firstRefusal(ACCEPTANCE_CHECKS, event, target, { total: target.baseline });
}

/** The first rule the event breaks on this target, or null when it accepts it. */
export function judgeForTarget(event: ProgressEvent, target: RuleTarget, ctx: JudgeContext): Refusal | null {
  return firstRefusal(TARGET_CHECKS, event, target, ctx);
}

/** One event to judge in a sequence: its target, or null when the caller refused it already. */
export interface Judged {
  event: ProgressEvent;
  target: RuleTarget;
}

/**
 * The key `counted`, `deferred` and repeats are judged by: target and id. Ids are unique only
 * within an owner unit (issue 15), so the same id on another unit's target is another event;
 * within a unit, the same id on two targets is an `id_conflict` before this is asked.
 */
export const sequenceKey = (target: string, id: string): string => `${target}\u241f${id}`;

/**
 * Judges events in order, as they would be counted: each accepted event moves its target's
 * running total (sums, exactly), so two increments that each fit but together pass the
 * limit are told apart. `totals` holds each target's value in force before the first
 * (ingest reads it from rows it has locked); events whose id was already counted
 * (`counted`, by `sequenceKey`) or is repeated in the list are duplicates: not judged on value, not summed.
 * Events in `deferred` get the acceptance checks only: the HTTP door passes corrections
 * whose event is not stored yet (still in the stream), since the total they apply to is
 * not known there; ingest judges them in full.
 * With `acceptanceJudged`, the caller has already refused every item that breaks an
 * acceptance rule (ingest does, before it resolves corrections: `acceptanceRefusal`), so only
 * the value bounds are judged here — the same verdicts, without running those rules twice.
 * Returns a refusal or null per item, in order.
 */
export function judgeSequence(
  items: readonly Judged[],
  totals: ReadonlyMap<string, number>,
  counted: ReadonlySet<string> = new Set(),
  deferred: ReadonlySet<string> = new Set(),
  { acceptanceJudged = false }: { acceptanceJudged?: boolean } = {},
): (Refusal | null)[] {
  const running = new Map<string, number>();
  const seen = new Set<string>();
  const checks = acceptanceJudged ? VALUE_CHECKS : TARGET_CHECKS;
  return items.map(({ event, target }) => {
    const total = running.get(target.code) ?? totals.get(target.code) ?? target.baseline;
    const key = sequenceKey(target.code, event.id);
    const duplicate = counted.has(key) || seen.has(key);
    if (!duplicate && deferred.has(key)) return acceptanceJudged ? null : acceptanceRefusal(event, target);
    const refusal = duplicate ? null : firstRefusal(checks, event, target, { total });
    if (!refusal && !duplicate) {
      seen.add(key);
      if (sumsEvents(target.measureKind) && (event.kind === 'increment' || event.kind === 'correction')) {
        running.set(target.code, addExact(total, event.value));
      }
    }
    return refusal;
  });
}
