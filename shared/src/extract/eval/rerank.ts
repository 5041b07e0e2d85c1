/**
 * Issue 20, round 25: a learned re-ranker over the extractor's candidates (an experiment).
 *
 * Logistic regression over sparse binary features of each candidate `extractCandidates` returns,
 * including those the rules score below the threshold, so that a learned decision can both drop
 * what the rules take and take what they drop. Pure, no dependency; the weights are plain JSON
 * (eval/rerank-weights.json), written by the deterministic training script eval/rerank-train.ts.
 *
 * The question it answers: does a decision learned from the tuning part's labels carry over to
 * documents nobody tuned for better than the hand-written word rules do? (Recorded in
 * fixtures/dev/CHANGELOG.md, round 25, and docs/measurements.md.)
 */
import { isRetrospective, type Commitment } from '../extract';

export interface RerankModel {
  /** Feature name → weight; features not listed weigh 0. */
  weights: Record<string, number>;
  bias: number;
  /** A candidate is taken when its probability is at least this. */
  threshold: number;
  /** How the weights were chosen, so the file says where it came from. */
  trainedOn: string;
  hyper: { l2: number; minCount: number };
  features: FeatureSet;
}

/**
 * Which features a model reads. `full`: everything below, including the rules' own score and
 * signals (the re-ranker corrects the rules). `noRuleScore`: the rules' signals but not their summed
 * confidence. `contextOnly`: no output of the rules' judgement at all, only what a reader sees (unit,
 * verb, context characters, headings, cues, position): a learned decision instead of word rules.
 */
export type FeatureSet = 'full' | 'noRuleScore' | 'contextOnly';

const REPORT_CUES = ['已', '完成', '同比', '累计', '一年来', '实现', '达到', '共'];
const PLAN_CUES = ['将', '力争', '计划', '年底前', '年内', '确保', '推进', '拟', '预计', '争取'];
const LIST_MARK = /^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）、.．。]|[①-⑳]|[-*•])/;

/** The features of one candidate, read from the candidate and the document it came from. */
export function candidateFeatures(text: string, c: Commitment, all: readonly Commitment[], set: FeatureSet = 'full'): string[] {
  const f: string[] = [];
  const { start, end } = c.quantitySpan;
  if (set !== 'contextOnly') for (const s of c.signals) f.push(`sig:${s.split(':')[0]!}`);
  if (set === 'full') {
    f.push(`conf:${Math.round(c.confidence * 10)}`);
    if (c.confidence >= 0.5) f.push('ruleTakes');
  }
  f.push(`unit:${c.unit}`);
  f.push(`verb:${c.verb ?? '∅'}`);
  f.push(`bound:${c.bound.comparison}`);
  if (c.deadline) f.push('deadline');
  if (c.upTo !== null) f.push('range');
  f.push(`mag:${c.value <= 0 ? 'z' : Math.min(6, Math.floor(Math.log10(c.value)))}`);
  if (!Number.isInteger(c.value)) f.push('fraction');
  if (/[一二两三四五六七八九十百千]/.test(c.quantityText)) f.push('chineseNumeral');
  // Character 1- and 2-grams of the context, left (8 characters) and right (6), within the sentence.
  const left = text.slice(Math.max(c.sentenceSpan.start, start - 8), start).replace(/\s/g, '');
  const right = text.slice(end, Math.min(c.sentenceSpan.end, end + 6)).replace(/\s/g, '');
  for (let i = 0; i < left.length; i += 1) {
    f.push(`L1:${left[i]}`);
    if (i + 1 < left.length) f.push(`L2:${left.slice(i, i + 2)}`);
  }
  for (let i = 0; i < right.length; i += 1) {
    f.push(`R1:${right[i]}`);
    if (i + 1 < right.length) f.push(`R2:${right.slice(i, i + 2)}`);
  }
  f.push(`l0:${left.slice(-1) || '^'}`, `r0:${right.slice(0, 1) || '$'}`, `l01:${left.slice(-2)}`);
  // Section and paragraph cues: a report of the past or a plan.
  if (isRetrospective(c.sectionPath)) f.push('secRetro');
  const heading = c.sectionPath.join('|');
  for (const cue of ['回顾', '总结', '成效', '计划', '思路', '安排', '目标', '重点', '实事', '项目']) if (heading.includes(cue)) f.push(`head:${cue}`);
  f.push(`depth:${Math.min(3, c.sectionPath.length)}`);
  for (const cue of REPORT_CUES) if (c.sentence.includes(cue)) f.push(`rep:${cue}`);
  for (const cue of PLAN_CUES) if (c.sentence.includes(cue)) f.push(`plan:${cue}`);
  // Position: a list item, the first figure of its sentence, how many figures the sentence holds.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (LIST_MARK.test(text.slice(lineStart, lineStart + 6))) f.push('listLine');
  const inSentence = all.filter((o) => o.sentenceSpan.start === c.sentenceSpan.start);
  f.push(`nInSentence:${Math.min(4, inSentence.length)}`);
  if (inSentence[0] === c) f.push('firstInSentence');
  // Restated: the same value and unit elsewhere in the document.
  const same = all.filter((o) => o !== c && o.unit === c.unit && o.value === c.value);
  if (same.some((o) => o.quantitySpan.start < start)) f.push('restatedBefore');
  if (same.some((o) => o.quantitySpan.start > start)) f.push('restatedAfter');
  return f;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function probability(model: Pick<RerankModel, 'weights' | 'bias'>, features: readonly string[]): number {
  let z = model.bias;
  for (const x of features) z += model.weights[x] ?? 0;
  return sigmoid(z);
}

/** The candidates the re-ranker takes, in document order. */
export function rerank(text: string, candidates: readonly Commitment[], model: RerankModel): Commitment[] {
  return candidates.filter((c) => probability(model, candidateFeatures(text, c, candidates, model.features)) >= model.threshold);
}
