/**
 * The columns of a bulk upload and the header names people use for them, Chinese first.
 * Headers are matched after trimming, lower-casing and dropping spaces and brackets, so
 * "指标编号", "Target Code" and "数值（人）" all match.
 */
export const COLUMNS = {
  target: ['指标编号', '指标代码', '编号', '代码', 'target', 'targetcode', 'code'],
  value: ['数值', '完成数', '本次完成', '数量', '完成量', 'value', 'amount'],
  date: ['日期', '上报日期', '完成日期', 'date'],
  note: ['备注', '说明', 'note', 'notes', 'remark'],
  uom: ['单位', '计量单位', 'uom', 'unit'],
} as const;
export type Column = keyof typeof COLUMNS;
export const REQUIRED: readonly Column[] = ['target', 'value', 'date'];
/** How a missing column is named in the error (the Chinese template's header). */
export const COLUMN_NAME: Record<Column, string> = {
  target: '指标编号',
  value: '数值',
  date: '日期',
  note: '备注',
  uom: '单位',
};

const norm = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-()（）[\]【】]/g, '')
    .replace(/(人|个|家|平方米|公里|%)$/u, '');

/** Column → index in the header row; unknown headers are ignored (an extra 序号 column is fine). */
export function mapHeader(header: readonly string[]): { index: Partial<Record<Column, number>>; missing: Column[] } {
  const index: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    const n = norm(h);
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (index[col] === undefined && names.some((name) => norm(name) === n)) index[col] = i;
    }
  });
  return { index, missing: REQUIRED.filter((c) => index[c] === undefined) };
}

/** Dates as Chinese spreadsheets write them (2026/3/5, 2026.3.5, 2026年3月5日) to YYYY-MM-DD; anything else unchanged. */
export function normaliseDate(s: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(s.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : s.trim();
}
