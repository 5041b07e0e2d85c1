import { describe, expect, it } from 'vitest';
import { orgRowsOfGrid } from './columns';

describe('orgRowsOfGrid', () => {
  it('reads Chinese headers in any order, skipping blank lines', () => {
    const r = orgRowsOfGrid([
      ['名称', '编号', '类型', '上级编号'],
      ['党建办', 'JD-A', '科室', 'JD'],
      ['', '', '', ''],
      ['第一网格', 'JD-G1', '网格', 'JD'],
    ]);
    expect(r).toEqual({
      ok: true,
      rows: [
        { code: 'JD-A', name: '党建办', parentCode: 'JD', kind: '科室' },
        { code: 'JD-G1', name: '第一网格', parentCode: 'JD', kind: '网格' },
      ],
    });
  });
  it('names missing columns', () => {
    expect(orgRowsOfGrid([['code', 'parent']])).toEqual({ ok: false, missing: ['名称', '类型'] });
  });
});
