import { existsSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import './types';
import { authPlugin, forbidden, SESSION_COOKIE, unauthenticated } from './auth/plugin';
import { LOGIN_THROTTLE_DEFAULTS, LoginThrottle, type ThrottleOptions } from './auth/login-throttle';
import { authRoutes } from './auth/routes';
import { activityRoutes } from './activity/routes';
import { eventRoutes } from './events/routes';
import { photoRoutes } from './photos/routes';
import { healthRoutes } from './health/routes';
import { statusStyleRoutes } from './status-style/routes';
import { setStatusBands } from './targets/state';
import { DEFAULT_STATUS_BANDS, DEFAULT_STATUS_PALETTE, type StatusStyle } from '@luoshi/shared';
import { HttpError, installErrorHandlers } from './http/errors';
import { RequestLogController } from './http/request-log';
import { preloadLinkHeader, routeHtmlPicker, routePreloads } from './http/route-html';
import { DOCUMENT_ONLY_HEADERS, isHashedAsset, staticCacheControl } from './http/cache';
import { hasNul } from './http/text';
import { ErrorBodySchema } from '@luoshi/shared';
import { metricsRoutes } from './metrics/routes';
import { registerLive } from './live';
import { overviewRoutes } from './overview/routes';
import { planImportRoutes } from './plan-import/routes';
import { orgRoutes } from './org/routes';
import { planAdminRoutes } from './plan-admin/routes';
import { planRoutes } from './plans/routes';
import { reportRoutes } from './reports/routes';
import { screenRoutes } from './screens/routes';
import { supervision, type SupervisionOptions } from './supervision/index';
import { targetRoutes } from './targets/routes';
import { unitRoutes } from './units/routes';
import { userRoutes } from './users/routes';

export interface AppOptions {
  db: Kysely<Database>;
  nc: NatsConnection;
  /** Built web app to serve; null to serve the API only. */
  webDist: string | null;
  liveTickMs?: number;
  /**
   * The clock "today" is judged by (China date of it): read routes, live snapshots and server
   * times, the future-event check at the door, the scheduler. Tests and DEMO_TODAY set it;
   * default: now. Give the ingest worker the same one (IngestOptions.now).
   */
  now?: () => Date;
  /** Reuse plan overviews while their rollups are unchanged (default true). */
  overviewCache?: boolean;
  /** Browser origins allowed cross-origin (CORS_ORIGIN); default none: same origin only. */
  corsOrigins?: readonly string[];
  /** Sign-in limits (default 10 tries a minute per address, 10 failures per 15 minutes per login); tests change them. */
  loginThrottle?: Partial<ThrottleOptions>;
  /** How often screen rooms get a heartbeat (SCREEN_HEARTBEAT_MS, default 15 s); tests shorten it. */
  screenHeartbeatMs?: number;
  /** Issue 17: scheduler, webhook timings, 通报 thresholds (see server/src/supervision). */
  supervision?: Omit<SupervisionOptions, 'now'>;
  /** Issue 17 item 7: status bands and colours (STATUS_ON_TRACK_FROM, STATUS_AT_RISK_BELOW, STATUS_COLOURS); default 红黄绿, 0.95/0.85. */
  statusStyle?: StatusStyle;
}

/**
 * The whole application as one plugin: tests register it on a Fastify instance and
 * use `inject` without a port; server.ts adds listening and shutdown around it.
 */
export const luoshiApp = fp<AppOptions>(async (app, opts) => {
  app.decorate('db', opts.db);
  app.decorate('nc', opts.nc);
  installErrorHandlers(app);

  // Security headers. The CSP fits the built web app (its own scripts and styles; inline
  // style attributes for Recharts and layout) and the Swagger UI under /api/docs (its own
  // files plus one inline initialiser script, allowed there only).
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain-HTTP deployments on a closed network exist; HSTS is for the TLS proxy to add.
    strictTransportSecurity: false,
  });
  // API answers compressed as the browser accepts (brotli at quality 4, gzip; from 1 kB): a target
  // page's year of daily points is 32 kB of JSON, ~4 kB in brotli — on a 1.6 Mbit/s phone link
  // that is 150 ms the chart no longer waits for (issue 18.9). The web app's files are already
  // compressed at build time (sent as they are, below). Request bodies are never inflated: a
  // compressed body stays the 400 it was, and the 1 MB body limit keeps meaning bytes received.
  app.addHook('onRoute', (route) => {
    route.decompress = false;
  });
  await app.register(compress, { global: true, encodings: ['br', 'gzip'] });
  const corsOrigins = new Set(opts.corsOrigins ?? []);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (origin === undefined || !corsOrigins.has(origin)) return; // CORS off for everyone else
    reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true').header('vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      return reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', 'content-type, authorization, x-csrf-token')
        .header('access-control-max-age', '600')
        .send();
    }
  });

  // Shared schemas referenced by $id (the error body); the document lists them once under components.
  app.addSchema(ErrorBodySchema);
  await app.register(swagger, {
    // 3.1: its schemas are JSON Schema 2020-12, which TypeBox emits (numeric exclusiveMinimum,
    // `type: [T, 'null']`); 3.0.3 would need those rewritten. Validated in tests/integration/openapi.test.ts.
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Luoshi 落实 API', version: '0.1.0', description: 'Commitment tracking for 街道 work plans' },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  // The Swagger UI loads its initialiser as a file, so the app-wide CSP above fits it
  // (checked in Chromium: no violations on /api/docs, the dashboard or a target's chart).
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Limits apply where a route asks for them (sign-in, writes); reads stay unthrottled.
  await app.register(rateLimit, { global: false });
  await app.register(authPlugin);
  // Deny by default: every /api route and /metrics needs a principal unless it says
  // `config: { public: true }`. Runs in onRequest, before body validation, so an anonymous
  // caller learns nothing from validation errors. Role and scope checks follow per route.
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url ?? req.url;
    if (req.routeOptions.config.public === true) return;
    if (url === '/api/docs' || url.startsWith('/api/docs/')) return; // Swagger UI and the OpenAPI document
    if (url === '/metrics') {
      if (isLocalScrape(req)) return;
      if (!req.principal) throw unauthenticated();
      if (req.principal.role !== 'admin') throw forbidden('metrics are for admins, or scrapes from this host');
      return;
    }
    if (!url.startsWith('/api/')) return; // the web app's files
    if (!req.principal) throw unauthenticated();
  });
  // PostgreSQL text cannot hold U+0000; refuse it in any JSON body with a specific answer
  // instead of letting a query fail with a 500.
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.body)) {
      throw new HttpError(400, 'invalid_request', 'text must not contain the NUL character (U+0000)');
    }
  });
  const throttle = new LoginThrottle(opts.db, { ...LOGIN_THROTTLE_DEFAULTS, ...opts.loginThrottle });
  await app.register(authRoutes, { throttle });
  await app.register(healthRoutes);
  // Set (or reset to the defaults) on every build, so one app's bands never leak into the next in a test process.
  const statusStyle = opts.statusStyle ?? { bands: { ...DEFAULT_STATUS_BANDS }, palette: { ...DEFAULT_STATUS_PALETTE } };
  setStatusBands(statusStyle.bands);
  await app.register(statusStyleRoutes, { style: statusStyle });
  await app.register(planRoutes);
  await app.register(targetRoutes, { now: opts.now });
  await app.register(unitRoutes, { now: opts.now });
  await app.register(reportRoutes, { now: opts.now });
  await app.register(overviewRoutes, { now: opts.now, cache: opts.overviewCache });
  await app.register(planImportRoutes);
  await app.register(planAdminRoutes, { now: opts.now });
  await app.register(orgRoutes);
  await app.register(activityRoutes);
  await app.register(eventRoutes, { now: opts.now });
  await app.register(photoRoutes);
  await app.register(metricsRoutes);
  await app.register(screenRoutes);
  await app.register(userRoutes, { throttle });

  const webApp = opts.webDist !== null && existsSync(path.join(opts.webDist, 'index.html'));
  // The page's own copy of index.html, naming its chunks (http/route-html.ts); `/` included.
  const pageHtml = webApp ? routeHtmlPicker(opts.webDist!) : () => 'index.html';
  const pageData = webApp ? routePreloads(opts.webDist!) : () => [];
  if (webApp) {
    await app.register(fastifyStatic, {
      root: opts.webDist!,
      wildcard: false,
      // `/` is a page like the others: answered below with its copy of index.html.
      index: false,
      // The build writes .br and .gz beside each asset (web/build/precompress.ts): sent as the
      // browser accepts them, never compressed per request (issue 18.9).
      preCompressed: true,
      // Caching is set per file below: Fastify-static's default max-age=0 would revalidate everything.
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', staticCacheControl(file));
        // Helmet wrote its headers onto the raw response; a hashed asset goes without the ones only documents use.
        if (!isHashedAsset(file)) return;
        for (const h of DOCUMENT_ONLY_HEADERS) {
          reply.removeHeader(h);
          reply.raw.removeHeader(h);
        }
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (/targets/X, /wall/Y) load the app; unknown API paths are 404s.
    if (req.method === 'GET' && !req.url.startsWith('/api/') && webApp) {
      const pathname = req.url.split('?')[0]!;
      // The page's first data, asked for with the page (http/route-html.ts): only for a signed-in
      // browser (its session cookie); anyone else is sent to sign in and would waste the requests.
      const data = req.cookies[SESSION_COOKIE] ? pageData(pathname) : [];
      if (data.length > 0) reply.header('link', preloadLinkHeader(data));
      return reply.sendFile(pageHtml(pathname)); // revalidated: see setHeaders
    }
    return reply.status(404).send({ code: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });

  await registerLive(app, { now: opts.now, tickMs: opts.liveTickMs, corsOrigins: opts.corsOrigins, screenHeartbeatMs: opts.screenHeartbeatMs });
  await app.register(supervision, { ...opts.supervision, now: opts.now });
});

/** A scrape from this host that no proxy forwarded (a proxy on this host adds X-Forwarded-For). */
function isLocalScrape(req: FastifyRequest): boolean {
  const ip = req.socket.remoteAddress ?? '';
  return (ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1') && req.headers['x-forwarded-for'] === undefined;
}

export async function buildApp(opts: AppOptions, fastifyOpts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  // One line per request, at a level by outcome (http/request-log.ts).
  // maxParamLength: event ids (up to 128 characters, `:` written %3A) are path segments of the photo routes; Fastify's default is 100.
  const app = Fastify({ bodyLimit: 1_048_576, routerOptions: { maxParamLength: 400 }, logController: new RequestLogController(), ...fastifyOpts });
  await app.register(luoshiApp, opts);
  await app.ready();
  return app;
}
