import type { Cell, Table } from './export';

/** Days from Excel's day 0 (1899-12-30) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * A cell for SheetJS: a date becomes a real Excel date (a serial number with a date format), so
 * it sorts, filters and subtracts as a date. The serial is computed from the China wall-clock
 * parts directly, never through a JS Date in the browser's zone.
 */
export function xlsxCell(c: Cell): unknown {
  if (c === null || typeof c !== 'object') return c;
  const [y, m, d] = c.date.split('-').map(Number) as [number, number, number];
  let serial = Date.UTC(y, m - 1, d) / 86_400_000 + EXCEL_EPOCH_DAYS;
  if (c.time) {
    const [hh, mm] = c.time.split(':').map(Number) as [number, number];
    serial += (hh * 60 + mm) / 1440;
  }
  return { t: 'n', v: serial, z: c.time ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd' };
}

const width = (c: Cell): number => (c !== null && typeof c === 'object' ? 16 : String(c ?? '').length);

/**
 * The table as an .xlsx workbook (SheetJS). Loaded with import() from the export button only,
 * so the library (~400 kB) is never in the bundle the overview ships.
 */
export async function toXlsx(table: Table, sheetName: string): Promise<Blob> {
  const XLSX = await import('@e965/xlsx');
  const ws = XLSX.utils.aoa_to_sheet([table.header, ...table.rows.map((r) => r.map(xlsxCell))]);
  ws['!cols'] = table.header.map((h, i) => ({
    wch: Math.min(60, Math.max(h.length * 2, ...table.rows.map((r) => width(r[i] ?? null) * (i === 1 ? 2 : 1.2)), 8)),
  }));
  const wb = XLSX.utils.book_new();
  // Sheet names: at most 31 characters, none of []:*?/\
  XLSX.utils.book_append_sheet(wb, ws, sheetName.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || 'Sheet1');
  const buf = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
