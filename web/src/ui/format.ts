/**
 * Numbers as Chinese readers expect them: 万 and 亿 for large values, units always shown.
 * Pure, so it is unit-tested beside this file.
 */
export function formatQuantity(value: number, uom: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const abs = Math.abs(value);
  let text: string;
  if (lang === 'zh-CN' && abs >= 1e8) text = `${trim(value / 1e8)}亿`;
  else if (lang === 'zh-CN' && abs >= 1e4) text = `${trim(value / 1e4)}万`;
  else text = value.toLocaleString(lang, { maximumFractionDigits: 2 });
  return uom === '%' ? `${text}%` : `${text} ${uom}`;
}

function trim(n: number): string {
  return Number(n.toFixed(2)).toString();
}

export function formatPct(pct: number | null): string {
  return pct === null ? '—' : `${pct.toFixed(1)}%`;
}
