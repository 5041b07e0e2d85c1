import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { ScreenInput } from '@luoshi/shared';

/**
 * The demo screen of 五角场 (`/wall/demo`) for a year's demo plan: every view kind, 20 s each
 * unless the view says otherwise (issue 18.11: the overview stays longer, the ticker shorter;
 * two sections and a department's own targets).
 */
export function demoScreen(year: number): ScreenInput {
  const plan = `WJC-${year}`;
  return {
    id: 'demo',
    title: '五角场街道城运中心',
    planId: plan,
    rotationSeconds: 20,
    views: [
      { kind: 'overview', dwellSeconds: 30 },
      { kind: 'tiles' },
      { kind: 'target', target: `WJC${String(year % 100).padStart(2, '0')}-001` },
      { kind: 'ranking' },
      { kind: 'section', sectionId: `${plan}-S2` },
      { kind: 'section', sectionId: `${plan}-S3` },
      { kind: 'unit', unit: 'YP-WJC-GLB' },
      { kind: 'ticker', dwellSeconds: 15 },
      { kind: 'owed' },
    ],
  };
}

export const DEMO_SCREEN: ScreenInput = demoScreen(2026);

/**
 * Creates the demo screen once; an admin's later edits are kept. A demo screen still exactly
 * as seeded for an earlier year moves to the new year's plan (a demo started again in
 * January shows this year's plan, not last year's finished one).
 */
export async function seedDemoScreen(db: Kysely<Database>, screen: ScreenInput = DEMO_SCREEN): Promise<void> {
  const row = await db.selectFrom('screens').select(['plan_id', 'title', 'rotation_seconds', 'views']).where('id', '=', screen.id).executeTakeFirst();
  const values = { title: screen.title, plan_id: screen.planId, rotation_seconds: screen.rotationSeconds, views: JSON.stringify(screen.views) };
  if (!row) {
    await db.insertInto('screens').values({ id: screen.id, ...values }).onConflict((oc) => oc.column('id').doNothing()).execute();
    return;
  }
  const year = /^WJC-(\d{4})$/.exec(row.plan_id)?.[1];
  if (year === undefined || row.plan_id === screen.planId) return;
  const seeded = demoScreen(Number(year));
  const untouched =
    row.title === seeded.title &&
    row.rotation_seconds === seeded.rotationSeconds &&
    isDeepStrictEqual(row.views, seeded.views);
  if (untouched) await db.updateTable('screens').set(values).where('id', '=', screen.id).where('plan_id', '=', row.plan_id).execute();
}
