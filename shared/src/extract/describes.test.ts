/**
 * Figures that describe rather than deliver (describes.ts), tested through the extractor so a
 * test fails when the judgement stops reaching the result. Sentences written for these tests.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';


describe('figures that describe a thing rather than deliver it', () => {
  it('leaves out what a facility measures or holds, keeps what the work did to an area', () => {
    expect(found('建设垃圾转运中心,配套日处理300吨的压缩设施。')).toEqual([]);
    expect(found('改造滨河路,长度约900米,宽度约24米。')).toEqual([[900, '米']]);
    expect(found('建设社区综合楼,配套60个停车位的地下车库。')).toEqual([]);
    expect(found('扩建水厂达到2万吨规模。')).toEqual([]);
    // Demolishing or building an area is work, even when the area is a building's.
    expect(found('全年拆除建筑面积3000余平方米的违章厂房。')).toEqual([[3000, '平方米']]);
    expect(found('新增装机1500千瓦。')).toEqual([[1500, '千瓦']]);
  });

  it('leaves out age bands but keeps an age as a target level', () => {
    expect(found('为60岁及以上老人累计接种疫苗5000人。')).toEqual([[5000, '人']]);
    expect(found('2025年人均预期寿命达81.5岁。')).toEqual([[81.5, '岁']]);
  });

  it('leaves out a bracketed breakdown of a figure already given', () => {
    expect(found('新增规上企业12家(涵盖工业7家、服务业5家)。')).toEqual([[12, '家']]);
  });

  it('tells a rate per item or per person from a yearly total', () => {
    expect(found('图书馆每周开放6天每天8小时。')).toEqual([]);
    expect(found('每学年为3万名学生开展视力筛查。')).toEqual([[30000, '名']]);
    expect(found('城乡低保标准分别提高到每人每月800元、650元。')).toEqual([]);
    expect(found('发放低保金1200万元。')).toEqual([[1200, '万元']]);
  });

  it('leaves out what a report says is proposed, expected or still under way', () => {
    const report = '一、2024年工作回顾\n招商引资取得成效,拟建设8000平方米商贸中心;达成投资500万元的合作意向;另有6个项目正在实施。';
    expect(found(report)).toEqual([]);
  });

  it('leaves out a roll call and a restated scope, keeps the scope the first time', () => {
    expect(found('大会应到代表210名,实到198名。')).toEqual([]);
    expect(found('在12个村硬化道路3公里,惠及12个村。')).toEqual([[12, '个'], [3, '公里']]);
  });

  it('counts the scope a clause opens with 为/对', () => {
    expect(found('为 15 名困难老人进行了适老化改造。')).toEqual([[15, '名']]);
  });
});

describe('round-12 judgements', () => {
  it('keeps a count with its length as a pair, not a qualifier', () => {
    expect(found('完成黑化路面6条约900米。')).toEqual([
      [6, '条'],
      [900, '米'],
    ]);
  });

  it('leaves out the level a change started from', () => {
    expect(found('活动场地从原来80平方米扩大到260平方米。')).toEqual([[260, '平方米']]);
  });

  it('leaves out a year-on-year change with a year between', () => {
    expect(found('今年以来医保征缴12000人,同比2024年同期新增800余人。')).toEqual([[12000, '人']]);
  });
});
