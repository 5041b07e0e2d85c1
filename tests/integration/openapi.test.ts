import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack';

/**
 * Issue 14 point 6: the served OpenAPI document is valid for the version it declares, every
 * /api route has a response schema for its success and the shared error body for failures,
 * and a typed client generated from it compiles against the shared shapes.
 */

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }>; description?: string }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
let stack: Stack;
let app: FastifyInstance;
let doc: Doc;

beforeAll(async () => {
  stack = await startStack({ name: 'test-openapi', seed: null });
  ({ app } = stack);
  const res = await app.inject('/api/docs/json');
  expect(res.statusCode).toBe(200);
  doc = res.json<Doc>();
});

afterAll(() => stack?.stop());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = (): { route: string; op: Operation }[] =>
  Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/') && !p.startsWith('/api/docs'))
    .flatMap(([p, item]) => Object.entries(item).filter(([m]) => METHODS.includes(m)).map(([m, op]) => ({ route: `${m.toUpperCase()} ${p}`, op })));

describe('the OpenAPI document', () => {
  it('declares 3.1 and passes a standard validator (swagger-parser)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('gives every /api route a success response schema and the shared error body for 4XX and 5XX', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(30);
    const missing: string[] = [];
    for (const { route, op } of ops) {
      const success = Object.entries(op.responses).filter(([code]) => /^2\d\d$/.test(code));
      if (success.length === 0) missing.push(`${route}: no 2xx response`);
      for (const [code, r] of success) {
        if (code === '204') continue;
        // A photo's bytes (issue 18.7) are declared as binary image content, not JSON.
        const binary = Object.entries(r.content ?? {}).every(([type, c]) => type.startsWith('image/') && (c.schema as { format?: string }).format === 'binary');
        if (!r.content?.['application/json']?.schema && !(r.content && binary)) missing.push(`${route}: ${code} has no schema`);
      }
      for (const range of ['4XX', '5XX']) {
        const schema = op.responses[range]?.content?.['application/json']?.schema as { $ref?: string } | undefined;
        if (schema?.$ref !== '#/components/schemas/ErrorBody') missing.push(`${route}: ${range} is not the shared ErrorBody`);
      }
    }
    expect(missing).toEqual([]);
    expect(doc.components?.schemas?.ErrorBody).toMatchObject({ required: ['code', 'message'] });
  });

  it('generates a typed client (openapi-typescript) that compiles and agrees with the shared types', async () => {
    const generated = astToString(await openapiTS(doc as never));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-openapi-'));
    try {
      writeFileSync(path.join(dir, 'api.d.ts'), generated);
      const shared = path.join(repoRoot, 'shared/src/index.ts').replaceAll('\\', '/');
      // The generated response types accept what the server's shared types produce, and a
      // wrong field type is refused (the @ts-expect-error would be unused otherwise).
      writeFileSync(
        path.join(dir, 'use.ts'),
        `import type { paths } from './api';
import type { PlanOverview, TargetState, ReportHistoryResponse, MyTargetsResponse, UnitDetail } from '${shared}';
type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
export const overview = (x: PlanOverview): Json<'/api/plans/{id}/overview', 'get'> => x;
export const target = (x: TargetState): Json<'/api/targets/{code}', 'get'> => x;
export const back = (x: Json<'/api/targets/{code}', 'get'>): TargetState => x;
export const history = (x: ReportHistoryResponse): Json<'/api/units/{code}/reports', 'get'> => x;
export const mine = (x: MyTargetsResponse): Json<'/api/me/targets', 'get'> => x;
export const unit = (x: UnitDetail): Json<'/api/units/{code}', 'get'> => x;
// @ts-expect-error status is one of the target statuses, not any string
export const wrong: Json<'/api/targets/{code}', 'get'>['status'] = 'fine';
`,
      );
      const program = ts.createProgram([path.join(dir, 'use.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        skipLibCheck: true,
        lib: ['lib.es2023.d.ts'],
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('route typing', () => {
  it('leaves no `req.query as` / `req.params as` / `req.body as` casts in the server: the schemas type them', () => {
    const casts: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (file.endsWith('.ts')) {
          readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/req\.(query|params|body) as\b/.test(line)) casts.push(`${path.relative(repoRoot, file)}:${i + 1}`);
            });
        }
      }
    };
    walk(path.join(repoRoot, 'server/src'));
    expect(casts).toEqual([]);
  });
});
