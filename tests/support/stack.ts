import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { createDb, migrateToLatest, type Database } from '@luoshi/db';
import { loadSeed, type SeedData } from '@luoshi/seeds';
import { PROGRESS_STREAM, progressSubject, type ProgressEvent } from '@luoshi/shared';
import { buildApp, type AppOptions } from '../../server/src/app';
import { clockFrom, type Clock } from '../../server/src/infra/clock';
import { connectNats, ensureProgressStream, INGEST_CONSUMER } from '../../server/src/infra/nats';
import { IngestWorker, type IngestOptions } from '../../server/src/ingest/worker';
import { adminToken, bearer, injectAs, loginCookie, seedAccounts, type SeededAccounts, type Session } from './auth';
import { launchChromium } from './browser';
import { testSeed } from './fixtures';
import { createTestDatabase, startTestNats, type TestDatabase, type TestNats } from './infra';
import { repoRoot } from './process';
import { startRestartablePostgres, type RestartablePostgres } from './restartable-postgres';
import { waitFor } from './wait';

/**
 * The one way a test file starts the system (issue 14 item 8): PostgreSQL, nats-server,
 * the progress stream, the ingest worker, the app, Chromium — each only if the file asks
 * for it — and one `stop()` that takes down whatever did start, in reverse order.
 */
/**
 * The China day a test stack's clock starts on unless a file passes its own (`clock`). Fixed, not
 * the real date, so the suite means the same on any day of any year (from 2027-01-01 events
 * dated by the real clock would fall after the fixture plans' period, TP-2026 and WJC-2026, and
 * be refused). Inside 2026 and after the latest day tests date events on (history up to
 * 2026-11-19, demo-backfill's 2026-11-21), so none of them is "in the future"; a Wednesday (a
 * working day: reporting duties and 通报 are judged on it) with a whole October behind it for
 * "last month" tests; 36 days before the year ends, so however long a run takes it stays
 * inside the plan period. It starts at the real China time of day and ticks on, so freshness,
 * ages and live updates behave as in production.
 */
export const TEST_DAY = '2026-11-25';

/** A clock for a test stack: TEST_DAY (or `day`) at the present time of day, ticking (infra/clock.ts). */
export const testClock = (day: string = TEST_DAY): Clock => clockFrom(day);

export interface StackOptions {
  /** Names the NATS connection (`test-<file>`), so a server log says whose it is. */
  name: string;
  /** Units and plans to load, in order; `null` leaves the migrated database empty. Default: testSeed. */
  seed?: SeedData | readonly SeedData[] | null;
  /** seedAccounts(): admin, leader-*, staff-* with TEST_PASSWORD and a screen token. Default false. */
  accounts?: boolean;
  /**
   * 'shared': a fresh database on the run's PostgreSQL (default). 'restartable': a PostgreSQL
   * of the file's own that it may stop and start (`stack.pg`), for outage tests.
   */
  postgres?: 'shared' | 'restartable';
  /** Extra rows, triggers, settings: runs after the seed and accounts, before NATS, worker and app start. */
  prepare?: (db: Kysely<Database>) => Promise<unknown>;
  /** nats-server with JetStream, anonymous (default true). Files about NATS auth start their own (infra.ts). */
  nats?: boolean;
  /** Create the progress stream (default true whenever NATS runs). */
  stream?: boolean;
  /** Start an IngestWorker (default false); an object passes IngestOptions (fast retries, a clock). */
  worker?: boolean | Partial<IngestOptions>;
  /** Build the app (default true); an object passes AppOptions beyond db and nc (webDist defaults to null). */
  app?: boolean | Omit<Partial<AppOptions>, 'db' | 'nc'>;
  /** Fastify's own options for buildApp (its second argument). */
  fastify?: FastifyServerOptions;
  /** Listen on 127.0.0.1 and a free port (`stack.url`). Default false. */
  listen?: boolean;
  /** Make `app.inject` send an admin API token unless a call sets its own credentials (tests written before sign-in). */
  injectAsAdmin?: boolean;
  /** Launch Chromium (`stack.browser`). Default false. */
  browser?: boolean;
  /**
   * The one clock the app(s) and the ingest worker judge "today" by (`stack.now`). Default
   * testClock(): TEST_DAY, ticking. An explicit `app.now` / `worker.now` still wins (files that
   * pin one instant for exact figures).
   */
  clock?: Clock;
}

