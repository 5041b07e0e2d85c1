import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preloadLinkHeader, routeHtmlPicker, routePreloads } from './route-html';

const dist = mkdtempSync(path.join(os.tmpdir(), 'luoshi-route-html-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('routeHtmlPicker (issue 18.9)', () => {
  it('without the build table every page gets index.html', () => {
    expect(routeHtmlPicker(dist)('/report')).toBe('index.html');
  });
  it("sends a page its own copy, and never a file the table names outside routes/ or that is missing", () => {
    mkdirSync(path.join(dist, 'routes'));
    writeFileSync(path.join(dist, 'routes', 'report.html'), '<html></html>');
    writeFileSync(path.join(dist, 'routes', 'target.html'), '<html></html>');
    writeFileSync(
      path.join(dist, 'routes', 'routes.json'),
      JSON.stringify([
        { name: 'report', path: '^\\/report\\/?$', file: 'report.html' },
        { name: 'x', path: '^\\/targets\\/', file: '../index.html' },
        { name: 'gone', path: '^\\/units\\/', file: 'unit.html' },
        { name: 'target', path: '^\\/targets\\/[^/]+$', file: 'target.html' },
        null,
        { path: 5, file: 'report.html' },
      ]),
    );
    const pick = routeHtmlPicker(dist);
    expect(pick('/report')).toBe('routes/report.html');
    expect(pick('/targets/A-1')).toBe('routes/target.html');
    expect(pick('/units/U')).toBe('index.html');
    expect(pick('/users')).toBe('index.html');
  });
  it('names a page\'s first data for its Link header: only /api/ paths, the group re-encoded, nothing for a malformed one', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'luoshi-route-data-'));
    try {
      expect(routePreloads(d)('/targets/A-1')).toEqual([]); // no build table
      mkdirSync(path.join(d, 'routes'));
      writeFileSync(
        path.join(d, 'routes', 'routes.json'),
        JSON.stringify([
          { name: 'report', path: '^\\/report\\/?$', file: 'report.html' },
          { name: 'evil', path: '^\\/evil\\/([^/]+)$', file: 'x.html', data: ['https://elsewhere.example/$1', '/api/x>; rel=stylesheet', 7] },
          { name: 'target', path: '^\\/targets\\/([^/]+)\\/?$', file: 'target.html', data: ['/api/auth/me', '/api/targets/$1', '/api/targets/$1/series?bucket=day'] },
        ]),
      );
      const data = routePreloads(d);
      expect(data('/targets/WJC26-002')).toEqual(['/api/auth/me', '/api/targets/WJC26-002', '/api/targets/WJC26-002/series?bucket=day']);
      // What the address bar carries reaches the header only as %-escapes (no `>`, `,`, `;`, CR/LF).
      expect(data('/targets/a%3E%2C%3B%0D%0Ab')).toContain('/api/targets/a%3E%2C%3B%0D%0Ab');
      expect(data('/targets/a>b,c')).toContain('/api/targets/a%3Eb%2Cc');
      expect(data('/targets/%E0%A4%A')).toEqual([]); // malformed escape
      expect(data('/report')).toEqual([]);
      expect(data('/evil/x')).toEqual([]); // not same-origin /api/ paths
      expect(preloadLinkHeader(data('/targets/T-1')).split(', ')).toEqual([
        '</api/auth/me>; rel=preload; as=fetch; crossorigin',
        '</api/targets/T-1>; rel=preload; as=fetch; crossorigin',
        '</api/targets/T-1/series?bucket=day>; rel=preload; as=fetch; crossorigin',
      ]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
