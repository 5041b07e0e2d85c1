import { decodeText } from './decode';
import { csvGrid, rowsOfGrid, type FileProblem, type RawRow } from './parse';

export type ReadFile = { ok: true; rows: RawRow[]; encoding: string } | { ok: false; problem: FileProblem };
export type ReadGrid = { ok: true; grid: string[][]; encoding: string } | { ok: false; problem: FileProblem };

/** The file as rows: CSV decoded by its encoding, Excel through SheetJS (loaded only when needed). */
export async function readUpload(name: string, bytes: Uint8Array): Promise<ReadFile> {
  const g = await readGrid(name, bytes);
  if (!g.ok) return g;
  const p = rowsOfGrid(g.grid);
  return p.ok ? { ok: true, rows: p.rows, encoding: g.encoding } : p;
}

/**
 * The file's first sheet as a grid of cell texts (header first), whatever the columns mean:
 * the progress upload reads its columns from it, the org-chart import (issue 16) its own.
 */
export async function readGrid(name: string, bytes: Uint8Array): Promise<ReadGrid> {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (bytes.length === 0) return { ok: false, problem: { code: 'empty' } };
  if (ext === 'csv' || ext === 'txt') {
    const d = decodeText(bytes);
    if (!d.ok) return { ok: false, problem: { code: 'encoding' } };
    const g = csvGrid(d.text);
    return g.ok ? { ok: true, grid: g.grid, encoding: d.encoding } : g;
  }
  if (ext === 'xlsx' || ext === 'xls') {
    try {
      const XLSX = await import('@e965/xlsx');
      const wb = XLSX.read(bytes, { type: 'array', cellNF: true });
      const first = wb.SheetNames[0];
      const ws = first ? wb.Sheets[first] : undefined;
      if (!ws?.['!ref']) return { ok: false, problem: { code: 'empty' } };
      const range = XLSX.utils.decode_range(ws['!ref']);
      // Cell by cell from row 1, so a row's index is its Excel row number. Values as stored,
      // not as displayed: a date is a date whatever its format (3/5/26, 2026年3月5日), a number
      // keeps the decimals a format would hide.
      const grid: string[][] = [];
      for (let r = 0; r <= range.e.r; r++) {
        const row: string[] = [];
        for (let c = 0; c <= range.e.c; c++) {
          const cell = ws[XLSX.utils.encode_cell({ r, c })] as
            { t: string; v?: unknown; w?: string; z?: string } | undefined;
          row.push(cellText(cell, XLSX.SSF));
        }
        grid.push(row);
      }
      return { ok: true, grid, encoding: 'Excel' };
    } catch (err) {
      return {
        ok: false,
        problem: {
          code: 'parse',
          params: { detail: err instanceof Error ? err.message.slice(0, 200) : 'unreadable workbook' },
        },
      };
    }
  }
  return { ok: false, problem: { code: 'type' } };
}

type Ssf = { is_date(fmt: string | number): boolean; parse_date_code(v: number): { y: number; m: number; d: number } };

function cellText(cell: { t: string; v?: unknown; w?: string; z?: string } | undefined, ssf: Ssf): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number') {
    if (cell.z !== undefined && ssf.is_date(cell.z)) {
      const d = ssf.parse_date_code(cell.v);
      return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
    }
    return String(cell.v);
  }
  if (cell.t === 'd' && cell.v instanceof Date) return cell.v.toISOString().slice(0, 10);
  return String(cell.w ?? cell.v);
}
