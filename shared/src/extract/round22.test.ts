/**
 * Round 22 (issue 20): rules added while reading round 21's documents (w01–w14) after they were
 * measured and folded into tuning. Each states a structure, not a phrase: where a status clause sits,
 * what a 其中 can break down, what a verb inside a quoted name governs. Sentences written for these
 * tests, one behaviour each, with a control that must keep working.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';


describe('status and list structure', () => {
  it('reads a count of 实事 as completed when a status clause alone closes the sentence after a comma', () => {
    expect(found('去年确定全镇重点民生实事项目6个,目前均已完工。')).toEqual([[6, '个']]);
    // Control: announcing the list, with no status after it, is the list's size.
    expect(found('会议票决确定全镇重点民生实事项目6个。')).toEqual([]);
  });

  it('reads figures after a 其中 that follows a count of projects as the projects\' work, not a breakdown', () => {
    const text = '今年确定民生实事项目3个,目前均已完工。其中,完成主街排水管网建设860米,新建村道1200米。';
    expect(found(text)).toEqual([
      [3, '个'],
      [860, '米'],
      [1200, '米'],
    ]);
    // Control: a part with its whole's measure is still a breakdown.
    expect(found('全年新增停车位500个,其中公共停车位300个。')).toEqual([[500, '个']]);
  });

  it('keeps a total investment written as an attribute of the projects it funds', () => {
    expect(found('本年度总投资4000万元的12个项目完成投资2600万元。')).toEqual([
      [4000, '万元'],
      [12, '个'],
      [2600, '万元'],
    ]);
  });
});

describe('who the figure belongs to', () => {
  it('reads people after 涉及 as people a project reaches, also before 工作 (人工作 is not 人工)', () => {
    expect(found('村道改造计划投资300万元,工程涉及全村2600人工作生活环境的改善。')).toEqual([
      [300, '万元'],
      [2600, '人'],
    ]);
  });

  it('does not let a verb inside a quoted project name act on the list size after it', () => {
    expect(found('代表们比选出“实施村道硬化工程”等8件民生事项。')).toEqual([]);
  });

  it('reads a count right after a title the office awarded as a roll of honour, not people served', () => {
    expect(found('全年评选“优秀网格员”60名、“先进服务队”12支,开展志愿服务300场。')).toEqual([[300, '场']]);
  });

  it('leaves villages that applied for a project, and keeps what was delivered to them', () => {
    const got = found('全镇申报亮化项目18个村,其余15个村统一采购共计600盏。');
    expect(got).not.toContainEqual([18, '个']);
    expect(got).toContainEqual([600, '盏']);
  });
});

describe('readings and work under way', () => {
  it('reads a satisfaction rate that 均在 spreads over several projects as a measurement', () => {
    expect(found('对去年4个民生实事项目开展满意度测评,满意率均在96%以上。')).toEqual([]);
    // Control: a plan's rate written with 达到 is a target.
    expect(found('年内群众满意率达到95%以上。')).toEqual([[95, '%']]);
  });

  it('leaves work a report says is being carried out gradually', () => {
    const text = '一年来,全乡高标准农田项目完成省级验收,新修机耕路12公里,逐步开展2025年6000亩高标准农田建设项目。';
    expect(found(text)).toEqual([[12, '公里']]);
  });
});
