import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler, type ValueError } from '@sinclair/typebox/compiler';
import { isYmd, parseInstant } from '../calendar/ymd';
import { CODE_PATTERN } from '../codes';
import { EVENT_KINDS } from '../domain/types';
import type { RejectCode } from '../errors';

/**
 * The one schema of a progress event: the NATS payload, the body of
 * `POST /api/events`, and what the web form sends. Producers choose the id; it is
 * the idempotency key (JetStream `Nats-Msg-Id` and the events primary key).
 */
export const EventIdSchema = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9_.:-]+$',
  description: 'Producer-chosen idempotency key, e.g. a UUID',
});

export const ProgressEventSchema = Type.Object(
  {
    id: EventIdSchema,
    target: Type.String({ pattern: CODE_PATTERN, description: 'Target code' }),
    kind: Type.Union(
      EVENT_KINDS.map((k) => Type.Literal(k)),
      { description: 'increment | reading | correction | note' },
    ),
    value: Type.Number({ description: 'Increment, absolute reading, or compensating amount' }),
    occurredAt: Type.String({
      minLength: 10,
      maxLength: 40,
      description: 'Event time, ISO 8601 with offset, e.g. 2025-03-01T09:30:00+08:00',
    }),
    reporter: Type.Optional(Type.String({ maxLength: 100 })),
    source: Type.Optional(Type.String({ maxLength: 100 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    evidence: Type.Optional(Type.String({ maxLength: 2000, description: 'Link to evidence' })),
    corrects: Type.Optional(EventIdSchema),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    uom: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 20,
        description: "Unit of measure the value is in (人, 平方米, %…); when given it must be the target's",
      }),
    ),
  },
  { additionalProperties: false },
);
export type ProgressEvent = Static<typeof ProgressEventSchema>;

/**
 * Compiled on first use, not at import: the web bundle pulls this module in beside what it
 * does use, and compiling calls `new Function`, which the app's CSP (no 'unsafe-eval') refuses.
 */
let compiled: ReturnType<typeof TypeCompiler.Compile<typeof ProgressEventSchema>> | null = null;
const checker = () => (compiled ??= TypeCompiler.Compile(ProgressEventSchema));

/** Values beyond this are typos or attacks, not progress (the largest seeded target is 3×10^5 m²). */
export const MAX_ABS_VALUE = 1e12;
/** Producers' clocks drift; an event time further ahead than this is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

// Date.parse alone accepts prose such as "yesterday at 10Z"; insist on ISO 8601 with a zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export type EventCheck = { ok: true; event: ProgressEvent } | { ok: false; code: RejectCode; message: string };

function describe(e: ValueError): string {
  const where = e.path === '' ? 'the event' : `field "${e.path.slice(1)}"`;
  return `${where}: ${e.message}`;
}

/**
 * Validates a decoded event: schema, then the rules no schema can say.
 * Pure: `now` is passed in so tests control the clock (null: the clock is checked later,
 * with `notFuture`).
 */
export function checkEvent(raw: unknown, now: Date | null): EventCheck {
  const check = checker();
  if (!check.Check(raw)) {
    const first = check.Errors(raw).First();
    return {
      ok: false,
      code: 'invalid_schema',
      message: first ? describe(first) : 'the event does not match the schema',
    };
  }
  const event = raw;
  if (!Number.isFinite(event.value) || Math.abs(event.value) > MAX_ABS_VALUE) {
    return { ok: false, code: 'invalid_value', message: `value ${event.value} is not a usable number` };
  }
  if (event.kind === 'increment' && event.value < 0) {
    return {
      ok: false,
      code: 'invalid_value',
      message: 'an increment cannot be negative; use a correction to take back a report',
    };
  }
  if (event.kind === 'correction' && !event.corrects) {
    return { ok: false, code: 'invalid_schema', message: 'a correction must name the event it corrects in "corrects"' };
  }
  if (event.kind === 'correction' && !event.reason?.trim()) {
    return { ok: false, code: 'invalid_schema', message: 'a correction must say why in "reason"' };
  }
  if (!ISO_INSTANT.test(event.occurredAt)) {
    return {
      ok: false,
      code: 'invalid_schema',
      message: `occurredAt "${event.occurredAt}" must be ISO 8601 with a time zone, e.g. 2025-03-01T09:30:00+08:00`,
    };
  }
  // parseInstant is Date.parse for a zoned instant (faster for the usual UTC form).
  const at = parseInstant(event.occurredAt);
  // Date.parse rolls 2025-02-30 over to March; a report dated so is a typo, not a date.
  if (Number.isNaN(at) || !isYmd(event.occurredAt.slice(0, 10))) {
    return { ok: false, code: 'invalid_schema', message: `occurredAt "${event.occurredAt}" is not a real date` };
  }
  return now === null ? { ok: true, event } : notFuture({ ok: true, event }, now, at);
}

/**
 * The clock's part of the check: an event dated beyond `now` (plus the allowed skew) is
 * refused. checkEvent applies it; a payload decoded without a clock (`now` null: the ingest
 * intake thread, which does not share the worker's clock — a demo date, a test's) gets it
 * here, from the worker, before it is judged.
 */
export function notFuture(check: EventCheck, now: Date, at = check.ok ? parseInstant(check.event.occurredAt) : 0): EventCheck {
  if (!check.ok || at - now.getTime() <= MAX_CLOCK_SKEW_MS) return check;
  return { ok: false, code: 'future_date', message: `occurredAt ${check.event.occurredAt} is in the future` };
}

/** Decodes bytes from the wire (NATS payload) and checks them. */
export function decodeEvent(data: Uint8Array, now: Date | null): EventCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (err) {
    return { ok: false, code: 'invalid_json', message: `payload is not JSON: ${(err as Error).message}` };
  }
  return checkEvent(raw, now);
}
