/**
 * Scoring extractor output against hand labels (fixtures/dev/labels.json, fixtures/labels.json).
 * Pure: the eval tests and the `pnpm extract:eval` report both call it, so the figures a test
 * guards are the figures the report prints.
 */
import { suggestMeasureKind } from '../../api/plan-import-suggest';
import type { Commitment } from '../extract';

export interface DevLabel {
  value: number;
  /** As the extractor reports it: '' when only a multiplier was written (200万以上). */
  unit: string;
  /** Verbatim, unique in the document; the figure lies inside it. */
  snippet: string;
  kind: 'cumulative' | 'reading' | 'ceiling';
}

export interface NegativeLabel {
  snippet: string;
  why: string;
}

export interface DevDocument {
  split: 'tuning' | 'heldout';
  source: { title: string; publisher: string; url: string; genre: string };
  commitments: DevLabel[];
  notCommitments: NegativeLabel[];
}

export interface DocScore {
  labels: number;
  found: number;
  truePositives: number;
  missed: DevLabel[];
  spurious: Commitment[];
  /** Labelled negatives the extractor took anyway (also counted in `spurious`). */
  trapped: NegativeLabel[];
  /** Matched labels whose suggested measure kind equals the label's kind. */
  kindRight: number;
}

/** Equal figures, read as the labels write them (0.1 + 0.2 is 0.3). */
export const sameValue = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** One-to-one: each label takes the candidate whose figure lies inside its snippet, with its value and unit. */
export function scoreDocument(text: string, found: readonly Commitment[], doc: Pick<DevDocument, 'commitments' | 'notCommitments'>): DocScore {
  const used = new Set<number>();
  const missed: DevLabel[] = [];
  let kindRight = 0;
  for (const label of doc.commitments) {
    const at = text.indexOf(label.snippet);
    const end = at + label.snippet.length;
    const i = found.findIndex(
      (c, k) =>
        !used.has(k) &&
        at >= 0 &&
        c.quantitySpan.start >= at &&
        c.quantitySpan.start < end &&
        sameValue(c.value, label.value) &&
        c.unit === label.unit,
    );
    if (i < 0) {
      missed.push(label);
      continue;
    }
    used.add(i);
    if (suggestMeasureKind(found[i]!) === label.kind) kindRight += 1;
  }
  const spurious = found.filter((_, k) => !used.has(k));
  const trapped = doc.notCommitments.filter((n) => {
    const at = text.indexOf(n.snippet);
    return spurious.some((c) => c.quantitySpan.start >= at && c.quantitySpan.start < at + n.snippet.length);
  });
  return { labels: doc.commitments.length, found: found.length, truePositives: used.size, missed, spurious, trapped, kindRight };
}

export interface Totals {
  labels: number;
  found: number;
  truePositives: number;
  kindRight: number;
  precision: number;
  recall: number;
}

export function totals(scores: readonly DocScore[]): Totals {
  const sum = (f: (s: DocScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const labels = sum((s) => s.labels);
  const found = sum((s) => s.found);
  const truePositives = sum((s) => s.truePositives);
  return {
    labels,
    found,
    truePositives,
    kindRight: sum((s) => s.kindRight),
    precision: found === 0 ? 1 : truePositives / found,
    recall: labels === 0 ? 1 : truePositives / labels,
  };
}
