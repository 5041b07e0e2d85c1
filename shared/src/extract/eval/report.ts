/**
 * `pnpm extract:eval [--verbose]`: precision and recall on the development set, per document and
 * for the tuning and held-out parts, as recorded in docs/measurements.md.
 */
import { extractCommitments } from '../extract';
import { loadDevSet } from './devset';
import { scoreDocument, totals, type DocScore } from './score';

const verbose = process.argv.includes('--verbose');
/** `--split=tuning` lists only that part's misses, so improving never reads the held-out ones. */
const only = process.argv.find((a) => a.startsWith('--split='))?.slice('--split='.length);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const set = loadDevSet();
const lines: string[] = [];
const bySplit = new Map<string, DocScore[]>();
lines.push('document                        split    labels found  tp  precision  recall');
for (const { name, doc, text } of set) {
  if (only !== undefined && doc.split !== only) continue;
  const s = scoreDocument(text, extractCommitments(text), doc);
  bySplit.set(doc.split, [...(bySplit.get(doc.split) ?? []), s]);
  lines.push(
    `${name.padEnd(31)} ${doc.split.padEnd(8)} ${String(s.labels).padStart(6)} ${String(s.found).padStart(5)} ${String(s.truePositives).padStart(3)}` +
      `  ${pct(s.found === 0 ? 1 : s.truePositives / s.found).padStart(9)} ${pct(s.labels === 0 ? 1 : s.truePositives / s.labels).padStart(7)}`,
  );
  if (verbose) {
    for (const l of s.missed) lines.push(`    missed   ${l.value} ${l.unit}  「${l.snippet}」`);
    for (const c of s.spurious) lines.push(`    spurious ${c.value} ${c.unit}  「${c.quantityText}」 ${c.confidence} ${c.signals.join(',')}`);
  }
}
for (const [split, scores] of bySplit) {
  const t = totals(scores);
  lines.push(
    `${split.toUpperCase().padEnd(40)} ${String(t.labels).padStart(6)} ${String(t.found).padStart(5)} ${String(t.truePositives).padStart(3)}` +
      `  ${pct(t.precision).padStart(9)} ${pct(t.recall).padStart(7)}   measure kind right ${t.kindRight}/${t.truePositives}`,
  );
}
console.log(lines.join('\n'));