export interface Stack {
  tdb: TestDatabase;
  /** The same as tdb.db. */
  db: Kysely<Database>;
  /** The restartable PostgreSQL (only with `postgres: 'restartable'`). */
  pg: RestartablePostgres;
  nats: TestNats;
  nc: NatsConnection;
  worker: IngestWorker;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> (only with `listen`). */
  url: string;
  browser: Browser;
  /** Only with `accounts`. */
  accounts: SeededAccounts;
  /** The stack's clock (StackOptions.clock): date test events by it, never by the real clock. */
  now: Clock;
  /** An admin API token's secret, issued on first use (the same one injectAsAdmin sends). */
  adminToken(): Promise<string>;
  /** `{ authorization: 'Bearer …' }` of adminToken(). */
  adminBearer(): Promise<{ authorization: string }>;
  /** Waits until the ingest consumer has nothing pending or unacknowledged. */
  ingestIdle(timeoutMs?: number): Promise<void>;
  /** Publishes events straight to JetStream on their owner unit's subject (as any producer can), then waits for ingest idle. */
  publish(...events: ProgressEvent[]): Promise<void>;
  /** Signs in through the app (inject) as a seeded account, e.g. `login('staff-t-jd-a')`. */
  login(username: string): Promise<Session>;
  /**
   * Another app instance on the same database, as a second server process would be (closed by
   * stop()). `ownConnection` gives it a NATS connection of its own, as a second process has.
   */
  addApp(opts?: ExtraAppOptions): Promise<{ app: FastifyInstance; nc: NatsConnection; url: string | null }>;
  /** Runs `fn` first when the stack stops (sockets, extra apps a test built): last registered, first run. */
  onStop(fn: () => unknown): void;
  /** Stops what started, newest first; tolerates a partial start and a second call. */
  stop(): Promise<void>;
}

export interface ExtraAppOptions {
  app?: Omit<Partial<AppOptions>, 'db' | 'nc'>;
  fastify?: FastifyServerOptions;
  ownConnection?: boolean;
  listen?: boolean;
}

export const webDist = path.join(repoRoot, 'web', 'dist');

/** The one check that the ingest consumer is idle, for waitFor (also for stacks this module did not start). */
export async function consumerIdle(nc: NatsConnection): Promise<true | undefined> {
  const info = await (await jetstreamManager(nc)).consumers.info(PROGRESS_STREAM, INGEST_CONSUMER);
  return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
}

/** Waits for consumerIdle on a connection. */
export const ingestIdle = (nc: NatsConnection, timeoutMs?: number): Promise<true> =>
  waitFor('ingest idle', () => consumerIdle(nc), timeoutMs);

/** A migrated database on a PostgreSQL of the file's own, in the shape of createTestDatabase's. */
async function restartableDatabase(): Promise<{ pg: RestartablePostgres; tdb: TestDatabase }> {
  const pg = await startRestartablePostgres();
  const db = createDb(pg.url);
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    await pg.destroy();
    throw err;
  }
  return { pg, tdb: { url: pg.url, db, drop: () => db.destroy() } };
}

const missing = (what: string, option: string): never => {
  throw new Error(`this stack has no ${what}: start it with ${option}`);
};

