import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createDb, migrateToLatest } from '@luoshi/db';
import { loadSeed, seedData } from '@luoshi/seeds';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { startDemoFeed } from './demo/feed';
import { startEmbeddedNats, MissingNatsServerError } from './embedded/nats';
import { startEmbeddedPostgres } from './embedded/postgres';
import { connectNats, ensureProgressStream } from './infra/nats';
import { IngestWorker } from './ingest/worker';
import { seedDemoScreen } from './screens/seed';

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
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    mkdirSync(config.dataDir, { recursive: true });
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: config.dataDir });
      stops.push({ name: 'embedded PostgreSQL', stop: pg.stop });
      databaseUrl = pg.url;
      log.info({ port: pg.port, dir: path.join(config.dataDir, 'postgres') }, 'embedded PostgreSQL started');
    }
    let natsUrl = config.natsUrl;
    if (!natsUrl) {
      const nats = await startEmbeddedNats({ dataDir: config.dataDir });
      stops.push({ name: 'embedded nats-server', stop: nats.stop });
      natsUrl = nats.url;
      log.info({ url: nats.url }, 'embedded nats-server started');
    }

    const db = createDb(databaseUrl);
    stops.push({ name: 'database pool', stop: () => db.destroy() });
    const applied = await migrateToLatest(db);
    if (applied.length) log.info({ applied }, 'migrations applied');

    const nc = await connectNats(natsUrl, 'luoshi-server');
    stops.push({ name: 'NATS connection', stop: () => nc.drain() });
    await ensureProgressStream(nc);

    if (config.ingest) {
      const worker = new IngestWorker(db, nc, log.child({ part: 'ingest' }));
      await worker.start();
      stops.push({ name: 'ingest worker', stop: () => worker.stop() });
    } else {
      log.info('INGEST=false: no ingest worker in this process; live changes come from workers elsewhere');
    }

    if (config.demo) {
      const { targets } = await loadSeed(db, seedData);
      log.info({ targets }, 'demo plans seeded');
      await seedDemoScreen(db);
      const feed = startDemoFeed(db, nc, log.child({ part: 'demo-feed' }));
      stops.push({ name: 'demo feed', stop: feed.stop });
    }

    const webDist = path.resolve(import.meta.dirname, '../../web/dist');
    const app = await buildApp({ db, nc, webDist }, { loggerInstance: log });
    stops.push({ name: 'HTTP server', stop: () => app.close() });
    await app.listen({ port: config.port, host: config.host });
    console.log(`\n  Luoshi 落实 is running at http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/\n`);
  } catch (err) {
    if (err instanceof MissingNatsServerError) console.error(`Luoshi cannot start: ${err.message}`);
    else log.fatal({ err }, 'start-up failed');
    await shutdown(1);
  }
}

void main();
