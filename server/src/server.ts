import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createDb, migrateToLatest } from '@luoshi/db';
import { chinaDate, yearOf } from '@luoshi/shared';
import { buildApp } from './app';
import { ensureAdmin, ensureDemoAccounts } from './auth/bootstrap';
import { demoCredentialsText } from './demo/credentials';
import { ConfigError, loadConfig } from './config';
import { startDemoFeed } from './demo/feed';
import { startEmbeddedNats, MissingNatsServerError } from './embedded/nats';
import { startEmbeddedPostgres } from './embedded/postgres';
import { startDraining } from './health/routes';
import { connectNats, ensureProgressStream, StreamSettingsError } from './infra/nats';
import type { NatsTarget } from './infra/nats-target';
import { IngestWorker } from './ingest/worker';
import { clockFrom, systemClock } from './infra/clock';
import { ensureDemoYear } from './demo/year';

/**
 * Start-up and shutdown only. Everything started is pushed on a stack and stopped in
 * reverse order: HTTP and sockets, demo feed, ingest (finishing its batch), NATS drain,
 * the pool, then the embedded nats-server and PostgreSQL.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Luoshi cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel });
  // One clock for the whole process (infra/clock.ts); DEMO_TODAY places a demo run on another date.
  const clock = config.demoToday ? clockFrom(config.demoToday) : systemClock;
  if (config.demoToday) log.info({ today: config.demoToday }, 'DEMO_TODAY: the demo runs as if today were this date');
  const stops: { name: string; stop: () => Promise<unknown> | void }[] = [];
  let stopping: Promise<void> | null = null;

  const shutdown = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      for (const { name, stop } of stops.reverse()) {
        try {
          await stop();
        } catch (err) {
          log.error({ err }, `stopping ${name} failed`);
        }
      }
      log.info('stopped');
      process.exit(code);
    })());
  // Ctrl-C in a terminal reaches the server twice at once (from the terminal's process group
  // and forwarded by `npm start`'s launcher): a repeat within a second is that same press and
  // must not cut the orderly stop short. A later one means "stop now".
  let firstSignalAt = 0;
  const onSignal = (): void => {
    const now = Date.now();
    if (firstSignalAt === 0) firstSignalAt = now;
    else if (now - firstSignalAt > 1_000) {
      log.warn('stopping now, without finishing the orderly stop');
      process.exit(1);
    }
    void shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    mkdirSync(config.dataDir, { recursive: true });
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: config.dataDir });
      stops.push({ name: 'embedded PostgreSQL', stop: pg.stop });
      databaseUrl = pg.url;
      log.info({ port: pg.port, dir: path.join(config.dataDir, 'postgres') }, 'embedded PostgreSQL started');
    }
    let natsTarget: NatsTarget | null = config.nats;
    if (!natsTarget) {
      // Requires credentials: the service NKey made at first start (DATA_DIR/nats-credentials.json).
      const nats = await startEmbeddedNats({ dataDir: config.dataDir });
      stops.push({ name: 'embedded nats-server', stop: nats.stop });
      natsTarget = nats.target;
      if (nats.port !== nats.wanted) log.info({ url: nats.url }, `port ${nats.wanted} is taken; embedded nats-server started on ${nats.port} instead`);
      else log.info({ url: nats.url }, 'embedded nats-server started');
    }

    // Migrations on a pool of their own, without the statement timeout: with N instances
    // starting together one migrates under an advisory lock while the others wait for it.
    const migrationDb = createDb(databaseUrl, { max: 1 });
    try {
      const applied = await migrateToLatest(migrationDb);
      if (applied.length) log.info({ applied }, 'migrations applied');
    } finally {
      await migrationDb.destroy();
    }
    const db = createDb(databaseUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
    stops.push({ name: 'database pool', stop: () => db.destroy() });

    const nc = await connectNats(natsTarget, 'luoshi-server');
    stops.push({ name: 'NATS connection', stop: () => nc.drain() });
    await ensureProgressStream(nc, config.jetstream);

    if (config.ingest) {
      // Messages are taken in on a thread of their own (intake/thread.ts) through its own connection.
      const worker = new IngestWorker(db, nc, log.child({ part: 'ingest' }), { now: clock, intakeTarget: natsTarget });
      await worker.start();
      stops.push({ name: 'ingest worker', stop: () => worker.stop() });
    } else {
      log.info('INGEST=false: no ingest worker in this process; live changes come from workers elsewhere');
    }

    const admin = await ensureAdmin(db, config.adminPassword);
    const generatedAdmin = admin && !config.adminPassword ? admin : null;
    if (admin && !config.adminPassword) {
      // Generated: shown this once, never stored in clear; change it by setting a new one.
      console.log(`\n  First start: created the account "admin" with the password  ${admin.password}\n  (shown once; keep it somewhere safe)\n`);
    } else if (admin) {
      log.info('created the account "admin" with ADMIN_PASSWORD');
    }

    if (config.demo) {
      // The demo plans are the clock's year's (the seed documents' plans moved to it).
      await ensureDemoYear(db, yearOf(chinaDate(clock())!), log.child({ part: 'demo' }));
      const demo = await ensureDemoAccounts(db);
      if (demo.accounts.length > 0 || demo.screenToken || generatedAdmin) {
        // The generated admin password goes in the file too: the console scrolls (issue 18.13).
        const accounts = generatedAdmin ? [generatedAdmin, ...demo.accounts] : demo.accounts;
        const names = new Map((await db.selectFrom('units').select(['code', 'name']).execute()).map((u) => [u.code, u.name]));
        const text = demoCredentialsText(accounts, demo.screenToken, names);
        const file = path.join(config.dataDir, 'demo-accounts.txt');
        writeFileSync(file, text, { mode: 0o600 });
        chmodSync(file, 0o600);
        console.log(`\n${text}\n  (also in ${file}, readable by this user only)\n`);
      } else {
        log.info({ file: path.join(config.dataDir, 'demo-accounts.txt') }, 'demo accounts exist; their credentials were printed at the first start');
      }
      const feed = startDemoFeed(db, nc, log.child({ part: 'demo-feed' }), { now: clock });
      stops.push({ name: 'demo feed', stop: feed.stop });
    }

    const webDist = path.resolve(import.meta.dirname, '../../web/dist');
    const app = await buildApp(
      {
        db,
        nc,
        webDist,
        now: clock,
        corsOrigins: config.corsOrigins,
        screenHeartbeatMs: config.screenHeartbeatMs,
        supervision: { scheduler: config.scheduler ? { intervalMs: 60_000 } : false, thresholds: config.bulletinThresholds },
        statusStyle: { bands: config.statusBands, palette: config.statusPalette },
      },
      { loggerInstance: log },
    );
    // Graceful drain: readiness turns 503, the listener stops accepting, in-flight requests
    // finish, idle keep-alive connections close, and socket transports are closed (not
    // ended) so clients reconnect through the balancer to another instance.
    stops.push({
      name: 'HTTP server',
      stop: async () => {
        startDraining(app);
        // SHUTDOWN_GRACE_MS: requests already sent (and a balancer's next readiness probe)
        // are answered, with `Connection: close`, before the listener goes away.
        if (config.shutdownGraceMs > 0) await new Promise((r) => setTimeout(r, config.shutdownGraceMs));
        await app.close();
      },
    });
    await app.listen({ port: config.port, host: config.host });
    console.log(`\n  Luoshi 落实 is running at http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/\n`);
  } catch (err) {
    if (err instanceof MissingNatsServerError || err instanceof StreamSettingsError) console.error(`Luoshi cannot start: ${err.message}`);
    else log.fatal({ err }, 'start-up failed');
    await shutdown(1);
  }
}

void main();
