import type { Page } from 'playwright-core';

/**
 * What a wall screen gets wrong when its layout does not fit the screen (issue 18.10), read
 * from the page as drawn:
 * - `outside`: any element box outside the viewport (and the page's scroll extents);
 * - `clipped`: text cut off in its own box — wider than its box (an ellipsis, or text spilling
 *   sideways), or a line or more lost below;
 * - `overlaps`: header, main area and footer overlapping, or text of one drawn outside its
 *   region (a number running into the header);
 * - the smallest text, as a share of the screen's shorter side.
 */
export async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const w = window.innerWidth;
    const h = window.innerHeight;
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ')[0]}`;
    const box = (r: DOMRect) => `[${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}]`;
    const hasText = (el: Element) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim() !== '');
    const outside: string[] = [];
    let minFont = Infinity;
    let minFontAt = '';
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // Recharts measures label widths in an invisible span parked at top: -20000px.
      if (el.id === 'recharts_measurement_span') continue;
      if (r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1) outside.push(`${name(el)} ${box(r)}`);
      if (hasText(el) && !(el instanceof SVGElement)) {
        const fs = parseFloat(getComputedStyle(el).fontSize) * zoomOf(el);
        if (fs < minFont) {
          minFont = fs;
          minFontAt = `${name(el)} "${el.textContent!.trim().slice(0, 20)}"`;
        }
      }
    }
    /** The zoom in effect on an element (the portrait wall is zoomed), so font sizes are read as drawn. */
    function zoomOf(el: Element): number {
      let z = 1;
      for (let e: Element | null = el; e; e = e.parentElement) z *= Number(getComputedStyle(e).zoom) || 1;
      return z;
    }
    const clipped: string[] = [];
    const overlaps: string[] = [];
    const regions = ['.wl-head', '.wl-main', '.wl-foot'].map((s) => document.querySelector(s));
    const rects = regions.map((r) => r?.getBoundingClientRect() ?? null);
    for (let i = 0; i + 1 < rects.length; i++) {
      const a = rects[i];
      const b = rects[i + 1];
      if (a && b && a.bottom > b.top + 1) overlaps.push(`${name(regions[i]!)} ${box(a)} runs into ${name(regions[i + 1]!)} ${box(b)}`);
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.wall *'))) {
      if (el instanceof SVGElement || el.closest('svg')) continue;
      if (!hasText(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const cs = getComputedStyle(el);
      const text = `"${el.textContent!.trim().slice(0, 24)}"`;
      // Sideways: wider content than box is lost (an ellipsis) or spills over its neighbours.
      // Downwards (boxes that hide overflow): line boxes of large CJK glyphs overhang by a few
      // pixels without hiding anything; a lost line is a fifth or more. Inline boxes have no
      // client size: they are judged by their region below.
      if (cs.display !== 'inline') {
        if (el.scrollWidth > el.clientWidth + 1) clipped.push(`${name(el)} ${text} (${el.scrollWidth} > ${el.clientWidth} wide)`);
        else if ((cs.overflowX !== 'visible' || cs.overflowY !== 'visible') && el.scrollHeight > el.clientHeight * 1.2) clipped.push(`${name(el)} ${text} (${el.scrollHeight} > ${el.clientHeight} tall)`);
      }
      const i = regions.findIndex((g) => g?.contains(el));
      const g = rects[i];
      if (g && (r.left < g.left - 1 || r.top < g.top - 1 || r.right > g.right + 1 || r.bottom > g.bottom + 1)) overlaps.push(`${name(el)} ${text} ${box(r)} outside ${name(regions[i]!)} ${box(g)}`);
    }
    const de = document.documentElement;
    return {
      w,
      h,
      scrollW: de.scrollWidth,
      scrollH: de.scrollHeight,
      outside: outside.slice(0, 8),
      clipped: clipped.slice(0, 12),
      overlaps: overlaps.slice(0, 12),
      minFontPct: (minFont / Math.min(w, h)) * 100,
      minFontAt,
      cursor: getComputedStyle(document.querySelector('.wall')!).cursor,
    };
  });
}

/**
 * The glow of a live change (`.wl-live.is-changed`: a box-shadow) as drawn around each
 * element that has it: the shadow's reach (blur + spread, times the zoom in effect) must lie
 * inside every ancestor that clips (overflow other than visible) and inside the screen, or
 * the glow is cut off in a hard edge. Returns the elements whose glow is cut, with where.
 */
export async function clippedGlows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const zoomOf = (el: Element): number => {
      let z = 1;
      for (let e: Element | null = el; e; e = e.parentElement) z *= Number(getComputedStyle(e).zoom) || 1;
      return z;
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.wl-live.is-changed'))) {
      const shadow = getComputedStyle(el).boxShadow;
      // "rgba(…) 0px 0px 27px 8.6px": offsets, blur, spread (after the colour).
      const px = (shadow.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) ?? []).map(parseFloat);
      const reach = ((px[2] ?? 0) + (px[3] ?? 0)) * zoomOf(el);
      if (reach === 0) continue;
      const r = el.getBoundingClientRect();
      const glow = { left: r.left - reach, top: r.top - reach, right: r.right + reach, bottom: r.bottom + reach };
      const label = `"${el.textContent!.trim().slice(0, 16)}" glow [${Math.round(glow.left)},${Math.round(glow.top)},${Math.round(glow.right)},${Math.round(glow.bottom)}]`;
      if (glow.left < -1 || glow.top < -1 || glow.right > innerWidth + 1 || glow.bottom > innerHeight + 1) out.push(`${label} leaves the screen`);
      // Up to the body: the root's overflow is the viewport's (checked above).
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const cs = getComputedStyle(a);
        if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const clipX = cs.overflowX !== 'visible' && (glow.left < b.left - 1 || glow.right > b.right + 1);
        const clipY = cs.overflowY !== 'visible' && (glow.top < b.top - 1 || glow.bottom > b.bottom + 1);
        if (clipX || clipY) out.push(`${label} cut by ${a.tagName.toLowerCase()}.${(a.getAttribute('class') ?? '').split(' ')[0]} [${Math.round(b.left)},${Math.round(b.top)},${Math.round(b.right)},${Math.round(b.bottom)}]`);
      }
    }
    return out;
  });
}

/** Drawn stroke widths (px on the screen, zoom included) of the wall chart's lines, by series class. */
export async function chartStrokes(page: Page): Promise<{ line: string; px: number }[]> {
  return page.evaluate(() => {
    const zoomOf = (el: Element): number => {
      let z = 1;
      for (let e: Element | null = el; e; e = e.parentElement) z *= Number(getComputedStyle(e).zoom) || 1;
      return z;
    };
    return Array.from(document.querySelectorAll<SVGPathElement>('[data-testid=wall-chart] path.recharts-curve, [data-testid=wall-chart] .recharts-reference-line line')).map((p) => ({
      line: p.getAttribute('name') ?? p.closest('[class*=recharts-]')?.getAttribute('class')?.split(' ')[0] ?? p.tagName,
      px: parseFloat(getComputedStyle(p).strokeWidth) * zoomOf(p),
    }));
  });
}
