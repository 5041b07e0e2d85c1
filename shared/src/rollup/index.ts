export type { FoldEvent } from './events';
export { buildHistory, foldTarget, foldTargetAt, latestOccurredAt, ratioValue, valueBefore } from './fold';
export type { FoldTargetOf, History, HistoryStep } from './fold';
export { valueSeries } from './series';
export type { Bucket, BucketValue, ValuePoint } from './series';
export { isAchieved, pct, progressFraction } from './pct';
export type { GoalOf } from './pct';
export { aggregateTargets, weightedMeanPct } from './aggregate';
export type { Aggregate, WeightedPct } from './aggregate';
