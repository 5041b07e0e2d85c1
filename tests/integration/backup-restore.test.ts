import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateToLatest, pendingMigrations, type Database } from '@luoshi/db';
import { loadSeed } from '@luoshi/seeds';
import type { PlanOverview, ProgressEvent } from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { IngestWorker } from '../../server/src/ingest/worker';
import { adminToken, bearer } from '../support/auth';
import { havePg15, pg15Tool, startDebianPostgres, type DebianPostgres } from '../support/debian-postgres';
import { testSeed } from '../support/fixtures';
import { startTestNats, type TestNats } from '../support/infra';
import { waitFor } from '../support/wait';

/**
 * docs/deploy.md "Backup and restore", run as written: a system on a standalone PostgreSQL
 * ingests events through POST /api/events → JetStream → the ingest worker; `pg_dump
 * --format=custom` of it is restored with `pg_restore --no-owner` into a fresh database on
 * a second, fresh PostgreSQL; an app started on the restored database serves the same
 * overview. PostgreSQL 15 on both sides because the client tools must be at least the
 * server's major version and Debian 12 ships 15 (.ci/run installs postgresql-15).
 */

// Statuses are judged as of the China date: pin it so both reads judge the same day.
const now = () => new Date('2026-06-15T04:00:00Z');
// The server's own reading of DATABASE_URL (sslmode and certificate files validated there);
// NATS_URL only keeps loadConfig from expecting the embedded nats-server, it is not dialled.
const DB_ENV = (url: string) => loadConfig({ DATABASE_URL: url, NATS_URL: 'nats://127.0.0.1:4222', DATA_DIR: os.tmpdir() });

const events: ProgressEvent[] = [
  { id: 'br-1', target: 'TP-JOBS', kind: 'increment', value: 12, occurredAt: '2026-02-10T09:00:00+08:00', reporter: 'backup-test' },
  { id: 'br-2', target: 'TP-JOBS', kind: 'increment', value: 30.5, occurredAt: '2026-04-02T09:00:00+08:00', reporter: 'backup-test' },
  { id: 'br-3', target: 'TP-AREA', kind: 'reading', value: 1_990_000, occurredAt: '2026-05-01T10:00:00+08:00', reporter: 'backup-test' },
  { id: 'br-4', target: 'TP-JOBS', kind: 'correction', value: -5.5, corrects: 'br-2', reason: '重复统计', occurredAt: '2026-04-03T09:00:00+08:00', reporter: 'backup-test' },
];

const skipReason = havePg15() ? null : `PostgreSQL 15 binaries missing under ${pg15Tool('')} (apt-get install postgresql-15; .ci/run does)`;
if (skipReason) console.warn(`backup-restore: skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('PostgreSQL backup and restore (docs/deploy.md)', () => {
  let source: DebianPostgres;
  let target: DebianPostgres;
  let nats: TestNats;
  let nc: NatsConnection;
  let dbA: Kysely<Database>;
  let dbB: Kysely<Database> | undefined;
  let appA: FastifyInstance;
  let appB: FastifyInstance | undefined;
  let worker: IngestWorker;
  let auth: { authorization: string };
  let dir: string;

  // Not startStack: pg_dump and pg_restore need two PostgreSQL 15 servers of the Debian packages
  // (source and target, tests/support/debian-postgres.ts), and the app runs with the config the
  // server reads from DATABASE_URL (DB_ENV), not on the run's shared embedded PostgreSQL.
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-backup-'));
    [source, target, nats] = await Promise.all([startDebianPostgres(), startDebianPostgres(), startTestNats()]);
    const config = DB_ENV(source.url);
    dbA = createDb(config.databaseUrl!, { max: config.database.poolSize });
    await migrateToLatest(dbA);
    await loadSeed(dbA, testSeed);
    auth = bearer(await adminToken(dbA));
    nc = await connectNats(nats.url, 'test-backup-restore');
    await ensureProgressStream(nc);
    worker = new IngestWorker(dbA, nc, pino({ level: 'silent' }));
    await worker.start();
    appA = await buildApp({ db: dbA, nc, webDist: null, now });
  });

  afterAll(async () => {
    await appB?.close();
    await dbB?.destroy();
    await appA?.close();
    await worker?.stop();
    await nc?.close();
    await dbA?.destroy();
    await Promise.all([source?.destroy(), target?.destroy(), nats?.destroy()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const overview = async (app: FastifyInstance): Promise<PlanOverview> => {
    const res = await app.inject({ method: 'GET', url: '/api/plans/TP-2026/overview', headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PlanOverview>();
  };

  it('restores a pg_dump into a fresh PostgreSQL that serves the same overview', async () => {
    const res = await appA.inject({ method: 'POST', url: '/api/events', headers: auth, payload: events });
    expect(res.statusCode, res.body).toBe(202);
    // Every event is stored or rejected (a rejection would fail the check below, naming it).
    const settled = await waitFor('events ingested', async () => {
      const stored = await dbA.selectFrom('events').select('id').execute();
      const rejected = await dbA.selectFrom('rejected_events').select(['event_id', 'code', 'message']).execute();
      return stored.length + rejected.length === events.length ? { stored: stored.length, rejected } : undefined;
    });
    expect(settled).toEqual({ stored: events.length, rejected: [] });
    const before = await overview(appA);
    const jobs = before.targets.find((t) => t.code === 'TP-JOBS')!;
    const area = before.targets.find((t) => t.code === 'TP-AREA')!;
    // The events really arrived: 12 + 30.5 − 5.5 (a correction is a signed delta), and the reading.
    expect(jobs.value).toBe(37);
    expect(area.value).toBe(1_990_000);
    expect(before.recent.length).toBeGreaterThan(0);

    // Exactly the commands docs/deploy.md gives.
    const dump = path.join(dir, 'luoshi.dump');
    execFileSync(pg15Tool('pg_dump'), ['--format=custom', `--file=${dump}`, source.url], { stdio: 'pipe' });
    expect(statSync(dump).size).toBeGreaterThan(0);
    execFileSync(pg15Tool('createdb'), [`--maintenance-db=${target.adminUrl}`, 'luoshi_restored'], { stdio: 'pipe' });
    const restoredUrl = target.adminUrl.replace(/\/postgres$/, '/luoshi_restored');
    execFileSync(pg15Tool('pg_restore'), ['--no-owner', `--dbname=${restoredUrl}`, dump], { stdio: 'pipe' });

    // Started on the restored database through the same DATABASE_URL path the server reads.
    const config = DB_ENV(restoredUrl);
    dbB = createDb(config.databaseUrl!, { max: config.database.poolSize });
    // The migration record came along: nothing to migrate, nothing rebuilt.
    expect(await pendingMigrations(dbB)).toEqual([]);
    appB = await buildApp({ db: dbB, nc, webDist: null, now });
    const after = await overview(appB);

    expect(after.targets.map((t) => [t.code, t.value, t.status, t.pct])).toEqual(before.targets.map((t) => [t.code, t.value, t.status, t.pct]));
    expect(after.aggregate).toEqual(before.aggregate);
    expect(after.sections).toEqual(before.sections);
    expect(after.units).toEqual(before.units);
    expect(after).toEqual(before);
  });
});
