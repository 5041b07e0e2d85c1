import Papa from 'papaparse';
import { COLUMN_NAME, mapHeader, normaliseDate, type Column } from './columns';

/** One data row as read: its line in the file (the header is line 1) and its cells by column. */
export interface RawRow {
  line: number;
  target: string;
  value: string;
  date: string;
  note: string;
  uom: string;
}

export const MAX_ROWS = 5_000;

export type FileProblem =
  | { code: 'empty' }
  | { code: 'encoding' }
  | { code: 'type' }
  | { code: 'columns'; params: { missing: string } }
  | { code: 'too_many'; params: { n: number; max: number } }
  | { code: 'parse'; params: { detail: string } };

export type Parsed = { ok: true; rows: RawRow[] } | { ok: false; problem: FileProblem };

/** From a grid of cells (header first) to rows; used for CSV and for Excel sheets alike. */
export function rowsOfGrid(grid: readonly (readonly unknown[])[]): Parsed {
  const cell = (r: readonly unknown[], i: number | undefined): string =>
    i === undefined || r[i] === undefined || r[i] === null ? '' : String(r[i]).trim();
  const nonEmpty = grid.filter((r) => r.some((c) => cell([c], 0) !== ''));
  if (nonEmpty.length === 0) return { ok: false, problem: { code: 'empty' } };
  const headerAt = grid.indexOf(nonEmpty[0]!);
  const { index, missing } = mapHeader(nonEmpty[0]!.map((c) => cell([c], 0)));
  if (missing.length > 0)
    return {
      ok: false,
      problem: { code: 'columns', params: { missing: missing.map((c: Column) => COLUMN_NAME[c]).join('、') } },
    };
  const rows: RawRow[] = [];
  for (let i = headerAt + 1; i < grid.length; i++) {
    const r = grid[i]!;
    if (!r.some((c) => cell([c], 0) !== '')) continue; // blank lines between blocks
    rows.push({
      line: i + 1,
      target: cell(r, index.target),
      value: cell(r, index.value),
      date: normaliseDate(cell(r, index.date)),
      note: cell(r, index.note),
      uom: cell(r, index.uom),
    });
  }
  if (rows.length === 0) return { ok: false, problem: { code: 'empty' } };
  if (rows.length > MAX_ROWS)
    return { ok: false, problem: { code: 'too_many', params: { n: rows.length, max: MAX_ROWS } } };
  return { ok: true, rows };
}

/** CSV text (already decoded) to a grid of cells; also read by the org-chart import (issue 16). */
export function csvGrid(text: string): { ok: true; grid: string[][] } | { ok: false; problem: FileProblem } {
  const res = Papa.parse<string[]>(text, { skipEmptyLines: false, delimitersToGuess: [',', '\t', ';'] });
  const fatal = res.errors.find((e) => e.type === 'Quotes');
  if (fatal)
    return {
      ok: false,
      problem: { code: 'parse', params: { detail: `line ${(fatal.row ?? 0) + 1}: ${fatal.message}` } },
    };
  return { ok: true, grid: res.data };
}

/** CSV text (already decoded) to rows. A broken quote is a malformed file, not a row problem. */
export function parseCsv(text: string): Parsed {
  const g = csvGrid(text);
  return g.ok ? rowsOfGrid(g.grid) : g;
}
