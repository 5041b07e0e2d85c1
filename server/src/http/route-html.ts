import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which copy of index.html a page load gets (issue 18.9). The web build writes one per
 * deep-link page under dist/routes/ that names the page's chunks in its head
 * (web/build/route-html.ts) and a table of them, routes/routes.json: [{ name, path, file }]
 * with `path` a RegExp source. A path none of them matches, or a build without the table,
 * gets the plain index.html. The copies are precompressed like every other file.
 */
export function routeHtmlPicker(webDist: string): (pathname: string) => string {
  const table = path.join(webDist, 'routes', 'routes.json');
  if (!existsSync(table)) return () => 'index.html';
  const rows: { path: RegExp; file: string }[] = [];
  for (const r of JSON.parse(readFileSync(table, 'utf8')) as unknown[]) {
    const { path: p, file } = (r ?? {}) as { path?: unknown; file?: unknown };
    // Only files the build wrote next to the table: a name, never a path.
    if (typeof p !== 'string' || typeof file !== 'string' || !/^[\w-]+\.html$/.test(file)) continue;
    if (!existsSync(path.join(webDist, 'routes', file))) continue;
    rows.push({ path: new RegExp(p), file: `routes/${file}` });
  }
  return (pathname) => rows.find((r) => r.path.test(pathname))?.file ?? 'index.html';
}
