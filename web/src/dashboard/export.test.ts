import { describe, expect, it } from 'vitest';
import { en, zh, type MessageKey } from '../i18n/messages';
import { exportFileName, targetTable, toCsv } from './export';
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
  it('starts with a BOM, ends lines with CRLF, quotes what needs quoting', () => {
    const csv = toCsv({
      header: ['a', 'b'],
      rows: [
        ['x,y', 'he said "hi"'],
        [1.5, null],
      ],
    });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('a,b\r\n"x,y","he said ""hi"""\r\n1.5,\r\n');
  });
  it('defuses text Excel would run as a formula, but not negative numbers', () => {
    expect(toCsv({ header: ['h'], rows: [['=1+1'], [-3]] }).slice(1)).toBe("h\r\n'=1+1\r\n-3\r\n");
  });
});

describe('exportFileName', () => {
  it('keeps Chinese and drops characters file systems refuse', () => {
    expect(exportFileName('计划 A/B', '目标任务', '2026-11-21', 'csv')).toBe('计划_A_B-目标任务-2026-11-21.csv');
  });
});
