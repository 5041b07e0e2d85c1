import type { ProgressEvent } from './schema';

/**
 * Event identity (issue 15): an event id is unique only within its owner unit (the owner of
 * its target), so one unit's ids never swallow another's events. Within a unit, the same
 * id again with the same content is a harmless duplicate (a retry, the same file uploaded
 * twice); the same id with different content is an `id_conflict`, never a silent duplicate.
 * The door and ingest both decide "same content" here.
 */

/** What an event says, as the fields that make it the same report (who sent it and how are not). */
export interface EventContent {
  target: string;
  kind: string;
  value: number | string;
  occurredAt: string | Date;
  note?: string | null;
  evidence?: string | null;
  corrects?: string | null;
  reason?: string | null;
}

function instant(at: string | Date): number {
  return at instanceof Date ? at.getTime() : Date.parse(at);
}

/** True when two events with one id say the same thing (value compared as a number, time as an instant). */
export function sameEventContent(a: EventContent, b: EventContent): boolean {
  return (
    a.target === b.target &&
    a.kind === b.kind &&
    Number(a.value) === Number(b.value) &&
    instant(a.occurredAt) === instant(b.occurredAt) &&
    (a.note ?? null) === (b.note ?? null) &&
    (a.evidence ?? null) === (b.evidence ?? null) &&
    (a.corrects ?? null) === (b.corrects ?? null) &&
    (a.reason ?? null) === (b.reason ?? null)
  );
}

/** The message of an `id_conflict`, naming the id (and nothing of any other unit). */
export function idConflictMessage(e: Pick<ProgressEvent, 'id'>, unit: string): string {
  return `event id ${e.id} is already used in unit ${unit} by an event with different content; send a new id (the same id is only for resending the same report)`;
}

/**
 * The JetStream de-duplication key a NATS producer sends (`Nats-Msg-Id`): the owner unit,
 * then the event id, so that the same id in two units are two messages.
 */
export function natsMsgId(unit: string, id: string): string {
  return `${unit}:${id}`;
}
