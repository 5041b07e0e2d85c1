import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import pg from 'pg';
import { spawnOwned, stopChild, waitForLine } from '../../server/src/embedded/child';

/**
 * A stand-alone PostgreSQL from Debian's `postgresql-15` package (installed by .ci/run,
 * its service never started): the backup/restore test needs a server whose major version
 * the system's pg_dump/pg_restore (also 15) can read. The embedded PostgreSQL is 17, which
 * Debian 12's pg_dump 15 refuses.
 */
export const PG15_BIN = '/usr/lib/postgresql/15/bin';
export const pg15Tool = (name: string): string => path.join(PG15_BIN, name);
export const havePg15 = (): boolean => ['initdb', 'postgres', 'pg_dump', 'pg_restore', 'createdb'].every((t) => existsSync(pg15Tool(t)));

export interface DebianPostgres {
  /** postgres://luoshi:…@127.0.0.1:<port>/luoshi (the database exists, empty). */
  url: string;
  /** The same server's maintenance database, for createdb. */
  adminUrl: string;
  destroy(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, run it as `postgres` (the package creates that user). */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** initdb + postgres on a free loopback port in a temporary folder; `luoshi` owns the `luoshi` database. */
export async function startDebianPostgres(): Promise<DebianPostgres> {
  const ids = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-pg15-'));
  const pgdata = path.join(dir, 'data');
  const pwFile = path.join(dir, 'pw');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(pwFile, password, { mode: 0o600 });
  mkdirSync(pgdata, { mode: 0o700 });
  if (ids) {
    chmodSync(dir, 0o711);
    chownSync(pgdata, ids.uid, ids.gid);
    chownSync(pwFile, ids.uid, ids.gid);
  }
  try {
    execFileSync(pg15Tool('initdb'), [`--pgdata=${pgdata}`, '--username=luoshi', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'], {
      ...(ids ?? {}),
      stdio: 'pipe',
    });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`initdb (PostgreSQL 15) failed in ${pgdata}: ${e.stderr?.toString() ?? e.message}`);
  }
  const port = await getPort();
  const child = spawnOwned(pg15Tool('postgres'), ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
    ...(ids ?? {}),
    deathSignal: 'INT',
  });
  await waitForLine(child, /ready to accept connections/, 'PostgreSQL 15');
  const adminUrl = `postgres://luoshi:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query('create database luoshi');
  await c.end();
  return {
    url: adminUrl.replace(/\/postgres$/, '/luoshi'),
    adminUrl,
    destroy: async () => {
      await stopChild(child, 'SIGINT', 20_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
