import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '@luoshi/db';
import { loadSeed, seedData, seedDataFor, seedPlanIds } from '@luoshi/seeds';
import { demoScreen, seedDemoScreen } from '../screens/seed';

/** The seeded plans' id prefixes (WJC, XJWC, WL): a demo plan of any year is `<prefix>-<year>`. */
const DEMO_PLAN_ID = new RegExp(`^(${seedData.plans.map((p) => p.plan.id.replace(/-\d{4}$/, '')).join('|')})-[0-9]{4}$`);

/**
 * Makes the demo's plans the clock's year's (issue 18.12): seeds that year's plans (the
 * seed documents' plans moved to it, seeds/src/year.ts), closes the demo plans of years
 * that have ended — as an office closes last year's plan — and points the demo wall screen
 * at the new plan unless an admin changed it. Idempotent: run at every start and when the
 * running demo's clock passes New Year. Returns the year's plan ids.
 */
export async function ensureDemoYear(db: Kysely<Database>, year: number, log: Logger): Promise<string[]> {
  const { targets } = await loadSeed(db, seedDataFor(year));
  const closed = await db
    .updateTable('plans')
    .set({ status: 'closed' })
    .where('status', '=', 'published')
    .where('id', '~', DEMO_PLAN_ID.source)
    .where('period_end', '<', `${year}-01-01`)
    .returning('id')
    .execute();
  await seedDemoScreen(db, demoScreen(year));
  log.info({ year, targets, closed: closed.map((p) => p.id) }, 'demo plans ready');
  return seedPlanIds(year);
}
