import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { createDb, migrateToLatest } from '@luoshi/db';
import { ConfigError, loadConfig } from '../config';
import { setStatusBands } from '../targets/state';
import { connectNats, ensureProgressStream, StreamSettingsError } from '../infra/nats';
import { registry, sampleConsumer } from '../metrics/metrics';
import { IngestWorker, type IngestOptions } from './worker';

/**
 * The ingest worker as its own process: `node --import tsx server/src/ingest/main.ts`.
 * Run as many as needed beside the servers (which can run with INGEST=false): they share
 * the durable consumer, JetStream hands each message to one of them at a time.
 *
 *   DATABASE_URL, NATS_URL   required (with the NATS_* credentials/TLS and DATABASE_* pool settings of the server)
 *   NATS_REPLICAS, NATS_PLACEMENT_*   as the server's: the first process to start creates the stream
 *   LOG_LEVEL                info
 *   INGEST_MAX_BATCH, INGEST_LINGER_MS, INGEST_PULL_AHEAD   tuning (2000, 10, 2; see docs/decisions.md)
 *   METRICS_PORT             unset → no HTTP; else GET /metrics on 127.0.0.1:<port>
 *
 * SIGTERM / SIGINT: stop pulling, finish the batch being written, nak what was only
 * buffered, drain NATS, close the pool, exit 0. A SIGKILL loses nothing either: the
 * unacknowledged messages come back to the other workers after the consumer's ack wait.
 */
function intFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}".`);
  return n;
}

async function main(): Promise<void> {
  let config;
  let tuning: Pick<IngestOptions, 'maxBatch' | 'lingerMs' | 'pullAhead'>;
  let metricsPort: number;
  try {
    config = loadConfig();
    if (!config.databaseUrl) throw new ConfigError('DATABASE_URL must be set for a standalone ingest worker.');
    if (!config.nats) throw new ConfigError('NATS_URL must be set for a standalone ingest worker.');
    tuning = {
      maxBatch: intFromEnv('INGEST_MAX_BATCH', 2000, 1),
      lingerMs: intFromEnv('INGEST_LINGER_MS', 10, 0),
      pullAhead: intFromEnv('INGEST_PULL_AHEAD', 2, 1),
    };
    metricsPort = intFromEnv('METRICS_PORT', 0, 0);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Luoshi ingest cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel }).child({ part: 'ingest' });
  // Live updates carry a status: judge it with this deployment's bands (issue 17 item 7).
  setStatusBands(config.statusBands);
  const nats = config.nats;
  const migrationDb = createDb(config.databaseUrl, { max: 1 });
  try {
    await migrateToLatest(migrationDb);
  } finally {
    await migrationDb.destroy();
  }
  const db = createDb(config.databaseUrl, { max: config.database.poolSize, statementTimeoutMs: config.database.statementTimeoutMs });
  const nc = await connectNats(nats, `luoshi-ingest-${process.pid}`);
  await ensureProgressStream(nc, config.jetstream);
  // Messages are taken in on a thread of their own (intake/thread.ts) through its own connection.
  const worker = new IngestWorker(db, nc, log, { ...tuning, intakeTarget: nats });
  await worker.start();

  let http: Server | null = null;
  if (metricsPort > 0) {
    http = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      sampleConsumer(nc)
        .then(() => registry.metrics())
        .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text))
        .catch(() => res.writeHead(500).end());
    });
    http.listen(metricsPort, '127.0.0.1');
  }

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    try {
      http?.close();
      await worker.stop();
      await nc.drain();
      await db.destroy();
      log.info('ingest worker stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'ingest worker stopped with an error');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  log.info({ ...tuning, metricsPort: metricsPort || null }, 'ingest worker started');
  console.log('Luoshi ingest worker running');
}

main().catch((err: unknown) => {
  if (err instanceof StreamSettingsError) {
    console.error(`Luoshi ingest cannot start: ${err.message}`);
    process.exit(1);
  }
  console.error('Luoshi ingest failed to start:', err);
  process.exit(1);
});
