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
  return isHashedAsset(file) ? IMMUTABLE : REVALIDATE;
}

export function isHashedAsset(file: string): boolean {
  return HASHED.test(file.split(path.sep).join('/'));
}

/**
 * Headers a hashed script or stylesheet is sent without (issue 18.9). Helmet's headers are for
 * documents: a CSP, framing, referrer, COOP and origin-agent-cluster rule nothing a script or
 * stylesheet does (a worker's CSP comes from its own script, sw.js, which is not under assets/
 * and keeps them all); x-download-options, x-dns-prefetch-control, x-permitted-cross-domain-policies
 * and x-xss-protection are for old browsers' document handling. An immutable file is never
 * revalidated, so its ETag and Last-Modified are never used. Kept: nosniff (a script must be
 * served as one) and cross-origin-resource-policy (other sites may not load our files).
 * Together ~560 of a response's ~940 header bytes: a cold target page fetches ~35 such files,
 * ~20 kB, ~100 ms on a 1.6 Mbit/s phone link, all of it before the chart.
 */
export const DOCUMENT_ONLY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'etag',
  'last-modified',
] as const;
