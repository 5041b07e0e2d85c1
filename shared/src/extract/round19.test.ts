/**
 * Round 19 (issue 20): structural rules added while reading round 18's documents after they were
 * measured and folded into tuning. Sentences written for these tests, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { extractCandidates, extractCommitments } from './extract';
import { found } from './found.testing';
import { parseQuantity } from './numbers';


describe('measure words of pairs and sets', () => {
  it('reads 对, 副 and 双 after a figure, but not the words they open', () => {
    expect(found('沿线新建公交站台12对,发放护膝200副、手套500双。')).toEqual([
      [12, '对'],
      [200, '副'],
      [500, '双'],
    ]);
    expect(parseQuantity('3对接')).toBeUndefined();
    expect(parseQuantity('2副食品')).toBeUndefined();
    expect(parseQuantity('5双向')).toBeUndefined();
  });

  it('keeps 家 before 居家 (家居 is furniture, 4家居家养老服务站 is four places) and a range before it', () => {
    expect(extractCommitments('主城区增设3-4家居家养老服务站。').map((c) => [c.value, c.upTo, c.unit])).toEqual([[3, 4, '家']]);
    expect(parseQuantity('8家居用品')).toBeUndefined();
  });
});

describe('what a document is', () => {
  it('reads a heading line that ends with emoji as a heading, so a blog\'s 回顾 part is a report', () => {
    const text = [
      '某县工作报告📜',
      '各位代表,现在我代表县政府作工作报告。🌟',
      '回顾2025年工作🏆',
      '过去的一年,全县经济运行稳中有进,地区生产总值增长5.5%,粮食产量稳定在20万吨以上。📈',
      '展望2026年工作🎯',
      '确保地区生产总值增长6%,新建乡村道路120公里。🚗',
    ].join('\n');
    expect(found(text)).toEqual([
      [6, '%'],
      [120, '公里'],
    ]);
  });

  it('reads a part titled 工作开展情况 as a report, where 预计 is an expectation', () => {
    const text = '一、工作开展情况\n今年以来全镇重点项目有序推进,生猪养殖项目2026年预计完成出栏2.5万头,新建机耕路3公里。';
    expect(found(text)).toEqual([[3, '公里']]);
  });

  it('reads 满产 and 存栏 as a farm\'s capacity and stock', () => {
    expect(found('项目建成后实现满产8万头,目前存栏1.2万头。')).toEqual([]);
  });
});

describe('list sizes and shares', () => {
  it('reads a change of the list against last year, its share and a count a colon enumerates as the list', () => {
    const text = '今年共安排民生实事30项。与2025年相比,新增12项、占比40%。新增12项包括:新建20家社区食堂,改造800户老旧住房。';
    expect(found(text)).toEqual([
      [20, '家'],
      [800, '户'],
    ]);
  });
});

describe('frames, breakdowns and restatements', () => {
  it('lets a verb of work after a 基础上 frame close it: the new build counts, the background does not', () => {
    expect(found('在已有3家社区食堂的基础上新建社区食堂4家。')).toEqual([[4, '家']]);
  });

  it('keeps each item\'s money after a 其中 that follows a list without figures', () => {
    const text = '包括东村—西村公路、南岗—北岗公路两条道路的大中修。其中东村—西村公路投资约180万元、南岗—北岗公路投资约90万元。';
    expect(found(text)).toEqual([
      [180, '万元'],
      [90, '万元'],
    ]);
    // With a total before it, 其中 still breaks the total down.
    expect(found('完成道路大中修投资270万元,其中东村—西村公路投资约180万元。')).toEqual([[270, '万元']]);
  });

  it('does not take a later status line that restates a figure already counted', () => {
    const text = '完成老旧小区电梯加装15台。\n目前,15台电梯已全部安装完毕并投入使用。';
    expect(found(text)).toEqual([[15, '台']]);
    // A different figure with a status stays its own (a count of those done is not a repeat).
    expect(found('计划完成适老化改造300户。\n目前120户适老化改造已完成。').map(([v]) => v)).toContain(300);
  });

  it('reads the units an office honours (授予…等N家单位…称号) as a roll of honour', () => {
    expect(extractCandidates('授予星光物业等9家单位“共建共治”先进单位荣誉称号。').every((c) => c.confidence < 0.5)).toBe(true);
  });
});
