import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { checkEvent, judgeSequence, progressSubject, type ProgressEvent } from '@luoshi/shared';
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
  | { ok: true; events: { event: ProgressEvent; subject: string }[] }
  | { ok: false; status: 400 | 403 | 413 | 503; code: string; message: string; errors?: EventError[] };

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
  const status = errors.some((e) => e.code === 'forbidden') ? 403 : 400;
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
  let counted: Set<string>;
  let deferred: Set<string>;
  try {
    targets = await loadRuleTargets(db, codes);
    totals = await loadTotals(db, [...targets.keys()], false);
    const named = events.flatMap((e) => (e.kind === 'correction' && e.corrects ? [e.corrects] : []));
    const stored = await db.selectFrom('events').select('id').where('id', 'in', [...events.map((e) => e.id), ...named]).execute();
    const storedIds = new Set(stored.map((r) => r.id));
    counted = new Set(events.map((e) => e.id).filter((id) => storedIds.has(id)));
    // A correction of an event still in the stream (or sent earlier in this request): the
    // total it applies to is not known here; ingest judges it in full.
    const earlier = new Set<string>();
    deferred = new Set();
    for (const e of events) {
      if (e.kind === 'correction' && e.corrects && !storedIds.has(e.corrects) && !earlier.has(e.corrects)) deferred.add(e.id);
      earlier.add(e.id);
    }
  } catch {
    return { ok: false, status: 503, code: 'unavailable', message: 'the database cannot be reached to look up targets; retry the same request' };
  }
  const judged: { index: number; event: ProgressEvent; target: JudgedTarget }[] = [];
  events.forEach((event, index) => {
    const t = targets.get(event.target);
    if (!t) {
      errors.push({ index, id: event.id, code: 'unknown_target', message: `field "target": no target with code ${event.target}` });
    } else if (mayReport && !mayReport(t.ownerUnit)) {
      errors.push({ index, id: event.id, code: 'forbidden', message: `field "target": ${event.target} belongs to unit ${t.ownerUnit}, which you may not report for` });
    } else judged.push({ index, event, target: t });
  });
  judgeSequence(judged, totals, counted, deferred).forEach((r, k) => {
    const j = judged[k]!;
    if (r) errors.push({ index: j.index, id: j.event.id, code: r.code, message: r.message });
  });
  if (errors.length > 0) return refuse(errors.sort((a, b) => a.index - b.index), single);
  return { ok: true, events: judged.map(({ event, target }) => ({ event, subject: progressSubject(target.ownerUnit, event.target) })) };
}

export type Published =
  | { ok: true; accepted: AcceptedEvent[] }
  | { ok: false; failed: number; message: string; accepted: AcceptedEvent[] };

/** Publishes every event with msgID = id and waits for each PubAck. */
export async function publishEvents(nc: NatsConnection, events: { event: ProgressEvent; subject: string }[]): Promise<Published> {
  if (nc.isClosed()) {
    return { ok: false, failed: events.length, accepted: [], message: 'NATS is not connected; retry the same request (ids make it harmless)' };
  }
  const js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
  const results = await Promise.allSettled(
    events.map(({ event, subject }) => js.publish(subject, JSON.stringify(event), { msgID: event.id, timeout: PUBLISH_TIMEOUT_MS })),
  );
  const accepted: AcceptedEvent[] = [];
  let failed = 0;
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') accepted.push({ id: events[i]!.event.id, seq: r.value.seq, duplicate: r.value.duplicate });
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
