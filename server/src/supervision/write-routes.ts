import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CODE_PATTERN,
  InboxResponseSchema,
  InstructionListSchema,
  InstructionSchema,
  ReminderResultSchema,
  TimelineResponseSchema,
  UnreadCountSchema,
  type NotificationItem,
  type TimelineEntry,
} from '@luoshi/shared';
import { readScope, refuseUnit, who } from '../auth/access';
import { audit } from '../auth/audit';
import { forbidden } from '../auth/plugin';
import { HttpError, notFound } from '../http/errors';
import { errorResponses } from '../http/schemas';
import type { ReadRouteOptions } from '../targets/routes';
import { chinaToday } from '../targets/state';
import { unitSubtree } from '../units/repository';
import { loadInstructions } from './instructions';
import { activeStaff, announce, insertNotifications, unreadCounts } from './notify';
import { newId, sendReminder, toReminder } from './reminders';
import { resolveSubject } from './subject';

const Code = Type.String({ pattern: CODE_PATTERN });
/** Text a person typed: trimmed, not blank. */
const text = (v: string, field: string, max: number): string => {
  const t = v.trim();
  if (t === '') throw new HttpError(400, 'invalid_request', `"${field}" must not be blank`);
  if (t.length > max) throw new HttpError(400, 'invalid_request', `"${field}" must be at most ${max} characters`);
  return t;
};

/** Only signed-in people have an inbox (tokens and screens do not). */
function userOnly(p: ReturnType<typeof who>): string {
  if (p.kind !== 'user') throw forbidden('only signed-in people have a notification inbox');
  return p.id;
}

/**
 * Issue 17: 催办 (reminders), 批示 and 办理回复 (instructions and replies), the notification
 * inbox and the target's timeline. Every write is audited in its own transaction.
 */
