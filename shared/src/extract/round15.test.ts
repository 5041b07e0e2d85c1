/**
 * Round 15 (issue 20): behaviours added while reading round 14's documents after they were
 * measured. Sentences written for these tests, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';
import { parseQuantity } from './numbers';

describe('list markers, wrapped and traditional measure words', () => {
  it('reads "3.3座" at the start of a line as item 3 and three of something, but keeps 2.5万元 and 1.5公里', () => {
    expect(found('目前推进顺利。\n3.3座公园增设儿童设施\n2.5万元用于培训。')).toEqual([
      [3, '座'],
      [2.5, '万元'],
    ]);
    expect(found('1.5公里绿道建成。')).toEqual([[1.5, '公里']]);
  });

  it('reads a measure word a line-wrap space cuts anywhere (5 个百 分点), and 担, 羽, 尾', () => {
    expect(found('全年比去年提升 5 个百 分点。')).toEqual([]);
    expect(parseQuantity('4049担')).toMatchObject({ value: 4049, unit: '担' });
    expect(found('全年收缴烤烟4049担,放养鱼苗20万尾,出栏肉鸽3万羽。')).toEqual([
      [4049, '担'],
      [200000, '尾'],
      [30000, '羽'],
    ]);
    expect(found('全镇担当作为。')).toEqual([]);
  });
});

describe('figures that describe, restate or measure the economy', () => {
  it('drops a road cross-section (2×4.5米人行道+15米车道) but keeps the road built', () => {
    expect(found('新建道路全长450米,实施2×3.5米人行道+12米沥青车道。')).toEqual([[450, '米']]);
    expect(found('*新增2家社区食堂、*3家照护之家')).toEqual([
      [2, '家'],
      [3, '家'],
    ]);
  });

  it('drops a figure alone in brackets after a name when a total follows', () => {
    expect(found('完成甲养老院(60张)、乙养老院(40张)共计100张床位改造。')).toEqual([[100, '张']]);
  });

  it('drops a progress line that repeats a target stated above it', () => {
    const text = '1.新增120张养老床位、80张护理床位\n新增120张养老床位:目前正在施工;新增80张护理床位:已选定机构。';
    expect(found(text)).toEqual([
      [120, '张'],
      [80, '张'],
    ]);
  });

  it('reads taxes, tourism totals, money a project set moving and differences as statistics in a report', () => {
    const report =
      '一、2024年工作回顾\n全年完成实缴税金3.2亿元,上缴国税800万元。全年接待游客50万人次。夜市带动消费900万元。比年初指标超收300万元。';
    expect(found(report)).toEqual([]);
    expect(found('一、2024年工作回顾\n从事加工农户达150户,较2023年增加20户。')).toEqual([[150, '户']]);
  });

  it('takes money that arrived (实到外资) but not a roll call (实到163名)', () => {
    expect(found('一、2024年工作回顾\n实到外资 1200 万美元。')).toEqual([[1200, '万美元']]);
    expect(found('大会应到代表194名,实到163名。')).toEqual([]);
  });

  it('counts 实事 completed when the completion follows the count, not the list announced', () => {
    expect(found('全区共安排20个实事项目,在各方努力下20个实事项目已全部完成。')).toEqual([[20, '个']]);
  });
});

describe('round 16: list tallies, statistics triplets, income levels, size classes', () => {
  it('drops the tally of named projects and the list size before a count of those done', () => {
    expect(found('一是配套类,包括口袋公园建设、停车位供给、交通堵点治理等3个项目。')).toEqual([]);
    expect(found('截至10月底,40件民生实事已完成18件。')).toEqual([[18, '件']]);
  });

  it('reads 达 N, 增加 M, 增长 P% as a level, its difference and its growth', () => {
    expect(found('全年目标:全乡经济总收入达3.1亿元,增加0.3亿元,增长10%。')).toEqual([
      [3.1, '亿元'],
      [10, '%'],
    ]);
  });

  it('keeps a per-person income target in a plan, drops a per-person standard of payment', () => {
    expect(found('今年农民人均纯收入达12500元。')).toEqual([[12500, '元']]);
    expect(found('今年低保标准提高到每人每月800元。')).toEqual([]);
  });

  it('drops a size class of projects, keeps the count and the money', () => {
    expect(found('全年引进投资5000万元以上的项目4个以上,到位资金达到3亿元以上。')).toEqual([
      [4, '个'],
      [3, '亿元'],
    ]);
  });

  it('carries a verb to the area of what it laid, and reads 接入 and 申请 as verbs', () => {
    expect(found('在东风社区铺设了3横8纵,总面积1.2万平方米的水泥路。')).toEqual([[12000, '平方米']]);
    expect(found('12家医院接入互认系统,申请2-3个地理标志认证。')).toEqual([
      [12, '家'],
      [2, '个'],
    ]);
  });
});
