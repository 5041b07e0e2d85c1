import type { Plugin, Rollup } from 'vite';
import { DEEP_LINKS } from '../src/app/deep-links';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/** Where the per-page index.html files and their table go in the build. */
export const ROUTES_DIR = 'routes';

/** What the server reads: which file to send for which path (web/src/app/deep-links.ts). */
export interface RouteHtml {
  name: string;
  /** RegExp source, matched against the path. */
  path: string;
  /** Under ROUTES_DIR. */
  file: string;
  /** API URLs the page draws first, `$1` the path's first group (deep-links.ts `data`). */
  data?: readonly string[];
}

/** A chunk's static imports, transitively, the chunk first. */
export function closure(bundle: OutputBundle, start: OutputChunk): OutputChunk[] {
  const seen = new Map<string, OutputChunk>();
  const visit = (c: OutputChunk): void => {
    if (seen.has(c.fileName)) return;
    seen.set(c.fileName, c);
    for (const f of c.imports) {
      const dep = bundle[f];
      if (dep?.type === 'chunk') visit(dep);
    }
  };
  visit(start);
  return [...seen.values()];
}

/**
 * Issue 18.9: on a 150 ms, 1.6 Mbit/s phone link a lazy page's chunk used to be asked for only
 * after the entry had arrived and run — a round trip and a transfer in series. This writes a
 * copy of index.html per deep-link page (dist/routes/<name>.html) naming that page's chunk,
 * its static imports and its stylesheets in the head, so the browser fetches them in parallel
 * with the entry from the first bytes of the page; the server sends that copy for the page's
 * paths (server/src/http/route-html.ts). Files the entry already preloads are not named twice.
 * The service worker's offline shell stays the plain index.html.
 */
export function routeHtml(): Plugin {
  return {
    name: 'luoshi-route-html',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type !== 'asset' || typeof index.source !== 'string') return;
      const html = index.source;
      const table: RouteHtml[] = [];
      for (const link of DEEP_LINKS) {
        const chunk = Object.values(bundle).find(
          (c): c is OutputChunk => c.type === 'chunk' && (c.facadeModuleId?.endsWith(`/src/${link.page}.tsx`) ?? false),
        );
        if (!chunk) this.error(`deep link ${link.name}: no chunk for src/${link.page}.tsx (is it still imported with import()?)`);
        const lazyToo = ('also' in link ? link.also : []).map((m) => {
          const c = Object.values(bundle).find((o): o is OutputChunk => o.type === 'chunk' && (o.facadeModuleId?.endsWith(`/src/${m}.tsx`) ?? false));
          if (!c) this.error(`deep link ${link.name}: no chunk for src/${m}.tsx (is it still imported with import()?)`);
          return c;
        });
        // What the page draws last (the chart's Recharts, the biggest) is asked first after the
        // entry's own imports: it is the last to arrive whatever the order, and asked after the
        // page's small chunks it arrived ~250 ms later on the slow-link bench (six HTTP/1.1
        // connections, asked in document order) without the data answers arriving any sooner.
        const chunks = [...new Set([...lazyToo, chunk].flatMap((c) => closure(bundle, c)))].filter((c) => !html.includes(`/${c.fileName}"`));
        const css = [...new Set(chunks.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])]))].filter((f) => !html.includes(`/${f}"`));
        const tags = [
          ...css.map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`),
          ...chunks.map((c) => `<link rel="modulepreload" crossorigin href="/${c.fileName}">`),
        ];
        const file = `${link.name}.html`;
        this.emitFile({ type: 'asset', fileName: `${ROUTES_DIR}/${file}`, source: html.replace('</head>', `  ${tags.join('\n    ')}\n  </head>`) });
        table.push({ name: link.name, path: link.path.source, file, ...('data' in link ? { data: link.data } : {}) });
      }
      this.emitFile({ type: 'asset', fileName: `${ROUTES_DIR}/routes.json`, source: JSON.stringify(table, null, 2) });
    },
  };
}
