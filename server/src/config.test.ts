import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNKeyUser } from './auth/nats-config';
import { DEFAULT_STATUS_PALETTE } from '@luoshi/shared';
import { ConfigError, loadConfig } from './config';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'luoshi-config-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.natsUrl).toBeNull();
    expect(c.dataDir.endsWith('.data')).toBe(true);
    expect(c.demo).toBe(true);
    expect(c.ingest).toBe(true);
  });

  it('runs without the in-process ingest worker when INGEST is off', () => {
    expect(loadConfig({ INGEST: 'false' }).ingest).toBe(false);
    expect(loadConfig({ INGEST: '0' }).ingest).toBe(false);
    expect(loadConfig({ INGEST: 'on' }).ingest).toBe(true);
    expect(loadConfig({ INGEST: ' ' }).ingest).toBe(true);
  });

  it('places a demo run on DEMO_TODAY (unset: the real date)', () => {
    expect(loadConfig({}).demoToday).toBeNull();
    expect(loadConfig({ DEMO_TODAY: '2028-11-20' }).demoToday).toBe('2028-11-20');
  });

  it('turns the demo off by default when real dependencies are given', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://h:4222' });
    expect(c.demo).toBe(false);
  });

  it('reads CORS_ORIGIN as a list of bare origins (none by default) and ADMIN_PASSWORD', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({}).adminPassword).toBeNull();
    expect(loadConfig({ CORS_ORIGIN: 'https://a.example.org, http://10.0.0.5:8080' }).corsOrigins).toEqual(['https://a.example.org', 'http://10.0.0.5:8080']);
    expect(loadConfig({ ADMIN_PASSWORD: 'a-long-enough-secret' }).adminPassword).toBe('a-long-enough-secret');
  });

  it.each([
    [{ CORS_ORIGIN: 'not an origin' }, 'CORS_ORIGIN'],
    [{ CORS_ORIGIN: 'https://a.example.org/' }, 'CORS_ORIGIN'],
    [{ CORS_ORIGIN: 'ftp://a.example.org' }, 'CORS_ORIGIN'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://h/db' }, 'DATABASE_URL'],
    [{ NATS_URL: 'http://h:4222' }, 'NATS_URL'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ INGEST: 'sometimes' }, 'INGEST'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DEMO_TODAY: '2027-02-30' }, 'DEMO_TODAY'],
    [{ DEMO_TODAY: '15.03.2027' }, 'DEMO_TODAY'],
    [{ DEMO_TODAY: '1999-12-31' }, 'DEMO_TODAY'],
    [{ DEMO_TODAY: '2027-03-15', DEMO: 'false' }, 'DEMO_TODAY'],
  ])('refuses %j with a sentence naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name} `));
  });
});

describe('SCREEN_HEARTBEAT_MS', () => {
  it('defaults to 15 s and takes 1 s – 5 min', () => {
    expect(loadConfig({}).screenHeartbeatMs).toBe(15_000);
    expect(loadConfig({ SCREEN_HEARTBEAT_MS: '2000' }).screenHeartbeatMs).toBe(2_000);
    expect(() => loadConfig({ SCREEN_HEARTBEAT_MS: '500' })).toThrow(/SCREEN_HEARTBEAT_MS must be a number of milliseconds between 1000 and 300000/);
    expect(() => loadConfig({ SCREEN_HEARTBEAT_MS: '15s' })).toThrow(/SCREEN_HEARTBEAT_MS/);
  });
});

