/**
 * Round 17 (issue 20): structural rules added while reading round 16's documents after they were
 * measured and folded into tuning. Sentences written for these tests, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { extractCandidates, extractCommitments } from './extract';
import { found } from './found.testing';
import { parseQuantity } from './numbers';


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

/** Round 18: rules added while reading round 17's documents (s01–s09) after they were measured. */
describe('round 18: report structure', () => {
  it('reads a plan heading as the section\'s tense unless the sentence says the work was done', () => {
    expect(found('(一)计划完成搬迁工程\n今年该项目已有70%的搬迁户完成搬迁。')).toEqual([]);
    expect(found('(一)计划完成搬迁工程\n年底前完成搬迁46户。')).toEqual([[46, '户']]);
  });

  it('does not read 将…作为 as the future, so a report stays a report', () => {
    expect(found('街道将老旧小区改造作为民生工程来抓,已完成12台电梯加装,同时无障碍改造覆盖率提升至40%。')).toEqual([[12, '台']]);
  });

  it('carries a statistic to a clause without a subject, and counts the work a 其中 names inside a statistic', () => {
    expect(found('一、过去五年工作回顾\n地方财政一般预算收入年均增长27.4%,2011年完成28.13亿元。')).toEqual([]);
    expect(found('一、过去五年工作回顾\n全社会固定资产投资年均增长27.3%,累计完成1293亿元,其中401个重点项目完成投资336亿元。')).toEqual([
      [401, '个'],
      [336, '亿元'],
    ]);
  });

  it('reads a bare 百/千/万 with a measure word as a name or a size class, not a count', () => {
    expect(found('推动将军祠、百家村片区改造。')).toEqual([]);
    expect(found('一年来,建成2个千亩、3个百亩示范片。')).toEqual([
      [2, '个'],
      [3, '个'],
    ]);
    expect(found('一年来,举办活动百余场。')).toEqual([[100, '场']]);
  });

  it('reads a capacity (能力达) and a size class by an indicator (产值过亿元楼宇) for what they are', () => {
    expect(extractCommitments('一年来,日播种能力达1.1万盘。')).toEqual([]);
    expect(found('一年来,产值过亿元楼宇达到9座。')).toEqual([[9, '座']]);
  });
});
