import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CODE_PATTERN, UnitWebhookSchema, WebhookDeliverySchema } from '@luoshi/shared';
import { audit } from '../auth/audit';
import { HttpError, notFound } from '../http/errors';
import { errorResponses } from '../http/schemas';

/** Admins configure a unit's webhook and read its delivery log (the secret is never read back). */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Params = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });

  app.put(
    '/api/units/:code/webhook',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['supervision'],
        summary: "Sets a unit's outbound webhook (admins): reminders for the unit are POSTed there, signed with HMAC-SHA256",
        params: Params,
        body: Type.Object(
          { url: Type.String({ maxLength: 500 }), secret: Type.String({ minLength: 16, maxLength: 200 }), enabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        response: { 200: UnitWebhookSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const { body } = req;
      let url: URL;
      try {
        url = new URL(body.url);
      } catch {
        throw new HttpError(400, 'invalid_url', '"url" must be an absolute http(s) URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpError(400, 'invalid_url', '"url" must use http or https');
      if (url.username || url.password) throw new HttpError(400, 'invalid_url', '"url" must not carry credentials; the signature authenticates the sender');
      const unit = await app.db.selectFrom('units').select('code').where('code', '=', code).executeTakeFirst();
      if (!unit) throw notFound(`no unit with code ${code}`);
      await app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('unit_webhooks')
          .values({ unit_code: code, url: url.toString(), secret: body.secret, enabled: body.enabled ?? true })
          .onConflict((oc) => oc.column('unit_code').doUpdateSet({ url: url.toString(), secret: body.secret, enabled: body.enabled ?? true, updated_at: new Date() }))
          .execute();
        await audit(trx, req.principal, req, { action: 'webhook.set', subject: code, detail: { url: url.toString(), enabled: body.enabled ?? true } });
      });
      return { unit: code, url: url.toString(), enabled: body.enabled ?? true };
    },
  );

  app.get(
    '/api/units/:code/webhook/deliveries',
    {
      preHandler: app.requireRole('admin'),
      schema: { tags: ['supervision'], summary: "A unit's webhook delivery log, newest first (admins)", params: Params, response: { 200: Type.Array(WebhookDeliverySchema), ...errorResponses } },
    },
    async (req) => {
      const { code } = req.params;
      const rows = await app.db
        .selectFrom('webhook_deliveries')
        .select(['id', 'reminder_id', 'url', 'status', 'attempts', 'last_status', 'last_error', 'next_attempt_at', 'created_at', 'delivered_at'])
        .where('unit_code', '=', code)
        .orderBy('id', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        reminder: r.reminder_id,
        url: r.url,
        status: r.status,
        attempts: r.attempts,
        lastStatus: r.last_status,
        lastError: r.last_error,
        nextAttemptAt: r.status === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
        createdAt: new Date(r.created_at).toISOString(),
        deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
      }));
    },
  );
};
