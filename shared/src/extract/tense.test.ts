import { describe, expect, it } from 'vitest';
import { found } from './found.testing';
import { readTense } from './tense';


describe('tense without a heading', () => {
  it('reads a sentence with a report cue and no plan cue as a report', () => {
    const t = readTense(['今年以来,已完成改造200户。']);
    expect(t.reports('今年以来,已完成改造200户。')).toBe(true);
    expect(t.reports('力争年底前完成改造200户。')).toBe(false);
  });

  it('reads a document whose cued sentences mostly report as a report, sentence by sentence', () => {
    const sentences = ['已完成道路改造5条。', '同比增长10%。', '截至目前,已新增车位300个。', '全年实现营收2亿元。'];
    const t = readTense(sentences);
    expect(t.reports('全镇水稻种植面积达3万亩。')).toBe(true);
    expect(t.reports('计划新建公园2个。')).toBe(false);
    expect(readTense(['新增床位100张。', '新建公园2个。']).reports('新建公园2个。')).toBe(false);
  });

  it('keeps a report\'s statistics and completion rates out, and a plan\'s targets in', () => {
    const report = '已新增助餐点50个,整体完成率120%。已完成老旧小区改造30个,同比增长20%。截至目前,全镇种植面积达5000亩。';
    expect(found(report)).toEqual([[50, '个'], [30, '个']]);
    expect(found('力争覆盖率达到95%,新增助餐点50个。')).toEqual([[95, '%'], [50, '个']]);
  });

  it('keeps a percentage after the office\'s own work in a report', () => {
    expect(found('今年以来,引进企业数量同比增长50%。')).toEqual([[50, '%']]);
  });
});