export const supervisionWriteRoutes: FastifyPluginAsyncTypebox<ReadRouteOptions> = async (app, opts) => {
  const now = opts.now ?? (() => new Date());
  const writeLimit = { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (req: { principal: { id: string } | null; ip: string }) => req.principal?.id ?? req.ip } };

  app.post(
    '/api/reminders',
    {
      config: writeLimit,
      schema: {
        tags: ['supervision'],
        summary: '催办: remind a target\'s owner unit, or a unit about its owed reports (leaders of a unit above it, admins)',
        body: Type.Object(
          { target: Type.Optional(Code), unit: Type.Optional(Code), message: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 201: ReminderResultSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { body } = req;
      const subject = await resolveSubject(app.db, req, body);
      // Nobody is chased for a cancelled target (docs/decisions.md, "Owed after cancellation").
      if (subject.target?.lifecycle === 'cancelled') {
        throw new HttpError(409, 'target_cancelled', `target ${subject.target.code} was cancelled (撤销): it owes no reports, so there is nothing to remind anyone of`);
      }
      const message = body.message === undefined || body.message.trim() === '' ? null : text(body.message, 'message', 500);
      const sent = await sendReminder(app, {
        kind: 'manual',
        target: subject.target,
        unit: subject.unit,
        cycleDue: null,
        message,
        sender: who(req),
        ip: req.ip,
      });
      // A manual reminder has no uniqueness key: it is always stored.
      const { reminder, recipients } = sent!;
      reply.status(201);
      return {
        reminder,
        warning:
          recipients === 0
            ? { code: 'no_active_staff' as const, message: `${subject.unit} has no active staff account: nobody received this reminder (it is stored and shown on the timeline)` }
            : null,
      };
    },
  );

  app.post(
    '/api/instructions',
    {
      config: writeLimit,
      schema: {
        tags: ['supervision'],
        summary: '批示: an instruction on a target or a unit (leaders of a unit above it, admins); the unit\'s staff are notified',
        body: Type.Object({ target: Type.Optional(Code), unit: Type.Optional(Code), body: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 201: InstructionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const input = req.body;
      const subject = await resolveSubject(app.db, req, input);
      const body = text(input.body, 'body', 2000);
      const p = who(req);
      const id = newId('in');
      const items = await app.db.transaction().execute(async (trx) => {
        await trx.insertInto('instructions').values({ id, target_code: subject.target?.code ?? null, unit_code: subject.unit, body, author_id: p.id, author_name: p.name }).execute();
        const staff = await activeStaff(trx, subject.unit);
        const about = subject.target ? `${subject.target.code} ${subject.target.title}` : subject.unit;
        const n = await insertNotifications(trx, staff, { kind: 'instruction', target: subject.target?.code ?? null, unit: subject.unit, instructionId: id, title: `批示：${about}`, body });
        await audit(trx, p, req, { action: 'instruction.create', subject: subject.target?.code ?? subject.unit, detail: { instruction: id, unit: subject.unit, recipients: n.size } });
        return n;
      });
      await announce(app, new Map<string, NotificationItem | null>(items), subject.target?.code ?? null);
      reply.status(201);
      return (await loadInstructions(app.db, { ids: [id] }, chinaToday(now())))[0]!;
    },
  );

  app.get(
    '/api/instructions',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Instructions with their replies and age: staff their unit\'s, leaders their subtree\'s, admins all; filter by unit (and below), target, open',
        querystring: Type.Object({ unit: Type.Optional(Code), target: Type.Optional(Code), open: Type.Optional(Type.Boolean()) }),
        response: { 200: InstructionListSchema, ...errorResponses },
      },
    },
    async (req) => {
      const p = who(req);
      if (p.role === 'screen') throw forbidden('screens do not read instructions');
      const q = req.query;
      const scope = await readScope(app.db, p);
      const root = q.unit ?? (p.role === 'admin' ? undefined : p.unitCode ?? '');
      let units: string[] | undefined;
      if (root !== undefined) {
        const sub = await unitSubtree(app.db, root);
        if (sub.length === 0) throw notFound(`no unit with code ${root}`);
        if (!scope.unit(root)) refuseUnit('unit', root);
        units = sub.map((u) => u.code);
      }
      if (q.target !== undefined) {
        const t = await app.db.selectFrom('targets').select(['plan_id as planId', 'owner_unit as ownerUnit']).where('code', '=', q.target).executeTakeFirst();
        if (!t) throw notFound(`no target with code ${q.target}`);
        if (!scope.target(t)) refuseUnit('target', q.target);
      }
      return loadInstructions(app.db, { units, target: q.target, open: q.open }, chinaToday(now()));
    },
  );

  app.post(
    '/api/instructions/:id/replies',
    {
      config: writeLimit,
      schema: {
        tags: ['supervision'],
        summary: '办理回复: the owner unit\'s staff (or an admin) reply with what was done, optionally marking the instruction handled',
        params: Type.Object({ id: Type.String({ pattern: '^in_[A-Za-z0-9_-]{1,40}$' }) }),
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 2000 }), handled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 201: InstructionSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      const input = req.body;
      const p = who(req);
      const ins = await app.db.selectFrom('instructions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!ins) throw notFound(`no instruction with id ${id}`);
      if (!(p.role === 'admin' || (p.role === 'staff' && p.unitCode === ins.unit_code))) {
        // Readers outside the unit learn nothing more than a 403 names.
        throw forbidden(`only ${ins.unit_code}'s staff (or an admin) reply to this instruction`);
      }
      if (ins.handled_at !== null && input.handled === true) throw new HttpError(409, 'already_handled', `instruction ${id} was already marked handled`);
      const body = text(input.body, 'body', 2000);
      const items = await app.db.transaction().execute(async (trx) => {
        await trx.insertInto('instruction_replies').values({ instruction_id: id, body, marks_handled: input.handled === true, author_id: p.id, author_name: p.name }).execute();
        if (input.handled === true) await trx.updateTable('instructions').set({ handled_at: new Date(), handled_by: p.name }).where('id', '=', id).execute();
        const author = await trx.selectFrom('users').select('id').where('id', '=', ins.author_id).where('disabled_at', 'is', null).execute();
        const n = await insertNotifications(trx, author.map((a) => a.id), {
          kind: 'reply',
          target: ins.target_code,
          unit: ins.unit_code,
          instructionId: id,
          title: `${input.handled === true ? '已办结' : '办理回复'}：${ins.body.slice(0, 40)}`,
          body,
        });
        await audit(trx, p, req, { action: input.handled === true ? 'instruction.handled' : 'instruction.reply', subject: id, detail: { unit: ins.unit_code, target: ins.target_code } });
        return n;
      });
      await announce(app, new Map<string, NotificationItem | null>(items), ins.target_code);
      reply.status(201);
      return (await loadInstructions(app.db, { ids: [id] }, chinaToday(now())))[0]!;
    },
  );

  app.get(
    '/api/me/notifications',
    {
      schema: {
        tags: ['supervision'],
        summary: 'My notification inbox, newest first, with the unread count',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: InboxResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const userId = userOnly(who(req));
      const limit = req.query.limit ?? 50; // the schema checked and coerced it
      const [rows, unread] = await Promise.all([
        app.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(limit).execute(),
        unreadCounts(app.db, [userId]),
      ]);
      return {
        unread: unread.get(userId) ?? 0,
        items: rows.map((r) => ({
          id: Number(r.id),
          kind: r.kind as NotificationItem['kind'],
          target: r.target_code,
          unit: r.unit_code,
          title: r.title,
          body: r.body,
          createdAt: new Date(r.created_at).toISOString(),
          readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
        })),
      };
    },
  );

  app.post(
    '/api/me/notifications/read',
    {
      schema: {
        tags: ['supervision'],
        summary: 'Marks my notifications read: the given ids, or all when ids is absent',
        // Ids past 2^53 are not ids this server gave out (and would overflow bigint): refused, not a 500.
        body: Type.Object({ ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { maxItems: 500 })) }, { additionalProperties: false }),
        response: { 200: UnreadCountSchema, ...errorResponses },
      },
    },
    async (req) => {
      const userId = userOnly(who(req));
      const { ids } = req.body ?? {};
      // Another user's ids match nothing: the user_id condition scopes every update.
      await app.db
        .updateTable('notifications')
        .set({ read_at: new Date() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .$if(ids !== undefined, (q) => q.where('id', 'in', ids!.length ? ids! : [0]))
        .execute();
      const unread = (await unreadCounts(app.db, [userId])).get(userId) ?? 0;
      await announce(app, new Map([[userId, null]]), null);
      return { unread };
    },
  );

  app.get(
    '/api/targets/:code/timeline',
    {
      schema: {
        tags: ['supervision'],
        summary: "One target's timeline, newest first: reports, reminders, instructions and replies",
        params: Type.Object({ code: Code }),
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }),
        response: { 200: TimelineResponseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { code } = req.params;
      const p = who(req);
      if (p.role === 'screen') throw forbidden('screens do not read timelines (they name people)');
      const t = await app.db.selectFrom('targets').select(['plan_id as planId', 'owner_unit as ownerUnit']).where('code', '=', code).executeTakeFirst();
      if (!t) throw notFound(`no target with code ${code}`);
      if (!(await readScope(app.db, p)).target(t)) refuseUnit('target', code);
      const limit = req.query.limit ?? 200;
      const [events, reminders, instructions] = await Promise.all([
        app.db.selectFrom('events').select(['id', 'kind', 'value', 'received_at', 'reporter', 'note']).where('target_code', '=', code).orderBy('received_at', 'desc').limit(limit).execute(),
        app.db.selectFrom('reminders').selectAll().where('target_code', '=', code).orderBy('created_at', 'desc').limit(limit).execute(),
        loadInstructions(app.db, { target: code }, chinaToday(now())),
      ]);
      const entries: TimelineEntry[] = [
        ...events.map((e): TimelineEntry => ({ kind: 'report', at: new Date(e.received_at).toISOString(), id: e.id, detail: { eventKind: e.kind, value: Number(e.value), reporter: e.reporter, note: e.note } })),
        ...reminders.map((r): TimelineEntry => ({ kind: 'reminder', at: new Date(r.created_at).toISOString(), id: r.id, detail: toReminder(r) })),
        ...instructions.flatMap(({ replies, ...i }): TimelineEntry[] => [
          { kind: 'instruction', at: i.createdAt, id: i.id, detail: i },
          ...replies.map((r): TimelineEntry => ({ kind: 'reply', at: r.createdAt, id: String(r.id), detail: { ...r, instruction: i.id } })),
        ]),
      ];
      entries.sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : a.id < b.id ? 1 : -1));
      return { target: code, entries: entries.slice(0, limit) };
    },
  );
};
