import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 18: a body that is not JSON answers the house `{code, message}` (400 `invalid_json`),
 * never Fastify's own `FST_ERR_CTP_INVALID_JSON_BODY` shape — on every route that takes a
 * body, as an admin (who passes every route's own checks), and nothing is written.
 */
interface Doc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
}

let stack: Stack;
let app: FastifyInstance;
let auth: { authorization: string };
let routes: { method: 'POST' | 'PUT' | 'PATCH'; url: string }[];

beforeAll(async () => {
  stack = await startStack({ name: 'test-malformed-body', seed: null });
  ({ app } = stack);
  auth = await stack.adminBearer();
  const doc = (await app.inject('/api/docs/json')).json<Doc>();
  routes = Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      // Photo uploads take raw bytes of any type (judged from the bytes): no JSON to break there.
      .filter(([m, op]) => ['post', 'put', 'patch'].includes(m) && op.requestBody?.content?.['application/json'])
      .map(([m]) => ({ method: m.toUpperCase() as 'POST' | 'PUT' | 'PATCH', url: p.replace(/\{[^}]+\}/g, 'x1') })),
  );
});

afterAll(() => stack?.stop());

const tables = ['plans', 'targets', 'units', 'users', 'screens'] as const;
const counts = async (): Promise<number[]> =>
  Promise.all(
    tables.map(async (t) =>
      Number(
        (
          await stack.db
            .selectFrom(t)
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );

/** POST /api/plans signed in as the admin, with this content type and raw body. */
const postPlans = (contentType: string, payload: string) =>
  app.inject({ method: 'POST', url: '/api/plans', headers: { ...auth, 'content-type': contentType }, payload });

describe('a malformed JSON body', () => {
  it('is 400 invalid_json with a sentence on every JSON route, and nothing is written', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const before = await counts();
    const answers: string[] = [];
    for (const r of routes) {
      for (const payload of ['{"title": "x",', "{'a': 1}", '[1, 2', 'null garbage']) {
        const res = await app.inject({
          method: r.method,
          url: r.url,
          headers: { ...auth, 'content-type': 'application/json' },
          payload,
        });
        answers.push(`${r.method} ${r.url} ${res.statusCode} ${res.json<{ code: string }>().code}`);
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(400);
        const body = res.json<{ code: string; message: string }>();
        expect(Object.keys(body).sort()).toEqual(['code', 'message']);
        expect(body.code).toBe('invalid_json');
        expect(body.message).toMatch(/not valid JSON/);
        expect(body.message).not.toMatch(/FST_/);
      }
    }
    expect(answers.filter((a) => !a.endsWith('400 invalid_json'))).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('an empty body said to be JSON is invalid_json too; a JSON prototype-poisoning attempt is refused the same way', async () => {
    const empty = await postPlans('application/json', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toEqual({ code: 'invalid_json', message: expect.stringMatching(/empty/) });
    const poison = await postPlans('application/json', '{"id": "P", "__proto__": {"admin": true}}');
    expect(poison.statusCode).toBe(400);
    expect(poison.json<{ code: string }>().code).toBe('invalid_json');
  });

  it('a body of a type no route takes is 415 unsupported_media_type, a body over the limit 413 body_too_large', async () => {
    const xml = await postPlans('application/xml', '<plan/>');
    expect(xml.statusCode).toBe(415);
    expect(xml.json()).toEqual({ code: 'unsupported_media_type', message: expect.any(String) });
    const huge = await postPlans('application/json', JSON.stringify({ id: 'P', title: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toEqual({ code: 'body_too_large', message: expect.any(String) });
  });
});
