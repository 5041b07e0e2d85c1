import type { Plugin, Rollup } from 'vite';
import { DEEP_LINKS } from '../src/app/deep-links';
import { closure } from './route-html';

/**
 * Fails the build when TypeBox is back in what a cold page loads: the entry or a deep-link
 * page with their static imports (issue 18.9: ~11 kB br on every page, for schemas the browser
 * never reads). It comes back when a module the pages import builds a schema the bundler cannot
 * drop: keep constants and rules the web needs in TypeBox-free modules (shared/src/domain/
 * vocabulary.ts, shared/src/api/photo-limits.ts) and schemas as plain `Type.*` calls on literals
 * (vite.config.ts marks the builders pure). Admin pages that check input with TypeBox keep it.
 */
export function noTypeBoxOnColdPages(): Plugin {
  return {
    name: 'luoshi-no-typebox-on-cold-pages',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const starts = [
        ...chunks.filter((c) => c.isEntry),
        ...DEEP_LINKS.flatMap((l) => chunks.filter((c) => c.facadeModuleId?.endsWith(`/src/${l.page}.tsx`) ?? false)),
      ];
      for (const start of starts) {
        for (const c of closure(bundle, start)) {
          const tb = Object.keys(c.modules).find(
            (id) => id.includes('/@sinclair/typebox/') && c.modules[id]!.renderedLength > 0,
          );
          if (tb)
            this.error(
              `TypeBox is loaded by ${start.fileName} (through ${c.fileName}: ${tb}); see web/build/no-typebox.ts`,
            );
        }
      }
    },
  };
}
