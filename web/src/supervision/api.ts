import type {
  CompareResponse,
  InboxResponse,
  Instruction,
  MonthlyBulletin,
  OwedByUnitResponse,
  OwedResponse,
  ReminderResult,
  TimelineResponse,
} from '@luoshi/shared';
import { get, request } from '../app/http';

const enc = encodeURIComponent;

export const svApi = {
  myOwed: () => get<OwedResponse>('/api/me/owed'),
  planOwed: (planId: string) => get<OwedByUnitResponse>(`/api/plans/${enc(planId)}/owed`),
  inbox: () => get<InboxResponse>('/api/me/notifications?limit=30'),
  markRead: (ids?: number[]) => request<{ unread: number }>('POST', '/api/me/notifications/read', { body: ids ? { ids } : {} }),
  remind: (body: { target?: string; unit?: string; message?: string }) => request<ReminderResult>('POST', '/api/reminders', { body }),
  instructions: (q: { target?: string; unit?: string }) =>
    get<Instruction[]>(`/api/instructions?${new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]).toString()}`),
  instruct: (body: { target?: string; unit?: string; body: string }) => request<Instruction>('POST', '/api/instructions', { body }),
  reply: (id: string, body: { body: string; handled?: boolean }) => request<Instruction>('POST', `/api/instructions/${enc(id)}/replies`, { body }),
  timeline: (code: string) => get<TimelineResponse>(`/api/targets/${enc(code)}/timeline`),
  compare: (planId: string, from: string, to: string) => get<CompareResponse>(`/api/plans/${enc(planId)}/compare?from=${from}&to=${to}`),
  /** Neither month nor asOf: the server's default month (last month by its clock). */
  bulletin: (planId: string, month?: string, asOf?: string) =>
    get<MonthlyBulletin>(`/api/plans/${enc(planId)}/bulletin${asOf ? `?asOf=${asOf}` : month ? `?month=${month}` : ''}`),
};

export const svKeys = {
  myOwed: ['sv', 'myOwed'] as const,
  inbox: ['sv', 'inbox'] as const,
  instructions: (target: string) => ['sv', 'instructions', target] as const,
  timeline: (target: string) => ['sv', 'timeline', target] as const,
};
