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

  it.each([
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
