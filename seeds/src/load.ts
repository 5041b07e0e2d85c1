import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { SeedData } from './types';

/**
 * Writes seed data idempotently: rows that exist are left alone, so seeding at every
 * start never overwrites what happened since. Each target gets its rollup at baseline.
 */
export async function loadSeed(db: Kysely<Database>, data: SeedData): Promise<{ targets: number }> {
  await db.transaction().execute(async (trx) => {
    // Parents before children: units arrive in tree order in the data.
    for (const u of data.units) {
      await trx
        .insertInto('units')
        .values({ code: u.code, name: u.name, kind: u.kind, parent_code: u.parentCode })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    for (const { plan, sections, targets } of data.plans) {
      await trx
        .insertInto('plans')
        .values({
          id: plan.id,
          title: plan.title,
          owner_unit: plan.ownerUnit,
          period_start: plan.periodStart,
          period_end: plan.periodEnd,
          status: plan.status,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      for (const s of sections) {
        await trx
          .insertInto('plan_sections')
          .values({ id: s.id, plan_id: s.planId, parent_id: s.parentId, label: s.label, title: s.title, ordinal: s.ordinal })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      // Ratio targets refer to other targets: insert the plain ones first.
      const ordered = [...targets].sort((a, b) => Number(a.measureKind === 'ratio') - Number(b.measureKind === 'ratio'));
      for (const t of ordered) {
        await trx
          .insertInto('targets')
          .values({
            code: t.code,
            plan_id: t.planId,
            section_id: t.sectionId,
            owner_unit: t.ownerUnit,
            title: t.title,
            uom: t.uom,
            measure_kind: t.measureKind,
            direction: t.direction,
            baseline: t.baseline,
            target_value: t.targetValue,
            start_date: t.startDate,
            due_date: t.dueDate,
            weight: t.weight,
            milestones: JSON.stringify(t.milestones),
            reporting_interval_days: t.reportingIntervalDays,
            ratio_numerator: t.ratioOf?.numerator ?? null,
            ratio_denominator: t.ratioOf?.denominator ?? null,
          })
          .onConflict((oc) => oc.column('code').doNothing())
          .execute();
        await trx
          .insertInto('target_rollups')
          .values({ target_code: t.code, value: t.baseline, event_count: 0, version: 0, last_occurred_at: null, last_reading_at: null, last_reading_id: null })
          .onConflict((oc) => oc.column('target_code').doNothing())
          .execute();
      }
    }
  });
  return { targets: data.plans.reduce((n, p) => n + p.targets.length, 0) };
}
