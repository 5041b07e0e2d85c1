/**
 * Issue 20, point 3: the extractor generalises instead of listing. Sentences written for these
 * tests (not taken from the seeds or the development set), one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { suggestMeasureKind } from '../api/plan-import-suggest';
import { extractCommitments } from './extract';
import { found } from './found.testing';
import { parseQuantity } from './numbers';


describe('generalising extraction (issue 20)', () => {
  it('reads a number and a measure word with or without a space, from the broad inventory', () => {
    expect(found('新增志愿者 500 名。帮助失业青年就业 127 人。')).toEqual([[500, '名'], [127, '人']]);
    expect(found('新建消防水池12口,维修路灯340盏,新增渔船8艘,铺设管网3.5公里。')).toEqual([
      [12, '口'],
      [340, '盏'],
      [8, '艘'],
      [3.5, '公里'],
    ]);
    expect(found('完成拆违3万平米。新增装机2000千瓦。')).toEqual([[30000, '平米'], [2000, '千瓦']]);
  });

  it('reads Chinese numerals in all their forms, and not an article or a set phrase', () => {
    expect(parseQuantity('两千五百户')?.value).toBe(2500);
    expect(parseQuantity('廿三个')?.value).toBe(23);
    expect(parseQuantity('三百余个')).toMatchObject({ value: 300, approx: '余' });
    expect(parseQuantity('十余万人')).toMatchObject({ value: 100000, unit: '人', approx: '余' });
    expect(found('走访困难群众两千五百户,开展宣讲三百余场。')).toEqual([[2500, '户'], [300, '场']]);
    // 三所 (the false positive), 一个, 五个方面: not commitments.
    expect(found('依托三所高校,建立一个联盟,从五个方面推进。')).toEqual([]);
  });

  it('applies 万 and 亿 to mixed forms; money keeps its 万元/亿元 as the plans write it', () => {
    expect(found('服务居民3.5万人次,拆迁房屋2.6万平方米。')).toEqual([[35000, '人次'], [26000, '平方米']]);
    expect(found('投入资金2.3亿元,安排专项债券4.4万亿元。')).toEqual([[2.3, '亿元'], [44000, '亿元']]);
  });

  it('turns bounds into floors and ceilings', () => {
    const cs = extractCommitments(
      '开展活动不少于200场;新增床位100张以上;培训超过500人次;覆盖率达到95%;失业人数控制在732人以内;安全事故不超过3起。',
    );
    expect(cs.map((c) => [c.value, c.bound.comparison])).toEqual([
      [200, 'at-least'],
      [100, 'at-least'],
      [500, 'at-least'],
      [95, 'at-least'],
      [732, 'at-most'],
      [3, 'at-most'],
    ]);
    expect(cs.map(suggestMeasureKind)).toEqual(['cumulative', 'cumulative', 'cumulative', 'reading', 'ceiling', 'ceiling']);
  });

  it('takes a target percentage and leaves a report\'s achievement percentage', () => {
    const text =
      '一、2024年工作回顾\n全年地区生产总值增长5.2%,就业率达96.3%,完成年度计划的104%,帮助就业320人。\n' +
      '二、2025年工作安排\n地区生产总值增长5%左右,新增就业300人以上。';
    expect(found(text)).toEqual([[320, '人'], [5, '%'], [300, '人']]);
  });

  it('reads numbered and bare list items without a verb, and counts in brackets', () => {
    expect(found('1.社区长者食堂5家\n2.托育点3个\n(3)认知障碍照护床位120张')).toEqual([
      [5, '家'],
      [3, '个'],
      [120, '张'],
    ]);
    expect(found('提升中心花园周边环境(约3000平方米)。')).toEqual([[3000, '平方米']]);
  });

  it('leaves the traps of the genre: dates, phone and document numbers, addresses, sessions, attendance, rankings, ranges of ages', () => {
    const text =
      '2024年3月5日,区十七届人大三次会议召开,237名代表出席会议。沪崇府办发〔2025〕6号。' +
      '咨询电话13825404095。协兴村4栋、9栋开展整治。增速全市第五。为40-74周岁居民开展筛查。';
    expect(found(text)).toEqual([]);
  });
});
