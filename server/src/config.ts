import path from 'node:path';
import { thresholdsProblem, type CategoryThresholds } from '@luoshi/shared';

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
  dataDir: string;
  /** Seed the demo plans and run the demo feed (default: on when both dependencies are embedded). */
  demo: boolean;
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
  /** How often wall screens' rooms get a heartbeat (SCREEN_HEARTBEAT_MS, 1,000–300,000; default 15,000). */
  screenHeartbeatMs: number;
  /** Issue 17: run the reminder scheduler here (SCHEDULER, default true; it fires once across instances). */
  scheduler: boolean;
  /** Issue 17: 通报 category thresholds (BULLETIN_AHEAD_FROM default 1.05, BULLETIN_ON_PACE_FROM default 0.95). */
  bulletinThresholds: CategoryThresholds;
}

export class ConfigError extends Error {}

function parseThresholds(ahead: string, onPace: string): CategoryThresholds {
  const t = { aheadFrom: Number(ahead), onPaceFrom: Number(onPace) };
  const problem = /^\d+(\.\d+)?$/.test(ahead) && /^\d+(\.\d+)?$/.test(onPace) ? thresholdsProblem(t) : 'thresholds must be decimal numbers';
  if (problem) throw new ConfigError(`BULLETIN_AHEAD_FROM / BULLETIN_ON_PACE_FROM: ${problem}, got "${ahead}" / "${onPace}".`);
  return t;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const port = parsePort('PORT', str('PORT') ?? '3000');
  const databaseUrl = str('DATABASE_URL');
  const natsUrl = str('NATS_URL');
  const logLevel = str('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}".`);
  }
  const demoRaw = str('DEMO');
  return {
    port,
    host: str('HOST') ?? '127.0.0.1',
    databaseUrl: databaseUrl ? parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']) : null,
    natsUrl: natsUrl ? parseUrl('NATS_URL', natsUrl, ['nats:', 'tls:']) : null,
    dataDir: path.resolve(str('DATA_DIR') ?? './.data'),
    demo: demoRaw === undefined ? !databaseUrl && !natsUrl : parseBool('DEMO', demoRaw),
    ingest: parseBool('INGEST', str('INGEST') ?? 'true'),
    logLevel,
    adminPassword: adminPassword(str('ADMIN_PASSWORD')),
    corsOrigins: parseOrigins('CORS_ORIGIN', str('CORS_ORIGIN') ?? ''),
    screenHeartbeatMs: parseMs('SCREEN_HEARTBEAT_MS', str('SCREEN_HEARTBEAT_MS') ?? '15000', 1_000, 300_000),
    scheduler: parseBool('SCHEDULER', str('SCHEDULER') ?? 'true'),
    bulletinThresholds: parseThresholds(str('BULLETIN_AHEAD_FROM') ?? '1.05', str('BULLETIN_ON_PACE_FROM') ?? '0.95'),
  };
}
