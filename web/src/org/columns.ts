/** Header words of an org-chart table (CSV or Excel), Chinese or English, for each column. */
const HEADERS: Record<'code' | 'name' | 'parentCode' | 'kind', readonly string[]> = {
  code: ['编号', '单位编号', '代码', 'code'],
  name: ['名称', '单位名称', 'name'],
  parentCode: ['上级编号', '上级单位编号', '上级', 'parent', 'parentcode', 'parent code', 'parent_code'],
  kind: ['类型', '单位类型', 'kind', 'type'],
};

export type OrgRows = { ok: true; rows: Record<string, string>[] } | { ok: false; missing: string[] };

/** A grid (header first) to rows {code, name, parentCode, kind}; blank lines skipped. */
export function orgRowsOfGrid(grid: readonly (readonly string[])[]): OrgRows {
  const lines = grid.filter((r) => r.some((c) => String(c ?? '').trim() !== ''));
  const header = (lines[0] ?? []).map((c) => String(c ?? '').trim().toLowerCase());
  const index: Partial<Record<keyof typeof HEADERS, number>> = {};
  for (const [col, words] of Object.entries(HEADERS) as [keyof typeof HEADERS, readonly string[]][]) {
    const i = header.findIndex((h) => words.includes(h));
    if (i >= 0) index[col] = i;
  }
  const missing = (['code', 'name', 'kind'] as const).filter((c) => index[c] === undefined).map((c) => HEADERS[c][0]!);
  if (missing.length > 0) return { ok: false, missing };
  const cell = (r: readonly string[], i: number | undefined) => (i === undefined ? '' : String(r[i] ?? '').trim());
  return {
    ok: true,
    rows: lines.slice(1).map((r) => ({ code: cell(r, index.code), name: cell(r, index.name), parentCode: cell(r, index.parentCode), kind: cell(r, index.kind) })),
  };
}
