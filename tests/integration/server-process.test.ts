import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../server/src/embedded/child';
import { startStack } from '../support/stack';
import { loginCookie } from '../support/auth';
import { spawnServer } from '../support/process';
import { waitFor } from '../support/wait';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-data-'));
  dirs.push(d);
  return d;
}

describe('the server process', () => {
  it('refuses a wrong setting with one sentence naming the variable', async () => {
    const s = spawnServer({ PORT: 'abc' });
    const { code } = await s.exited();
    expect(code).toBe(1);
    expect(s.output().trim()).toBe('Luoshi cannot start: PORT must be a port number between 1 and 65535, got "abc".');
  });

  it('runs against given PostgreSQL and NATS and stops with exit 0 on SIGTERM', async () => {
    // The server process brings its own app and ingest: the stack gives only the database and nats-server.
    const stack = await startStack({ name: 'test-server-process', seed: null, stream: false, app: false });
    try {
      const s = spawnServer({ DATABASE_URL: stack.tdb.url, NATS_URL: stack.nats.url, PORT: String(await getPort()), DATA_DIR: tempDir(), ADMIN_PASSWORD: 'admin-password-from-env' });
      const url = await s.ready();
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      // ADMIN_PASSWORD: the admin is created with it, and nothing is printed.
      expect(s.output()).not.toContain('admin-password-from-env');
      expect((await fetch(`${url}/api/plans`)).status).toBe(401);
      const { cookie } = await loginCookie(url, 'admin', 'admin-password-from-env');
      // Migrations ran at start, and DEMO defaults to off with real dependencies.
      expect(await (await fetch(`${url}/api/plans`, { headers: { cookie } })).json()).toEqual([]);
      s.child.kill('SIGTERM');
      expect(await s.exited()).toEqual({ code: 0, signal: null });
    } finally {
      await stack.stop();
    }
  });

  it('with no settings runs embedded PostgreSQL and nats-server with demo data, keeps data across restarts, and leaves no orphans', async () => {
    const dataDir = tempDir();
    const port = String(await getPort());
    const first = spawnServer({ DATA_DIR: dataDir, PORT: port }, { ownGroup: true });
    const url = await first.ready(120_000);
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    // First start: the generated admin password is printed once; demo credentials are
    // printed and kept in DATA_DIR/demo-accounts.txt, readable by this user only.
    const adminPassword = /the password\s+(\S+)/.exec(first.output())?.[1];
    expect(adminPassword).toBeDefined();
    const file = path.join(dataDir, 'demo-accounts.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const demoText = readFileSync(file, 'utf8');
    expect(demoText).toMatch(/staff-\S+\s+\S+\s+staff/);
    expect(demoText).toMatch(/Screen token .*lst_/);
    expect(first.output()).toContain(demoText.split('\n')[3]!);
    const { cookie } = await loginCookie(url, 'admin', adminPassword);
    const headers = { cookie };
    // "This year" is the first start's (its published demo plans), not read off the clock again
    // here: started at 23:59 on 31 December, the first run's year is not the one a minute later.
    const firstPlans = (await (await fetch(`${url}/api/plans`, { headers })).json()) as { id: string; status: string }[];
    const thisYear = Math.max(...firstPlans.filter((p) => p.status === 'published' && /^WJC-\d{4}$/.test(p.id)).map((p) => Number(p.id.slice(4))));
    expect(Number.isInteger(thisYear)).toBe(true);
    const targets = (await (await fetch(`${url}/api/targets`, { headers })).json()) as { eventCount: number }[];
    expect(targets.length).toBeGreaterThanOrEqual(40);
    // The demo feed publishes over NATS; ingest counts it.
    const moved = await waitFor('demo events ingested', async () => {
      const ts = (await (await fetch(`${url}/api/targets`, { headers })).json()) as { eventCount: number }[];
      const n = ts.reduce((s, t) => s + t.eventCount, 0);
      return n > 0 ? n : undefined;
    }, 20_000);

    // The embedded nats-server the demo feed and ingest used requires the generated
    // credentials (mode 600): an anonymous local process is refused.
    expect(statSync(path.join(dataDir, 'nats-credentials.json')).mode & 0o777).toBe(0o600);
    const natsPort = /listen: "127\.0\.0\.1:(\d+)"/.exec(readFileSync(path.join(dataDir, 'nats.conf'), 'utf8'))![1];
    const anonymous = await connect({ servers: `nats://127.0.0.1:${natsPort}`, maxReconnectAttempts: 0 }).then(
      (nc) => nc.close().then(() => 'connected'),
      (e: unknown) => String((e as Error).message),
    );
    expect(anonymous).toMatch(/authorization/i);

    const pgPid = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const natsPid = Number(readFileSync(path.join(dataDir, 'nats.pid'), 'utf8').trim());
    expect(isAlive(pgPid) && isAlive(natsPid)).toBe(true);
    // Ctrl-C in a terminal: SIGINT to the whole foreground group, and `npm start`'s launcher
    // forwards one more. The orderly stop must run to its end, quietly: PostgreSQL and
    // nats-server (groups of their own) are stopped by the server after it drained NATS.
    const beforeStop = first.output().length;
    process.kill(-first.child.pid!, 'SIGINT');
    first.child.kill('SIGINT');
    expect(await first.exited()).toEqual({ code: 0, signal: null });
    expect(first.output().slice(beforeStop)).not.toMatch(/"level":(40|50|60)/);
    expect(isAlive(pgPid)).toBe(false);
    expect(isAlive(natsPid)).toBe(false);

    // Same DATA_DIR, started as if it were 15 March next year (DEMO_TODAY, issue 18.12): the
    // events are still there, next year's demo plans are seeded with their history, this
    // year's are closed, and the feed keeps publishing on the moved clock (ingest judges its
    // reports on the same clock: on the real one they would be refused as from the future).
    const next = String(thisYear + 1);
    const second = spawnServer({ DATA_DIR: dataDir, PORT: port, DEMO_TODAY: `${next}-03-15` });
    const url2 = await second.ready(120_000);
    // Printed once: the second start shows no password; the session survived the restart.
    expect(second.output()).not.toContain(adminPassword);
    type Row = { code: string; planId: string; eventCount: number };
    const again = (await (await fetch(`${url2}/api/targets`, { headers })).json()) as Row[];
    expect(again.reduce((s, t) => s + t.eventCount, 0)).toBeGreaterThanOrEqual(moved);
    const plans = (await (await fetch(`${url2}/api/plans`, { headers })).json()) as { id: string; status: string }[];
    expect(plans.filter((p) => p.status === 'published').map((p) => p.id).sort()).toEqual([`WJC-${next}`, `WL-${next}`, `XJWC-${next}`]);
    expect(plans.filter((p) => p.id.endsWith(String(thisYear))).map((p) => p.status)).toEqual(['closed', 'closed', 'closed']);
    const inNext = (rows: Row[]) => rows.filter((t) => t.planId.endsWith(next)).reduce((s, t) => s + t.eventCount, 0);
    const backfilled = await waitFor('next year history back-filled', async () => {
      const n = inNext((await (await fetch(`${url2}/api/targets`, { headers })).json()) as Row[]);
      return n > 100 ? n : undefined;
    }, 20_000);
    await waitFor('the feed moves next year targets', async () => {
      const n = inNext((await (await fetch(`${url2}/api/targets`, { headers })).json()) as Row[]);
      return n > backfilled ? n : undefined;
    }, 30_000);
    const overview = await fetch(`${url2}/api/plans/WJC-${next}/overview`, { headers });
    expect(((await overview.json()) as { asOf: string }).asOf).toBe(`${next}-03-15`);

    // Killed outright, the server cannot clean up; the kernel stops its children for it.
    const pg2 = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const nats2 = Number(readFileSync(path.join(dataDir, 'nats.pid'), 'utf8').trim());
    second.child.kill('SIGKILL');
    await second.exited();
    await waitFor('children gone after SIGKILL', async () => (!isAlive(pg2) && !isAlive(nats2) ? true : undefined), 30_000);
    expect(existsSync(dataDir)).toBe(true);
  });
});
