import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { isUserSeed, type NatsAuth, type NatsTarget } from './infra/nats-target';
import { isYmd, parseStatusPalette, statusBandsProblem, thresholdsProblem, type CategoryThresholds, type StatusBands, type StatusPalette } from '@luoshi/shared';

/**
 * Configuration comes only from the environment, is read once at start and validated
 * there: a wrong value stops start-up with one sentence naming the variable.
 */
export interface Config {
  port: number;
  host: string;
  /** Unset: start an embedded PostgreSQL under DATA_DIR. */
  databaseUrl: string | null;
  /** Unset: launch `nats-server -js` with its store under DATA_DIR. */
  natsUrl: string | null;
  /**
   * The external NATS as the client reaches it: NATS_URL (a comma-separated list of the
   * cluster's URLs), credentials (NATS_USER+NATS_PASSWORD, NATS_TOKEN, NATS_NKEY_SEED or
   * NATS_CREDS) and TLS (NATS_TLS_CA, NATS_TLS_CERT+NATS_TLS_KEY). null with the embedded server.
   */
  nats: NatsTarget | null;
  /** Stream and consumer replicas and placement (NATS_REPLICAS, NATS_PLACEMENT_CLUSTER, NATS_PLACEMENT_TAGS). */
  jetstream: JetStreamSettings;
  /** Pool and per-statement limits for PostgreSQL (DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS). */
  database: DatabaseSettings;
  dataDir: string;
  /** Seed the demo plans and run the demo feed (default: on when both dependencies are embedded). */
  demo: boolean;
  /**
   * DEMO_TODAY (YYYY-MM-DD): run the demo as if today were that China date — the whole server's
   * clock (infra/clock.ts) starts there and runs on; the demo plans are that year's. Demo only.
   */
  demoToday: string | null;
  /**
   * Run the ingest worker inside this process (default). Off for an API/socket-only
   * instance when ingest runs as its own process (`server/src/ingest/main.ts`) or on
   * another instance: every instance still pushes live changes, whoever ingested them.
   */
  ingest: boolean;
  logLevel: string;
  /** The first admin's password (ADMIN_PASSWORD); null: generate one and print it once. */
  adminPassword: string | null;
  /** Browser origins allowed to call the API and open sockets cross-origin (CORS_ORIGIN, comma-separated); empty: same origin only. */
  corsOrigins: string[];
  /** On SIGTERM: how long the instance keeps answering (readiness 503, `Connection: close`) before it stops listening (SHUTDOWN_GRACE_MS, 0–60,000; default 1,000). */
  shutdownGraceMs: number;
  /** How often wall screens' rooms get a heartbeat (SCREEN_HEARTBEAT_MS, 1,000–300,000; default 15,000). */
  screenHeartbeatMs: number;
  /** Issue 17: run the reminder scheduler here (SCHEDULER, default true; it fires once across instances). */
  scheduler: boolean;
  /** Issue 17: 通报 category thresholds (BULLETIN_AHEAD_FROM default 1.05, BULLETIN_ON_PACE_FROM default 0.95). */
  bulletinThresholds: CategoryThresholds;
  /** Issue 17: pace status bands (STATUS_ON_TRACK_FROM default 0.95, STATUS_AT_RISK_BELOW default 0.85). */
  statusBands: StatusBands;
  /** Issue 17: status colours (STATUS_COLOURS, e.g. "on_track=#00aa00,behind=#ffcc00"; default 红黄绿). */
  statusPalette: StatusPalette;
}

export interface JetStreamSettings {
  /** Replicas of the PROGRESS stream, its dead-letter stream and their consumers: 1 (default) or 3/5 on a cluster. */
  replicas: number;
  /** Place the streams in this cluster (multi-cluster super-clusters); null: the server decides. */
  placementCluster: string | null;
  /** Place the streams on servers carrying all these tags (`server_tags` in nats-server.conf). */
  placementTags: string[];
}

export interface DatabaseSettings {
  /** Connections per process (DATABASE_POOL_SIZE, 1–200; default 10). */
  poolSize: number;
  /** PostgreSQL's statement_timeout per connection (DATABASE_STATEMENT_TIMEOUT_MS; 0 = none, the default). */
  statementTimeoutMs: number;
}

export class ConfigError extends Error {}

function parseThresholds(ahead: string, onPace: string): CategoryThresholds {
  const t = { aheadFrom: Number(ahead), onPaceFrom: Number(onPace) };
  const problem = /^\d+(\.\d+)?$/.test(ahead) && /^\d+(\.\d+)?$/.test(onPace) ? thresholdsProblem(t) : 'thresholds must be decimal numbers';
  if (problem) throw new ConfigError(`BULLETIN_AHEAD_FROM / BULLETIN_ON_PACE_FROM: ${problem}, got "${ahead}" / "${onPace}".`);
  return t;
}

