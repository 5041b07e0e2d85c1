import type { EditablePlan, EditableTarget, OrgImportRow, PlanEditView, PlanSection, PlanSummary, TargetChanges, Unit } from '@luoshi/shared';
import { request } from '../app/http';

// Through the app's one API client (session cookie, CSRF on writes). Shapes from shared.
const enc = encodeURIComponent;
export const planEditKey = (id: string) => ['plan-edit', id] as const;
export const planAdminApi = {
  plans: () => request<PlanSummary[]>('GET', '/api/plans'),
  units: () => request<Unit[]>('GET', '/api/units'),
  edit: (id: string) => request<PlanEditView>('GET', `/api/plans/${enc(id)}/edit`),
  create: (b: Record<string, unknown>) => request<EditablePlan>('POST', '/api/plans/drafts', { body: b }),
  patchPlan: (id: string, b: Record<string, unknown>) => request<EditablePlan>('PATCH', `/api/plans/${enc(id)}`, { body: b }),
  publish: (id: string, version: number) => request<EditablePlan>('POST', `/api/plans/${enc(id)}/publish`, { body: { version } }),
  close: (id: string, version: number) => request<EditablePlan>('POST', `/api/plans/${enc(id)}/close`, { body: { version } }),
  remove: (id: string, version: number) => request<void>('DELETE', `/api/plans/${enc(id)}?version=${version}`),
  rollover: (id: string, carryRemaining: boolean) => request<{ id: string }>('POST', `/api/plans/${enc(id)}/rollover`, { body: { carryRemaining } }),
  addSection: (id: string, b: Record<string, unknown>) => request<PlanSection>('POST', `/api/plans/${enc(id)}/sections`, { body: b }),
  patchSection: (id: string, s: string, b: Record<string, unknown>) => request<PlanSection>('PATCH', `/api/plans/${enc(id)}/sections/${enc(s)}`, { body: b }),
  removeSection: (id: string, s: string) => request<void>('DELETE', `/api/plans/${enc(id)}/sections/${enc(s)}`),
  addTarget: (id: string, b: Record<string, unknown>) => request<EditableTarget>('POST', `/api/plans/${enc(id)}/targets`, { body: b }),
  patchTarget: (code: string, b: Record<string, unknown>) => request<EditableTarget>('PATCH', `/api/targets/${enc(code)}`, { body: b }),
  cancelTarget: (code: string, version: number, reason: string) => request<EditableTarget>('POST', `/api/targets/${enc(code)}/cancel`, { body: { version, reason } }),
  removeTarget: (code: string, version: number) => request<void>('DELETE', `/api/targets/${enc(code)}?version=${version}`),
  changes: (code: string) => request<TargetChanges>('GET', `/api/targets/${enc(code)}/changes`),
  addUnit: (b: Record<string, unknown>) => request<Unit>('POST', '/api/units', { body: b }),
  patchUnit: (code: string, b: Record<string, unknown>) => request<Unit>('PATCH', `/api/units/${enc(code)}`, { body: b }),
  removeUnit: (code: string) => request<void>('DELETE', `/api/units/${enc(code)}`),
  importUnits: (rows: Record<string, unknown>[], apply: boolean) => request<{ rows: OrgImportRow[]; applied: boolean }>('POST', '/api/units/import', { body: { rows, apply } }),
};
