import { describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE, staticCacheControl } from './cache';

describe('staticCacheControl (issue 18.9)', () => {
  it('hashed assets are immutable for a year', () => {
    expect(staticCacheControl('/srv/web/dist/assets/index-B4atgyTQ.js')).toBe(IMMUTABLE);
    expect(staticCacheControl('/srv/web/dist/assets/ComposedChart-B4atgyTQ.css')).toBe(IMMUTABLE);
  });
  it('index.html, the manifest and the service worker are revalidated', () => {
    expect(staticCacheControl('/srv/web/dist/index.html')).toBe(REVALIDATE);
    expect(staticCacheControl('index.html')).toBe(REVALIDATE);
    expect(staticCacheControl('/srv/web/dist/sw.js')).toBe(REVALIDATE);
    expect(staticCacheControl('/srv/web/dist/manifest.webmanifest')).toBe(REVALIDATE);
  });
  it('an unhashed file under assets/ is not taken for a hashed one', () => {
    expect(staticCacheControl('/srv/web/dist/assets/logo.svg')).toBe(REVALIDATE);
  });
});
