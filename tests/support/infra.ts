import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, migrateToLatest, type Database } from '@luoshi/db';
import { startEmbeddedNats, type EmbeddedNats } from '../../server/src/embedded/nats';

export interface TestDatabase {
  url: string;
  db: Kysely<Database>;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = admin.replace(/\/postgres$/, `/${name}`);
  const db = createDb(url);
  await migrateToLatest(db);
  return {
    url,
    db,
    drop: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestNats extends EmbeddedNats {
  dir: string;
  /** Stops and starts the same server (same port and store), as an operator restart would. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A real nats-server with JetStream for one test file, on a free port with its own store.
 * Anonymous by default (tests connect with `nats.url`); `{ auth: true }` runs it as
 * `npm start` does, with the generated service NKey (`nats.target` connects with it).
 */
export async function startTestNats(opts: { auth?: boolean } = {}): Promise<TestNats> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-nats-'));
  const anonymous = !opts.auth;
  let current = await startEmbeddedNats({ dataDir: dir, anonymous });
  const port = current.port;
  const handle: TestNats = {
    get url() {
      return current.url;
    },
    get pid() {
      return current.pid;
    },
    get target() {
      return current.target;
    },
    port,
    wanted: port,
    dir,
    stop: () => current.stop(),
    restart: async () => {
      await current.stop();
      current = await startEmbeddedNats({ dataDir: dir, port, anonymous });
    },
    destroy: async () => {
      await current.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
