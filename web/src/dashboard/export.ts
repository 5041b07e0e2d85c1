import type { PlanOverview } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import { sectionPath, unitNames } from './shape';
import { statusLabel } from '../ui/status';

export type Cell = string | number | null;
export interface Table {
  header: string[];
  rows: Cell[][];
}

const round = (n: number | null, digits: number): number | null =>
  n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits));

/**
 * The plan's targets with their status, one row each, in the order of the overview. Numbers
 * stay numbers (a spreadsheet sums them); only the header and the status follow the language.
 */
export function targetTable(
  o: Pick<PlanOverview, 'targets' | 'sections' | 'units'>,
  t: (k: MessageKey) => string,
): Table {
  const names = unitNames(o.units);
  return {
    header: [
      t('xCode'),
      t('xTitle'),
      t('xSection'),
      t('xUnit'),
      t('xUom'),
      t('xBaseline'),
      t('target'),
      t('current'),
      t('xPct'),
      t('xExpected'),
      t('xStatus'),
      t('xHalfway'),
      t('due'),
      t('xForecast'),
      t('xRequired'),
      t('lastReport'),
    ],
    rows: o.targets.map((x) => [
      x.code,
      x.title,
      sectionPath(o.sections, x.sectionId),
      names.get(x.ownerUnit) ?? x.ownerUnit,
      x.uom,
      x.baseline,
      x.targetValue,
      x.value,
      round(x.pct, 1),
      round(x.expected, 2),
      t(statusLabel[x.status]),
      x.halfwayFlagged ? t('xYes') : '',
      x.dueDate,
      x.forecastDate,
      round(x.requiredRate, 2),
      x.lastOccurredAt,
    ]),
  };
}

/** A leading = + - @ makes Excel evaluate a text cell as a formula: such text is quoted with '. */
function csvCell(c: Cell): string {
  if (c === null) return '';
  let s = typeof c === 'number' ? String(c) : /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** CSV as Excel opens it without a wizard: UTF-8 with a byte-order mark (else Chinese is mojibake), CRLF lines. */
export function toCsv(table: Table): string {
  return '\uFEFF' + [table.header, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** "五角场街道2026年工作计划-目标任务-2026-11-21.csv": no characters a file system refuses. */
export function exportFileName(planTitle: string, what: string, asOfYmd: string, ext: string): string {
  return `${planTitle}-${what}-${asOfYmd}.${ext}`.replace(/[\\/:*?"<>|\s]+/g, '_');
}
