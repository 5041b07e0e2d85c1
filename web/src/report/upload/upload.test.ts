import { describe, expect, it } from 'vitest';
import type { MyTarget } from '@luoshi/shared';
import { normaliseDate, mapHeader } from './columns';
import { decodeText } from './decode';
import { parseCsv, rowsOfGrid, MAX_ROWS } from './parse';
import { rowEventId, validateRows } from './validate';

// "指标编号,数值,日期,备注\r\nWJC-01,12,2026-03-01,居委会" in GBK, as Chinese Excel saves "CSV (逗号分隔)".
const GBK = Uint8Array.from([
  0xd6,
  0xb8,
  0xb1,
  0xea,
  0xb1,
  0xe0,
  0xba,
  0xc5,
  0x2c,
  0xca,
  0xfd,
  0xd6,
  0xb5,
  0x2c,
  0xc8,
  0xd5,
  0xc6,
  0xda,
  0x2c,
  0xb1,
  0xb8,
  0xd7,
  0xa2,
  0x0d,
  0x0a,
  ...new TextEncoder().encode('WJC-01,12,2026-03-01,'),
  0xbe,
  0xd3,
  0xce,
  0xaf,
  0xbb,
  0xe1,
]);

describe('decodeText', () => {
  const csv = '指标编号,数值,日期,备注\r\nWJC-01,12,2026-03-01,居委会';
  it('reads UTF-8 with and without a BOM, and GBK', () => {
    const utf8 = new TextEncoder().encode(csv);
    expect(decodeText(utf8)).toEqual({ ok: true, text: csv, encoding: 'UTF-8' });
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({
      ok: true,
      text: csv,
      encoding: 'UTF-8 BOM',
    });
    expect(decodeText(GBK)).toEqual({ ok: true, text: csv, encoding: 'GBK' });
  });
  it('reads UTF-16 ("Unicode 文本") by its BOM', () => {
    const le = [0xff, 0xfe, ...[...'编号'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])];
    expect(decodeText(Uint8Array.from(le))).toMatchObject({ ok: true, text: '编号', encoding: 'UTF-16' });
  });
  it('refuses bytes that are neither', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xfd]))).toEqual({ ok: false });
    expect(decodeText(Uint8Array.from([0x80, 0xff, 0x80]))).toEqual({ ok: false });
  });
});

describe('columns', () => {
  it('matches Chinese and English headers, ignoring case, spaces, brackets and a trailing unit', () => {
    expect(mapHeader(['序号', '指标编号', '数值（人）', '日期', '备注']).index).toEqual({
      target: 1,
      value: 2,
      date: 3,
      note: 4,
    });
    expect(mapHeader(['Target Code', 'Value', 'DATE']).missing).toEqual([]);
    expect(mapHeader(['编号', '金额']).missing).toEqual(['value', 'date']);
  });
  it('normalises spreadsheet dates', () => {
    expect(normaliseDate('2026/3/5')).toBe('2026-03-05');
    expect(normaliseDate('2026年3月15日')).toBe('2026-03-15');
    expect(normaliseDate('2026.12.01')).toBe('2026-12-01');
    expect(normaliseDate('3/5/2026')).toBe('3/5/2026');
  });
});

describe('parseCsv', () => {
  it('reads rows with their line numbers, skipping blank lines', () => {
    const p = parseCsv('指标编号,数值,日期\nA,1,2026-03-01\n\nB,"1,200",2026/3/2\n');
    expect(p).toEqual({
      ok: true,
      rows: [
        { line: 2, target: 'A', value: '1', date: '2026-03-01', note: '', uom: '' },
        { line: 4, target: 'B', value: '1,200', date: '2026-03-02', note: '', uom: '' },
      ],
    });
  });
  it('names missing columns, empty files and broken quotes', () => {
    expect(parseCsv('编号,日期\nA,2026-03-01')).toEqual({
      ok: false,
      problem: { code: 'columns', params: { missing: '数值' } },
    });
    expect(parseCsv('')).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(parseCsv('指标编号,数值,日期\n')).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(parseCsv('指标编号,数值,日期\nA,"1,2026-03-01\nB,2,2026-03-01')).toMatchObject({
      ok: false,
      problem: { code: 'parse' },
    });
  });
  it('refuses more rows than one upload may hold', () => {
    const grid = [
      ['指标编号', '数值', '日期'],
      ...Array.from({ length: MAX_ROWS + 1 }, () => ['A', '1', '2026-03-01']),
    ];
    expect(rowsOfGrid(grid)).toMatchObject({ ok: false, problem: { code: 'too_many' } });
  });
});

const target = (code: string, over: Partial<MyTarget> = {}): MyTarget =>
  ({
    code,
    ownerUnit: 'U1',
    measureKind: 'cumulative',
    uom: '人',
    baseline: 0,
    targetValue: 127,
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    title: code,
    ...over,
  }) as MyTarget;

