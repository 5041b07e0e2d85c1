import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import getPort from 'get-port';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb } from '@luoshi/db';
import { buildApp } from '../../server/src/app';
import { findExecutable, spawnOwned, stopChild, waitForLine } from '../../server/src/embedded/child';
import { startDraining } from '../../server/src/health/routes';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { adminToken } from '../support/auth';
import type { TestDatabase, TestNats } from '../support/infra';
import { spawnServer } from '../support/process';
import { waitFor } from '../support/wait';
import { connectClient, connected } from './live-support';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let tdb: TestDatabase;
let nats: TestNats;
const dirs: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  // Servers and nats-servers of the tests' own are started per case; the stack gives the database and a nats-server.
  stack = await startStack({ name: 'test-health-drain', stream: false, app: false });
  ({ tdb, nats } = stack);
});

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await stack?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-health-'));
  dirs.push(d);
  return d;
}

describe('health for orchestrators', () => {
  it('answers liveness always, and readiness only with database, NATS, the stream and current migrations, and not while draining', async () => {
    const nc = await connectNats(nats.url, 'test-health');
    cleanups.push(() => nc.close());
    const app = await buildApp({ db: tdb.db, nc, webDist: null }, { logger: false });
    cleanups.push(() => app.close());
    // No stream yet (no ingest worker or server has created it on this nats-server).
    let ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', db: 'up', nats: 'up', stream: 'down', migrations: 'current' });
    expect(ready.headers['retry-after']).toBe('5');

    await ensureProgressStream(nc);
    ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', db: 'up', nats: 'up', stream: 'up', migrations: 'current' });

    startDraining(app);
    ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'draining' });
    const live = await app.inject({ url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
  });

  it('is not ready while the database has migrations to run (a newer release waiting for them)', async () => {
    // An empty database: this code knows migrations it has not run.
    const admin = inject('pgAdminUrl');
    const name = `t_unmigrated_${Date.now()}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const db = createDb(admin.replace(/\/postgres$/, `/${name}`));
    cleanups.push(async () => {
      await db.destroy();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    });
    const nc = await connectNats(nats.url, 'test-health-unmigrated');
    cleanups.push(() => nc.close());
    const app = await buildApp({ db, nc, webDist: null }, { logger: false });
    cleanups.push(() => app.close());
    const ready = await app.inject({ url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ db: 'up', migrations: 'pending' });
    // Liveness does not depend on any of it: an orchestrator must not restart a waiting instance.
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
  });

  it('is live but not ready when NATS is gone', async () => {
    const nc = await connectNats(nats.url, 'test-health-closed');
    const app = await buildApp({ db: tdb.db, nc, webDist: null }, { logger: false });
    cleanups.push(() => app.close());
    await nc.close();
    expect((await app.inject({ url: '/api/health/ready' })).json()).toMatchObject({ status: 'unavailable', nats: 'down', stream: 'down' });
    expect((await app.inject({ url: '/api/health/live' })).statusCode).toBe(200);
  });
});

describe('an instance on an external NATS with credentials', () => {
  let natsChild: ChildProcess;
  let natsUrl: string;

  beforeAll(async () => {
    const dir = tempDir();
    const port = await getPort();
    natsUrl = `nats://127.0.0.1:${port}`;
    writeFileSync(
      path.join(dir, 'nats.conf'),
      [`listen: "127.0.0.1:${port}"`, `jetstream { store_dir: ${JSON.stringify(dir)} }`, 'authorization { users = [ { user: "luoshi", password: "s3cret-for-the-test" } ] }'].join('\n'),
    );
    natsChild = spawnOwned(findExecutable('nats-server')!, ['-c', path.join(dir, 'nats.conf')], {});
    await waitForLine(natsChild, /Server is ready/, 'nats-server with a password');
    cleanups.push(() => stopChild(natsChild, 'SIGTERM', 5_000));
  });

  it('stops start-up with a sentence when the password is wrong', async () => {
    const s = spawnServer({ DATABASE_URL: tdb.url, NATS_URL: natsUrl, NATS_USER: 'luoshi', NATS_PASSWORD: 'wrong', PORT: String(await getPort()), DATA_DIR: tempDir() });
    const { code } = await s.exited();
    expect(code).toBe(1);
    expect(s.output()).toMatch(/authorization violation/i);
  });

  it('connects with NATS_USER/NATS_PASSWORD, is ready, and on SIGTERM drains: in-flight requests finish, sockets are closed to reconnect elsewhere, exit 0', async () => {
    const token = await adminToken(tdb.db);
    const env = { DATABASE_URL: tdb.url, NATS_URL: natsUrl, NATS_USER: 'luoshi', NATS_PASSWORD: 's3cret-for-the-test', DATA_DIR: tempDir(), ADMIN_PASSWORD: 'admin-password-from-env' };
    const a = spawnServer({ ...env, PORT: String(await getPort()) });
    const b = spawnServer({ ...env, PORT: String(await getPort()), INGEST: 'false' });
    cleanups.push(async () => a.child.kill('SIGKILL'), async () => b.child.kill('SIGKILL'));
    const [urlA, urlB] = await Promise.all([a.ready(), b.ready()]);
    const ready = await fetch(`${urlA}/api/health/ready`);
    expect(ready.status).toBe(200);

    const socket = connectClient(urlA, { token });
    cleanups.push(async () => socket.disconnect());
    await connected(socket);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));

    // Requests in flight when the signal arrives finish; later ones are refused cleanly
    // (503 while closing, or no connection) — never cut off half-way.
    const auth = { authorization: `Bearer ${token}` };
    const inflight = Array.from({ length: 20 }, () =>
      fetch(`${urlA}/api/targets`, { headers: auth }).then(
        (r) => String(r.status),
        (e: unknown) => String((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message),
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    a.child.kill('SIGTERM');
    const outcomes = await Promise.all(inflight);
    for (const o of outcomes) expect(['200', '503', 'ECONNREFUSED']).toContain(o);
    expect(outcomes).toContain('200');
    expect(await a.exited()).toEqual({ code: 0, signal: null });
    // The transport was closed, not the socket.io session: the client will reconnect by itself.
    expect(reasons).toEqual(['transport close']);

    // The other instance keeps serving; a client the balancer sends there carries on.
    const moved = connectClient(urlB, { token });
    cleanups.push(async () => moved.disconnect());
    await connected(moved);
    expect((await fetch(`${urlB}/api/health/ready`)).status).toBe(200);
    b.child.kill('SIGTERM');
    expect(await b.exited()).toEqual({ code: 0, signal: null });
    await waitFor('b gone', async () => (b.child.exitCode !== null ? true : undefined));
  });
});
