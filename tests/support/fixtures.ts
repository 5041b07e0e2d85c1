import type { SeedData } from '@luoshi/seeds';
import type { ProgressEvent } from '@luoshi/shared';

/** A small plan for tests: one cumulative and one reading target, owned by two units. */
export const testSeed: SeedData = {
  units: [
    { code: 'T', name: '测试区', kind: 'district', parentCode: null },
    { code: 'T-JD', name: '测试街道', kind: 'subdistrict', parentCode: 'T' },
    { code: 'T-JD-A', name: '社区服务办公室', kind: 'department', parentCode: 'T-JD' },
    { code: 'T-JD-B', name: '社区管理办公室', kind: 'department', parentCode: 'T-JD' },
  ],
  plans: [
    {
      plan: { id: 'TP-2026', title: '测试街道2026年工作计划', ownerUnit: 'T-JD', periodStart: '2026-01-01', periodEnd: '2026-12-31', status: 'published' },
      sections: [{ id: 'TP-S1', planId: 'TP-2026', parentId: null, label: '一、', title: '民生服务', ordinal: 1 }],
      targets: [
        {
          code: 'TP-JOBS',
          planId: 'TP-2026',
          sectionId: 'TP-S1',
          ownerUnit: 'T-JD-A',
          title: '帮助失业青年就业 127 人',
          uom: '人',
          measureKind: 'cumulative',
          direction: 'up',
          baseline: 0,
          targetValue: 127,
          startDate: '2026-01-01',
          dueDate: '2026-12-31',
          weight: 2,
          milestones: [],
          reportingIntervalDays: 14,
        },
        {
          code: 'TP-AREA',
          planId: 'TP-2026',
          sectionId: 'TP-S1',
          ownerUnit: 'T-JD-B',
          title: '楼宇面积达到 202 万平方米',
          uom: '平方米',
          measureKind: 'reading',
          direction: 'up',
          baseline: 1_950_000,
          targetValue: 2_020_000,
          startDate: '2026-01-01',
          dueDate: '2026-12-31',
          weight: 1,
          milestones: [],
          reportingIntervalDays: 30,
        },
      ],
    },
  ],
};

/** An event on testSeed's TP-JOBS (cumulative, unit T-JD-A), on a fixed day of 2026. */
export const jobsEvent = (id: string, value: number, extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id,
  target: 'TP-JOBS',
  kind: 'increment',
  value,
  occurredAt: '2026-03-02T09:00:00+08:00',
  ...extra,
});

/** A reading of testSeed's TP-AREA (unit T-JD-B), on the same day. */
export const areaEvent = (id: string, value: number, extra: Partial<ProgressEvent> = {}): ProgressEvent => ({
  id,
  target: 'TP-AREA',
  kind: 'reading',
  value,
  occurredAt: '2026-03-02T09:00:00+08:00',
  ...extra,
});
