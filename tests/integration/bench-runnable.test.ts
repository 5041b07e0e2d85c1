import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every benchmark script in bench/ runs to its end at a tiny size, so none can rot silently
 * (bench:read stopped at `401 unauthenticated` for weeks once sign-in landed). A runnability
 * check, not a timing test: it reads no figure, only that the script finished and printed its
 * table. BENCH_SMOKE=1 keeps docs/bench/*.json untouched.
 */

const root = path.resolve(import.meta.dirname, '../..');

function runBench(script: string, env: Record<string, string>): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', script)], {
    cwd: root,
    env: { ...process.env, BENCH_SMOKE: '1', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 170_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('benchmark scripts stay runnable (tiny sizes)', () => {
  it('bench:read loads data, signs in with a token and measures every read', () => {
    const r = runBench('read.ts', { BENCH_EVENTS: '2000', BENCH_REQUESTS: '3', BENCH_WARMUP: '1' });
    expect(r.out).not.toMatch(/answered 40\d/);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('GET /api/plans/BP-1/overview');
    expect(r.out).toMatch(/worst read p95 [\d.]+ ms/);
  }, 180_000);

  it('bench:ingest measures both ceilings and end to end, and its rollups add up', () => {
    const r = runBench('ingest.ts', { BENCH_EVENTS: '300', BENCH_FIXED_RATE: '100', BENCH_FIXED_SECONDS: '1' });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/JetStream alone .*events\/s/);
    expect(r.out).toContain('rollups equal the sum of their events: yes');
  }, 180_000);

  it('bench:ingest-cpu times decoding, judging and the rollup statements of a batch', () => {
    const r = runBench('ingest-cpu.ts', { BENCH_BATCH: '50', BENCH_ROUNDS: '2' });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/\| decode [\d.]+ ms \| judge [\d.]+ ms \| rollup statements [\d.]+ ms/);
  }, 180_000);

  it('bench:live starts a server, connects clients and prints its row', () => {
    const r = runBench('live.ts', {
      BENCH_CLIENTS: '6',
      BENCH_PROBES: '3',
      BENCH_WORKERS: '1',
      BENCH_RATE: '50',
      BENCH_SECONDS: '1',
      BENCH_WARMUP: '0',
    });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/\| live push: .* p99 \d+ ms/);
  }, 180_000);

  it('bench:sign-in times the three refusal paths and prints their spread', () => {
    const r = runBench('sign-in-timing.ts', { BENCH_ROUNDS: '3' });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/spread [\d.]+% \(slowest vs fastest median\)/);
  }, 180_000);

  it('bench:extract times the extractor on a 20,000-character plan beside a regex floor', () => {
    const r = runBench('extract.ts', { BENCH_RUNS: '2' });
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/extractCommitments +[\d.]+/);
  }, 60_000);

  it('bench/web-size.ts reads the built web app (pnpm test builds it first)', () => {
    const r = runBench('web-size.ts', {});
    if (!existsSync(path.join(root, 'web/dist/index.html'))) {
      // Run without a build: the script must say so plainly rather than crash.
      expect(r.status).toBe(1);
      expect(r.out).toContain('run `pnpm build` first');
      return;
    }
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('initialJsGzip');
  }, 60_000);
});