export async function startStack(opts: StackOptions): Promise<Stack> {
  const cleanups: (() => unknown)[] = [];
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const errors: unknown[] = [];
      for (const c of cleanups.reverse()) {
        try {
          await c();
        } catch (err) {
          errors.push(err);
        }
      }
      if (errors.length) throw errors[0];
    })());

  const parts: {
    tdb?: TestDatabase;
    pg?: RestartablePostgres;
    nats?: TestNats;
    nc?: NatsConnection;
    worker?: IngestWorker;
    app?: FastifyInstance;
    url?: string;
    browser?: Browser;
    accounts?: SeededAccounts;
  } = {};
  let admin: Promise<string> | null = null;
  const adminSecret = () => (admin ??= adminToken(parts.tdb!.db));
  const adminBearer = async () => bearer(await adminSecret());
  const wantNats = opts.nats !== false;
  const wantApp = opts.app !== false;
  const clock = opts.clock ?? testClock();
  if (opts.browser && !existsSync(path.join(webDist, 'index.html')))
    throw new Error('web/dist is missing: run `pnpm build` first (pnpm test does)');

  try {
    // The slow parts start side by side; each registers its own cleanup as soon as it exists, and
    // all of them settle before a failure is thrown, so stop() finds everything that did start.
    const started = await Promise.allSettled([
      (async () => {
        if (opts.postgres === 'restartable') {
          const r = await restartableDatabase();
          parts.pg = r.pg;
          parts.tdb = r.tdb;
          cleanups.push(() => r.pg.destroy());
        } else parts.tdb = await createTestDatabase();
        cleanups.push(() => parts.tdb!.drop());
      })(),
      (async () => {
        if (!wantNats) return;
        parts.nats = await startTestNats();
        cleanups.push(() => parts.nats!.destroy());
      })(),
      (async () => {
        if (!opts.browser) return;
        parts.browser = await launchChromium();
      })(),
    ]);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const db = parts.tdb!.db;
    const seeds =
      opts.seed === null
        ? []
        : opts.seed === undefined
          ? [testSeed]
          : Array.isArray(opts.seed)
            ? opts.seed
            : [opts.seed as SeedData];
    for (const s of seeds) await loadSeed(db, s);
    if (opts.accounts) parts.accounts = await seedAccounts(db);
    await opts.prepare?.(db);
    if (parts.nats) {
      const nc = await connectNats(parts.nats.url, opts.name);
      parts.nc = nc;
      // drain() lets in-flight acks and publishes finish; on a connection already closed, close() is a no-op.
      cleanups.push(() => nc.drain().catch(() => nc.close()));
      if (opts.stream !== false) await ensureProgressStream(nc);
    }
    if (opts.worker) {
      const nc = parts.nc ?? missing('NATS', 'nats: true');
      const worker = new IngestWorker(
        db,
        nc,
        pino({ level: 'silent' }),
        // The intake thread, as the server and the standalone worker run it.
        { now: clock, intakeTarget: parts.nats!.url, ...(typeof opts.worker === 'object' ? opts.worker : {}) },
      );
      parts.worker = worker;
      cleanups.push(() => worker.stop());
      await worker.start();
    }
    if (wantApp) {
      const nc = parts.nc ?? missing('NATS', 'nats: true (the app needs a connection)');
      const app = await buildApp(
        { webDist: null, now: clock, ...(typeof opts.app === 'object' ? opts.app : {}), db, nc },
        opts.fastify,
      );
      parts.app = app;
      cleanups.push(() => app.close());
      if (opts.listen) parts.url = await app.listen({ port: 0, host: '127.0.0.1' });
    }
    if (opts.injectAsAdmin) injectAs(parts.app ?? missing('app', 'app: true'), await adminBearer());
  } catch (err) {
    await parts.browser?.close().catch(() => undefined);
    await stop().catch(() => undefined);
    throw err;
  }
  // Pages hold connections to the app: Chromium closes first.
  if (parts.browser) cleanups.push(() => parts.browser!.close());

  let extraConnections = 0;
  const owners = new Map<string, string>();
  const ownerOf = async (code: string): Promise<string> => {
    if (!owners.has(code)) {
      const t = await parts
        .tdb!.db.selectFrom('targets')
        .select('owner_unit')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      owners.set(code, t.owner_unit);
    }
    return owners.get(code)!;
  };

  const stack: Stack = {
    get tdb() {
      return parts.tdb!;
    },
    get db() {
      return parts.tdb!.db;
    },
    get pg() {
      return parts.pg ?? missing('restartable PostgreSQL', "postgres: 'restartable'");
    },
    get nats() {
      return parts.nats ?? missing('nats-server', 'nats: true');
    },
    get nc() {
      return parts.nc ?? missing('NATS connection', 'nats: true');
    },
    get worker() {
      return parts.worker ?? missing('ingest worker', 'worker: true');
    },
    get app() {
      return parts.app ?? missing('app', 'app: true');
    },
    get url() {
      return parts.url ?? missing('listening app', 'listen: true');
    },
    get browser() {
      return parts.browser ?? missing('browser', 'browser: true');
    },
    get accounts() {
      return parts.accounts ?? missing('accounts', 'accounts: true');
    },
    now: clock,
    adminToken: adminSecret,
    adminBearer,
    ingestIdle: async (timeoutMs) => void (await ingestIdle(stack.nc, timeoutMs)),
    async publish(...events) {
      const js = jetstream(stack.nc);
      for (const e of events)
        await js.publish(progressSubject(await ownerOf(e.target), e.target), JSON.stringify(e), { msgID: e.id });
      await stack.ingestIdle();
    },
    login: (username) => loginCookie(stack.app, username),
    async addApp(o = {}) {
      let nc = stack.nc;
      if (o.ownConnection) {
        const own = await connectNats(stack.nats.url, `${opts.name}-${++extraConnections}`);
        cleanups.push(() => own.drain().catch(() => own.close()));
        nc = own;
      }
      const app = await buildApp({ webDist: null, now: clock, ...o.app, db: stack.db, nc }, o.fastify);
      cleanups.push(() => app.close());
      const url = o.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : null;
      return { app, nc, url };
    },
    onStop: (fn) => void cleanups.push(fn),
    stop,
  };
  return stack;
}

/** The whole system for one browser test file: a fresh database and nats-server, ingest, the built web app, Chromium. */
export interface BrowserStack {
  tdb: TestDatabase;
  nats: TestNats;
  nc: NatsConnection;
  worker: IngestWorker;
  app: FastifyInstance;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The stack's clock (TEST_DAY, ticking): date test events by it. */
  now: Clock;
  stop(): Promise<void>;
}

export async function startBrowserStack(name: string, seed: SeedData = testSeed): Promise<BrowserStack> {
  const s = await startStack({
    name,
    seed,
    accounts: true,
    worker: true,
    app: { webDist },
    listen: true,
    browser: true,
  });
  return {
    tdb: s.tdb,
    nats: s.nats,
    nc: s.nc,
    worker: s.worker,
    app: s.app,
    browser: s.browser,
    base: s.url,
    now: s.now,
    stop: s.stop,
  };
}
