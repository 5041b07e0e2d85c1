/**
 * npx tsx bench/web-size.ts — the JavaScript and CSS a browser downloads for the
 * first screen (the overview at / and /plans/:id), gzip-compressed, read from web/dist
 * after `pnpm build`: the entry script, its modulepreload chunks and stylesheets named in
 * index.html. Lazy chunks (target page with Recharts, bulletin, plan import, the SheetJS
 * export) are listed separately: they load only when used.
 * With the per-page copies of index.html (dist/routes/, web/build/route-html.ts) it also sums
 * what each deep-link page fetches before its first API answer.
 * Prints a table and one JSON line: { initialJsGzip, initialCssGzip, pages, chunks }.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('web/dist/index.html is missing: run `pnpm build` first');
  process.exit(1);
}

const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
// kB = 1000 bytes, as vite prints them.
const kb = (n: number): string => `${(n / 1000).toFixed(1)} kB`;

const chunks = readdirSync(path.join(dist, 'assets'))
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => {
    const buf = readFileSync(path.join(dist, 'assets', f));
    // level 9, as vite's report: the figure matches what `pnpm build` prints.
    return {
      file: `assets/${f}`,
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      initial: initial.has(`assets/${f}`),
    };
  })
  .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);

const sum = (ext: string, onlyInitial: boolean): number =>
  chunks.filter((c) => c.file.endsWith(ext) && (!onlyInitial || c.initial)).reduce((n, c) => n + c.gzip, 0);

for (const c of chunks)
  console.log(
    `${c.initial ? 'first screen' : 'lazy        '}  ${c.file.padEnd(44)} ${kb(c.raw).padStart(10)}  gzip ${kb(c.gzip).padStart(9)}`,
  );
const initialJsGzip = sum('.js', true);
const initialCssGzip = sum('.css', true);
console.log(
  `\nfirst screen: ${kb(initialJsGzip)} gzip JS, ${kb(initialCssGzip)} gzip CSS; all JS ${kb(sum('.js', false))} gzip`,
);

// Per deep-link page (web/build/route-html.ts): what its own copy of index.html makes the browser
// fetch before any API answer — the entry, its preloads, and the page's chunks and styles.
const routesDir = path.join(dist, 'routes');
const pages: Record<string, { jsGzip: number; cssGzip: number; files: number }> = {};
if (existsSync(routesDir)) {
  const gzipOf = new Map(chunks.map((c) => [c.file, c.gzip]));
  for (const f of readdirSync(routesDir).filter((n) => n.endsWith('.html'))) {
    const named = new Set([...readFileSync(path.join(routesDir, f), 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!));
    const sum = (ext: string): number => [...named].filter((n) => n.endsWith(ext)).reduce((t, n) => t + (gzipOf.get(n) ?? 0), 0);
    pages[f.replace(/\.html$/, '')] = { jsGzip: sum('.js'), cssGzip: sum('.css'), files: named.size };
  }
  console.log('\nper page (its index.html copy: entry + page chunks), gzip:');
  for (const [name, p] of Object.entries(pages))
    console.log(`  ${name.padEnd(10)} ${kb(p.jsGzip).padStart(9)} JS  ${kb(p.cssGzip).padStart(8)} CSS  ${String(p.files).padStart(3)} files`);
}
console.log(JSON.stringify({ initialJsGzip, initialCssGzip, pages, chunks }));
