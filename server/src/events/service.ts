import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { ABSURD_FACTOR, acceptsKind, lifecycleProblem, chinaDate, checkEvent, progressSubject, valueProblem, type MeasureKind, type ProgressEvent, type ReportProblem } from '@luoshi/shared';

export const MAX_EVENTS_PER_REQUEST = 1_000;
/** How long one publish waits for the stream's acknowledgement before the request answers 503. */
const PUBLISH_TIMEOUT_MS = 3_000;

/*
 * The target checks here mirror ingest/batch.ts (kind — the shared ACCEPTS table —, unit of
 * measure, plan period), which stays the authority: ingest re-checks everything. Refusing
 * here tells an HTTP producer at once. Corrections are checked at ingest only (the event
 * they name may still be on its way through the stream).
 */

/**
 * The sentence for a shared `valueProblem` (the web form shows the same problems in Chinese):
 * names the limit, so a script author sees which number was refused and why.
 */
export function valueProblemMessage(p: ReportProblem, value: number, target: string): string {
  switch (p.code) {
    case 'value_negative':
      return `field "value": ${value} is negative; reports on target ${target} are not negative (take back a report with a correction)`;
    case 'percent_over_100':
      return `field "value": ${value} is over 100; target ${target} is measured in %`;
    case 'value_too_large': {
      const uom = p.params?.uom ? ` ${String(p.params.uom)}` : '';
      return `field "value": ${value} is over the limit of ${String(p.params?.limit)}${uom} for one report on target ${target} (${ABSURD_FACTOR} times the whole commitment); most likely a typo`;
    }
    default:
      return `field "value": ${value} is not a usable value for target ${target}`;
  }
}

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
  let targets: Map<string, { owner_unit: string; plan_id: string; plan_status: string; status: string; measure_kind: string; uom: string; baseline: number; target_value: number; period_start: string; period_end: string }>;
  try {
    const rows = await db
      .selectFrom('targets as t')
      .innerJoin('plans as p', 'p.id', 't.plan_id')
      .select(['t.code', 't.owner_unit', 't.plan_id', 'p.status as plan_status', 't.status', 't.measure_kind', 't.uom', 't.baseline', 't.target_value', 'p.period_start', 'p.period_end'])
      .where('t.code', 'in', codes)
      .execute();
    targets = new Map(rows.map((r) => [r.code, r]));
  } catch {
    return { ok: false, status: 503, code: 'unavailable', message: 'the database cannot be reached to look up targets; retry the same request' };
  }
  const out: { event: ProgressEvent; subject: string }[] = [];
  events.forEach((event, index) => {
    const t = targets.get(event.target);
    // Draft, closed plan or cancelled target (shared rule, issue 16).
    const closed = t && lifecycleProblem({ target: event.target, plan: t.plan_id, planStatus: t.plan_status, targetStatus: t.status });
    if (!t) {
      errors.push({ index, id: event.id, code: 'unknown_target', message: `field "target": no target with code ${event.target}` });
    } else if (mayReport && !mayReport(t.owner_unit)) {
      errors.push({ index, id: event.id, code: 'forbidden', message: `field "target": ${event.target} belongs to unit ${t.owner_unit}, which you may not report for` });
    } else if (closed) {
      errors.push({ index, id: event.id, code: closed.code, message: `field "target": ${closed.message}` });
    } else if (!acceptsKind(t.measure_kind, event.kind)) {
      errors.push({
        index,
        id: event.id,
        code: 'kind_mismatch',
        message: `field "kind": a ${event.kind} event does not apply to ${t.measure_kind} target ${event.target}`,
      });
    } else if (event.uom !== undefined && event.uom.trim() !== t.uom) {
      errors.push({ index, id: event.id, code: 'uom_mismatch', message: `field "uom": target ${event.target} is measured in ${t.uom}, not ${event.uom}` });
    } else if (!inPeriod(event.occurredAt, t.period_start, t.period_end)) {
      errors.push({
        index,
        id: event.id,
        code: 'out_of_period',
        message: `field "occurredAt": ${event.occurredAt} is outside the plan period ${t.period_start}..${t.period_end} (China dates)`,
      });
    } else {
      // What the report form refuses, a script cannot send either (an extra zero, a
      // negative reading, 130%). Not corrections: the door cannot know the value in force.
      const problem =
        event.kind === 'increment' || event.kind === 'reading'
          ? valueProblem({ measureKind: t.measure_kind as MeasureKind, uom: t.uom, baseline: t.baseline, targetValue: t.target_value }, event.kind, event.value)
          : null;
      if (problem) errors.push({ index, id: event.id, code: 'invalid_value', message: valueProblemMessage(problem, event.value, event.target) });
      else out.push({ event, subject: progressSubject(t.owner_unit, event.target) });
    }
  });
  if (errors.length > 0) return refuse(errors, single);
  return { ok: true, events: out };
}

function inPeriod(occurredAt: string, start: string, end: string): boolean {
  const day = chinaDate(occurredAt);
  return day !== null && day >= start && day <= end;
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
