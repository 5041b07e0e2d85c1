import { describe, expect, it } from 'vitest';
import type { Unit } from '../domain/types';
import { parseUnitKind, planOrgImport } from './org';

const existing: Unit[] = [
  { code: 'Q', name: '区', kind: 'district', parentCode: null },
  { code: 'JD', name: '街道', kind: 'subdistrict', parentCode: 'Q' },
];

describe('planOrgImport', () => {
  it('creates, updates and leaves unchanged; parents may come later in the table', () => {
    const out = planOrgImport(
      [
        { code: 'KS', name: '科室', kind: '科室', parentCode: 'JD2' },
        { code: 'JD2', name: '新街道', kind: '街道', parentCode: 'Q' },
        { code: 'JD', name: '街道（改名）', kind: 'subdistrict', parentCode: 'Q' },
        { code: 'Q', name: '区', kind: 'district', parentCode: '' },
      ],
      existing,
    );
    expect(out.map((r) => [r.code, r.action, r.kind])).toEqual([
      ['KS', 'create', 'department'],
      ['JD2', 'create', 'subdistrict'],
      ['JD', 'update', 'subdistrict'],
      ['Q', 'unchanged', 'district'],
    ]);
  });
  it('names each bad row: bad code, missing name, unknown kind, unknown parent, duplicate, cycle, orphan', () => {
    const out = planOrgImport(
      [
        { code: 'a.b', name: 'x', kind: '科室', parentCode: 'JD' },
        { code: 'N1', name: ' ', kind: '科室', parentCode: 'JD' },
        { code: 'N2', name: 'x', kind: '小组', parentCode: 'JD' },
        { code: 'N3', name: 'x', kind: '科室', parentCode: 'NOPE' },
        { code: 'N4', name: 'x', kind: '科室', parentCode: 'JD' },
        { code: 'N4', name: 'y', kind: '科室', parentCode: 'JD' },
        { code: 'C1', name: 'x', kind: '网格', parentCode: 'C2' },
        { code: 'C2', name: 'x', kind: '网格', parentCode: 'C1' },
        { code: 'N5', name: 'x', kind: '科室', parentCode: '' },
      ],
      existing,
    );
    expect(out.map((r) => [r.row, r.action, r.problems.map((p) => p.field).join()])).toEqual([
      [1, 'error', 'code'],
      [2, 'error', 'name'],
      [3, 'error', 'kind'],
      [4, 'error', 'parentCode'],
      [5, 'create', ''],
      [6, 'error', 'code'],
      [7, 'error', 'parentCode'],
      [8, 'error', 'parentCode'],
      [9, 'error', 'parentCode'],
    ]);
  });
  it('reads Chinese kind words', () => {
    expect(['区', '街道', '科室', '居民区', '网格', 'grid', '组'].map(parseUnitKind)).toEqual(['district', 'subdistrict', 'department', 'neighbourhood', 'grid', 'grid', null]);
  });
});