function parseBands(onTrack: string, atRisk: string): StatusBands {
  const b = { onTrackFrom: Number(onTrack), atRiskBelow: Number(atRisk) };
  const problem = /^\d+(\.\d+)?$/.test(onTrack) && /^\d+(\.\d+)?$/.test(atRisk) ? statusBandsProblem(b) : 'bands must be decimal numbers';
  if (problem) throw new ConfigError(`STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: ${problem}, got "${onTrack}" / "${atRisk}".`);
  return b;
}

function parsePalette(raw: string): StatusPalette {
  const p = parseStatusPalette(raw);
  if (typeof p === 'string') throw new ConfigError(`STATUS_COLOURS must be a comma-separated list of status=#rrggbb: ${p}.`);
  return p;
}

function parsePort(name: string, raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) {
    throw new ConfigError(`${name} must be a port number between 1 and 65535, got "${raw}".`);
  }
  return n;
}

function parseUrl(name: string, raw: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${protocols[0]}//host:port, got "${raw}".`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${url.protocol}".`);
  }
  return raw;
}

function parseMs(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new ConfigError(`${name} must be a number of milliseconds between ${min} and ${max}, got "${raw}".`);
  return n;
}

function parseIntIn(name: string, raw: string, min: number, max: number, what = 'a whole number'): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new ConfigError(`${name} must be ${what} between ${min} and ${max}, got "${raw}".`);
  return n;
}

function readableFile(name: string, file: string): string {
  try {
    accessSync(file, constants.R_OK);
  } catch {
    throw new ConfigError(`${name} must name a readable file, got "${file}" (missing or not readable by this user).`);
  }
  return path.resolve(file);
}

const SSL_MODES = ['disable', 'prefer', 'require', 'no-verify', 'verify-ca', 'verify-full'];

/**
 * DATABASE_URL carries PostgreSQL's own TLS settings, as libpq spells them: `sslmode`
 * (require, verify-ca, verify-full, …) and `sslrootcert`/`sslcert`/`sslkey` file paths.
 */
function parseDatabaseUrl(raw: string): string {
  parseUrl('DATABASE_URL', raw, ['postgres:', 'postgresql:']);
  const params = new URL(raw).searchParams;
  const mode = params.get('sslmode');
  if (mode !== null && !SSL_MODES.includes(mode)) {
    throw new ConfigError(`DATABASE_URL sslmode must be one of ${SSL_MODES.join(', ')}, got "${mode}".`);
  }
  for (const key of ['sslrootcert', 'sslcert', 'sslkey']) {
    const file = params.get(key);
    if (file !== null) readableFile(`DATABASE_URL ${key}`, file);
  }
  if ((params.get('sslcert') === null) !== (params.get('sslkey') === null)) {
    throw new ConfigError('DATABASE_URL needs both sslcert and sslkey for a client certificate, or neither.');
  }
  return raw;
}

function parseNatsUrls(raw: string): string[] {
  const urls = raw
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  for (const u of urls) parseUrl('NATS_URL', u, ['nats:', 'tls:']);
  return urls;
}

const NATS_AUTH_VARS = ['NATS_USER', 'NATS_TOKEN', 'NATS_NKEY_SEED', 'NATS_CREDS'] as const;
const NATS_ONLY_EXTERNAL = [...NATS_AUTH_VARS, 'NATS_PASSWORD', 'NATS_TLS_CA', 'NATS_TLS_CERT', 'NATS_TLS_KEY'];

function parseNatsAuth(str: (name: string) => string | undefined): NatsAuth {
  const given = NATS_AUTH_VARS.filter((n) => str(n) !== undefined);
  if (given.length > 1) throw new ConfigError(`${given[0]} and ${given[1]} are two ways to sign in to NATS: set only one of ${NATS_AUTH_VARS.join(', ')}.`);
  const user = str('NATS_USER');
  const password = str('NATS_PASSWORD');
  if (password !== undefined && user === undefined) throw new ConfigError('NATS_PASSWORD is set without NATS_USER: set both, or neither.');
  if (user !== undefined) {
    if (password === undefined) throw new ConfigError('NATS_USER is set without NATS_PASSWORD: set both, or neither.');
    return { kind: 'user', user, password };
  }
  const token = str('NATS_TOKEN');
  if (token !== undefined) return { kind: 'token', token };
  const seed = str('NATS_NKEY_SEED');
  if (seed !== undefined) {
    if (!isUserSeed(seed)) throw new ConfigError('NATS_NKEY_SEED must be a user NKey seed (a string starting with "SU", as `nk -gen user` prints).');
    return { kind: 'nkey', seed };
  }
  const creds = str('NATS_CREDS');
  if (creds !== undefined) return { kind: 'creds', file: readableFile('NATS_CREDS', creds) };
  return { kind: 'none' };
}

