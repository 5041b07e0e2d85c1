import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

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
