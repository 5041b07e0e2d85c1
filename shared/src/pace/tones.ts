import { TARGET_STATUSES, type TargetStatus } from '../domain/types';
import type { StatusPalette } from './bands';

/**
 * Issue 17 item 7: a deployment may pick any status colours, and every status label must
 * still read at WCAG AA (4.5:1) against its own background. So the web does not paint text
 * in the raw colour (a configured yellow is unreadable on a pale yellow tint): the pairs are
 * worked out here, as plain #rrggbb, from each colour —
 *
 *   light (dashboard badges, count tiles): a 16% tint of the colour behind, and the colour
 *     itself as text, darkened towards black only as far as it takes to read;
 *   wall (dark screens): a 30% shade of the colour over the wall's panel behind, and the
 *     colour lightened towards white only as far as it takes;
 *   solid (逾期, meant to shout): the colour itself behind, white text, or a dark shade of
 *     the colour when the colour is too light for white.
 *
 * One owner for both the CSS variables the web sets (web/src/app/status-style.ts) and the
 * unit test that proves the ratio for any palette.
 */

export const MIN_TEXT_CONTRAST = 4.5;
/**
 * What the derived text aims at: comfortably above the 4.5 floor on the page, more on the
 * wall (read from across a room). A solid block aims just above the floor: white or a dark
 * shade of the colour is all it has, and the two meet at 4.58 for the worst colour.
 */
const AIM = { light: 5.5, wall: 6.5, solid: 4.6 } as const;

/** The wall's panel colour (web/src/wall/wall.css `--panel`): status text on the wall sits on it or on darker. */
export const WALL_PANEL = '#111826';
/** The wall's chip base a status shade is mixed into. */
const WALL_CHIP_BASE = '#0b1220';

/** Statuses shown as a solid block of their colour (the rest as a tint). */
export const SOLID_STATUSES: readonly TargetStatus[] = ['overdue'];

type Rgb = readonly [number, number, number];

function rgb(hex: string): Rgb {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** `a` weighted `share` (0–1) mixed with `b` in sRGB, as CSS color-mix(in srgb, a share, b) does, rounded to #rrggbb. */
export function mixHex(a: string, share: number, b: string): string {
  const x = rgb(a);
  const y = rgb(b);
  return hex([0, 1, 2].map((i) => x[i]! * share + y[i]! * (1 - share)) as unknown as Rgb);
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(colour: string): number {
  const [r, g, b] = rgb(colour).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1–21, order does not matter). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colour itself if it reads on `bg`, else the least step towards `toward` (black or
 * white) that does. Black or white always gets there on the backgrounds used here (a pale
 * tint, a dark shade), so the loop ends with a readable colour.
 */
export function readableOn(colour: string, bg: string, toward: '#000000' | '#ffffff', aim: number = AIM.light): string {
  for (let step = 0; step <= 50; step++) {
    const c = mixHex(colour, 1 - step / 50, toward);
    if (contrastRatio(c, bg) >= aim) return c;
  }
  return toward;
}

export interface StatusTone {
  bg: string;
  fg: string;
}

export interface StatusTones {
  /** The colour as configured: bars, chart strokes, borders — never text. */
  fill: Record<TargetStatus, string>;
  /** Dashboard badges and count tiles (white page). */
  light: Record<TargetStatus, StatusTone>;
  /** Wall status chips (dark screen). */
  wall: Record<TargetStatus, StatusTone>;
  /** Status-coloured text straight on the wall's panels (counts, borders of tiles). */
  wallText: Record<TargetStatus, string>;
}

function solid(colour: string): StatusTone {
  // White on the colour when it reads; a light colour gets a dark shade of itself instead.
  return contrastRatio('#ffffff', colour) >= AIM.solid ? { bg: colour, fg: '#ffffff' } : { bg: colour, fg: readableOn(colour, colour, '#000000', AIM.solid) };
}

/** Every status's readable pairs for a palette (any palette: each text/background pair is ≥ 4.5:1). */
export function statusTones(palette: Readonly<StatusPalette>): StatusTones {
  const out: StatusTones = { fill: {} as never, light: {} as never, wall: {} as never, wallText: {} as never };
  for (const s of TARGET_STATUSES) {
    const c = palette[s];
    out.fill[s] = c;
    const isSolid = SOLID_STATUSES.includes(s);
    const lightBg = mixHex(c, 0.16, '#ffffff');
    out.light[s] = isSolid ? solid(c) : { bg: lightBg, fg: readableOn(c, lightBg, '#000000', AIM.light) };
    const wallBg = mixHex(c, 0.3, WALL_CHIP_BASE);
    out.wall[s] = isSolid ? solid(c) : { bg: wallBg, fg: readableOn(c, wallBg, '#ffffff', AIM.wall) };
    out.wallText[s] = readableOn(c, WALL_PANEL, '#ffffff', AIM.wall);
  }
  return out;
}
