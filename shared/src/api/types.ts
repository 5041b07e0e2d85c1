import type { PlanStatus, Target } from '../domain/types';

/** Shapes of the read API, shared by the server (which must satisfy them) and the web app. */

export interface PlanSummary {
  id: string;
  title: string;
  ownerUnit: string;
  periodStart: string;
  periodEnd: string;
  status: PlanStatus;
}

/** A target as list views need it: its definition (no milestones or ratio parts) and its rollup. */
export interface TargetWithRollup extends Omit<Target, 'milestones' | 'reportingIntervalDays' | 'ratioOf'> {
  value: number;
  version: number;
  eventCount: number;
  lastOccurredAt: string | null;
}

export interface SeriesPoint {
  date: string; // YYYY-MM-DD, China time
  value: number;
}

export interface SeriesResponse {
  target: string;
  bucket: 'day';
  points: SeriesPoint[];
}
