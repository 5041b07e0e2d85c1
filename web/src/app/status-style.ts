import { DEFAULT_STATUS_PALETTE, TARGET_STATUSES, type StatusPalette, type StatusStyle } from '@luoshi/shared';

/**
 * Issue 17 item 7: the status colours are the deployment's (GET /api/status-style), set as
 * CSS variables `--st-<status>` on the root; badges, count tiles, the wall and charts derive
 * their tints from them (color-mix in the CSS). The shared defaults apply at once so the
 * first paint is coloured; the deployment's palette replaces them when it arrives.
 */
export function applyStatusPalette(palette: Readonly<StatusPalette>, root: HTMLElement = document.documentElement): void {
  for (const s of TARGET_STATUSES) root.style.setProperty(`--st-${s}`, palette[s]);
}

export async function loadStatusStyle(): Promise<void> {
  applyStatusPalette(DEFAULT_STATUS_PALETTE);
  try {
    const res = await fetch('/api/status-style', { credentials: 'same-origin' });
    if (!res.ok) return;
    const style = (await res.json()) as StatusStyle;
    applyStatusPalette(style.palette);
  } catch {
    // Offline or an older server: the defaults stay.
  }
}
