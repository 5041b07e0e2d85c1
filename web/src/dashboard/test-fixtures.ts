import {
  statusCounts,
  type ActivityItem,
  type PlanOverview,
  type SectionState,
  type TargetState,
  type UnitState,
} from '@luoshi/shared';

/** Builders for the dashboard's unit tests (never imported by the app). */
export function target(code: string, over: Partial<TargetState> = {}): TargetState {
  return {
    code,
    planId: 'P',
    sectionId: 'S1-1',
    ownerUnit: 'U-A',
    title: `目标 ${code}`,
    uom: '人',
    measureKind: 'cumulative',
    direction: 'up',
    baseline: 0,
    targetValue: 100,
    startDate: '2026-01-01',
    dueDate: '2026-12-31',
    weight: 1,
    value: 50,
    version: 1,
    eventCount: 1,
    lastOccurredAt: '2026-11-20T02:00:00Z',
    milestones: [],
    reportingIntervalDays: 14,
    status: 'on_track',
    pct: 50,
    expected: 50,
    paceRatio: 1,
    forecastDate: '2026-12-20',
    projectedValueAtDue: 110,
    runRate: 1,
    requiredRate: 2,
    halfwayFlagged: false,
    stale: false,
    ratioOf: null,
    paceDate: '2026-11-20',
    statusRatio: 1,
    finishesLate: false,
    ...over,
  };
}

const agg = (ts: TargetState[]) => ({
  pct: 50,
  weight: ts.length,
  count: ts.length,
  statusCounts: statusCounts(ts.map((t) => t.status)),
});

export const sections: SectionState[] = [
  { id: 'S1', parentId: null, label: '一、', title: '经济发展', ordinal: 1, aggregate: agg([]) },
  { id: 'S1-1', parentId: 'S1', label: '（一）', title: '招商引资', ordinal: 1, aggregate: agg([]) },
  { id: 'S2', parentId: null, label: '二、', title: '民生保障', ordinal: 2, aggregate: agg([]) },
  { id: 'S3', parentId: null, label: '三、', title: '空板块', ordinal: 3, aggregate: agg([]) },
];

export function unit(
  code: string,
  name: string,
  pct: number | null,
  timeliness: number,
  ts: TargetState[] = [],
): UnitState {
  return { code, name, aggregate: { ...agg(ts), pct }, lastReportedAt: null, timeliness };
}

export function activity(eventId: string, over: Partial<ActivityItem> = {}): ActivityItem {
  return {
    eventId,
    planId: 'P',
    target: 'T1',
    targetTitle: '目标 T1',
    uom: '人',
    ownerUnit: 'U-A',
    kind: 'increment',
    value: 3,
    occurredAt: '2026-11-21T01:00:00Z',
    receivedAt: '2026-11-21T01:00:01Z',
    reporter: '张三',
    source: null,
    note: null,
    corrects: null,
    ...over,
  };
}

export function overview(targets: TargetState[], over: Partial<PlanOverview> = {}): PlanOverview {
  return {
    plan: {
      id: 'P',
      title: '测试街道2026年工作计划',
      ownerUnit: 'U',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      status: 'published',
    },
    asOf: '2026-11-21T01:30:00Z',
    periodElapsed: 0.88,
    aggregate: {
      pct: 61.5,
      weight: targets.length,
      count: targets.length,
      statusCounts: statusCounts(targets.map((t) => t.status)),
    },
    halfway: { applicable: true, flagged: targets.filter((t) => t.halfwayFlagged).length },
    sections,
    units: [unit('U-A', '社区服务办公室', 70, 1, targets), unit('U-B', '社区管理办公室', 40, 0.5)],
    targets,
    attention: targets.filter((t) => ['behind', 'at_risk', 'overdue', 'stale'].includes(t.status)).map((t) => t.code),
    recent: [],
    ...over,
  };
}
