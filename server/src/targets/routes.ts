import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CODE_PATTERN } from '@luoshi/shared';
import { dailySeries, getTarget, listTargets } from './repository';
import { notFound } from '../http/errors';

const CodeParams = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });

export const targetRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/api/targets',
    { schema: { tags: ['targets'], summary: 'Targets with their current rollups', querystring: Type.Object({ plan: Type.Optional(Type.String({ pattern: CODE_PATTERN })) }) } },
    async (req) => {
      const { plan } = req.query as { plan?: string };
      return listTargets(app.db, plan);
    },
  );

  app.get('/api/targets/:code', { schema: { tags: ['targets'], summary: 'One target with its rollup', params: CodeParams } }, async (req) => {
    const { code } = req.params as { code: string };
    const t = await getTarget(app.db, code);
    if (!t) throw notFound(`no target with code ${code}`);
    return t;
  });

  app.get(
    '/api/targets/:code/series',
    { schema: { tags: ['targets'], summary: 'Daily series of a target (China time)', params: CodeParams } },
    async (req) => {
      const { code } = req.params as { code: string };
      const t = await getTarget(app.db, code);
      if (!t) throw notFound(`no target with code ${code}`);
      return { target: code, bucket: 'day', points: await dailySeries(app.db, code, t.measureKind, t.baseline) };
    },
  );
};
