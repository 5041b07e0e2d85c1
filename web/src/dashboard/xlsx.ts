import type { Table } from './export';

/**
 * The table as an .xlsx workbook (SheetJS). Loaded with import() from the export button only,
 * so the library (~400 kB) is never in the bundle the overview ships.
 */
export async function toXlsx(table: Table, sheetName: string): Promise<Blob> {
  const XLSX = await import('@e965/xlsx');
  const ws = XLSX.utils.aoa_to_sheet([table.header, ...table.rows]);
  ws['!cols'] = table.header.map((h, i) => ({
    wch: Math.min(
      60,
      Math.max(h.length * 2, ...table.rows.map((r) => String(r[i] ?? '').length * (i === 1 ? 2 : 1.2)), 8),
    ),
  }));
  const wb = XLSX.utils.book_new();
  // Sheet names: at most 31 characters, none of []:*?/\
  XLSX.utils.book_append_sheet(wb, ws, sheetName.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || 'Sheet1');
  const buf = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
