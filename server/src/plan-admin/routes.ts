import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { Type } from '@sinclair/typebox';
import {
  CancelTargetBodySchema,
  CODE_PATTERN,
  CreatePlanBodySchema,
  CreateTargetBodySchema,
  EditablePlanSchema,
  EditableTargetSchema,
  EditRefusalSchema,
  PatchPlanBodySchema,
  PatchSectionBodySchema,
  PatchTargetBodySchema,
  PlanEditViewSchema,
  PlanSectionSchema,
  publishGaps,
  RolloverBodySchema,
  RolloverResultSchema,
  SectionBodySchema,
  TargetChangesSchema,
  VersionBodySchema,
  VersionQuerySchema,
} from '@luoshi/shared';
import { audit } from '../auth/audit';
import { mayReadWholePlan, readScope, refuseUnit, who } from '../auth/access';
import { HttpError, notFound } from '../http/errors';
import { bodyJudgedByChecker, errorResponses, NoContent } from '../http/schemas';
import type { ReadRouteOptions } from '../targets/routes';
import { planSections } from '../plans/repository';
import { announceChange } from './live';
import { checkVersion, lockPlan, versionOf } from './lock';
import { createPlan, deleteDraft, patchPlan, rollover, toEditable, transition } from './plans';
import { createSection, deleteSection, patchSection } from './sections';
import { cancelTarget, createTarget, patchTarget, removeTarget, toEditableTarget } from './targets';
import { toTargetAdjustment } from './adjustments';

const PlanParams = Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) });
const SectionParams = Type.Object({ id: Type.String({ pattern: CODE_PATTERN }), sectionId: Type.String({ pattern: CODE_PATTERN }) });
const TargetParams = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });
/** Refusals keep what names the problem (problems, missing, references, currentVersion). */
const refusals = { ...errorResponses, 400: EditRefusalSchema, 409: EditRefusalSchema } as const;
/** Bodies are judged by the shared field checks (every problem named by field), not by Ajv: see bodyJudgedByChecker. */
const judged = { validatorCompiler: bodyJudgedByChecker } as const;

/** An import append carries a `targets` list; a hand-added target never has that field. */

function body(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw new HttpError(400, 'invalid_request', 'the body must be a JSON object');
  return b as Record<string, unknown>;
}

/**
 * Plan lifecycle, editing, adjustment and rollover (issue 16). Writes are for admins; every
 * write is one transaction that locks the plan row first, audits inside the transaction, and
 * after commit tells open pages and screens to resync (plan-admin/live.ts).
 */
