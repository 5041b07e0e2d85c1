import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CADENCES, CODE_PATTERN, MAX_DUE_WORKING_DAYS, PlanSupervisionSchema, TargetCadenceSchema } from '@luoshi/shared';
import { audit } from '../auth/audit';
import { notFound } from '../http/errors';
import { errorResponses, strictSchemas } from '../http/schemas';

const Cadence = Type.Union(CADENCES.map((c) => Type.Literal(c)));
const Days = (max: number, min = 0) => Type.Integer({ minimum: min, maximum: max });

/** Admins set a plan's reporting rules and a target's own cadence (issue 17; cancelling is plan-admin's). Audited. */
export const supervisionSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/api/plans/:id/supervision',
    {
      preHandler: app.requireRole('admin'),
      // Judged strictly: an extra field (cancelledOn …) is refused with 400, not silently
      // dropped as Fastify's default Ajv (removeAdditional) would; nothing is coerced.
      validatorCompiler: strictSchemas,
      schema: {
        tags: ['supervision'],
        summary: "A plan's reporting rules: default cadence, due rule and reminder/escalation lead times in working days (admins)",
        params: Type.Object({ id: Type.String({ pattern: CODE_PATTERN }) }),
        body: Type.Object(
          {
            defaultCadence: Cadence,
            dueWorkingDays: Days(MAX_DUE_WORKING_DAYS),
            remindBeforeDays: Days(20),
            escalateAfterDays: Days(60, 1),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanSupervisionSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { id } = req.params;
      const b = req.body;
      const done = await app.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('plans')
          .set({ default_cadence: b.defaultCadence, due_working_days: b.dueWorkingDays, remind_before_days: b.remindBeforeDays, escalate_after_days: b.escalateAfterDays })
          .where('id', '=', id)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await audit(trx, req.principal, req, { action: 'plan.supervision', subject: id, detail: b });
        return true;
      });
      if (!done) throw notFound(`no plan with id ${id}`);
      return { planId: id, ...b };
    },
  );

  app.put(
    '/api/targets/:code/cadence',
    {
      preHandler: app.requireRole('admin'),
      // Judged strictly: an extra field (cancelledOn …) is refused with 400, not silently
      // dropped as Fastify's default Ajv (removeAdditional) would; nothing is coerced.
      validatorCompiler: strictSchemas,
      schema: {
        tags: ['supervision'],
        summary: "A target's own cadence (null: the plan's default) (admins); cancelling is POST /api/targets/:code/cancel",
        params: Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) }),
        body: Type.Object(
          // Null first: with type coercion, a String branch tried first would turn null into "".
          { cadence: Type.Union([Type.Null(), Cadence]) },
          { additionalProperties: false },
        ),
        response: { 200: TargetCadenceSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const b = req.body;
      const done = await app.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('targets')
          .set({ cadence: b.cadence })
          .where('code', '=', code)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await audit(trx, req.principal, req, { action: 'target.cadence', subject: code, detail: b });
        return true;
      });
      if (!done) throw notFound(`no target with code ${code}`);
      return { target: code, cadence: b.cadence };
    },
  );
};
