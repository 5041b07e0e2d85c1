export { expectedValue, planPoints } from './expected';
export type { PlanOf, PlanPoint } from './expected';
export { forecast, paceDate, progressSign, runRateWindow, valueOn } from './forecast';
export type { Forecast, ForecastTargetOf } from './forecast';
export { halfwayCheck } from './halfway';
export type { HalfwayCheck } from './halfway';
export { DEFAULT_PACE_OPTIONS, paceOptions } from './input';
export type { PaceInput, PaceOptions } from './input';
export { STATUS_PRECEDENCE, assessTarget, isStale, statusCounts, targetStatus } from './status';
export type { AssessTargetOf, TargetAssessment } from './status';
export {
  DEFAULT_STATUS_BANDS,
  DEFAULT_STATUS_PALETTE,
  HexColourSchema,
  StatusPaletteSchema,
  StatusStyleSchema,
  paceBand,
  parseStatusPalette,
  statusBandsProblem,
} from './bands';
export type { StatusBands, StatusPalette, StatusStyle } from './bands';
export { MIN_TEXT_CONTRAST, SOLID_STATUSES, WALL_PANEL, contrastRatio, luminance, mixHex, readableOn, statusTones } from './tones';
export type { StatusTone, StatusTones } from './tones';
