import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { DEFAULT_STATUS_PALETTE, TARGET_STATUSES, statusTones, type StatusPalette, type StatusStyle } from '@luoshi/shared';

/**
 * Issue 17 item 7: the status colours are the deployment's (GET /api/status-style). The CSS
 * never paints text in a raw configured colour: the readable pairs come from the shared
 * `statusTones` as plain #rrggbb and are set as variables on the root —
 *   --st-<s>            the colour as configured (bars, strokes, borders);
 *   --st-<s>-bg/-fg     badge and count-tile background and text on the page;
 *   --st-<s>-wall-bg/-wall-fg   wall chips; --st-<s>-wall-text  status text on wall panels.
 * The defaults are set before the first render (main.tsx), so nothing is ever drawn with
 * the variables missing; the deployment's palette replaces them when it arrives.
 */
export function statusVariables(palette: Readonly<StatusPalette>): Record<string, string> {
  const t = statusTones(palette);
  const out: Record<string, string> = {};
  for (const s of TARGET_STATUSES) {
    out[`--st-${s}`] = t.fill[s];
    out[`--st-${s}-bg`] = t.light[s].bg;
    out[`--st-${s}-fg`] = t.light[s].fg;
    out[`--st-${s}-wall-bg`] = t.wall[s].bg;
    out[`--st-${s}-wall-fg`] = t.wall[s].fg;
    out[`--st-${s}-wall-text`] = t.wallText[s];
  }
  return out;
}

export function applyStatusPalette(palette: Readonly<StatusPalette>, root: HTMLElement = document.documentElement): void {
  for (const [k, v] of Object.entries(statusVariables(palette))) root.style.setProperty(k, v);
}

/** Before the first render: the shared defaults (红黄绿, 正常 green). */
export function applyDefaultStatusPalette(): void {
  applyStatusPalette(DEFAULT_STATUS_PALETTE);
}

/**
 * Loads the deployment's palette through the caller's own fetch — the app's (session) or the
 * wall's (device token, retried forever: a wall that started while the server was away still
 * gets its colours) — and applies it. Until it answers, or if it never does, the defaults stay.
 */
export function useStatusStyle(fetchStyle: () => Promise<StatusStyle>, key: string, retry: { retry: boolean | number; retryDelay?: (n: number) => number } = { retry: 2 }): void {
  const q = useQuery({ queryKey: ['status-style', key], queryFn: fetchStyle, staleTime: Infinity, gcTime: Infinity, ...retry });
  const palette = q.data?.palette;
  useEffect(() => {
    if (palette) applyStatusPalette(palette);
  }, [palette]);
}
