import { describe, expect, it } from 'vitest';
import { found } from './found.testing';
import { parseQuantity } from './numbers';
import { matchUnitAt, UNITS } from './units';

describe('measure words beyond the seed documents', () => {
  it('reports unit symbols by their Chinese names', () => {
    expect(found('新增绿地2.4万㎡,铺设管道3.2km,新增装机800kW。')).toEqual([
      [24000, '平方米'],
      [3.2, '公里'],
      [800, '千瓦'],
    ]);
    expect(UNITS).toContain('平方米');
    expect(UNITS).not.toContain('㎡');
  });

  it('reads the measure words of sessions, beds, work orders, wells, lessons and kinds', () => {
    expect(found('举办培训班12期,新增床位300床,办结工单1500单,打井20眼,开设讲座40堂,筛查病种15类。')).toEqual([
      [12, '期'],
      [300, '床'],
      [1500, '单'],
      [20, '眼'],
      [40, '堂'],
      [15, '类'],
    ]);
    // …without taking the nouns they open: 一期工程 is an article, 3单位 not a work order.
    expect(parseQuantity('3单位')).toBeUndefined();
    expect(parseQuantity('5期间')).toBeUndefined();
  });

  it('reads a measure word split by a line-wrap space, as converted PDFs have it', () => {
    expect(matchUnitAt('人 次,', 0)).toMatchObject({ unit: '人次', length: 3 });
    expect(found('累计保障12000人 次。')).toEqual([[12000, '人次']]);
  });

  it('reads 剂次 and a lone 万 after a word of degree', () => {
    expect(found('累计完成接种3万剂次,老年人接种逾万人。')).toEqual([
      [30000, '剂次'],
      [10000, '人'],
    ]);
    expect(found('万里长城,千家万户。')).toEqual([]);
  });
});

describe('round-12 measure words', () => {
  it('reads 50所以上 as schools but leaves 所以 and 4个多月 alone', () => {
    expect(found('新改扩建中小学校50所以上。')).toEqual([[50, '所']]);
    expect(parseQuantity('3所以及')).toBeUndefined();
    expect(found('历经4个多月完成改造。')).toEqual([]);
  });

  it('reads 颗 and 车 (truckloads), not 车道 or 车辆', () => {
    expect(found('清理墙面铁钉120颗,清理垃圾18车。')).toEqual([
      [120, '颗'],
      [18, '车'],
    ]);
    expect(parseQuantity('4车道')).toBeUndefined();
  });
});
