import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as m0001 from '../migrations/0001_init';
import * as m0002 from '../migrations/0002_target_source';
import * as m0003 from '../migrations/0003_daily_rollups';
import * as m0004 from '../migrations/0004_dead_letters';
import * as m0005 from '../migrations/0005_accounts';
import * as m0006 from '../migrations/0006_screens';
import * as m0007 from '../migrations/0007_report_history';
import * as m0008 from '../migrations/0008_exact_rollups';
import * as m0009 from '../migrations/0009_event_id_scope';
import * as m0010 from '../migrations/0010_sign_in_limits';
import * as m0016 from '../migrations/0016_plan_lifecycle';
import * as m0013 from '../migrations/0013_reporting_cycles';
import * as m0014 from '../migrations/0014_supervision';
import * as m0015 from '../migrations/0015_scheduler_webhooks';
import * as m0017 from '../migrations/0017_event_photos';
import * as m0018 from '../migrations/0018_photo_thumbs';

/**
 * Migrations are imported statically rather than read from a folder at run time,
 * so they work the same under tsx, vitest and a bundler. Add new ones here in order.
 */
const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_target_source': m0002,
  '0003_daily_rollups': m0003,
  '0004_dead_letters': m0004,
  '0005_accounts': m0005,
  '0006_screens': m0006,
  '0007_report_history': m0007,
  '0008_exact_rollups': m0008,
  '0009_event_id_scope': m0009,
  '0010_sign_in_limits': m0010,
  '0016_plan_lifecycle': m0016,
  '0013_reporting_cycles': m0013,
  '0014_supervision': m0014,
  '0015_scheduler_webhooks': m0015,
  '0017_event_photos': m0017,
  '0018_photo_thumbs': m0018,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/**
 * Safe to call from N instances starting together: Kysely's PostgreSQL adapter takes a
 * session advisory lock (`pg_advisory_lock`, its lock_timeout one hour) around the run, so
 * one instance migrates and the others wait, then find nothing left to do. Run it on a pool
 * without DATABASE_STATEMENT_TIMEOUT_MS: the wait for the lock is one long statement
 * (tests/integration/migrate-concurrent.test.ts).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this code knows that the database has not run yet (readiness: an instance of a newer release waits for them). */
export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
