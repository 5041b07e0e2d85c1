import type { ErrorBody, PlanDetail, Screen, ScreenInput } from '@luoshi/shared';
import { ApiError } from '../../app/api';

async function send<T>(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<T> {
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

const enc = encodeURIComponent;
export const screensApi = {
  list: () => send<Screen[]>('GET', '/api/screens'),
  plan: (id: string) => send<PlanDetail>('GET', `/api/plans/${enc(id)}`),
  create: (s: ScreenInput) => send<Screen>('POST', '/api/screens', s),
  update: (s: ScreenInput) => send<Screen>('PUT', `/api/screens/${enc(s.id)}`, s),
};
