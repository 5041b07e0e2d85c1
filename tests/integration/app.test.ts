import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@luoshi/db';
import { buildApp } from '../../server/src/app';
import type { TestNats } from '../support/infra';
import { waitFor } from '../support/wait';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let nats: TestNats;
let nc: NatsConnection;
let app: FastifyInstance;

beforeAll(async () => {
  stack = await startStack({ name: 'test-app', injectAsAdmin: true });
  ({ nats, nc, app } = stack);
});

afterAll(() => stack?.stop());

describe('the app without a port', () => {
  it('reports healthy dependencies', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', db: 'up', nats: 'up' });
  });

  it('answers 503 naming the database when it is unreachable', async () => {
    // A pool pointed at a port nobody listens on: the real failure, not a mock.
    const deadDb = createDb('postgres://luoshi:x@127.0.0.1:1/none');
    const broken = await buildApp({ db: deadDb, nc, webDist: null });
    const res = await broken.inject('/api/health');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', code: 'unavailable', message: 'db down, nats up', db: 'down', nats: 'up' });
    expect(res.headers['retry-after']).toBe('5');
    await broken.close();
    await deadDb.destroy();
  });

  it('answers 503 naming NATS while nats-server is down, and recovers', async () => {
    await nats.stop();
    await waitFor('NATS reported down', async () => {
      const res = await app.inject('/api/health');
      return res.statusCode === 503 && res.json<{ nats: string }>().nats === 'down' ? true : undefined;
    });
    await nats.restart();
    await waitFor('NATS reported up again', async () => ((await app.inject('/api/health')).statusCode === 200 ? true : undefined), 20_000);
  });

  it('lists plans and targets with rollups', async () => {
    const plans = await app.inject('/api/plans');
    expect(plans.json()).toEqual([expect.objectContaining({ id: 'TP-2026', status: 'published' })]);
    const targets = await app.inject('/api/targets?plan=TP-2026');
    expect(targets.json()).toHaveLength(2);
    expect(targets.json()[0]).toMatchObject({ code: 'TP-AREA', value: 1_950_000, uom: '平方米', version: 0 });
  });

  it('answers unknown things with 404 and {code, message}', async () => {
    const target = await app.inject('/api/targets/NOPE');
    expect(target.statusCode).toBe(404);
    expect(target.json()).toEqual({ code: 'not_found', message: 'no target with code NOPE' });
    const route = await app.inject('/api/nothing-here');
    expect(route.statusCode).toBe(404);
    expect(route.json()).toMatchObject({ code: 'not_found' });
  });

  it('refuses a malformed code with 400 and {code, message}', async () => {
    const res = await app.inject('/api/targets/a.b');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_request' });
  });

  it('publishes its OpenAPI document', async () => {
    const res = await app.inject('/api/docs/json');
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<{ paths: object }>().paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/plans', '/api/targets', '/api/targets/{code}', '/api/targets/{code}/series']),
    );
  });
});
