import { CHINA_UTC_OFFSET_MS } from '@luoshi/shared';

/** An instant as China time, "2026-06-10 14:05", whatever the browser's zone (the issue: dates and times in China time). */
export function chinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + CHINA_UTC_OFFSET_MS);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
