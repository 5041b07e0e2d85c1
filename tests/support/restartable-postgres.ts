import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/src/embedded/postgres';

export interface RestartablePostgres {
  url: string;
  /** Fast shutdown (open transactions roll back), as an operator or a crash-restart would. */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL of its own for a fault test, in a temporary folder: the run's shared one
 * (global-setup) must not be restarted under other test files.
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-pg-faults-'));
  let current: EmbeddedPostgres | null = await startEmbeddedPostgres({ dataDir: dir });
  const port = current.port;
  return {
    url: current.url,
    stop: async () => {
      await current?.stop();
      current = null;
    },
    start: async () => {
      current ??= await startEmbeddedPostgres({ dataDir: dir, port });
    },
    destroy: async () => {
      await current?.stop();
      current = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
