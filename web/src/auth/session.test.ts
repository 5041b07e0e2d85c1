import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, request } from '../app/http';
import { csrf, loginUrl, onUnauthorized, safeNext } from './session';

describe('safeNext / loginUrl', () => {
  it('keeps a path on this site and refuses anything that could leave it', () => {
    expect(safeNext('/plans/WJC-2026?status=stale')).toBe('/plans/WJC-2026?status=stale');
    expect(safeNext('/import')).toBe('/import');
    for (const bad of [null, undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/\t/evil', '/login', '/login?next=/x'])
      expect(safeNext(bad), String(bad)).toBe('/');
  });

  it('brings the user back to where they were', () => {
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/targets/WJC26-001?bucket=month')).toBe('/login?next=%2Ftargets%2FWJC26-001%3Fbucket%3Dmonth');
  });
});

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: string | undefined;
}

function fakeFetch(responses: Response[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) => {
    calls.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, credentials: init.credentials });
    return Promise.resolve(responses.shift() ?? new Response('{}'));
  });
  return calls;
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    csrf.set(null);
  });

  it('sends the cookie always and the CSRF token on writes only', async () => {
    csrf.set('tok-1');
    const calls = fakeFetch([json(200, []), json(200, { ok: 1 })]);
    await request('GET', '/api/plans');
    await request('POST', '/api/plans', { body: { a: 1 } });
    expect(calls.map((c) => c.credentials)).toEqual(['same-origin', 'same-origin']);
    expect(calls[0]!.headers['x-csrf-token']).toBeUndefined();
    expect(calls[1]!.headers['x-csrf-token']).toBe('tok-1');
    expect(calls[1]!.headers['content-type']).toBe('application/json');
  });

  it('reports a 401 once (the page goes to sign-in), except where a 401 just means "signed out"', async () => {
    let lost = 0;
    const off = onUnauthorized(() => lost++);
    fakeFetch([json(401, { code: 'unauthenticated', message: '请先登录' }), json(401, { code: 'unauthenticated', message: 'x' })]);
    await expect(request('GET', '/api/plans')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(lost).toBe(1);
    await expect(request('GET', '/api/auth/me', { quiet401: true })).rejects.toBeInstanceOf(ApiError);
    expect(lost).toBe(1);
    off();
  });

  it('fetches a fresh CSRF token once when the server says it is stale, and retries', async () => {
    csrf.set('old');
    const calls = fakeFetch([json(403, { code: 'csrf', message: 'x' }), json(200, { user: {}, csrfToken: 'new' }), json(201, { id: 'P' })]);
    await expect(request('POST', '/api/plans', { body: {} })).resolves.toEqual({ id: 'P' });
    expect(calls.map((c) => [c.method, c.url, c.headers['x-csrf-token']])).toEqual([
      ['POST', '/api/plans', 'old'],
      ['GET', '/api/auth/me', undefined],
      ['POST', '/api/plans', 'new'],
    ]);
  });

  it('a 403 for a role stays a 403', async () => {
    fakeFetch([json(403, { code: 'forbidden', message: 'this needs the role admin' })]);
    await expect(request('POST', '/api/plans', { body: {} })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
});
