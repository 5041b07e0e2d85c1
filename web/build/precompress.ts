import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What is worth compressing: text the browser loads. Source maps stay as they are (only devtools read them). */
const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its own headers. */
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

/**
 * Writes `x.br` (brotli, max quality) and `x.gz` (gzip -9) beside every text asset once, at
 * build time, so the server sends compressed bytes without compressing per request
 * (@fastify/static `preCompressed`). Issue 18.9: a cold /report was 427–902 KB uncompressed.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'luoshi-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir);
    },
  };
}

/** Compresses every text file of `dir` (recursively) as described above; returns how many. */
export function precompressDir(dir: string): number {
  let n = 0;
  for (const f of [...files(dir)]) {
    if (!TEXT.test(f)) continue;
    const raw = readFileSync(f);
    if (raw.length < MIN_BYTES) continue;
    writeFileSync(
      `${f}.br`,
      brotliCompressSync(raw, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
      }),
    );
    writeFileSync(`${f}.gz`, gzipSync(raw, { level: 9 }));
    n++;
  }
  return n;
}
