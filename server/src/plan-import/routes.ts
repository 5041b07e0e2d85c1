import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppendTargetsRequestSchema,
  ExtractRequestSchema,
  ExtractResponseSchema,
  PublishPlanRequestSchema,
  PublishPlanResponseSchema,
} from '@luoshi/shared';
import { audit } from '../auth/audit';
import { errorResponses, IdParams } from '../http/schemas';
import { announceChange } from '../plan-admin/live';
import { appendToDraft, extract, publishDraft } from './service';

/**
 * Plan import: extract candidates from a plan text, publish the reviewed ones as a draft plan.
 * Both admin-only; a published draft is audited (`plan.create`) with its target codes.
 */
export const planImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/plan-import/extract',
    {
      schema: {
        tags: ['plan-import'],
        summary: 'Commitment candidates in a plan text (the shared extractor, every confidence)',
        body: ExtractRequestSchema,
        response: { 200: ExtractResponseSchema, ...errorResponses },
      },
      onRequest: app.requireRole('admin'),
    },
    async (req) => extract(req.body.text),
  );

  app.post(
    '/api/plans',
    {
      schema: {
        tags: ['plans', 'plan-import'],
        summary: 'Create a draft plan with its sections and targets, in one transaction',
        body: PublishPlanRequestSchema,
        response: { 201: PublishPlanResponseSchema, ...errorResponses },
      },
      // The schema documents the body; the shared checker judges it, so every refusal has a
      // specific code (empty_title, due_outside_period …) and the web form agrees with it.
      attachValidation: true,
      onRequest: app.requireRole('admin'),
    },
    async (req, reply) => {
      const created = await publishDraft(app.db, req.body, (trx, c) =>
        audit(trx, req.principal, req, { action: 'plan.create', subject: c.id, detail: { targetCodes: c.targetCodes, sectionIds: c.sectionIds } }),
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/plans/:id/import',
    {
      schema: {
        tags: ['plans', 'plan-import'],
        summary: 'Add reviewed candidates (sections and targets) to an existing draft plan, in one transaction',
        params: IdParams,
        body: AppendTargetsRequestSchema,
        response: { 201: PublishPlanResponseSchema, ...errorResponses },
      },
      attachValidation: true,
      onRequest: app.requireRole('admin'),
    },
    async (req, reply) => {
      const { id } = req.params;
      const added = await appendToDraft(app.db, id, req.body, (trx, c) =>
        audit(trx, req.principal, req, { action: 'plan.append', subject: c.id, detail: { targetCodes: c.targetCodes, sectionIds: c.sectionIds } }),
      );
      // Open editors and leaders' draft views refetch (as for every plan-admin change).
      await announceChange(app, 'plan changed');
      return reply.status(201).send(added);
    },
  );
};
