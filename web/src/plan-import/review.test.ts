import { describe, expect, it } from 'vitest';
import { extractCandidates, planDraftErrors, toImportCandidate, type Unit } from '@luoshi/shared';
import {
  buildRequest,
  defaultMeta,
  errorFromServer,
  guessMeta,
  guessPlanTitle,
  initialRows,
  matchOwner,
  parseValue,
  placeErrors,
  segments,
  unitSubtree,
  type PlanMeta,
} from './review';

const text =
  '某街道2026年工作计划\n\n一、民生服务\n\n年底前完成“美丽家园”改造30万平方米,二季度新增养老床位152张。共有103名党员代表参加会议。';
const candidates = extractCandidates(text).map((c, i) => toImportCandidate(c, i, text));
const meta: PlanMeta = {
  id: '',
  title: '某街道2026年工作计划',
  ownerUnit: 'JD',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
};

describe('review', () => {
  it('starts low-confidence candidates rejected', () => {
    const rows = initialRows(candidates);
    expect(rows.map((r) => [candidates[r.index]!.quantityText, r.accepted])).toEqual([
      ['30万平方米', true],
      ['152张', true],
      ['103名', false],
    ]);
  });

  it('builds a request the shared checker accepts, with due dates from the deadline phrases', () => {
    const { request, rowOf } = buildRequest(meta, initialRows(candidates), candidates);
    expect(planDraftErrors(request)).toEqual([]);
    expect(rowOf).toEqual([0, 1]);
    expect(request.plan).not.toHaveProperty('id');
    expect(request.sections).toEqual([{ key: 's1', label: '一、', title: '民生服务' }]);
    expect(request.targets.map((t) => [t.targetValue, t.uom, t.dueDate, t.ownerUnit, t.sectionKey])).toEqual([
      [300000, '平方米', '2026-12-31', 'JD', 's1'],
      [152, '张', '2026-06-30', 'JD', 's1'],
    ]);
  });

  it('puts each error next to its row, by candidate index', () => {
    const rows = initialRows(candidates);
    rows[0]!.accepted = false;
    rows[2]!.accepted = true;
    rows[2]!.value = '-5';
    const { request, rowOf } = buildRequest({ ...meta, title: ' ' }, rows, candidates);
    const placed = placeErrors(planDraftErrors(request), rowOf);
    expect(placed.meta.title?.code).toBe('empty_title');
    expect(placed.rows.get(2)?.value?.code).toBe('invalid_target_value');
    expect(placed.rows.has(1)).toBe(false);
    expect(
      placeErrors([errorFromServer('unknown_unit', 'targets[1].ownerUnit: no unit')], rowOf).rows.get(2)?.ownerUnit
        ?.code,
    ).toBe('unknown_unit');
  });

  it('parses values as people type them', () => {
    expect(parseValue('1,162')).toBe(1162);
    expect(parseValue(' 30 ')).toBe(30);
    expect(parseValue('')).toBeNaN();
    expect(parseValue('abc')).toBeNaN();
  });

  it('cuts the text into plain pieces, quantities and the active sentence, covering every character once', () => {
    const segs = segments(text, candidates, 1);
    expect(segs.map((s) => text.slice(s.start, s.end)).join('')).toBe(text);
    expect(segs.filter((s) => s.candidate !== null).map((s) => text.slice(s.start, s.end))).toEqual([
      '30万平方米',
      '152张',
      '103名',
    ]);
    const active = segs
      .filter((s) => s.inActive)
      .map((s) => text.slice(s.start, s.end))
      .join('');
    expect(active).toBe(candidates[1]!.sentence);
  });

  it('guesses the plan title from a title-like first line only', () => {
    expect(guessPlanTitle(text)).toBe('某街道2026年工作计划');
    expect(guessPlanTitle('年底前完成改造30万平方米。')).toBe('');
  });

  it('files a plan under the year its title names, unless the admin chose a period or a title', () => {
    const blank = { ...defaultMeta(new Date(2026, 11, 6)), ownerUnit: 'A' };
    const next = '城东街道2027年工作要点\n\n年底前新增养老床位80张。';
    expect(guessMeta(blank, next, false)).toEqual({ ...blank, title: '城东街道2027年工作要点', periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    expect(guessMeta(blank, '某街道2026年下半年工作计划\n…', false)).toMatchObject({ periodStart: '2026-07-01', periodEnd: '2026-12-31' });
    // No year in the title: the default period stays.
    expect(guessMeta(blank, '城东街道工作要点\n…', false)).toMatchObject({ periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    // A period the admin chose before extracting is theirs, even when it is the default one.
    expect(guessMeta(blank, next, true)).toEqual({ ...blank, title: '城东街道2027年工作要点' });
    // A title already there (typed, or the draft being added to) keeps the whole form as it is.
    const draft: PlanMeta = { id: 'D', title: '草稿计划', ownerUnit: 'A', periodStart: '2026-01-01', periodEnd: '2026-12-31' };
    expect(guessMeta(draft, next, false)).toBe(draft);
  });

  it('offers the units under the plan owner', () => {
    const units: Unit[] = [
      { code: 'Q', name: '区', kind: 'district', parentCode: null },
      { code: 'A', name: '甲街道', kind: 'subdistrict', parentCode: 'Q' },
      { code: 'A-1', name: '甲办', kind: 'department', parentCode: 'A' },
      { code: 'B', name: '乙街道', kind: 'subdistrict', parentCode: 'Q' },
      { code: 'B-1', name: '乙办', kind: 'department', parentCode: 'B' },
    ];
    expect(unitSubtree(units, 'A').map((u) => u.code)).toEqual(['A', 'A-1']);
    expect(unitSubtree(units, '').map((u) => u.code)).toHaveLength(5);
  });
});

describe('matchOwner (issue 20)', () => {
  const units: Unit[] = [
    { code: 'JD', name: '五角场街道', kind: 'subdistrict', parentCode: null },
    { code: 'JD-A', name: '社区服务办公室', kind: 'department', parentCode: 'JD' },
    { code: 'JD-B', name: '卫生健康局', kind: 'department', parentCode: 'JD' },
  ];
  it('finds the unit the text names, by its name or the nearest one', () => {
    expect(matchOwner('社区服务办公室', units)).toBe('JD-A');
    expect(matchOwner('区卫生健康局', units)).toBe('JD-B');
    expect(matchOwner('平安办', units)).toBeNull();
    expect(matchOwner(null, units)).toBeNull();
  });
  it('preselects it on the row', () => {
    const text = '开展消防安全检查300次。(责任单位:社区服务办公室)';
    const cs = extractCandidates(text).map((c, i) => toImportCandidate(c, i, text));
    expect(initialRows(cs, units).map((r) => r.ownerUnit)).toEqual(['JD-A']);
  });
});
