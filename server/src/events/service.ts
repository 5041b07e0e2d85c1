import { createHmac, randomBytes } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import {
  checkEvent,
  idConflictMessage,
  judgeSequence,
  natsMsgId,
  progressSubject,
  sameEventContent,
  sequenceKey,
  type ProgressEvent,
} from '@luoshi/shared';
import { loadRuleTargets, loadTotals, type JudgedTarget } from '../targets/rules';

export const MAX_EVENTS_PER_REQUEST = 1_000;
/** How long one publish waits for the stream's acknowledgement before the request answers 503. */
const PUBLISH_TIMEOUT_MS = 3_000;

/*
 * The door judges with the same shared rules as ingest (shared/src/rules `judgeSequence`:
 * kind, unit of measure, plan period, value bounds on the total an event leads to), so a
 * producer hears at once what ingest, the authority, would say. It reads the totals without
 * locking them (ingest judges again against locked rows). Whether a correction names a
 * stored event is ingest's alone: the event it names may still be on its way, and then
 * so is the total the correction applies to (such a correction gets the acceptance
 * checks here, the bounds at ingest).
 */

export interface EventError {
  index: number;
  id: string | null;
  code: string;
  message: string;
}

export type Validated =
  | { ok: true; events: { event: ProgressEvent; subject: string; unit: string; stored: boolean }[] }
  | { ok: false; status: 400 | 403 | 409 | 413 | 503; code: string; message: string; errors?: EventError[] };

export interface AcceptedEvent {
  id: string;
  seq: number;
  duplicate: boolean;
}

function idOf(raw: unknown): string | null {
  return raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? raw.id.slice(0, 128) : null;
}

function refuse(errors: EventError[], single: boolean): Validated {
  const first = errors[0]!;
  const where = single ? 'the event' : `events[${first.index}]${first.id ? ` (id ${first.id})` : ''}`;
  const more = errors.length > 1 ? `; ${errors.length - 1} more in "errors"` : '';
  const status = errors.some((e) => e.code === 'forbidden') ? 403 : errors.some((e) => e.code === 'id_conflict') ? 409 : 400;
  return { ok: false, status, code: first.code, message: `${where}: ${first.message}${more}. Nothing was published.`, errors };
}

/**
 * Checks every event (schema, value, date, then its target: known, and accepting this
 * kind) and finds its subject `progress.<owner unit>.<target>`. All or nothing.
 * `mayReport(ownerUnit)`, when given, refuses targets of other units (403 `forbidden`);
 * the route passes it once authentication covers it (see shared `canReport`).
 */
export async function validateEvents(
  db: Kysely<Database>,
  body: unknown,
  now: Date,
  mayReport?: (ownerUnit: string) => boolean,
): Promise<Validated> {
  const single = !Array.isArray(body);
  const list: unknown[] = Array.isArray(body) ? body : [body];
  if (body === null || body === undefined || typeof body !== 'object') {
    return { ok: false, status: 400, code: 'invalid_request', message: 'the body must be one event (a JSON object) or an array of events' };
  }
  if (list.length === 0) return { ok: false, status: 400, code: 'invalid_request', message: 'the array of events is empty' };
  if (list.length > MAX_EVENTS_PER_REQUEST) {
    return {
      ok: false,
      status: 413,
      code: 'batch_too_large',
      message: `${list.length} events in one request; send at most ${MAX_EVENTS_PER_REQUEST} per request`,
    };
  }

  const errors: EventError[] = [];
  const events: ProgressEvent[] = [];
  list.forEach((raw, index) => {
    const c = checkEvent(raw, now);
    if (c.ok) events[index] = c.event;
    else errors.push({ index, id: idOf(raw), code: c.code, message: c.message });
  });
  if (errors.length > 0) return refuse(errors, single);

  const codes = [...new Set(events.map((e) => e.target))];
  let targets: Map<string, JudgedTarget>;
  let totals: Map<string, number>;
  let stored: Map<string, ProgressEvent | StoredContent>;
  try {
    targets = await loadRuleTargets(db, codes);
    totals = await loadTotals(db, [...targets.keys()], false);
    // Ids are unique only within the target's owner unit (issue 15): read the stored events
    // of these ids and keep those of the units the request reports for.
    const units = [...new Set([...targets.values()].map((t) => t.ownerUnit))];
    const named = events.flatMap((e) => (e.kind === 'correction' && e.corrects ? [e.corrects] : []));
    const rows = units.length
      ? await db
          .selectFrom('events')
          .select(['owner_unit', 'id', 'target_code as target', 'kind', 'value', 'occurred_at as occurredAt', 'note', 'evidence', 'corrects', 'reason'])
          .where('id', 'in', [...events.map((e) => e.id), ...named])
          .where('owner_unit', 'in', units)
          .execute()
      : [];
    stored = new Map(rows.map((r) => [scoped(r.owner_unit, r.id), r]));
  } catch {
    return { ok: false, status: 503, code: 'unavailable', message: 'the database cannot be reached to look up targets; retry the same request' };
  }
  const judged: { index: number; event: ProgressEvent; target: JudgedTarget }[] = [];
  const counted = new Set<string>();
  const deferred = new Set<string>();
  // A correction of an event still in the stream (or sent earlier in this request): the
  // total it applies to is not known here; ingest judges it in full.
  const earlier = new Map<string, ProgressEvent>();
  events.forEach((event, index) => {
    const t = targets.get(event.target);
    if (!t) {
      errors.push({ index, id: event.id, code: 'unknown_target', message: `field "target": no target with code ${event.target}` });
      return;
    }
    if (mayReport && !mayReport(t.ownerUnit)) {
      errors.push({ index, id: event.id, code: 'forbidden', message: `field "target": ${event.target} belongs to unit ${t.ownerUnit}, which you may not report for` });
      return;
    }
    const key = scoped(t.ownerUnit, event.id);
    const before = stored.get(key) ?? earlier.get(key);
    if (before && !sameEventContent(before, event)) {
      errors.push({ index, id: event.id, code: 'id_conflict', message: idConflictMessage(event, t.ownerUnit) });
      return;
    }
    if (stored.has(key)) counted.add(sequenceKey(event.target, event.id));
    if (event.kind === 'correction' && event.corrects) {
      const c = scoped(t.ownerUnit, event.corrects);
      if (!stored.has(c) && !earlier.has(c)) deferred.add(sequenceKey(event.target, event.id));
    }
    if (!earlier.has(key)) earlier.set(key, event);
    judged.push({ index, event, target: t });
  });
  judgeSequence(judged, totals, counted, deferred).forEach((r, k) => {
    const j = judged[k]!;
    if (r) errors.push({ index: j.index, id: j.event.id, code: r.code, message: r.message });
  });
  if (errors.length > 0) return refuse(errors.sort((a, b) => a.index - b.index), single);
  return {
    ok: true,
    events: judged.map(({ event, target }) => ({
      event,
      subject: progressSubject(target.ownerUnit, event.target),
      unit: target.ownerUnit,
      stored: counted.has(sequenceKey(event.target, event.id)),
    })),
  };
}

