import type { ErrorBody, ExtractResponse, PublishPlanRequest, PublishPlanResponse, Unit } from '@luoshi/shared';
import { ApiError } from '../app/api';

async function send<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as ErrorBody | null;
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export const importApi = {
  units: () => send<Unit[]>('GET', '/api/units'),
  extract: (text: string) => send<ExtractResponse>('POST', '/api/plan-import/extract', { text }),
  publish: (request: PublishPlanRequest) => send<PublishPlanResponse>('POST', '/api/plans', request),
};

export const importKeys = { units: ['units'] as const };
