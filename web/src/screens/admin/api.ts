import type { ApiToken, IssuedToken, PlanDetail, Screen, ScreenInput } from '@luoshi/shared';
import { request } from '../../app/http';

// Through the app's one API client: session cookie, CSRF token on writes, uniform 401/403.
const enc = encodeURIComponent;
export const screensApi = {
  list: () => request<Screen[]>('GET', '/api/screens'),
  plan: (id: string) => request<PlanDetail>('GET', `/api/plans/${enc(id)}`),
  create: (s: ScreenInput) => request<Screen>('POST', '/api/screens', { body: s }),
  update: (s: ScreenInput) => request<Screen>('PUT', `/api/screens/${enc(s.id)}`, { body: s }),
  /** Every API token (admins only); the page keeps the screen's own. */
  tokens: () => request<ApiToken[]>('GET', '/api/tokens'),
  issueDeviceToken: (screenId: string, name: string) => request<IssuedToken>('POST', '/api/tokens', { body: { name, role: 'screen', screenId } }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/tokens/${enc(id)}`),
};
