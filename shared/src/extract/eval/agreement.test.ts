import { describe, expect, it } from 'vitest';
import { agreeOn, loadLabellings, majority, rates, sumAgreement } from './agreement';
import { loadDevSet } from './devset';
import type { DevLabel } from './score';

const label = (value: number, unit: string, snippet: string): DevLabel => ({
  value,
  unit,
  snippet,
  kind: 'cumulative',
});
const text = '全年新增养老床位80张，建成社区食堂2个，改造老旧小区6个，惠及居民3200户。';

describe('agreement between two labellings', () => {
  it('pairs labels with the same value and unit whose snippets overlap, each once', () => {
    const a = [label(80, '张', '养老床位80张'), label(2, '个', '食堂2个'), label(6, '个', '改造老旧小区6个')];
    const b = [
      label(80, '张', '病床80张'), // not in the text: no pair
      label(80, '张', '床位80张'), // overlaps 养老床位80张
      label(2, '个', '建成社区食堂2个'), // overlaps 食堂2个
      label(6, '户', '改造老旧小区6个'), // same place, another unit: no pair
      label(3200, '户', '居民3200户'), // only in b
    ];
    expect(agreeOn(text, a, b)).toEqual({ reference: 3, other: 5, both: 2 });
    expect(rates(agreeOn(text, a, b))).toEqual({ precision: 2 / 5, recall: 2 / 3 });
  });

  it('does not pair the same figure twice, or labels that do not overlap', () => {
    const twice = '新建公园1个，新建球场1个。';
    expect(agreeOn(twice, [label(1, '个', '公园1个')], [label(1, '个', '球场1个')]).both).toBe(0);
    expect(
      agreeOn(twice, [label(1, '个', '公园1个'), label(1, '个', '球场1个')], [label(1, '个', '新建公园1个')]).both,
    ).toBe(1);
    expect(
      sumAgreement([
        { reference: 1, other: 2, both: 1 },
        { reference: 3, other: 0, both: 0 },
      ]),
    ).toEqual({ reference: 4, other: 2, both: 1 });
  });

  it('keeps as the majority what at least the quorum of labellings give, once', () => {
    const a = [label(80, '张', '养老床位80张'), label(2, '个', '食堂2个')];
    const b = [label(80, '张', '床位80张'), label(3200, '户', '居民3200户')];
    const c = [label(80, '张', '新增养老床位80张'), label(3200, '户', '惠及居民3200户'), label(6, '个', '小区6个')];
    expect(majority(text, [a, b, c], 2)).toEqual([label(80, '张', '养老床位80张'), label(3200, '户', '居民3200户')]);
    expect(majority(text, [a, b, c], 3)).toEqual([label(80, '张', '养老床位80张')]);
  });

  it('holds second labellings of documents of the set, each snippet once in its document', () => {
    const text = new Map(loadDevSet().map((d) => [d.name, d.text]));
    const labellings = loadLabellings();
    expect(labellings.size).toBeGreaterThanOrEqual(2);
    for (const [who, l] of labellings) {
      expect(Object.keys(l.documents).length, who).toBeGreaterThan(0);
      for (const [name, doc] of Object.entries(l.documents)) {
        expect(text.has(name), `${who}: ${name}`).toBe(true);
        for (const c of doc.commitments)
          expect(text.get(name)!.split(c.snippet).length - 1, `${who} ${name}: ${c.snippet}`).toBe(1);
      }
    }
  });
});
