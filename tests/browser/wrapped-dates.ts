import type { Locator } from 'playwright-core';

/**
 * Dates and times broken over two lines inside table cells (`2026-12-` / `06`, `12月` / `6日`,
 * `15:` / `30`), read from the page as drawn: each date in a cell's text is a DOM Range whose
 * line boxes must all share one line. Returns each broken one with the cell's text.
 */
export async function datesBrokenAcrossLines(table: Locator): Promise<string[]> {
  return table.evaluate((root) => {
    const DATE = /\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?|\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{1,2}:\d{2}/g;
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      for (const m of text.matchAll(DATE)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const tops = new Set(Array.from(r.getClientRects()).filter((x) => x.width > 0).map((x) => Math.round(x.top)));
        if (tops.size > 1) out.push(`"${m[0]}" in "${(n.parentElement?.textContent ?? '').trim().slice(0, 60)}"`);
      }
    }
    return out;
  });
}
