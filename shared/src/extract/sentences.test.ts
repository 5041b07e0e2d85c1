import { describe, expect, it } from 'vitest';
import { splitClauses } from './sentences';

const clauses = (s: string) => splitClauses(s).map((c) => s.slice(c.start, c.end));

describe('clauses', () => {
  it('splits at table cell borders', () => {
    expect(clauses('新建食堂 | 建筑面积800平方米 | 当年完成')).toEqual(['新建食堂 ', ' 建筑面积800平方米 ', ' 当年完成']);
  });

  it('splits at a space after a quantity or before a dash, not at a line-wrap space', () => {
    expect(clauses('包括挡墙3千米 道路2千米')).toEqual(['包括挡墙3千米', '道路2千米']);
    expect(clauses('基础设施 - 实施改造')).toEqual(['基础设施', '- 实施改造']);
    expect(clauses('在完成农房加固的基 础上实施安居工程')).toEqual(['在完成农房加固的基 础上实施安居工程']);
    expect(clauses('新增志愿者 500 名')).toEqual(['新增志愿者 500 名']);
  });
});
