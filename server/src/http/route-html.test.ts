import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routeHtmlPicker } from './route-html';

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
});
