import { describe, expect, it } from 'vitest';
import { deepLinkOf, DEEP_LINKS } from './deep-links';

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
});
