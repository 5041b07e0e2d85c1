import type { uiZh } from './messages';

/** English: loaded only when English is chosen (i18n/i18n.tsx); every key of uiZh (the type enforces it). */
export const uiEn: Record<keyof typeof uiZh, string> = {
  stAchieved: 'Achieved',
  stOnTrack: 'On track',
  stBehind: 'Behind',
  stAtRisk: 'At risk',
  stOverdue: 'Overdue',
  stStale: 'Not reported',
  stNotStarted: 'Not started',
  ceWithin: 'Within limit',
  ceBreached: 'Over limit',
  overAchieved: 'Over-achieved',
  baselineTo: 'Baseline {b} → target {t}',
  uiParen: ' ({x})',
  uiLabelled: '{label}: {body}',
  uiColon: ': ',
};
