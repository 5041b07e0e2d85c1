import type {
  AppendTargetsRequest,
  AppendTargetsResponse,
  ExtractResponse,
  PublishPlanRequest,
  PublishPlanResponse,
  Unit,
} from '@luoshi/shared';
import { request } from '../app/http';

export const importApi = {
  units: () => request<Unit[]>('GET', '/api/units'),
  extract: (text: string) => request<ExtractResponse>('POST', '/api/plan-import/extract', { body: { text } }),
  publish: (req: PublishPlanRequest) => request<PublishPlanResponse>('POST', '/api/plans', { body: req }),
  /** Issue 20: the accepted candidates added to an existing draft plan. */
  append: (planId: string, req: AppendTargetsRequest) =>
    request<AppendTargetsResponse>('POST', `/api/plans/${encodeURIComponent(planId)}/import`, { body: req }),
};

export const importKeys = { units: ['units'] as const };
