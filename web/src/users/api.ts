import type { CreateUser, Unit, UpdateUser, UserAccount, UserWithPassword } from '@luoshi/shared';
import { request } from '../app/http';

// Through the app's one API client: session cookie, CSRF token on writes, uniform 401/403.
const enc = encodeURIComponent;
export const usersKey = ['users'] as const;
export const usersApi = {
  list: () => request<UserAccount[]>('GET', '/api/users'),
  units: () => request<Unit[]>('GET', '/api/units'),
  create: (u: CreateUser) => request<UserWithPassword>('POST', '/api/users', { body: u }),
  update: (id: string, u: UpdateUser) => request<UserAccount>('PATCH', `/api/users/${enc(id)}`, { body: u }),
  disable: (id: string) => request<UserAccount>('POST', `/api/users/${enc(id)}/disable`),
  enable: (id: string) => request<UserAccount>('POST', `/api/users/${enc(id)}/enable`),
  resetPassword: (id: string) => request<UserWithPassword>('POST', `/api/users/${enc(id)}/password`),
};
