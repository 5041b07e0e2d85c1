import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { ScreenInput } from '@luoshi/shared';

/**
 * The demo screen of 五角场 (`/wall/demo`): every view kind, 20 s each unless the view says
 * otherwise (issue 18.11: the overview stays longer, the ticker shorter; two sections and a
 * department's own targets).
 */
export const DEMO_SCREEN: ScreenInput = {
  id: 'demo',
  title: '五角场街道城运中心',
  planId: 'WJC-2026',
  rotationSeconds: 20,
  views: [
    { kind: 'overview', dwellSeconds: 30 },
    { kind: 'tiles' },
    { kind: 'target', target: 'WJC26-001' },
    { kind: 'ranking' },
    { kind: 'section', sectionId: 'WJC-2026-S2' },
    { kind: 'section', sectionId: 'WJC-2026-S3' },
    { kind: 'unit', unit: 'YP-WJC-GLB' },
    { kind: 'ticker', dwellSeconds: 15 },
    { kind: 'owed' },
  ],
};

/** Creates the demo screen once (an admin's later edits are kept). */
export async function seedDemoScreen(db: Kysely<Database>, screen: ScreenInput = DEMO_SCREEN): Promise<void> {
  await db
    .insertInto('screens')
    .values({ id: screen.id, title: screen.title, plan_id: screen.planId, rotation_seconds: screen.rotationSeconds, views: JSON.stringify(screen.views) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