describe('external NATS and PostgreSQL as production runs them', () => {
  const ext = { DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://n1:4222, nats://n2:4222,nats://n3:4222' };
  const seed = createNKeyUser().seed;

  it('reads a list of cluster URLs and one kind of credentials', () => {
    expect(loadConfig(ext).nats).toEqual({ servers: ['nats://n1:4222', 'nats://n2:4222', 'nats://n3:4222'], auth: { kind: 'none' }, tls: null });
    expect(loadConfig({ ...ext, NATS_USER: 'luoshi', NATS_PASSWORD: 'pw' }).nats?.auth).toEqual({ kind: 'user', user: 'luoshi', password: 'pw' });
    expect(loadConfig({ ...ext, NATS_TOKEN: 't0k' }).nats?.auth).toEqual({ kind: 'token', token: 't0k' });
    expect(loadConfig({ ...ext, NATS_NKEY_SEED: seed }).nats?.auth).toEqual({ kind: 'nkey', seed });
    const creds = path.join(tmp, 'luoshi.creds');
    writeFileSync(creds, 'creds');
    expect(loadConfig({ ...ext, NATS_CREDS: creds }).nats?.auth).toEqual({ kind: 'creds', file: creds });
  });

  it('reads TLS files for NATS and the pool settings and TLS mode for PostgreSQL', () => {
    const ca = path.join(tmp, 'ca.pem');
    writeFileSync(ca, 'ca');
    expect(loadConfig({ ...ext, NATS_TLS_CA: ca }).nats?.tls).toEqual({ caFile: ca, certFile: undefined, keyFile: undefined });
    const c = loadConfig({ ...ext, DATABASE_URL: `postgres://u@h/db?sslmode=verify-full&sslrootcert=${ca}`, DATABASE_POOL_SIZE: '25', DATABASE_STATEMENT_TIMEOUT_MS: '30000' });
    expect(c.database).toEqual({ poolSize: 25, statementTimeoutMs: 30_000 });
    expect(loadConfig(ext).database).toEqual({ poolSize: 10, statementTimeoutMs: 0 });
  });

  it('takes replicas and placement for the streams (R1 by default)', () => {
    expect(loadConfig({}).jetstream).toEqual({ replicas: 1, placementCluster: null, placementTags: [] });
    expect(loadConfig({ ...ext, NATS_REPLICAS: '3', NATS_PLACEMENT_CLUSTER: 'c1', NATS_PLACEMENT_TAGS: 'ssd, az-a' }).jetstream).toEqual({ replicas: 3, placementCluster: 'c1', placementTags: ['ssd', 'az-a'] });
  });

  it.each([
    [{ ...ext, NATS_URL: 'nats://n1:4222,http://n2' }, 'NATS_URL'],
    [{ ...ext, NATS_USER: 'luoshi' }, 'NATS_USER'],
    [{ ...ext, NATS_PASSWORD: 'pw' }, 'NATS_PASSWORD'],
    [{ ...ext, NATS_USER: 'u', NATS_PASSWORD: 'p', NATS_TOKEN: 't' }, 'NATS_USER'],
    [{ ...ext, NATS_NKEY_SEED: 'not-a-seed' }, 'NATS_NKEY_SEED'],
    [{ ...ext, NATS_CREDS: '/nonexistent/luoshi.creds' }, 'NATS_CREDS'],
    [{ ...ext, NATS_TLS_CA: '/nonexistent/ca.pem' }, 'NATS_TLS_CA'],
    [{ ...ext, NATS_TLS_CERT: '/nonexistent/c.pem' }, 'NATS_TLS_CERT'],
    [{ NATS_TOKEN: 't' }, 'NATS_TOKEN'],
    [{ ...ext, NATS_REPLICAS: '2' }, 'NATS_REPLICAS'],
    [{ ...ext, NATS_REPLICAS: '7' }, 'NATS_REPLICAS'],
    [{ ...ext, DATABASE_URL: 'postgres://u@h/db?sslmode=always' }, 'DATABASE_URL'],
    [{ ...ext, DATABASE_URL: 'postgres://u@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem' }, 'DATABASE_URL'],
    [{ ...ext, DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ ...ext, DATABASE_POOL_SIZE: '2.5' }, 'DATABASE_POOL_SIZE'],
    [{ ...ext, DATABASE_STATEMENT_TIMEOUT_MS: '-1' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
  ])('refuses %j with a sentence naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name} `));
  });
});

describe('status bands and colours (issue 17 item 7)', () => {
  it('defaults to 0.95 / 0.85 and 红黄绿 with 正常 green', () => {
    const c = loadConfig({});
    expect(c.statusBands).toEqual({ onTrackFrom: 0.95, atRiskBelow: 0.85 });
    expect(c.statusPalette).toEqual(DEFAULT_STATUS_PALETTE);
  });

  it('reads overrides', () => {
    const c = loadConfig({ STATUS_ON_TRACK_FROM: '0.7', STATUS_AT_RISK_BELOW: '0.5', STATUS_COLOURS: 'on_track=#00AA00' });
    expect(c.statusBands).toEqual({ onTrackFrom: 0.7, atRiskBelow: 0.5 });
    expect(c.statusPalette.on_track).toBe('#00aa00');
    expect(c.statusPalette.at_risk).toBe(DEFAULT_STATUS_PALETTE.at_risk);
  });

  it.each([
    [{ STATUS_ON_TRACK_FROM: 'abc' }, 'STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: bands must be decimal numbers'],
    [{ STATUS_ON_TRACK_FROM: '-1' }, 'STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: bands must be decimal numbers'],
    [{ STATUS_ON_TRACK_FROM: '0.8', STATUS_AT_RISK_BELOW: '0.9' }, 'STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: the at-risk band'],
    [{ STATUS_AT_RISK_BELOW: '0' }, 'STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: each band'],
    [{ STATUS_ON_TRACK_FROM: '1e9' }, 'STATUS_ON_TRACK_FROM / STATUS_AT_RISK_BELOW: bands must be decimal numbers'],
    [{ STATUS_COLOURS: 'on_track=red' }, 'STATUS_COLOURS must be'],
    [{ STATUS_COLOURS: 'done=#000000' }, 'STATUS_COLOURS must be'],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
