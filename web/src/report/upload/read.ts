import { decodeText } from './decode';
import { parseCsv, rowsOfGrid, type FileProblem, type RawRow } from './parse';

export type ReadFile = { ok: true; rows: RawRow[]; encoding: string } | { ok: false; problem: FileProblem };

/** The file as rows: CSV decoded by its encoding, Excel through SheetJS (loaded only when needed). */
export async function readUpload(name: string, bytes: Uint8Array): Promise<ReadFile> {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (bytes.length === 0) return { ok: false, problem: { code: 'empty' } };
  if (ext === 'csv' || ext === 'txt') {
    const d = decodeText(bytes);
    if (!d.ok) return { ok: false, problem: { code: 'encoding' } };
    const p = parseCsv(d.text);
    return p.ok ? { ok: true, rows: p.rows, encoding: d.encoding } : p;
  }
  if (ext === 'xlsx' || ext === 'xls') {
    try {
      const XLSX = await import('@e965/xlsx');
      const wb = XLSX.read(bytes, { type: 'array' });
      const first = wb.SheetNames[0];
      const ws = first ? wb.Sheets[first] : undefined;
      if (!ws) return { ok: false, problem: { code: 'empty' } };
      // Formatted text, as the clerk sees it in Excel: dates as yyyy-mm-dd, not serial numbers.
      const grid = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: false, dateNF: 'yyyy-mm-dd', defval: '' });
      const p = rowsOfGrid(grid);
      return p.ok ? { ok: true, rows: p.rows, encoding: 'Excel' } : p;
    } catch (err) {
      return { ok: false, problem: { code: 'parse', params: { detail: err instanceof Error ? err.message.slice(0, 200) : 'unreadable workbook' } } };
    }
  }
  return { ok: false, problem: { code: 'type' } };
}
