/**
 * pnpm bench:extract — how long the extractor takes on a 20,000-character plan, beside what
 * merely reading the same text costs in the same run (one pass of a digit-and-unit regular
 * expression, the floor any extractor pays), and the goal of 200 ms.
 *
 * The plan is built from the development set's real texts, repeated until it is 20,000
 * characters, so it has their density of figures, headings and lists. Prints median, p95 and max
 * of BENCH_RUNS runs (default 50) after 5 warm-up runs. No assertion: figures go to
 * docs/measurements.md.
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { extractCandidates, extractCommitments } from '../shared/src/extract/extract';
import { loadDevSet } from '../shared/src/extract/eval/devset';

const TARGET_CHARS = 20_000;
const GOAL_MS = 200;
const runs = Number(process.env.BENCH_RUNS ?? 50);

const texts = loadDevSet().map((d) => d.text);
let plan = '';
for (let i = 0; plan.length < TARGET_CHARS; i += 1) plan += `${texts[i % texts.length]}\n\n`;
plan = plan.slice(0, TARGET_CHARS);

function time(fn: () => unknown): { median: number; p95: number; max: number } {
  for (let i = 0; i < 5; i += 1) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { median: at(0.5), p95: at(0.95), max: samples[samples.length - 1]! };
}

const NAIVE = /\d+(?:\.\d+)?\s?[个名户人家场项处张台件次所座条]/g;
const floor = time(() => plan.match(NAIVE)?.length ?? 0);
const commitments = time(() => extractCommitments(plan));
const candidates = time(() => extractCandidates(plan));
const found = extractCommitments(plan).length;
const fmt = (x: number) => `${x.toFixed(2)} ms`.padStart(10);

console.log(`plan: ${plan.length} characters, ${found} commitments; ${runs} runs; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0]?.toFixed(2)}`);
console.log(`                                   median        p95        max`);
console.log(`regex scan (floor, same run)   ${fmt(floor.median)} ${fmt(floor.p95)} ${fmt(floor.max)}`);
console.log(`extractCommitments             ${fmt(commitments.median)} ${fmt(commitments.p95)} ${fmt(commitments.max)}`);
console.log(`extractCandidates (all scores) ${fmt(candidates.median)} ${fmt(candidates.p95)} ${fmt(candidates.max)}`);
console.log(`goal                           ${fmt(GOAL_MS)}   ${commitments.p95 <= GOAL_MS ? 'met (p95)' : 'NOT met (p95)'}`);
