/**
 * Round 24 (issue 20): rules added while reading round 23's documents (y01–y14) after they were measured
 * and folded into tuning. Most of them say whose figure it is or what state it is in (a review chapter of a
 * five-year plan, residents a road has, what is left or being built, a pool of drafted projects, a firm's
 * planned money the office only assists). Sentences written for these tests, one behaviour each, with a
 * control that must keep working.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';

const REPORT = '一、2024年工作回顾\n';

describe('a plan\'s review chapter and a report\'s states', () => {
  it('reads a five-year plan\'s chapter on the ground laid as a review', () => {
    const text = '第一章 发展基础\n第一节 “十四五”时期奠定的发展基础\n2025年财政收入7.2亿元,增长31.5%;工业产值递增至40亿元;城镇居民人均可支配收入达到31000元。';
    expect(found(text)).toEqual([]);
    // Control: the same figures under the plan's targets are targets.
    expect(found('第二章 发展目标\n到2030年财政收入达到12亿元;城镇居民人均可支配收入达到45000元。').length).toBe(2);
  });

  it('reads residents along a road and a stock level at a date as background', () => {
    expect(found(`${REPORT}该路段周边住户达2000多人,是群众出行的必经之路。`)).toEqual([]);
    expect(found(`${REPORT}2024年规模以上企业26家。`)).toEqual([]);
    expect(found(`${REPORT}新增规模以上企业4家。`)).toEqual([[4, '家']]);
  });

  it('reads what is left, what is being built and projects only started as status, not work done', () => {
    expect(found(`${REPORT}剩余2个社区已列入明年改造计划;全年在建技改项目达38个。`)).toEqual([]);
    expect(found(`${REPORT}某某电子等7个入园项目开工建设、部分厂房主体竣工。`)).toEqual([]);
    // Money that projects under construction spent is still counted, and so are the projects (as h02 labels them).
    expect(found(`${REPORT}共5个在建项目总投资完成9.6亿元。`)).toEqual([
      [5, '个'],
      [9.6, '亿元'],
    ]);
  });

  it('reads a sentence that opens with the count just given as a restatement', () => {
    expect(found(`${REPORT}全年完成了6个老旧小区的改造工程。6个老旧小区共改造路面3万平方米。`)).toEqual([
      [6, '个'],
      [30000, '平方米'],
    ]);
  });

  it('reads a drafted pool of projects as a list size, and a capacity after 建成 as a specification', () => {
    expect(found('目前已初步谋划涵盖农业发展、社会民生改善等6类领域98个项目。')).toEqual([]);
    expect(found('年内建成年输气量3亿方门站一座。')).toEqual([]);
  });

  it('reads a firm\'s own planned investment as the firm\'s money in a plan too', () => {
    expect(found('做好已签约某某粮油有限公司计划投资3亿元兴建加工项目的帮办工作。')).toEqual([]);
    expect(found('年内引进某某粮油有限公司,计划投资3亿元。')).toEqual([[3, '亿元']]);
  });
});

describe('counts the lists missed', () => {
  it('reads a yearly target after 每年 and a verb, and keeps a per-day rate out', () => {
    expect(found('持续推进农房改善工作,每年改善6000户以上。')).toEqual([[6000, '户']]);
    expect(found('每天巡查6小时。')).toEqual([]);
  });

  it('reads money raised and land a park is enlarged by', () => {
    expect(found('该乡迅速行动,筹集资金12万元。')).toEqual([[12, '万元']]);
    expect(found(`${REPORT}工业园区新扩容800余亩。`)).toEqual([[800, '亩']]);
  });

  it('reads a small Chinese numeral after its noun as a count, and keeps set phrases out', () => {
    expect(found('新增休闲椅120个,新增长廊三个,凉亭12个。')).toEqual([
      [120, '个'],
      [3, '个'],
      [12, '个'],
    ]);
    expect(found('建强三支队伍,落实八项规定。')).toEqual([]);
  });

  it('reads it so when its clause ends the sentence too (session 9)', () => {
    expect(found('新增养老床位80张,建成社区食堂两个。')).toEqual([
      [80, '张'],
      [2, '个'],
    ]);
    expect(found('年内新增助餐点三个!')).toEqual([[3, '个']]);
    // Numeral first, as set phrases have it, or a clause that goes on: still not a count.
    expect(found('围绕两个维护开展学习。')).toEqual([]);
    expect(found('建成食堂两个示范点位。')).toEqual([]);
  });
});
