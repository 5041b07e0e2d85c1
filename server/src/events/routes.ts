import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  EventRefusalSchema,
  MAX_RECEIPT_IDS,
  ProgressEventSchema,
  PublishResponseSchema,
  ReceiptsResponseSchema,
  canReport,
  type Principal,
} from '@luoshi/shared';
import { errorResponses } from '../http/schemas';
import { audit } from '../auth/audit';
import { readerOf, who } from '../auth/access';
import { single } from '../http/query';
import { parseReceiptIds, readReceipts } from './receipts';
import { httpProducerMetrics } from '../metrics/metrics';
import { MAX_EVENTS_PER_REQUEST, publishEvents, validateEvents, type AcceptedEvent } from './service';
import { systemClock, type Clock } from '../infra/clock';

/**
 * The HTTP producer: the same event schema as NATS, one event or an array of up to 1,000.
 * All-or-nothing at the door: if any event is invalid, names an unknown target or does not
 * suit its target's measure, nothing is published and the answer names the index and field.
 * Otherwise every event is published to JetStream with a `Nats-Msg-Id` scoped to its owner
 * unit (service `doorMsgId`), and the answer (202) comes only after the stream acknowledged
 * each one. A retry with the same ids is harmless: JetStream (5-minute window) and the
 * events key (owner unit, id) store each once; the same id with other content is 409.
 */
export const eventRoutes: FastifyPluginAsyncTypebox<{ now?: Clock }> = async (app, opts) => {
  /** The future-event check runs on the app clock, as ingest's does (infra/clock.ts). */
  const now = opts.now ?? systemClock;
  app.post(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Publish progress events (one, or an array of up to 1000) to JetStream',
        description:
          'Answers 202 after the stream acknowledged every event: `accepted` lists id, stream sequence and whether the ' +
          'stream already had that id (duplicate). 400 names the first bad event by index and field, and lists all in ' +
          '`errors`; nothing is published then. 409 `id_conflict`: an id already used in the target\'s unit by an event ' +
          'with different content (ids are unique per owner unit; the same id in another unit is another event). 503 `unavailable` when NATS or the database cannot be reached: retry ' +
          'the same request, ids make it harmless.',
        body: Type.Union([ProgressEventSchema, Type.Array(ProgressEventSchema, { minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST })]),
        // 400/403/409 add `errors` (every bad event), 503 `accepted` (what the stream took before it failed).
        response: { 202: PublishResponseSchema, ...errorResponses, 400: EventRefusalSchema, 403: EventRefusalSchema, 409: EventRefusalSchema, 503: EventRefusalSchema },
      },
      // The schema above is for the docs; validation is ours, to name the index and field.
      validatorCompiler: () => () => true,
      // Staff report for their unit's targets, admins for any; leaders and screens only read.
      onRequest: app.requireRole('staff', 'admin'),
      // Per principal (token or user), not per address: an office behind one NAT shares an address.
      config: { rateLimit: { max: 600, timeWindow: '1 minute', keyGenerator: (req) => (req.principal ? `${req.principal.kind}:${req.principal.id}` : req.ip) } },
    },
    async (req, reply) => {
      const p = who(req);
      const checked = await validateEvents(app.db, req.body, now(), (owner) => canReport(p, owner));
      if (!checked.ok) {
        httpProducerMetrics.refused.inc({ code: checked.code });
        return reply.status(checked.status).send({ code: checked.code, message: checked.message, ...(checked.errors ? { errors: checked.errors } : {}) });
      }
      // Who reported is whoever authenticated, never what the body claims.
      const stamped = checked.events.map(({ event, ...rest }) => ({ ...rest, event: { ...event, reporter: p.name, source: sourceOf(p) } }));
      await audit(app.db, p, req, {
        action: 'events.publish',
        subject: stamped.length === 1 ? stamped[0]!.event.id : `${stamped.length} events`,
        detail: {
          ids: stamped.map((e) => e.event.id),
          targets: [...new Set(stamped.map((e) => e.event.target))],
          // Corrections change what was reported before: listed with what they correct.
          corrections: stamped.filter((e) => e.event.kind === 'correction').map((e) => ({ id: e.event.id, corrects: e.event.corrects ?? null })),
        },
      });
      const published = await publishEvents(app.nc, stamped);
      if (!published.ok) {
        httpProducerMetrics.refused.inc({ code: 'unavailable' });
        req.log.warn({ failed: published.failed, of: checked.events.length }, 'POST /api/events: JetStream did not acknowledge');
        return reply.status(503).send({ code: 'unavailable', message: published.message, accepted: published.accepted });
      }
      for (const a of published.accepted) httpProducerMetrics.published.inc({ duplicate: String(a.duplicate) });
      return reply.status(202).send({ accepted: published.accepted satisfies AcceptedEvent[] });
    },
  );

  app.get(
    '/api/events/receipts',
    {
      schema: {
        tags: ['events'],
        summary: 'What ingest decided for reported events: counted, rejected (with the reason) or pending',
        description:
          `The fallback for receipts missed on the live channel (\`reports:<unit>\` room). One entry per id asked, in order. ` +
          '`pending`: not decided yet, or an event of a unit you may not read. Staff, leaders and admins.',
        querystring: Type.Object({ ids: Type.String({ description: `Comma-separated event ids, at most ${MAX_RECEIPT_IDS}` }) }),
        response: { 200: ReceiptsResponseSchema, ...errorResponses },
      },
      // Checked by parseReceiptIds, which names the bad id; the schema above is for the docs.
      validatorCompiler: () => () => true,
      // Wall screens do not report and show no one's receipts.
      onRequest: app.requireRole('staff', 'leader', 'admin'),
    },
    async (req) => {
      const ids = parseReceiptIds(single(req.query, 'ids'));
      return readReceipts(app.db, ids, await readerOf(app.db, who(req)));
    },
  );
};

/** `web` for a signed-in person, `api-token:<name>` for a machine. */
export function sourceOf(p: Principal): string {
  return p.kind === 'user' ? 'web' : `api-token:${p.name}`.slice(0, 100);
}
