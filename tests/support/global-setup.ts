import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/src/embedded/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's PostgreSQL; each test file creates its own database in it. */
    pgAdminUrl: string;
  }
}

/**
 * One real PostgreSQL per test run, in a fresh temporary folder on a free port, so
 * parallel runs never collide; it is stopped and removed afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  project.provide('pgAdminUrl', pg.url.replace(/\/luoshi$/, '/postgres'));
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
