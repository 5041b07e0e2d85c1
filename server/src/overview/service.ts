import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { attentionList, groupAggregate, sectionStates, unitStates, workingTimeElapsed, type PlanOverview, type PlanSummary } from '@luoshi/shared';
import { planActivity } from '../activity/repository';
import { planSections } from '../plans/repository';
import { assessRows, loadTargetRows } from '../targets/state';

export const RECENT_ACTIVITY = 20;

// The aggregates and the attention order are shared (shared/src/api/overview-derive.ts): the
// web applies live deltas with the same functions.
export { attentionList, groupAggregate, sectionStates, unitStates };

export async function planOverview(db: Kysely<Database>, plan: PlanSummary, asOf: string): Promise<PlanOverview> {
  // Independent reads in parallel; then the one daily probe per target that needs the assessment's window.
  const [rows, sections, recent, units] = await Promise.all([
    loadTargetRows(db, { plan: plan.id }),
    planSections(db, plan.id),
    planActivity(db, plan.id, RECENT_ACTIVITY),
    db
      .selectFrom('units')
      .select(['code', 'name'])
      .where('code', 'in', (eb) => eb.selectFrom('targets').select('owner_unit').where('plan_id', '=', plan.id))
      .execute(),
  ]);
  const states = await assessRows(db, rows, asOf);
  const names = new Map(units.map((u) => [u.code, u.name]));
  const periodElapsed = workingTimeElapsed(plan.periodStart, plan.periodEnd, asOf);
  return {
    plan,
    asOf,
    periodElapsed,
    aggregate: groupAggregate(states),
    halfway: { applicable: periodElapsed > 0.5, flagged: states.filter((s) => s.halfwayFlagged).length },
    sections: sectionStates(sections, states),
    units: unitStates(names, states, asOf),
    targets: states,
    attention: attentionList(states),
    recent,
  };
}
