/**
 * Slow-link page loads (issue 18.9): a cold /report (a clerk's phone) and a cold target page
 * (a leader opening a link) in headless Chromium over a simulated 1.6 Mbit/s, 150 ms link
 * (CDP Network.emulateNetworkConditions), each in a fresh context (empty cache), against
 * the real server with the demo plans and the built web app.
 *
 * Every page is loaded twice in the same run: as the app ships (brotli/gzip, hashed assets)
 * and with compression refused (Accept-Encoding: identity), the way every page went before;
 * the goals (2 s, 2.5 s) are printed beside them. A benchmark, not a test: it prints figures.
 *
 *   pnpm build && pnpm bench:slow-link     # RUNS=5 by default; median and worst are printed
 *   WATERFALL=1 pnpm bench:slow-link       # also prints one compressed load's requests in time order,
 *                                          # main-thread tasks over 50 ms and when the ready element appeared
 *   UNCOMPRESSED=0 pnpm bench:slow-link    # only the loads as shipped
 *   PROFILE=1 pnpm bench:slow-link         # also the JavaScript that took the main thread in one load:
 *                                          # self time by function and chunk, biggest first
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createDb, migrateToLatest } from '@luoshi/db';
import { loadSeed, seedDataFor } from '@luoshi/seeds';
import { chinaDate, yearOf } from '@luoshi/shared';
import { buildApp } from '../../server/src/app';
import { ensureDemoAccounts } from '../../server/src/auth/bootstrap';
import { backfillDemo } from '../../server/src/demo/backfill';
import { startEmbeddedNats } from '../../server/src/embedded/nats';
import { startEmbeddedPostgres } from '../../server/src/embedded/postgres';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import pino from 'pino';

const RUNS = Number(process.env.RUNS ?? 5);
const WATERFALL = process.env.WATERFALL === '1';
const PROFILE = process.env.PROFILE === '1';
/** UNCOMPRESSED=0 skips the identity-encoded loads (quicker while comparing cuts). */
const UNCOMPRESSED = process.env.UNCOMPRESSED !== '0';
const LINK = { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-slow-'));

interface Load {
  ms: number;
  bytes: number;
  /** Each request: when it was sent and finished (ms from navigation), bytes on the wire. */
  requests: { url: string; start: number; end: number; bytes: number }[];
  /** WATERFALL=1: main-thread tasks over 50 ms [start, duration] and when the ready element appeared (page clock, ms). */
  probe?: { longTasks: [number, number][]; readyAt: number };
  /** PROFILE=1: self time (ms) by function and file, biggest first. */
  profile?: [string, number][];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function (name, chunk, line) from a CDP CPU profile, biggest first. */
function selfTimes(p: CpuProfile, base: string): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const ms = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(base, '')}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    ms.set(key, (ms.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms].sort((a, b) => b[1] - a[1]);
}

async function coldLoad(
  browser: Browser,
  base: string,
  sessionId: string,
  url: string,
  ready: string,
  compressed: boolean,
): Promise<Load> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    extraHTTPHeaders: compressed ? {} : { 'accept-encoding': 'identity' },
  });
  await context.addCookies([{ name: 'luoshi_session', value: sessionId, url: base, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  if (WATERFALL)
    // Main-thread tasks over 50 ms and when the ready element appeared, in the page's own clock.
    await page.addInitScript((sel: string) => {
      const w = window as unknown as { __probe: { longTasks: [number, number][]; readyAt: number } };
      w.__probe = { longTasks: [], readyAt: 0 };
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__probe.longTasks.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({ type: 'longtask', buffered: true });
      const mo = new MutationObserver(() => {
        if (!w.__probe.readyAt && document.querySelector(sel)) w.__probe.readyAt = Math.round(performance.now());
      });
      document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
    }, ready);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  let bytes = 0;
  const sent = new Map<string, { url: string; at: number }>();
  const requests: Load['requests'] = [];
  let wall0 = 0; // CDP timestamps are seconds on their own clock: kept relative to the first request
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; request: { url: string } }) => {
    if (sent.size === 0) wall0 = e.timestamp;
    sent.set(e.requestId, { url: e.request.url.replace(base, ''), at: e.timestamp });
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    const s = sent.get(e.requestId);
    if (s) requests.push({ url: s.url, start: (s.at - wall0) * 1000, end: (e.timestamp - wall0) * 1000, bytes: e.encodedDataLength });
  });
  if (PROFILE && compressed) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const t0 = performance.now();
  await page.goto(`${base}${url}`, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  const ms = performance.now() - t0;
  const profile = PROFILE && compressed ? selfTimes((await cdp.send('Profiler.stop')).profile as CpuProfile, base) : undefined;
  const probe = WATERFALL ? await page.evaluate(() => (window as unknown as { __probe: Load['probe'] }).__probe) : undefined;
  await context.close();
  return { ms, bytes, requests: requests.sort((a, b) => a.start - b.start), probe, profile };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  const nats = await startEmbeddedNats({ dataDir: dir });
  const db = createDb(pg.url, 10);
  // The embedded nats-server requires the service credentials it made (its `target`).
  const nc = await connectNats(nats.target, 'bench-slow-link');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic'],
  });
  try {
    await migrateToLatest(db);
    await ensureProgressStream(nc);
    // The demo plans of this year, as `npm start` seeds them.
    await loadSeed(db, seedDataFor(yearOf(chinaDate(new Date())!)));
    await backfillDemo(db, pino({ level: 'silent' }));
    const { accounts } = await ensureDemoAccounts(db);
    const app = await buildApp({ db, nc, webDist: path.join(root, 'web', 'dist') });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const login = async (username: string): Promise<string> => {
      const pw = accounts.find((a) => a.username === username)!.password;
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: pw }),
      });
      const m = /luoshi_session=([^;]+)/.exec(res.headers.getSetCookie().join('; '));
      if (!m) throw new Error(`sign-in as ${username} failed: ${res.status}`);
      return m[1]!;
    };
    const staff = accounts.find((a) => a.role === 'staff')!;
    const leader = accounts.find((a) => a.role === 'leader')!;
    const target = (await db.selectFrom('targets').select('code').where('owner_unit', '=', staff.unit!).executeTakeFirst())!;
    const cases = [
      { name: 'cold /report (staff, phone)', session: await login(staff.username), url: '/report', ready: '[data-testid=rp-card]', goal: 2000 },
      {
        name: `cold /targets/${target.code} (leader)`,
        session: await login(leader.username),
        url: `/targets/${target.code}`,
        ready: '[data-testid=series-chart] .recharts-surface',
        goal: 2500,
      },
    ];
    console.log(`Simulated link: 1.6 Mbit/s down, 0.75 Mbit/s up, 150 ms latency; ${RUNS} cold loads each.\n`);
    const out: Record<string, unknown> = {};
    for (const c of cases) {
      for (const compressed of UNCOMPRESSED ? [true, false] : [true]) {
        const loads: Load[] = [];
        await coldLoad(browser, base, c.session, c.url, c.ready, compressed); // warm the server, not the browser
        for (let i = 0; i < RUNS; i++) loads.push(await coldLoad(browser, base, c.session, c.url, c.ready, compressed));
        const ms = loads.map((l) => l.ms);
        if (PROFILE && compressed && loads[0]!.profile) {
          console.log(`\n${c.name}: main thread by function (self time, one load)`);
          for (const [k, v] of loads[0]!.profile.slice(0, 25)) console.log(`  ${v.toFixed(0).padStart(5)} ms  ${k.slice(0, 110)}`);
        }
        if (WATERFALL && compressed) {
          const l = loads[0]!;
          console.log(`\n${c.name}: ${Math.round(l.ms)} ms until ready`);
          for (const r of l.requests)
            console.log(`  ${String(Math.round(r.start)).padStart(5)} → ${String(Math.round(r.end)).padStart(5)} ms ${String((r.bytes / 1000).toFixed(1)).padStart(6)} kB  ${r.url.slice(0, 90)}`);
          if (l.probe)
            console.log(`  page clock: ready element at ${l.probe.readyAt} ms; tasks > 50 ms: ${l.probe.longTasks.map(([s, d]) => `${d} ms at ${s}`).join(', ') || 'none'}`);
        }
        const line = {
          median: Math.round(median(ms)),
          worst: Math.round(Math.max(...ms)),
          kB: Math.round(median(loads.map((l) => l.bytes)) / 1000),
        };
        out[`${c.name}${compressed ? '' : ' uncompressed'}`] = line;
        console.log(
          `${c.name.padEnd(40)} ${compressed ? 'as shipped  ' : 'uncompressed'}  median ${String(line.median).padStart(5)} ms  worst ${String(line.worst).padStart(5)} ms  ${String(line.kB).padStart(5)} kB   goal ≤ ${c.goal} ms`,
        );
      }
    }
    console.log(JSON.stringify(out));
    await app.close();
  } finally {
    await browser.close();
    await nc.drain();
    await db.destroy();
    await nats.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
