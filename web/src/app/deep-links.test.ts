import { describe, expect, it } from 'vitest';
import { deepLinkOf, DEEP_LINKS } from './deep-links';
import { api } from './api';

describe('deep links (issue 18.9)', () => {
  it.each([
    ['/report', 'report'],
    ['/report/', 'report'],
    ['/report/history', 'history'],
    ['/report/upload', 'upload'],
    ['/targets/WJC27-001', 'target'],
    ['/wall/demo', 'wall'],
    ['/plans/WJC-2027/bulletin', 'bulletin'],
    ['/', 'overview'],
    ['/plans/WJC-2027', 'overview'],
    ['/units/YP-WJC', 'unit'],
    ['/login', 'login'],
  ])('%s opens %s', (path, name) => {
    expect(deepLinkOf(path)?.name).toBe(name);
  });
  it.each(['/plans/WJC-2027/monthly', '/users', '/targets/a/b', '/reports', '/screens'])('%s has no copy of its own', (path) => {
    expect(deepLinkOf(path)).toBeUndefined();
  });
  it('names each page once, with a file name the server accepts', () => {
    expect(new Set(DEEP_LINKS.map((d) => d.name)).size).toBe(DEEP_LINKS.length);
    for (const d of DEEP_LINKS) expect(`${d.name}.html`).toMatch(/^[\w-]+\.html$/);
  });
  it("a target page's preloaded data are the very requests the app makes first (else the browser fetches twice)", async () => {
    const asked: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((url: string) => {
      asked.push(url);
      return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }));
    }) as typeof fetch;
    try {
      const code = 'WJC 26/002';
      await Promise.allSettled([api.targetState(code), api.series(code, 'day'), api.events(code)]);
      const link = deepLinkOf(`/targets/${encodeURIComponent(code)}`)!;
      expect('data' in link).toBe(true);
      const m = link.path.exec(`/targets/${encodeURIComponent(code)}`)!;
      const data = ('data' in link ? link.data : []).map((u) => u.replaceAll('$1', encodeURIComponent(decodeURIComponent(m[1]!))));
      expect(data).toContain('/api/auth/me'); // the sign-in check (prefetch.ts), asked with the page
      expect(data.filter((u) => u !== '/api/auth/me').sort()).toEqual([...asked].sort());
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
