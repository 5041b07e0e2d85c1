import type { ErrorBody, PlanSummary, SeriesResponse, TargetWithRollup } from '@luoshi/shared';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(res.status, body?.code ?? 'http_error', body?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export const api = {
  plans: () => get<PlanSummary[]>('/api/plans'),
  targets: (planId: string) => get<TargetWithRollup[]>(`/api/targets?plan=${encodeURIComponent(planId)}`),
  target: (code: string) => get<TargetWithRollup>(`/api/targets/${encodeURIComponent(code)}`),
  series: (code: string) => get<SeriesResponse>(`/api/targets/${encodeURIComponent(code)}/series`),
};

/** Query keys in one place, so live updates patch exactly what pages read. */
export const keys = {
  plans: ['plans'] as const,
  targets: (planId: string) => ['targets', planId] as const,
  target: (code: string) => ['target', code] as const,
  series: (code: string) => ['series', code] as const,
};
