import type { Direction, MeasureKind, PlanStatus } from '../domain/types';

/** Shapes of the read API, shared by the server (which must satisfy them) and the web app. */

export interface PlanSummary {
  id: string;
  title: string;
  ownerUnit: string;
  periodStart: string;
  periodEnd: string;
  status: PlanStatus;
}

export interface TargetWithRollup {
  code: string;
  planId: string;
  sectionId: string | null;
  ownerUnit: string;
  title: string;
  uom: string;
  measureKind: MeasureKind;
  direction: Direction;
  baseline: number;
  targetValue: number;
  startDate: string;
  dueDate: string;
  weight: number;
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