/** A stored event's content, as `sameEventContent` compares it. */
interface StoredContent {
  target: string;
  kind: string;
  value: number;
  occurredAt: Date;
  note: string | null;
  evidence: string | null;
  corrects: string | null;
  reason: string | null;
}

const scoped = (unit: string, id: string): string => `${unit}\u241f${id}`;

/**
 * Key of the door's de-duplication tags: random per process, so nobody outside the server
 * can compute the `Nats-Msg-Id` the door sends and publish it first to have JetStream
 * drop the door's event (a NATS producer may set any header). Retries through another
 * instance or after a restart get another tag: JetStream keeps both, and the database key
 * (owner unit, id) stores one (the other is a duplicate receipt).
 */
const TAG_KEY = randomBytes(32);

/**
 * `Nats-Msg-Id` of an event published by the door: `<unit>:<id>:<tag>`, the tag a keyed
 * digest of its content. The same event again is the same message (de-duplicated by
 * JetStream); the same id with other content (published before the first was stored)
 * is another message, which ingest refuses as `id_conflict` rather than JetStream
 * dropping it silently; another unit's id is always another message.
 */
export function doorMsgId(unit: string, event: ProgressEvent): string {
  const content = JSON.stringify([event.target, event.kind, event.value, Date.parse(event.occurredAt), event.note ?? null, event.evidence ?? null, event.corrects ?? null, event.reason ?? null]);
  const tag = createHmac('sha256', TAG_KEY).update(unit).update('\u241f').update(event.id).update('\u241f').update(content).digest('base64url').slice(0, 22);
  return `${natsMsgId(unit, event.id)}:${tag}`;
}

export type Published =
  | { ok: true; accepted: AcceptedEvent[] }
  | { ok: false; failed: number; message: string; accepted: AcceptedEvent[] };

/** Publishes every event with msgID = `doorMsgId` (scoped to its owner unit) and waits for each PubAck. */
export async function publishEvents(
  nc: NatsConnection,
  events: { event: ProgressEvent; subject: string; unit: string; stored?: boolean }[],
): Promise<Published> {
  if (nc.isClosed()) {
    return { ok: false, failed: events.length, accepted: [], message: 'NATS is not connected; retry the same request (ids make it harmless)' };
  }
  const js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
  const results = await Promise.allSettled(
    events.map(({ event, subject, unit }) => js.publish(subject, JSON.stringify(event), { msgID: doorMsgId(unit, event), timeout: PUBLISH_TIMEOUT_MS })),
  );
  const accepted: AcceptedEvent[] = [];
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') // Duplicate: the stream had this message, or the unit already stored this event.
      accepted.push({ id: events[i]!.event.id, seq: r.value.seq, duplicate: r.value.duplicate || events[i]!.stored === true });
    else failed++;
  });
  if (failed > 0) {
    return {
      ok: false,
      failed,
      accepted,
      message: `JetStream did not acknowledge ${failed} of ${events.length} event(s) (NATS unavailable); retry the same request: events already accepted are stored once`,
    };
  }
  return { ok: true, accepted };
}
