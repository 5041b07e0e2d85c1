import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { zh, type MessageKey } from '../i18n/messages';
import { en } from '../i18n/messages.en';
import { chinaDateTime, csvBytes, exportFileName, filterWords, targetDecimals, targetTable, toCsv } from './export';
import { encodeGbk } from './gbk';
import { toXlsx, xlsxCell } from './xlsx';
import { overview, target } from './test-fixtures';

const tz = (k: MessageKey): string => zh[k];

describe('targetTable', () => {
  const o = overview([
    target('T1', { status: 'behind', pct: 42.345, halfwayFlagged: true, title: '帮助失业青年就业 127 人' }),
  ]);
  it('has a Chinese header and one row per target, numbers as numbers', () => {
    const table = targetTable(o, tz);
    expect(table.header.slice(0, 4)).toEqual(['编号', '目标任务', '所属板块', '责任部门']);
    expect(table.rows[0]).toEqual(
      expect.arrayContaining([
        'T1',
        '帮助失业青年就业 127 人',
        '一、（一）招商引资',
        '社区服务办公室',
        '人',
        100,
        50,
        42.3,
        '进度滞后',
        '是',
      ]),
    );
  });
  it('follows the language', () => {
    expect(targetTable(o, (k) => en[k]).header[0]).toBe('Code');
  });
});

describe('toCsv', () => {
  it('ends lines with CRLF, quotes what needs quoting', () => {
    const csv = toCsv({
      header: ['a', 'b'],
      rows: [
        ['x,y', 'he said "hi"'],
        [1.5, null],
      ],
    });
    expect(csv).toBe('a,b\r\n"x,y","he said ""hi"""\r\n1.5,\r\n');
  });
  it('defuses text Excel would run as a formula, but not negative numbers', () => {
    expect(toCsv({ header: ['h'], rows: [['=1+1'], [-3]] })).toBe("h\r\n'=1+1\r\n-3\r\n");
  });
  it('writes dates and China times as people write them', () => {
    expect(toCsv({ header: ['d', 't'], rows: [[{ date: '2026-12-31' }, { date: '2026-12-06', time: '11:12' }]] })).toBe(
      'd,t\r\n2026-12-31,2026-12-06 11:12\r\n',
    );
  });
});

describe('csvBytes', () => {
  const table = { header: ['目标任务', '状态'], rows: [['帮助失业青年就业', '进度滞后']] };
  it('UTF-8 starts with the byte-order mark', () => {
    const b = csvBytes(table, 'utf-8', encodeGbk);
    expect([...b.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(b.subarray(3))).toBe(toCsv(table));
  });
  it('GBK on request: two bytes a character, no mark, reads back with a GBK decoder', () => {
    const b = csvBytes(table, 'gbk', encodeGbk);
    expect([...b.subarray(0, 2)]).toEqual([0xc4, 0xbf]); // 目
    expect(new TextDecoder('gbk').decode(b)).toBe(toCsv(table));
  });
  it('GBK: what it cannot hold becomes ?', () => {
    expect(new TextDecoder('gbk').decode(encodeGbk('ok😀，'))).toBe('ok?，');
  });
});

describe('China time and precision', () => {
  it('an instant in UTC reads as the China wall clock, across midnight too', () => {
    expect(chinaDateTime('2026-12-06T03:12:45.683Z')).toEqual({ date: '2026-12-06', time: '11:12' });
    expect(chinaDateTime('2026-12-05T16:30:00Z')).toEqual({ date: '2026-12-06', time: '00:30' });
    expect(chinaDateTime(null)).toBeNull();
    expect(chinaDateTime('nonsense')).toBeNull();
  });
  it("a target's precision is the decimals its target and baseline were written with", () => {
    expect(targetDecimals({ targetValue: 500000, baseline: 0 })).toBe(0);
    expect(targetDecimals({ targetValue: 95, baseline: 90.5 })).toBe(1);
    expect(targetDecimals({ targetValue: 0.125, baseline: 0 })).toBe(3);
    expect(targetDecimals({ targetValue: 1e-7, baseline: 0 })).toBe(4);
  });
  it('the table rounds to that precision and writes China dates, not ISO instants', () => {
    const row = targetTable(
      overview([
        target('T2', {
          targetValue: 500000,
          value: 235000.4999,
          expected: 272419.35,
          lastOccurredAt: '2026-12-06T03:12:45.683Z',
          requiredRate: 3.217,
        }),
      ]),
      tz,
    ).rows[0]!;
    expect(row[7]).toBe(235000);
    expect(row[9]).toBe(272419);
    expect(row[12]).toEqual({ date: '2026-12-31' });
    expect(row[14]).toBe(3.22);
    expect(row[15]).toEqual({ date: '2026-12-06', time: '11:12' });
    const csv = toCsv({ header: [], rows: [row] });
    expect(csv).toContain(',2026-12-06 11:12\r\n');
    expect(csv).not.toMatch(/T\d\d:\d\d/);
  });
});

describe('xlsx', () => {
  it('dates are real Excel dates (serial numbers with a date format), whatever the host zone', () => {
    expect(xlsxCell({ date: '2026-12-06', time: '11:12' })).toEqual({
      t: 'n',
      v: 46362 + (11 * 60 + 12) / 1440,
      z: 'yyyy-mm-dd hh:mm',
    });
    expect(xlsxCell({ date: '1970-01-01' })).toEqual({ t: 'n', v: 25569, z: 'yyyy-mm-dd' });
    expect(xlsxCell(3)).toBe(3);
  });
  it('a workbook read back has date cells showing the same China wall-clock time', async () => {
    const table = targetTable(overview([target('T1', { lastOccurredAt: '2026-12-06T03:12:45.683Z' })]), tz);
    const wb = XLSX.read(await (await toXlsx(table, '目标任务')).arrayBuffer(), { type: 'array', cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    const last = ws['P2'] as XLSX.CellObject;
    expect(last.t).toBe('n');
    expect(XLSX.SSF.format(last.z as string, last.v)).toBe('2026-12-06 11:12');
    const due = ws['M2'] as XLSX.CellObject;
    expect(due.t).toBe('n');
    expect(XLSX.SSF.format(due.z as string, due.v)).toBe('2026-12-31');
  });
});

describe('filterWords', () => {
  const o = overview([target('T1')]);
  it('names the active filter, or nothing when the whole plan is exported', () => {
    expect(filterWords({ section: null, unit: null, status: null }, o, tz)).toBeNull();
    expect(filterWords({ section: 'S1', unit: 'U-A', status: 'behind' }, o, tz)).toBe(
      '一、经济发展-社区服务办公室-进度滞后',
    );
  });
});

describe('exportFileName', () => {
  it('keeps Chinese and drops characters file systems refuse', () => {
    expect(exportFileName('计划 A/B', '目标任务', '2026-11-21', 'csv')).toBe('计划_A_B-目标任务-2026-11-21.csv');
  });
  it('says when it holds a filtered part of the plan', () => {
    expect(exportFileName('计划', '目标任务', '2026-11-21', 'xlsx', '一、经济发展-进度滞后')).toBe(
      '计划-目标任务-一、经济发展-进度滞后-2026-11-21.xlsx',
    );
  });
});
