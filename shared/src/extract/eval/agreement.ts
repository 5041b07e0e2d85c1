/**
 * `pnpm extract:agreement`: how far two people labelling the same documents by the same guide
 * agree (issue 20, round 26). The reference labels are the held-out part's in labels.json; each
 * file in fixtures/dev/agreement/ is a second, independent labelling of the same documents by an
 * annotator who saw neither those labels nor the extractor's output. Their agreement is the
 * ceiling a figure measured against one annotator's labels can meaningfully reach.
 *
 * Matching is more lenient than the extractor's scoring (`score.ts`): two labels agree when they
 * give the same value and unit and their snippets overlap anywhere in the text, since each
 * annotator chose their own snippet around the figure. Lenient matching can only raise agreement,
 * so the figures are an upper bound of what the annotators agree on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extractCommitments } from '../extract';
import { loadDevSet } from './devset';
import { sameValue, scoreDocument, totals, type DevLabel } from './score';

export interface Labelling {
  documents: Record<string, { commitments: DevLabel[] }>;
}

export interface Agreement {
  /** Labels in the reference, labels in the other labelling, and pairs both give. */
  reference: number;
  other: number;
  both: number;
}


/** One-to-one pairs of labels with the same value and unit whose snippets overlap in `text`. */
export function agreeOn(text: string, reference: readonly DevLabel[], other: readonly DevLabel[]): Agreement {
  const span = (l: DevLabel) => {
    const at = text.indexOf(l.snippet);
    return { at, end: at + l.snippet.length };
  };
  const used = new Set<number>();
  for (const r of reference) {
    const a = span(r);
    if (a.at < 0) continue;
    const k = other.findIndex((o, i) => {
      if (used.has(i) || !sameValue(o.value, r.value) || o.unit !== r.unit) return false;
      const b = span(o);
      return b.at >= 0 && b.at < a.end && a.at < b.end;
    });
    if (k >= 0) used.add(k);
  }
  return { reference: reference.length, other: other.length, both: used.size };
}

export const sumAgreement = (xs: readonly Agreement[]): Agreement =>
  xs.reduce((t, x) => ({ reference: t.reference + x.reference, other: t.other + x.other, both: t.both + x.both }), {
    reference: 0,
    other: 0,
    both: 0,
  });

/**
 * The labels at least `quorum` of the labellings give (one copy each, in the first labelling's
 * words that gives it): the majority reading of a document.
 */
export function majority(text: string, labellings: readonly (readonly DevLabel[])[], quorum: number): DevLabel[] {
  const kept: DevLabel[] = [];
  labellings.forEach((own, i) => {
    for (const l of own) {
      const votes = labellings.filter((other, j) => j === i || agreeOn(text, [l], other).both === 1).length;
      if (votes >= quorum && agreeOn(text, [l], kept).both === 0) kept.push(l);
    }
  });
  return kept;
}

/** Precision and recall of `other` read as if it were an extractor scored against `reference`. */
export const rates = (a: Agreement) => ({
  precision: a.other === 0 ? 1 : a.both / a.other,
  recall: a.reference === 0 ? 1 : a.both / a.reference,
});

const dir = new URL('../fixtures/dev/agreement/', import.meta.url);

/** Every second labelling in fixtures/dev/agreement, by annotator. */
export function loadLabellings(): Map<string, Labelling> {
  const out = new Map<string, Labelling>();
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort())
    out.set(f.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Labelling);
  return out;
}

function main(): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const set = loadDevSet();
  const labellings = loadLabellings();
  const annotators: Array<[string, Labelling]> = [
    ['labels.json', { documents: Object.fromEntries(set.map((d) => [d.name, d.doc])) }],
    ...labellings,
  ];
  const docs = [...labellings.values()].reduce<string[]>(
    (names, l) => names.filter((n) => n in l.documents),
    set.filter((d) => d.doc.split === 'heldout').map((d) => d.name),
  );
  const text = new Map(set.map((d) => [d.name, d.text]));
  console.log(`${docs.length} documents labelled by all of: ${annotators.map(([n]) => n).join(', ')}`);
  for (let i = 0; i < annotators.length; i += 1) {
    for (let j = i + 1; j < annotators.length; j += 1) {
      const [ra, a] = annotators[i]!;
      const [rb, b] = annotators[j]!;
      const t = sumAgreement(
        docs.map((n) => agreeOn(text.get(n)!, a.documents[n]!.commitments, b.documents[n]!.commitments)),
      );
      const { precision, recall } = rates(t);
      const f1 = (2 * t.both) / (t.reference + t.other);
      console.log(
        `${rb} against ${ra}: ${t.other} labels against ${t.reference}, ${t.both} the same — ` +
          `as an extractor P ${pct(precision)} R ${pct(recall)} F1 ${pct(f1)}`,
      );
    }
  }
  // The extractor scored the usual way (score.ts) against each labelling and against the majority.
  const found = new Map(docs.map((n) => [n, extractCommitments(text.get(n)!)]));
  const quorum = Math.floor(annotators.length / 2) + 1;
  const against: Array<[string, (n: string) => DevLabel[]]> = [
    ...annotators.map(([who, l]): [string, (n: string) => DevLabel[]] => [who, (n) => l.documents[n]!.commitments]),
    [
      `the majority (${quorum} of ${annotators.length})`,
      (n) =>
        majority(
          text.get(n)!,
          annotators.map(([, l]) => l.documents[n]!.commitments),
          quorum,
        ),
    ],
  ];
  for (const [who, labelsOf] of against) {
    const t = totals(
      docs.map((n) => scoreDocument(text.get(n)!, found.get(n)!, { commitments: labelsOf(n), notCommitments: [] })),
    );
    console.log(
      `the extractor against ${who}: ${t.found} candidates, ${t.labels} labels, ${t.truePositives} right — P ${pct(t.precision)} R ${pct(t.recall)}`,
    );
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
