/**
 * Round 20 (issue 20): structural rules added while reading round 19's documents (u01–u10) after
 * they were measured and folded into tuning. Sentences written for these tests, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { found } from './found.testing';

describe('verbs of restructuring and enrolment', () => {
  it('takes a count after a noun when its verb (撤并, 重组, 换届, 招收) opens the clause', () => {
    expect(found('撤并规模过小村小5个,重组镇中心幼儿园3所,社区居委会换届12个,职业学校招收学员40名。')).toEqual([
      [5, '个'],
      [3, '所'],
      [12, '个'],
      [40, '名'],
    ]);
  });
});

describe('who did the work and who it reached', () => {
  it('leaves the people before the verb and takes the people served after it', () => {
    expect(found('暑期350名志愿者服务老人4200名。')).toEqual([[4200, '名']]);
  });

  it('keeps people who received help (获资助) as people helped', () => {
    expect(found('全年120名困难学生获资助。')).toEqual([[120, '名']]);
  });
});

describe('honours tallies before 获', () => {
  it('leaves a count of entries that won an award, a patent or a title', () => {
    expect(found('开展科技节活动30场,5项作品获省级一等奖,2个案例荣获全国示范称号。')).toEqual([[30, '场']]);
  });
});

describe('stages on the way', () => {
  it('leaves a count that has only reached a stage (招标环节, 前期阶段) in a report', () => {
    const text = '一、工作进展情况\n目前已有19座公厕完成建改并投入使用,3座公厕进入招标环节,2座处于前期阶段。';
    expect(found(text)).toEqual([[19, '座']]);
  });

  it('reads a percentage right after a step of construction as its progress', () => {
    expect(found('3.综合楼项目完成桩基施工,主楼完成主体结构浇筑60%。')).toEqual([]);
  });
});

describe("a facility's size", () => {
  it("leaves a hospital's total floor area and its beds after 将达到", () => {
    expect(found('市中医院一期、二期合计建筑规模将达到12万平方米,床位将达到800张。')).toEqual([]);
  });

  it('still takes beds a plan adds (新增床位) and a level of beds for a whole area', () => {
    expect(found('新增养老床位300张。全区每千名老年人养老床位达到40张。')).toEqual([
      [300, '张'],
      [40, '张'],
    ]);
  });
});

describe('the scope of a campaign in brackets', () => {
  it('takes the count in brackets after a campaign name, not the size of a named building', () => {
    expect(found('(二)“畅通背街小巷”攻坚行动(8条路)\n新建朝阳养老院(120张床)。')).toEqual([[8, '条']]);
  });
});
