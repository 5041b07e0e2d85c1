import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_ONLY_HEADERS, IMMUTABLE, REVALIDATE } from '../../server/src/http/cache';
import { precompressDir } from '../../web/build/precompress';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 18.9: the built app is sent compressed (brotli or gzip, written once at build time)
 * and cached by kind: hashed assets for a year, index.html revalidated. A stand-in dist
 * folder made by the same precompress step the Vite build runs.
 */
let dist: string;
let stack: Stack;
let app: FastifyInstance;
const JS = `export const words = ${JSON.stringify('落实 '.repeat(2000))};\n`;
const HTML = `<!doctype html><html><head><script type="module" src="/assets/index-AbCd1234.js"></script></head><body>${'<!-- pad -->'.repeat(200)}</body></html>`;
/** The build's copy of index.html for /report (web/build/route-html.ts): the page's chunk named in the head. */
const REPORT_HTML = HTML.replace('</head>', '<link rel="modulepreload" crossorigin href="/assets/ReportPage-Zz991122.js"></head>');

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'luoshi-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), HTML);
  writeFileSync(path.join(dist, 'assets', 'index-AbCd1234.js'), JS);
  mkdirSync(path.join(dist, 'routes'));
  writeFileSync(path.join(dist, 'routes', 'report.html'), REPORT_HTML);
  // A row naming a file outside routes/ is ignored, not served.
  writeFileSync(
    path.join(dist, 'routes', 'routes.json'),
    JSON.stringify([
      { name: 'report', path: '^\\/report\\/?$', file: 'report.html' },
      { name: 'evil', path: '^\\/targets\\/', file: '../assets/index-AbCd1234.js' },
    ]),
  );
  expect(precompressDir(dist)).toBe(3);
  stack = await startStack({ name: 'static-test', seed: null, app: { webDist: dist } });
  ({ app } = stack);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dist, { recursive: true, force: true });
});

describe('static assets', () => {
  it('sends a hashed asset as brotli when accepted, cached immutably for a year', async () => {
    const res = await app.inject({ url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(JS) / 5);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
  });
  it('gzip for a browser without brotli, plain bytes for one that accepts neither', async () => {
    const gz = await app.inject({ url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(JS);
    const plain = await app.inject({ url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
  });
  it('index.html is revalidated on every load, at / and at client-side routes alike', async () => {
    for (const url of ['/', '/index.html', '/report', '/report?x=1', '/targets/X-1']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe(REVALIDATE);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      // A page with a copy of its own gets it (its chunks named in the head); the rest the plain shell.
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(url.startsWith('/report') ? REPORT_HTML : HTML);
    }
  });
  it('a hashed asset goes without the headers only documents use; pages keep them all', async () => {
    const asset = await app.inject({ url: '/assets/index-AbCd1234.js', headers: { 'accept-encoding': 'br' } });
    for (const h of DOCUMENT_ONLY_HEADERS) expect(asset.headers[h], h).toBeUndefined();
    // What a script still needs: served as a script only, not loadable by other sites.
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect(asset.headers['cross-origin-resource-policy']).toBe('same-origin');
    const headerBytes = (h: Record<string, unknown>): number => Object.entries(h).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0);
    expect(headerBytes(asset.headers)).toBeLessThan(450);
    for (const url of ['/', '/report', '/targets/X-1']) {
      const page = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(page.headers['content-security-policy'], url).toMatch(/script-src 'self'/);
      expect(page.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(page.headers.etag, url).toBeDefined(); // revalidated: the ETag is what makes that cheap
    }
  });
  it('a missing asset is a 404, not the app shell under an immutable header', async () => {
    const res = await app.inject({ url: '/assets/gone-ZZZZ9999.js' });
    expect(res.headers['cache-control'] ?? '').not.toBe(IMMUTABLE);
  });
});

describe('API answers (issue 18.9)', () => {
  it('are compressed as the client accepts: brotli, else gzip, else plain, the same JSON each way', async () => {
    const plain = await app.inject({ url: '/api/docs/json', headers: { 'accept-encoding': 'identity' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const doc = plain.json<Record<string, unknown>>();
    expect(Object.keys(doc)).toContain('paths');
    const br = await app.inject({ url: '/api/docs/json', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(doc);
    const gz = await app.inject({ url: '/api/docs/json', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(doc);
  });
  it('small answers go as they are', async () => {
    const res = await app.inject({ url: '/api/auth/me', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json<{ code: string }>().code).toBe('unauthenticated');
  });
  it('a compressed request body is not inflated: refused by name as before, never a sign-in attempt', async () => {
    const body = gzipSync(JSON.stringify({ username: 'admin', password: 'x'.repeat(12) }));
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    // Read as JSON it is not: 400 with a code (inflated, it would have been a 401 bad_credentials).
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string }>().code).toBe('invalid_json'); // as any malformed JSON body
  });
});