describe('validateRows', () => {
  const mine = new Map([
    ['A', target('A')],
    ['R', target('R', { measureKind: 'reading', uom: '%', targetValue: 90 })],
  ]);
  const now = new Date('2026-11-21T02:00:00Z');
  const rows = (p: ReturnType<typeof parseCsv>) => (p.ok ? p.rows : []);

  it('checks every row with the form rules and says which rows are wrong', () => {
    const csv = [
      '指标编号,数值,日期,备注,单位',
      'A,12,2026-03-01,ok,人',
      'A,-1,2026-03-02,,',
      'A,abc,2026-03-02,,',
      'A,99999,2026-03-02,,',
      'A,3,2027-01-01,,',
      'A,3,2026-02-30,,',
      'A,3,2026-03-03,,户',
      'R,101,2026-03-03,,',
      'X,1,2026-03-03,,',
      'Z,1,2026-03-03,,',
      'A,12,2026-03-01,ok,',
      ',1,2026-03-03,,',
    ].join('\n');
    const out = validateRows(rows(parseCsv(csv)), mine, new Set(['X']), '2026-11-21', now);
    expect(out.map((r) => (r.ok ? 'ok' : r.problems.map((p) => p.code).join('+')))).toEqual([
      'ok',
      'value_negative',
      'value_not_number',
      'value_too_large',
      'date_future',
      'date_invalid',
      'uom_mismatch',
      'percent_over_100',
      'target_not_yours',
      'target_unknown',
      'duplicate_row',
      'target_unknown',
    ]);
  });

  it('judges each row on the total the rows before it leave (the limit is on the total, as at ingest)', () => {
    // 10 × 127 = 1270 is the plausible total: 700 fits, 700 more does not, 500 more does.
    const csv = '指标编号,数值,日期\nA,700,2026-03-01\nA,700,2026-03-02\nA,500,2026-03-03';
    const out = validateRows(rows(parseCsv(csv)), mine, new Set(), '2026-11-21', now);
    expect(out.map((r) => (r.ok ? 'ok' : r.problems.map((p) => p.code).join('+')))).toEqual(['ok', 'value_too_large', 'ok']);
    const onTop = validateRows(rows(parseCsv('指标编号,数值,日期\nA,100,2026-03-01')), new Map([['A', target('A', { value: 1200 })]]), new Set(), '2026-11-21', now);
    expect(onTop[0]).toMatchObject({ ok: false, problems: [{ code: 'value_too_large', params: { limit: 70 } }] });
  });

  it('gives a row the same id in every upload of the same file, another for another row', () => {
    const csv = '指标编号,数值,日期\nA,12,2026-03-01\nA,12,2026-03-02';
    const first = validateRows(rows(parseCsv(csv)), mine, new Set(), '2026-11-21', now);
    const again = validateRows(rows(parseCsv(csv)), mine, new Set(), '2026-11-21', new Date(now.getTime() + 60_000));
    const ids = (r: typeof first) => r.map((x) => (x.ok ? x.event.id : null));
    expect(ids(again)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(2);
    expect(rowEventId({ target: 'A', date: '2026-03-01', value: '12', note: '' }, 12)).toMatch(/^up-[0-9a-f]{40}$/);
    // "12" and "12.0" are the same report.
    expect(rowEventId({ target: 'A', date: '2026-03-01', value: '12.0', note: '' }, 12)).toBe(ids(first)[0]);
  });
});

describe('readUpload', () => {
  it('reads the first sheet of an Excel workbook: stored values, dates whatever their display format', async () => {
    const { readUpload } = await import('./read');
    const XLSX = await import('@e965/xlsx');
    const ws = XLSX.utils.aoa_to_sheet([
      ['指标编号', '数值', '日期', '备注'],
      ['A', 1200, new Date(Date.UTC(2026, 2, 5)), '三月'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '进度');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const read = await readUpload('三月.xlsx', bytes);
    // Excel shows the date as 3/5/26 and may show 1,200: the stored values are what count.
    expect(read).toEqual({
      ok: true,
      encoding: 'Excel',
      rows: [{ line: 2, target: 'A', value: '1200', date: '2026-03-05', note: '三月', uom: '' }],
    });
  });

  it('names the problem of a file it cannot use', async () => {
    const { readUpload } = await import('./read');
    expect(await readUpload('a.pdf', new Uint8Array([1]))).toEqual({ ok: false, problem: { code: 'type' } });
    expect(await readUpload('a.csv', new Uint8Array())).toEqual({ ok: false, problem: { code: 'empty' } });
    expect(await readUpload('a.csv', Uint8Array.from([0x80, 0xff, 0x80]))).toEqual({
      ok: false,
      problem: { code: 'encoding' },
    });
    expect(await readUpload('a.xlsx', new TextEncoder().encode('not a workbook'))).toMatchObject({ ok: false });
  });
});