function parseNatsTarget(raw: string, str: (name: string) => string | undefined): NatsTarget {
  const servers = parseNatsUrls(raw);
  if (servers.length === 0) throw new ConfigError('NATS_URL must list at least one URL such as nats://host:4222.');
  const ca = str('NATS_TLS_CA');
  const cert = str('NATS_TLS_CERT');
  const key = str('NATS_TLS_KEY');
  if ((cert === undefined) !== (key === undefined)) throw new ConfigError('NATS_TLS_CERT and NATS_TLS_KEY go together: set both for a client certificate, or neither.');
  const tls =
    ca !== undefined || cert !== undefined
      ? {
          caFile: ca === undefined ? undefined : readableFile('NATS_TLS_CA', ca),
          certFile: cert === undefined ? undefined : readableFile('NATS_TLS_CERT', cert),
          keyFile: key === undefined ? undefined : readableFile('NATS_TLS_KEY', key),
        }
      : null;
  return { servers, auth: parseNatsAuth(str), tls };
}

function parseJetStream(str: (name: string) => string | undefined): JetStreamSettings {
  const replicas = parseIntIn('NATS_REPLICAS', str('NATS_REPLICAS') ?? '1', 1, 5, 'a replica count');
  if (replicas % 2 === 0) throw new ConfigError(`NATS_REPLICAS must be odd (1, 3 or 5: a majority must survive), got "${replicas}".`);
  const tags = (str('NATS_PLACEMENT_TAGS') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return { replicas, placementCluster: str('NATS_PLACEMENT_CLUSTER') ?? null, placementTags: tags };
}

function parseBool(name: string, raw: string): boolean {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}

function parseOrigins(name: string, raw: string): string[] {
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((o) => {
      let url: URL;
      try {
        url = new URL(o);
      } catch {
        throw new ConfigError(`${name} must be a comma-separated list of origins such as https://screen.example.org, got "${o}".`);
      }
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== o) {
        throw new ConfigError(`${name} entries must be bare origins (scheme://host[:port], no path or trailing slash), got "${o}".`);
      }
      return o;
    });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function adminPassword(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.length < 12) throw new ConfigError('ADMIN_PASSWORD must be at least 12 characters long (or unset, to generate one).');
  return raw;
}

/** A real date within the years the demo can show, and only in demo mode: a production clock is never moved. */
function parseDemoToday(raw: string | undefined, demo: boolean): string | null {
  if (raw === undefined) return null;
  if (!demo) throw new ConfigError('DEMO_TODAY moves the clock of a demo run and needs the demo on (DEMO=true, or no DATABASE_URL and NATS_URL).');
  if (!isYmd(raw) || raw < '2000-01-01' || raw > '2099-12-31')
    throw new ConfigError(`DEMO_TODAY must be a date YYYY-MM-DD between 2000 and 2099, got "${raw}".`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const port = parsePort('PORT', str('PORT') ?? '3000');
  const databaseUrl = str('DATABASE_URL');
  const natsUrl = str('NATS_URL');
  if (!natsUrl) {
    const stray = NATS_ONLY_EXTERNAL.find((n) => str(n) !== undefined);
    if (stray) throw new ConfigError(`${stray} is for an external NATS_URL; the embedded nats-server makes its own credentials under DATA_DIR (unset ${stray}, or set NATS_URL).`);
  }
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`);
  }
  const demoRaw = str('DEMO');
  const demo = demoRaw === undefined ? !databaseUrl && !natsUrl : parseBool('DEMO', demoRaw);
  return {
    port,
    host: str('HOST') ?? '127.0.0.1',
    databaseUrl: databaseUrl ? parseDatabaseUrl(databaseUrl) : null,
    natsUrl: natsUrl ?? null,
    nats: natsUrl ? parseNatsTarget(natsUrl, str) : null,
    jetstream: parseJetStream(str),
    database: {
      poolSize: parseIntIn('DATABASE_POOL_SIZE', str('DATABASE_POOL_SIZE') ?? '10', 1, 200),
      statementTimeoutMs: parseMs('DATABASE_STATEMENT_TIMEOUT_MS', str('DATABASE_STATEMENT_TIMEOUT_MS') ?? '0', 0, 3_600_000),
    },
    dataDir: path.resolve(str('DATA_DIR') ?? './.data'),
    demo,
    demoToday: parseDemoToday(str('DEMO_TODAY'), demo),
    ingest: parseBool('INGEST', str('INGEST') ?? 'true'),
    logLevel,
    adminPassword: adminPassword(str('ADMIN_PASSWORD')),
    corsOrigins: parseOrigins('CORS_ORIGIN', str('CORS_ORIGIN') ?? ''),
    shutdownGraceMs: parseMs('SHUTDOWN_GRACE_MS', str('SHUTDOWN_GRACE_MS') ?? '1000', 0, 60_000),
    screenHeartbeatMs: parseMs('SCREEN_HEARTBEAT_MS', str('SCREEN_HEARTBEAT_MS') ?? '15000', 1_000, 300_000),
    scheduler: parseBool('SCHEDULER', str('SCHEDULER') ?? 'true'),
    bulletinThresholds: parseThresholds(str('BULLETIN_AHEAD_FROM') ?? '1.05', str('BULLETIN_ON_PACE_FROM') ?? '0.95'),
    statusBands: parseBands(str('STATUS_ON_TRACK_FROM') ?? '0.95', str('STATUS_AT_RISK_BELOW') ?? '0.85'),
    statusPalette: parsePalette(str('STATUS_COLOURS') ?? ''),
  };
}