export const planAdminRoutes: FastifyPluginAsyncTypebox<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const admin = { onRequest: app.requireRole('admin'), ...judged };
  const tx = async <T>(reason: string, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> => {
    const out = await app.db.transaction().execute(fn);
    await announceChange(app, reason);
    return out;
  };

  app.get(
    '/api/plans/:id/edit',
    { schema: { tags: ['plan-admin'], summary: 'A plan as the editor shows it: versions, every target field, lifecycle, what publishing lacks', params: PlanParams, response: { 200: PlanEditViewSchema, ...errorResponses } } },
    async (req) => {
      const { id } = req.params;
      const plan = await app.db.selectFrom('plans').select(['id', 'title', 'owner_unit', 'period_start', 'period_end', 'status', 'version']).where('id', '=', id).executeTakeFirst();
      if (!plan) throw notFound(`no plan with id ${id}`);
      // Admins, and leaders of the owner unit (read-only): the whole plan is shown.
      const p = who(req);
      if (p.role === 'screen' || p.role === 'staff' || !(await mayReadWholePlan(app.db, p, { id, ownerUnit: plan.owner_unit }))) refuseUnit('the editor of plan', id);
      const [sections, rows, counts, units] = await Promise.all([
        planSections(app.db, id),
        app.db.selectFrom('targets').selectAll().where('plan_id', '=', id).orderBy('code').execute(),
        app.db.selectFrom('target_rollups as r').innerJoin('targets as t', 't.code', 'r.target_code').select(['r.target_code', 'r.event_count']).where('t.plan_id', '=', id).execute(),
        app.db.selectFrom('units').select('code').where('active', '=', true).execute(),
      ]);
      const n = new Map(counts.map((c) => [c.target_code, c.event_count]));
      const targets = rows.map((r) => toEditableTarget(r, n.get(r.code) ?? 0));
      const gaps =
        plan.status === 'draft'
          ? publishGaps({ periodStart: plan.period_start, periodEnd: plan.period_end }, targets.map((t) => ({ code: t.code, ownerUnit: t.ownerUnit, targetValue: t.targetValue, dueDate: t.dueDate })), new Set(units.map((u) => u.code)))
          : [];
      return { plan: toEditable(plan), sections, targets, gaps };
    },
  );

  app.post('/api/plans/drafts', { ...admin, schema: { tags: ['plan-admin'], summary: 'Create an empty draft plan by hand (title, owner unit, period)', body: CreatePlanBodySchema, response: { 201: EditablePlanSchema, ...refusals } } }, async (req, reply) => {
    const raw = body(req);
    const plan = await tx('plan created', async (trx) => {
      const plan = await createPlan(trx, raw);
      await audit(trx, req.principal, req, { action: 'plan.create', subject: plan.id, detail: { by: 'hand', ...plan } });
      return plan;
    });
    return reply.status(201).send(plan);
  });

  app.patch('/api/plans/:id', { ...admin, schema: { tags: ['plan-admin'], summary: 'Change a plan: title (any open plan); owner unit and period (drafts)', params: PlanParams, body: PatchPlanBodySchema, response: { 200: EditablePlanSchema, ...refusals } } }, async (req) => {
    const { id } = req.params;
    const raw = body(req);
    const version = versionOf(raw);
    return tx('plan changed', async (trx) => {
      const plan = await lockPlan(trx, id);
      checkVersion('plan', id, plan.version, version);
      const { version: _v, ...fields } = raw;
      const out = await patchPlan(trx, plan, fields);
      await audit(trx, req.principal, req, { action: 'plan.update', subject: id, detail: { changed: out.changed } });
      return out.plan;
    });
  });

  for (const [action, to] of [['publish', 'published'], ['close', 'closed']] as const) {
    app.post(
      `/api/plans/:id/${action}`,
      { ...admin, schema: { tags: ['plan-admin'], summary: action === 'publish' ? 'Publish a complete draft (refused with the list of what is missing)' : 'Close a published plan: read-only, final figures kept', params: PlanParams, body: VersionBodySchema, response: { 200: EditablePlanSchema, ...refusals } } },
      async (req) => {
        const { id } = req.params;
        const version = versionOf(body(req));
        return tx(`plan ${to}`, async (trx) => {
          const plan = await lockPlan(trx, id);
          checkVersion('plan', id, plan.version, version);
          const out = await transition(trx, plan, to);
          await audit(trx, req.principal, req, { action: `plan.${action}`, subject: id, detail: { from: plan.status, to } });
          return out;
        });
      },
    );
  }

  app.delete('/api/plans/:id', { ...admin, schema: { tags: ['plan-admin'], summary: 'Delete a draft plan (?version=); published plans are closed instead', params: PlanParams, querystring: VersionQuerySchema, response: { 204: NoContent, ...refusals } } }, async (req, reply) => {
    const { id } = req.params;
    const { version } = req.query;
    await tx('plan deleted', async (trx) => {
      const plan = await lockPlan(trx, id);
      checkVersion('plan', id, plan.version, version);
      const removed = await deleteDraft(trx, plan);
      await audit(trx, req.principal, req, { action: 'plan.delete', subject: id, detail: { title: plan.title, ...removed } });
    });
    return reply.status(204).send(null);
  });

  app.post(
    '/api/plans/:id/rollover',
    { ...admin, schema: { tags: ['plan-admin'], summary: "Next year's plan: a draft for the next period from a published or closed plan ({id?, title?, carryRemaining?})", params: PlanParams, body: RolloverBodySchema, response: { 201: RolloverResultSchema, ...refusals } } },
    async (req, reply) => {
      const { id } = req.params;
      const raw = body(req);
      const created = await tx('plan created', async (trx) => {
        const source = await lockPlan(trx, id);
        const out = await rollover(trx, source, raw);
        await audit(trx, req.principal, req, { action: 'plan.rollover', subject: out.id, detail: { from: id, carryRemaining: raw.carryRemaining === true, targets: out.targetCodes.length } });
        return out;
      });
      return reply.status(201).send(created);
    },
  );

  app.post('/api/plans/:id/sections', { ...admin, schema: { tags: ['plan-admin'], summary: 'Add a section ({label, title, parentId?, ordinal?})', params: PlanParams, body: SectionBodySchema, response: { 201: PlanSectionSchema, ...refusals } } }, async (req, reply) => {
    const { id } = req.params;
    const raw = body(req);
    const s = await tx('plan changed', async (trx) => {
      const s = await createSection(trx, await lockPlan(trx, id), raw);
      await audit(trx, req.principal, req, { action: 'section.create', subject: s.id, detail: { ...s } });
      return s;
    });
    return reply.status(201).send(s);
  });

  app.patch('/api/plans/:id/sections/:sectionId', { ...admin, schema: { tags: ['plan-admin'], summary: 'Rename, reorder (ordinal) or move (parentId) a section', params: SectionParams, body: PatchSectionBodySchema, response: { 200: PlanSectionSchema, ...refusals } } }, async (req) => {
    const { id, sectionId } = req.params;
    const raw = body(req);
    return tx('plan changed', async (trx) => {
      const s = await patchSection(trx, await lockPlan(trx, id), sectionId, raw);
      await audit(trx, req.principal, req, { action: 'section.update', subject: sectionId, detail: { ...raw } });
      return s;
    });
  });

  app.delete('/api/plans/:id/sections/:sectionId', { ...admin, schema: { tags: ['plan-admin'], summary: 'Remove an empty section', params: SectionParams, response: { 204: NoContent, ...refusals } } }, async (req, reply) => {
    const { id, sectionId } = req.params;
    await tx('plan changed', async (trx) => {
      await deleteSection(trx, await lockPlan(trx, id), sectionId);
      await audit(trx, req.principal, req, { action: 'section.delete', subject: sectionId, detail: { plan: id } });
    });
    return reply.status(204).send(null);
  });

  // One target by hand; import candidates go to POST /api/plans/:id/import (plan-import).
  app.post(
    '/api/plans/:id/targets',
    {
      ...admin,
      schema: {
        tags: ['plan-admin'],
        summary: 'Add one target by hand (every field; a published plan needs a reason)',
        params: PlanParams,
        body: CreateTargetBodySchema,
        response: { 201: EditableTargetSchema, ...refusals },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const raw = body(req);
      const t = await tx('target added', async (trx) => {
        const plan = await lockPlan(trx, id);
        const t = await createTarget(trx, plan, raw, who(req), now());
        await audit(trx, req.principal, req, { action: 'target.create', subject: t.code, detail: { plan: id, reason: raw.reason ?? null } });
        return t;
      });
      return reply.status(201).send(t);
    },
  );

  app.patch('/api/targets/:code', { ...admin, schema: { tags: ['plan-admin'], summary: 'Edit a target; in a published plan an adjustment (调整) with a reason, kept in its history', params: TargetParams, body: PatchTargetBodySchema, response: { 200: EditableTargetSchema, ...refusals } } }, async (req) => {
    const { code } = req.params;
    const raw = body(req);
    const version = versionOf(raw);
    return tx('target adjusted', async (trx) => {
      const out = await patchTarget(trx, code, raw, version, who(req), now());
      if (Object.keys(out.changed).length > 0) {
        await audit(trx, req.principal, req, { action: out.adjusted ? 'target.adjust' : 'target.update', subject: code, detail: { changed: out.changed, reason: raw.reason ?? null } });
      }
      return out.target;
    });
  });

  app.post('/api/targets/:code/cancel', { ...admin, schema: { tags: ['plan-admin'], summary: 'Cancel (撤销) a published target with a reason: readable, out of aggregates, refuses reports', params: TargetParams, body: CancelTargetBodySchema, response: { 200: EditableTargetSchema, ...refusals } } }, async (req) => {
    const { code } = req.params;
    const raw = body(req);
    const version = versionOf(raw);
    return tx('target cancelled', async (trx) => {
      const t = await cancelTarget(trx, code, raw, version, who(req), now());
      await audit(trx, req.principal, req, { action: 'target.cancel', subject: code, detail: { reason: t.cancelReason } });
      return t;
    });
  });

  app.delete('/api/targets/:code', { ...admin, schema: { tags: ['plan-admin'], summary: 'Remove a target of a draft (?version=)', params: TargetParams, querystring: VersionQuerySchema, response: { 204: NoContent, ...refusals } } }, async (req, reply) => {
    const { code } = req.params;
    const { version } = req.query;
    await tx('target removed', async (trx) => {
      const { plan } = await removeTarget(trx, code, version);
      await audit(trx, req.principal, req, { action: 'target.delete', subject: code, detail: { plan } });
    });
    return reply.status(204).send(null);
  });

  app.get(
    '/api/targets/:code/changes',
    { schema: { tags: ['plan-admin'], summary: "A target's adjustment history (调整), oldest first", params: TargetParams, response: { 200: TargetChangesSchema, ...errorResponses } } },
    async (req) => {
      const { code } = req.params;
      const t = await app.db.selectFrom('targets').select(['code', 'plan_id as planId', 'owner_unit as ownerUnit', 'status', 'cancel_reason']).where('code', '=', code).executeTakeFirst();
      if (!t) throw notFound(`no target with code ${code}`);
      if (!(await readScope(app.db, who(req))).target(t)) refuseUnit('target', code);
      const rows = await app.db.selectFrom('target_changes').selectAll().where('target_code', '=', code).orderBy('changed_at').orderBy('id').execute();
      return {
        target: code,
        lifecycle: t.status,
        cancelReason: t.cancel_reason,
        changes: rows.map(toTargetAdjustment),
      };
    },
  );
};
