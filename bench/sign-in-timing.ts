/**
 * pnpm bench:sign-in — does the time of a refused sign-in tell which accounts exist?
 * (issue 15 item 4). A real server (buildApp, listening on loopback) on PostgreSQL and
 * nats-server started fresh in a temporary folder; this process signs in over HTTP:
 *   - unknown: a login that names no account;
 *   - disabled: the right password of a disabled account;
 *   - wrong: a wrong password for an active account;
 * interleaved in a shuffled order (so a burst of other load on the shared machine falls on
 * all three alike), BENCH_ROUNDS (40) of each after 5 warm-up rounds. The sign-in limits are
 * raised for the run: the bench measures the work of a sign-in, not its throttle.
 * The ceiling in the same run: one bare scrypt derivation with today's parameters.
 * Prints the three medians, the spread between them, and whether they are within 10% of
 * each other (the goal); writes docs/bench/sign-in-timing.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, migrateToLatest } from '@luoshi/db';
import { buildApp } from '../server/src/app';
import { hashPassword, kdf, SCRYPT_PARAMS } from '../server/src/auth/password';
import { startEmbeddedNats } from '../server/src/embedded/nats';
import { startEmbeddedPostgres } from '../server/src/embedded/postgres';
import { connectNats } from '../server/src/infra/nats';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const WARMUP = 5;
const PASSWORD = 'bench-password-正确';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-sign-in-'));
const cleanups: (() => Promise<unknown> | unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
try {
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  cleanups.unshift(() => pg.stop());
  const nats = await startEmbeddedNats({ dataDir: dir, anonymous: true });
  cleanups.unshift(() => nats.stop());
  const db = createDb(pg.url);
  cleanups.unshift(() => db.destroy());
  await migrateToLatest(db);
  const hash = await hashPassword(PASSWORD);
  await db
    .insertInto('users')
    .values([
      { id: 'bench-active', username: 'active', display_name: 'active', role: 'admin', unit_code: null, password_hash: hash },
      { id: 'bench-disabled', username: 'disabled', display_name: 'disabled', role: 'admin', unit_code: null, password_hash: hash, disabled_at: new Date() },
    ])
    .execute();
  const nc = await connectNats(nats.url, 'bench-sign-in');
  cleanups.unshift(() => nc.close());
  const big = 1_000_000;
  const app = await buildApp({ db, nc, webDist: null, loginThrottle: { max: big, perAddress: big } }, { logger: false });
  cleanups.unshift(() => app.close());
  const url = await app.listen({ port: 0, host: '127.0.0.1' });

  type Path = 'unknown' | 'disabled' | 'wrong';
  const body: Record<Path, () => { username: string; password: string }> = {
    unknown: () => ({ username: `nobody-${randomBytes(4).toString('hex')}`, password: 'a-guess' }),
    disabled: () => ({ username: 'disabled', password: PASSWORD }),
    wrong: () => ({ username: 'active', password: 'a-guess' }),
  };
  const signIn = async (p: Path): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body[p]()) });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (res.status !== 401) throw new Error(`${p}: expected 401, got ${res.status}`);
    return ms;
  };
  const paths: Path[] = ['unknown', 'disabled', 'wrong'];
  const times: Record<Path, number[]> = { unknown: [], disabled: [], wrong: [] };
  const scryptMs: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const order = [...paths].sort(() => Math.random() - 0.5);
    for (const p of order) {
      const ms = await signIn(p);
      if (round >= WARMUP) times[p].push(ms);
    }
    const t0 = performance.now();
    await kdf.derive('a-guess', randomBytes(16), SCRYPT_PARAMS);
    if (round >= WARMUP) scryptMs.push(performance.now() - t0);
  }
  const medians = Object.fromEntries(paths.map((p) => [p, r1(median(times[p]))])) as Record<Path, number>;
  const lo = Math.min(...Object.values(medians));
  const hi = Math.max(...Object.values(medians));
  const spreadPct = r1(((hi - lo) / lo) * 100);
  const within = spreadPct <= 10;
  const result = {
    at: new Date().toISOString(),
    rounds: ROUNDS,
    scrypt: SCRYPT_PARAMS,
    mediansMs: medians,
    scryptAloneMedianMs: r1(median(scryptMs)),
    spreadPct,
    goal: 'the three medians within 10% of each other',
    met: within,
    load: os.loadavg().map(r1),
  };
  console.log(`sign-in, ${ROUNDS} of each over HTTP (scrypt N=${SCRYPT_PARAMS.N}, r=${SCRYPT_PARAMS.r}, p=${SCRYPT_PARAMS.p}):`);
  for (const p of paths) console.log(`  ${p.padEnd(9)} median ${medians[p]} ms`);
  console.log(`  ceiling: one bare scrypt derivation, median ${result.scryptAloneMedianMs} ms`);
  console.log(`  spread ${spreadPct}% (slowest vs fastest median): ${within ? 'within' : 'NOT within'} 10% of each other`);
  console.log(`  load average ${result.load.join(' ')}`);
  // BENCH_SMOKE=1: the suite's runnability check; docs/bench stays untouched.
  if (process.env.BENCH_SMOKE !== '1') {
    mkdirSync(path.join(root, 'docs/bench'), { recursive: true });
    writeFileSync(path.join(root, 'docs/bench/sign-in-timing.json'), JSON.stringify(result, null, 2) + '\n');
  }
} finally {
  for (const c of cleanups) await c();
}
