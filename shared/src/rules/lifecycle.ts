import type { PlanStatus } from '../domain/types';

/**
 * Plan lifecycle (issue 16): draft → published → closed. Only a published plan takes
 * reports; a cancelled (撤销) target of a published plan refuses them too. One pure rule,
 * judged at the HTTP door (server/src/events/service.ts) and at ingest (ingest/batch.ts,
 * the authority), so the two cannot drift.
 */

/** A target is `active` until it is cancelled mid-year with a reason; it is never deleted once published. */
export const TARGET_LIFECYCLES = ['active', 'cancelled'] as const;
export type TargetLifecycle = (typeof TARGET_LIFECYCLES)[number];

export type LifecycleCode = 'plan_not_open' | 'target_cancelled';

/** Plan status transitions an admin may make; anything else is refused (`invalid_transition`). */
export const PLAN_TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  draft: ['published'],
  published: ['closed'],
  closed: [],
};

export function mayTransition(from: string, to: string): boolean {
  return (PLAN_TRANSITIONS as Record<string, readonly string[] | undefined>)[from]?.includes(to) ?? false;
}

/**
 * Does this target take a report now? Null when it does; otherwise the code and an English
 * sentence naming the target, its plan and what would open it. Corrections and notes are
 * refused as well: a draft has no figures yet, and a closed plan keeps its final ones.
 */
export function lifecycleProblem(t: {
  target: string;
  plan: string;
  planStatus: string;
  targetStatus: string;
}): { code: LifecycleCode; message: string } | null {
  if (t.planStatus !== 'published') {
    const why =
      t.planStatus === 'draft'
        ? 'is still a draft; reports open when an admin publishes it'
        : t.planStatus === 'closed'
          ? 'is closed; its final figures no longer change'
          : `has status ${t.planStatus}, which takes no reports`;
    return { code: 'plan_not_open', message: `target ${t.target}: plan ${t.plan} ${why}` };
  }
  if (t.targetStatus === 'cancelled') {
    return { code: 'target_cancelled', message: `target ${t.target} was cancelled (撤销) in an adjustment of plan ${t.plan}; it takes no more reports` };
  }
  return null;
}
