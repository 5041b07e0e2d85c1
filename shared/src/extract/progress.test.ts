/**
 * Round 13 (issue 20): progress reports, headlines and list counts. Sentences written for these
 * tests, not copied from the development set; each pins one behaviour.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';

describe('progress reports and restated figures', () => {
  it('keeps a target followed by its progress (已…) rather than calling it a qualifier', () => {
    expect(found('截至10月底,全镇120场文艺演出已演出96场。')).toEqual([
      [120, '场'],
      [96, '场'],
    ]);
  });

  it('keeps a tracked item that is under way with its progress in brackets, but not one without', () => {
    expect(found('截至9月底,8个驿站已完成8个(100%),12个口袋公园建设正在施工中(80%)。')).toEqual([
      [8, '个'],
      [8, '个'],
      [12, '个'],
    ]);
    expect(found('今年以来已建成3个口袋公园,其他8个项目正在施工。')).toEqual([[3, '个']]);
  });

  it('drops counts that point back at items (这5项, 上述3个) or count a category of the list', () => {
    expect(found('3个片区改造已完成,这5项预计年底前全部完成。')).toEqual([[3, '个']]);
    expect(found('全年实事中按季度推进的有4项。')).toEqual([]);
  });

  it('lets the items after 其中…: stand as their own figures', () => {
    expect(found('其中提前完成的已有6项:新建驿站完成4个,培训家政人员320名。')).toEqual([
      [4, '个'],
      [320, '名'],
    ]);
    expect(found('全年新增就业岗位500个,其中公益岗位120个。')).toEqual([[500, '个']]);
  });

  it('reads 规模 before a noun as an adjective, after a figure as a capacity', () => {
    expect(found('完成45栋规模养殖场粪污治理改造。')).toEqual([[45, '栋']]);
    expect(found('建成一座日处理能力达到3万吨规模的水厂。')).toEqual([]);
  });

  it('takes a verb that opens the clause after a time word, and 评定 as a verb', () => {
    expect(found('年内发展会员36名。评定5个社区为示范社区。')).toEqual([
      [36, '名'],
      [5, '个'],
    ]);
  });

  it('drops a title line that restates the figures of the text below it, not list lines further down', () => {
    const text =
      '新建30个驿站 培训800名护理员\n本报讯 今年,市里将新建驿站30个,培训护理员800名。\n新增床位200张\n新增助餐点12个';
    expect(found(text)).toEqual([
      [30, '个'],
      [800, '名'],
      [200, '张'],
      [12, '个'],
    ]);
  });
});
