/**
 * Accuracy against the hand-labelled seed documents (fixtures/labels.json, rule in README.md).
 * Prints precision and recall per document and overall. The seeds are in-sample (the first word
 * lists were written from them), so nothing less than all 43 of 43 with no false positive passes;
 * the out-of-sample floor lives in dev.eval.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCommitments, type Commitment } from './extract';

const SEED_LABELS = 43;

interface Label {
  value: number;
  unit: string;
  snippet: string;
}

interface DocLabels {
  commitments: Label[];
  notCommitments: Array<{ snippet: string; why: string }>;
}

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const labels = JSON.parse(fixture('labels.json')) as { rule: string; documents: Record<string, DocLabels> };
const docs = Object.entries(labels.documents).map(([name, doc]) => ({ name, doc, text: fixture(`docs/${name}`) }));

const sameValue = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** One-to-one: each label takes the first unused candidate with its value, unit and snippet. */
function match(found: readonly Commitment[], expected: readonly Label[]) {
  const used = new Set<number>();
  const missed: Label[] = [];
  for (const label of expected) {
    const i = found.findIndex(
      (c, k) =>
        !used.has(k) && sameValue(c.value, label.value) && c.unit === label.unit && c.sentence.includes(label.snippet),
    );
    if (i < 0) missed.push(label);
    else used.add(i);
  }
  const spurious = found.filter((_, k) => !used.has(k));
  return { tp: used.size, missed, spurious };
}

const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

describe('extraction accuracy on the seed documents', () => {
  it('has labels whose snippets occur in their documents', () => {
    for (const { name, doc, text } of docs) {
      for (const l of [...doc.commitments, ...doc.notCommitments]) {
        expect(text.includes(l.snippet), `${name}: ${l.snippet}`).toBe(true);
      }
    }
  });

  it(`finds all ${SEED_LABELS} labelled commitments and nothing else`, () => {
    let tp = 0;
    let predicted = 0;
    let expected = 0;
    const lines: string[] = ['document                       labels found  tp  precision  recall'];
    for (const { name, doc, text } of docs) {
      const found = extractCommitments(text);
      const m = match(found, doc.commitments);
      tp += m.tp;
      predicted += found.length;
      expected += doc.commitments.length;
      lines.push(
        `${name.padEnd(30)} ${String(doc.commitments.length).padStart(6)} ${String(found.length).padStart(5)} ${String(m.tp).padStart(3)}` +
          `  ${pct(ratio(m.tp, found.length)).padStart(9)} ${pct(ratio(m.tp, doc.commitments.length)).padStart(7)}`,
      );
      for (const l of m.missed) lines.push(`    missed   ${l.value} ${l.unit}  「${l.snippet}」`);
      for (const c of m.spurious)
        lines.push(`    spurious ${c.value} ${c.unit}  「${c.quantityText}」 ${c.confidence} ${c.signals.join(',')}`);
    }
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, expected);
    lines.push(
      `${'OVERALL'.padEnd(30)} ${String(expected).padStart(6)} ${String(predicted).padStart(5)} ${String(tp).padStart(3)}  ${pct(precision).padStart(9)} ${pct(recall).padStart(7)}`,
    );
    console.log(lines.join('\n'));
    expect(expected).toBe(SEED_LABELS);
    expect(tp).toBe(SEED_LABELS);
    expect(predicted).toBe(SEED_LABELS);
    expect(precision).toBe(1);
    expect(recall).toBe(1);
  });

  it('takes none of the figures labelled as not commitments', () => {
    for (const { name, doc, text } of docs) {
      const found = extractCommitments(text);
      for (const neg of doc.notCommitments) {
        const offset = text.indexOf(neg.snippet);
        const hit = found.find(
          (c) => c.quantitySpan.start >= offset && c.quantitySpan.end <= offset + neg.snippet.length,
        );
        expect(hit, `${name}: ${neg.snippet} (${neg.why})`).toBeUndefined();
      }
    }
  });
});
