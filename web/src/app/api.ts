import type {
  EventLogEntry,
  PlanOverview,
  PlanSummary,
  SeriesBucket,
  SeriesResponse,
  TargetState,
  TargetWithRollup,
} from '@luoshi/shared';
import { get } from './http';

export { ApiError } from './http';

const enc = encodeURIComponent;

export const api = {
  plans: () => get<PlanSummary[]>('/api/plans'),
  /** The plan's targets the signed-in user may read (the server filters by role and unit), with status. */
  targets: (planId: string) => get<TargetState[]>(`/api/targets?plan=${enc(planId)}`),
  target: (code: string) => get<TargetWithRollup>(`/api/targets/${enc(code)}`),
  /** The same route as `target`: once the overview work landed it answers a TargetState. */
  targetState: (code: string) => get<TargetState>(`/api/targets/${enc(code)}`),
  series: (code: string, bucket: SeriesBucket = 'day') =>
    get<SeriesResponse>(`/api/targets/${enc(code)}/series?bucket=${bucket}`),
  /** The newest 200 reports: enough for a year of weekly reports with their corrections. */
  events: (code: string) => get<EventLogEntry[]>(`/api/targets/${enc(code)}/events?limit=200`),
  overview: (planId: string) => get<PlanOverview>(`/api/plans/${enc(planId)}/overview`),
};

/** Query keys in one place, so live updates patch exactly what pages read. */
export const keys = {
  plans: ['plans'] as const,
  targets: (planId: string) => ['targets', planId] as const,
  series: (code: string) => ['series', code] as const,
  targetState: (code: string) => ['targetState', code] as const,
  events: (code: string) => ['events', code] as const,
  overview: (planId: string) => ['overview', planId] as const,
};
