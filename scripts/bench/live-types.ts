/** Types the live bench needs, re-exported so the script (outside the packages) can name them. */
export type { LiveBatch, SubscribeAck } from '../../shared/src/live/protocol';
export type { Target as SeedTarget } from '../../shared/src/domain/types';
