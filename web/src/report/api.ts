import type { MyTargetsResponse, ReportHistoryResponse } from '@luoshi/shared';
import { get } from '../app/http';

const enc = encodeURIComponent;

export interface HistoryFilters {
  target?: string;
  outcome?: 'counted' | 'rejected';
  reporter?: string;
  from?: string;
  to?: string;
}

export const reportApi = {
  myTargets: () => get<MyTargetsResponse>('/api/me/targets'),
  history: (unit: string, f: HistoryFilters, before?: string) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
    if (before) q.set('before', before);
    return get<ReportHistoryResponse>(`/api/units/${enc(unit)}/reports?${q.toString()}`);
  },
};

export const reportKeys = {
  myTargets: ['myTargets'] as const,
  history: (unit: string, f: HistoryFilters) => ['reportHistory', unit, f] as const,
};
