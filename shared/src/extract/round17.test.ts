/**
 * Round 17 (issue 20): structural rules added while reading round 16's documents after they were
 * measured and folded into tuning. Sentences written for these tests, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { extractCandidates, extractCommitments } from './extract';
import { parseQuantity } from './numbers';

const found = (text: string) => extractCommitments(text).map((c) => [c.value, c.unit]);

describe('measure-word boundaries', () => {
  it('reads 分 as a score, but not the words it opens, a scale or a time of day', () => {
    expect(found('居民满意度评分达到4.6分。')).toEqual([[4.6, '分']]);
    expect(parseQuantity('15分钟')).toBeUndefined();
    expect(extractCandidates('实行10分制考核,垃圾四分类,上午9时30分开会,三分之一的村。').map((c) => c.quantityText)).toEqual([]);
  });

  it('does not read 个 in the compounds it opens (个体户, 个人所得税, 个别), but keeps 3个体育场', () => {
    expect(extractCandidates('引导5个体工商户入驻,减免2个人所得税项目,对3个别情况').map((c) => c.quantityText)).toEqual([]);
    expect(found('新建3个体育场。')).toEqual([[3, '个']]);
  });
});

describe('what qualifies what', () => {
  it('keeps a count of people before their age band, which is the group, not the qualifier', () => {
    expect(found('为全县3万名35-64岁妇女免费做宫颈癌筛查。')).toEqual([[30000, '名']]);
  });

  it('reads a count right after another one with 以上 as a size class', () => {
    expect(found('完成120个30户以上连片村寨消防改造。')).toEqual([[120, '个']]);
  });

  it('reads "N个…竣工M个" as the total and the outcome, but keeps a target with 已 progress', () => {
    expect(found('一年来,40个重点项目竣工25个。')).toEqual([[25, '个']]);
    expect(found('一年来,12个养老机构建设已完成5个。')).toEqual([
      [12, '个'],
      [5, '个'],
    ]);
  });

  it('lifts the cap of a small Chinese numeral that tallies the items just named, not a quoted slogan list', () => {
    expect(found('推进东湖、西园、南岸等六个社区垃圾分类。')).toEqual([[6, '个']]);
    expect(found('深化“美丽、智慧、平安”等三个社区建设。')).toEqual([]);
  });
});

describe('report verbs', () => {
  it('reads poverty-relief and money-arrival outcomes of a report', () => {
    expect(found('一年来,9个贫困村出列、4520人稳定脱贫,招商引资到位资金6.3亿元。')).toEqual([
      [9, '个'],
      [4520, '人'],
      [6.3, '亿元'],
    ]);
  });
});
