import { CHINA_UTC_OFFSET_MS, parseInstant, type PlanOverview, type TargetState } from '@luoshi/shared';
import type { MessageKey } from '../i18n/messages';
import type { TargetFilter } from './filters';
import { sectionPath, unitNames } from './shape';
import { statusLabel } from '../ui/status';
import { readable } from '../ui/format';

/**
 * A date (and maybe a China wall-clock time) in a cell: CSV writes it as people write it
 * ("2026-12-06 11:12"), Excel gets a real date cell (see xlsx.ts), never an ISO instant in UTC.
 */
export interface DateCell {
  date: string;
  time?: string;
}
export type Cell = string | number | null | DateCell;
export interface Table {
  header: string[];
  rows: Cell[][];
}

/** An instant as its China date and HH:MM (China keeps one offset all year, so +8 h is exact). */
export function chinaDateTime(iso: string | null): DateCell | null {
  if (!iso) return null;
  const ms = parseInstant(iso);
  if (!Number.isFinite(ms)) return null;
  const s = new Date(ms + CHINA_UTC_OFFSET_MS).toISOString();
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

const day = (ymd: string | null): DateCell | null => (ymd ? { date: ymd } : null);

/** Fraction digits a number was written with (500000 → 0, 95.5 → 1, 0.125 → 3). */
function fractionDigits(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return 0;
  const s = String(n);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]);
  return s.split('.')[1]?.length ?? 0;
}

/**
 * The precision a target is stated in: as many decimals as its target and baseline were written
 * with (at most 4). "应完成 272419.35 平方米" of a 500000 m² target exports as 272419.
 */
export function targetDecimals(t: Pick<TargetState, 'targetValue' | 'baseline'>): number {
  return Math.min(4, Math.max(fractionDigits(t.targetValue), fractionDigits(t.baseline)));
}

const round = (n: number | null, digits: number): number | null =>
  n === null || !Number.isFinite(n) ? null : Number(n.toFixed(digits));

/**
 * The targets given (the overview's, or the filtered ones on screen) with their status, one
 * row each. Numbers stay numbers (a spreadsheet sums them), rounded to the target's precision;
 * dates are dates in China time; only the header and the status follow the language.
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
    rows: o.targets.map((x) => {
      const d = targetDecimals(x);
      return [
        x.code,
        x.title,
        sectionPath(o.sections, x.sectionId),
        names.get(x.ownerUnit) ?? x.ownerUnit,
        x.uom,
        round(x.baseline, d),
        round(x.targetValue, d),
        round(x.value, d),
        round(x.pct, 1),
        round(x.expected, d),
        t(statusLabel[x.status]),
        x.halfwayFlagged ? t('xYes') : '',
        day(x.dueDate),
        day(x.forecastDate),
        // a rate per working day is read, not summed: "3.2 人" even for a whole-number target
        x.requiredRate === null ? null : readable(x.requiredRate),
        chinaDateTime(x.lastOccurredAt),
      ];
    }),
  };
}

/** A leading = + - @ makes Excel evaluate a text cell as a formula: such text is quoted with '. */
function csvCell(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'object') return c.time ? `${c.date} ${c.time}` : c.date;
  let s = typeof c === 'number' ? String(c) : /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** The CSV text, CRLF lines (no byte-order mark: see csvBytes). */
export function toCsv(table: Table): string {
  return [table.header, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export type CsvEncoding = 'utf-8' | 'gbk';

/**
 * CSV bytes as Excel opens them without a wizard: UTF-8 with a byte-order mark (else Chinese is
 * mojibake), or GBK for older Excel/WPS set-ups that ignore the mark.
 */
export function csvBytes(table: Table, encoding: CsvEncoding, encodeGbk: (s: string) => Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> {
  const text = toCsv(table);
  if (encoding === 'gbk') return encodeGbk(text);
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/**
 * The words for an active filter, for the file name: "一、经济发展-社区服务办公室-进度滞后", or
 * null when nothing is filtered. A file lying in Downloads then says it is not the whole plan.
 */
export function filterWords(
  f: TargetFilter,
  o: Pick<PlanOverview, 'sections' | 'units'>,
  t: (k: MessageKey) => string,
): string | null {
  const parts: string[] = [];
  if (f.section) {
    const s = o.sections.find((x) => x.id === f.section);
    parts.push(s ? `${s.label}${s.title}` : f.section);
  }
  if (f.unit) parts.push(unitNames(o.units).get(f.unit) ?? f.unit);
  if (f.status) parts.push(t(statusLabel[f.status]));
  return parts.length ? parts.join('-') : null;
}

/**
 * "五角场街道2026年工作计划-目标任务-2026-11-21.csv", or with a filter
 * "…-目标任务-社区服务办公室-进度滞后-2026-11-21.csv": no characters a file system refuses.
 */
export function exportFileName(
  planTitle: string,
  what: string,
  asOfYmd: string,
  ext: string,
  filtered: string | null = null,
): string {
  const name = filtered ? `${planTitle}-${what}-${filtered}-${asOfYmd}` : `${planTitle}-${what}-${asOfYmd}`;
  return `${name}.${ext}`.replace(/[\\/:*?"<>|\s]+/g, '_');
}

