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

/**
 * The API answers a page draws first, for its `Link` header (issue 18.9): the build's table
 * names them per page (`data`, web/src/app/deep-links.ts) with `$1` for the path's first group.
 * The browser then asks for them with the page's first bytes, as preloads the app's own
 * requests pick up, instead of after the entry has arrived and run — on a slow phone link that
 * is when the link is full of code and its six connections are busy. Only same-origin
 * `/api/` paths; the group is decoded and URI-encoded again, so nothing from the address bar
 * reaches the header but %-escapes; a malformed one gets no preloads.
 */
export function routePreloads(webDist: string): (pathname: string) => string[] {
  const table = path.join(webDist, 'routes', 'routes.json');
  if (!existsSync(table)) return () => [];
  const rows: { path: RegExp; data: string[] }[] = [];
  for (const r of JSON.parse(readFileSync(table, 'utf8')) as unknown[]) {
    const { path: p, data } = (r ?? {}) as { path?: unknown; data?: unknown };
    if (typeof p !== 'string' || !Array.isArray(data)) continue;
    const urls = data.filter((u): u is string => typeof u === 'string' && /^\/api\/[\w/$?=&.-]*$/.test(u));
    if (urls.length > 0) rows.push({ path: new RegExp(p), data: urls });
  }
  return (pathname) => {
    for (const r of rows) {
      const m = r.path.exec(pathname);
      if (!m) continue;
      let arg = '';
      try {
        arg = m[1] === undefined ? '' : encodeURIComponent(decodeURIComponent(m[1]));
      } catch {
        return [];
      }
      return r.data.map((u) => u.replaceAll('$1', arg));
    }
    return [];
  };
}

/** The `Link` header value preloading those answers as the app fetches them (same-origin credentials, CORS mode). */
export function preloadLinkHeader(urls: readonly string[]): string {
  return urls.map((u) => `<${u}>; rel=preload; as=fetch; crossorigin`).join(', ');
}
