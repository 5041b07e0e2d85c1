import type { Selectable } from 'kysely';
import type { Database } from '@luoshi/db';
import type { TargetAdjustment } from '@luoshi/shared';

/** A target_changes row as the API shows it (a target's history, and the 通报's adjustments of the month). */
export function toTargetAdjustment(r: Selectable<Database['target_changes']>): TargetAdjustment {
  return {
    id: Number(r.id),
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    reason: r.reason,
    actorName: r.actor_name,
    changedAt: new Date(r.changed_at).toISOString(),
  };
}
