/**
 * The learned re-ranker of round 25 (an experiment, not adopted: docs/measurements.md). These tests
 * keep its feature sets honest (a "context only" model must not read the rules' judgement) and the
 * committed weights loadable and in agreement with what the round recorded.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractCandidates, extractCommitments } from '../extract';
import { candidateFeatures, probability, rerank, sigmoid, type RerankModel } from './rerank';
import { scoreDocument, totals } from './score';

const model = JSON.parse(readFileSync(new URL('rerank-weights.json', import.meta.url), 'utf8')) as RerankModel;

const TEXT = '一、2025年工作计划\n年底前新增养老床位不少于200张,103名党员代表参加会议。';

describe('candidate features', () => {
  const all = extractCandidates(TEXT);
  const beds = all.find((c) => c.unit === '张')!;

  it('reads the rules\' score and signals only in the sets that allow it', () => {
    const full = candidateFeatures(TEXT, beds, all, 'full');
    expect(full).toContain('ruleTakes');
    expect(full).toContain('sig:bound');
    const noScore = candidateFeatures(TEXT, beds, all, 'noRuleScore');
    expect(noScore).toContain('sig:bound');
    expect(noScore.some((f) => f.startsWith('conf:') || f === 'ruleTakes')).toBe(false);
    const context = candidateFeatures(TEXT, beds, all, 'contextOnly');
    expect(context.some((f) => /^(?:sig|conf):/.test(f) || f === 'ruleTakes')).toBe(false);
  });

  it('reads the unit, the verb, the characters around the figure and the heading', () => {
    const f = candidateFeatures(TEXT, beds, all, 'contextOnly');
    expect(f).toEqual(expect.arrayContaining(['unit:张', 'verb:新增', 'bound:at-least', 'deadline', 'L2:少于', 'r0:,', 'head:计划', 'plan:年底前']));
    expect(candidateFeatures(TEXT, beds, all, 'contextOnly')).toEqual(f);
  });
});

describe('the committed model', () => {
  it('adds the weights of the features present to the bias', () => {
    const m = { bias: -1, weights: { a: 2, b: 0.5 } };
    expect(probability(m, ['a', 'b', 'unknown'])).toBeCloseTo(sigmoid(1.5), 12);
    expect(probability(m, [])).toBeCloseTo(sigmoid(-1), 12);
  });

  it('is the setting leave-one-round-out cross-validation chose', () => {
    expect(model.features).toBe('full');
    expect(model.hyper).toEqual({ l2: 0.01, minCount: 2 });
    expect(model.threshold).toBe(0.45);
    expect(Object.keys(model.weights).length).toBeGreaterThan(1000);
  });

  it('keeps the seed fixture at 43 of 43 with no false positive, as the rules do', () => {
    const dir = new URL('../fixtures/', import.meta.url);
    const labels = JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8')) as {
      documents: Record<string, Parameters<typeof scoreDocument>[2]>;
    };
    const scores = Object.entries(labels.documents).map(([name, doc]) => {
      const text = readFileSync(new URL(`docs/${name}`, dir), 'utf8');
      const taken = rerank(text, extractCandidates(text), model);
      expect(taken.length, name).toBe(extractCommitments(text).length);
      return scoreDocument(text, taken, doc);
    });
    const t = totals(scores);
    expect([t.truePositives, t.found, t.labels]).toEqual([43, 43, 43]);
  });
});
