import { Type, type Static } from '@sinclair/typebox';
import { TARGET_STATUSES, type TargetStatus } from '../domain/vocabulary';
import { DEFAULT_PACE_OPTIONS, type PaceOptions } from './input';

/**
 * Issue 17 item 7: the status bands and colours a deployment may change. One owner: the
 * defaults live here (the bands are PaceOptions' onTrackFrom/atRiskBelow, so assessTarget
 * applies them); the server reads overrides from the environment once at start and serves
 * the palette; the web turns the palette into CSS variables.
 */
export type StatusBands = Pick<PaceOptions, 'onTrackFrom' | 'atRiskBelow'>;

export const DEFAULT_STATUS_BANDS: Readonly<StatusBands> = Object.freeze({
  onTrackFrom: DEFAULT_PACE_OPTIONS.onTrackFrom,
  atRiskBelow: DEFAULT_PACE_OPTIONS.atRiskBelow,
});

/** What is wrong with a pair of bands, or null. Both are pace ratios: 0 < atRiskBelow <= onTrackFrom <= 2. */
export function statusBandsProblem(b: StatusBands): string | null {
  const ok = (n: number): boolean => Number.isFinite(n) && n > 0 && n <= 2;
  if (!ok(b.onTrackFrom) || !ok(b.atRiskBelow)) return 'each band must be a ratio above 0 and at most 2';
  if (b.atRiskBelow > b.onTrackFrom) return 'the at-risk band must not be above the on-track band';
  return null;
}

/** The band a pace ratio falls in (the up/down part of STATUS_PRECEDENCE, steps 5–7). */
export function paceBand(ratio: number | null, bands: StatusBands = DEFAULT_STATUS_BANDS): 'on_track' | 'behind' | 'at_risk' {
  if (ratio !== null && ratio < bands.atRiskBelow) return 'at_risk';
  if (ratio !== null && ratio < bands.onTrackFrom) return 'behind';
  return 'on_track';
}

/** A colour per status: #rrggbb. */
export const HexColourSchema = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' });
// Written out rather than built from TARGET_STATUSES: a literal lets the bundler drop this
// schema from the browser's chunks when nothing there reads it (issue 18.9); the Record type
// still fails to compile when a status is missing.
const paletteProperties: Record<TargetStatus, typeof HexColourSchema> = {
  achieved: HexColourSchema,
  on_track: HexColourSchema,
  behind: HexColourSchema,
  at_risk: HexColourSchema,
  overdue: HexColourSchema,
  stale: HexColourSchema,
  not_started: HexColourSchema,
};
export const StatusPaletteSchema = Type.Object(paletteProperties, { additionalProperties: false });
export type StatusPalette = Record<TargetStatus, string>;

/** What GET /api/status-style answers: the bands in force and the palette. */
export const StatusStyleSchema = Type.Object({
  bands: Type.Object({ onTrackFrom: Type.Number(), atRiskBelow: Type.Number() }),
  palette: StatusPaletteSchema,
});
export type StatusStyle = Static<typeof StatusStyleSchema>;

/** Default 红黄绿: 正常 (on_track) and 已完成 green, 滞后 yellow, 风险/逾期 red, the rest grey/blue. */
export const DEFAULT_STATUS_PALETTE: Readonly<StatusPalette> = Object.freeze({
  achieved: '#067647',
  on_track: '#12b76a',
  behind: '#f79009',
  at_risk: '#d92d20',
  overdue: '#912018',
  stale: '#667085',
  not_started: '#2e90fa',
} as StatusPalette);

/**
 * Parses "on_track=#00aa00,behind=#ffcc00" over the defaults. Returns the palette or the
 * problem naming the bad part.
 */
export function parseStatusPalette(raw: string, base: Readonly<StatusPalette> = DEFAULT_STATUS_PALETTE): StatusPalette | string {
  const out: StatusPalette = { ...base };
  for (const part of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([a-z_]+)=(#[0-9a-fA-F]{6})$/.exec(part);
    if (!m) return `"${part}" is not status=#rrggbb`;
    const status = m[1] as TargetStatus;
    if (!TARGET_STATUSES.includes(status)) return `"${m[1]}" is not a status (${TARGET_STATUSES.join(', ')})`;
    out[status] = m[2]!.toLowerCase();
  }
  return out;
}
