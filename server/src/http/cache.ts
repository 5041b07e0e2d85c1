import path from 'node:path';

/**
 * How long a browser may keep a file of the built web app (issue 18.9):
 *  - files under assets/ carry a content hash in their name (index-B4atgyTQ.js): a new build
 *    makes new names, so they are cached for a year and never revalidated;
 *  - everything else (index.html, which names those files; the manifest; the service worker)
 *    is revalidated on every load, so a new version is picked up at once.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const HASHED = /(^|[\\/])assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;

export function staticCacheControl(file: string): string {
  return HASHED.test(file.split(path.sep).join('/')) ? IMMUTABLE : REVALIDATE;
}
