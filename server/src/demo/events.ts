import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import { natsMsgId, progressSubject, type ProgressEvent } from '@luoshi/shared';
import type { IncomingMessage } from '../ingest/batch';
import type { DemoTarget } from './backfill';

/**
 * What the demo's history (backfill.ts) and its live feed (feed.ts) share: which targets
 * they report on and how a demo event is made and addressed. Written once here so the two
 * cannot drift (the same reporter, the same subject and message id as an outside producer).
 */

export const DEMO_REPORTER = '演示数据';
export type DemoSource = 'demo-backfill' | 'demo-feed';

export type DemoRow = DemoTarget & { plan_id: string; value: number | null };

/** The targets of these published plans, with their rollup value (null before the first report). */
export async function loadDemoTargets(db: Kysely<Database>, planIds: readonly string[]): Promise<DemoRow[]> {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('targets as t')
    .innerJoin('plans as p', 'p.id', 't.plan_id')
    .leftJoin('target_rollups as r', 'r.target_code', 't.code')
    .select([
      't.code',
      't.plan_id',
      't.owner_unit',
      't.uom',
      't.measure_kind',
      't.baseline',
      't.target_value',
      't.start_date',
      't.due_date',
      't.milestones',
      't.reporting_interval_days',
      't.ratio_numerator',
      't.ratio_denominator',
      'r.value',
    ])
    .where('p.status', '=', 'published')
    .where('t.plan_id', 'in', planIds)
    .execute();
}

type EventFields = Pick<ProgressEvent, 'id' | 'target' | 'kind' | 'value' | 'occurredAt'> &
  Partial<Pick<ProgressEvent, 'note' | 'corrects' | 'reason' | 'uom'>>;

/** A demo event as a reporter would send it, marked as demo data and with where it came from. */
export function demoEvent(source: DemoSource, fields: EventFields): ProgressEvent {
  const e: ProgressEvent = { ...fields, reporter: DEMO_REPORTER, source };
  // Absent, not undefined: the event is hashed and compared as JSON at ingest.
  for (const k of Object.keys(e) as (keyof ProgressEvent)[]) if (e[k] === undefined) delete e[k];
  return e;
}

/** The event as the owner unit's producer addresses it: subject, body and `Nats-Msg-Id`. */
export function demoMessage(ownerUnit: string, e: ProgressEvent): { subject: string; body: string; msgID: string } {
  return { subject: progressSubject(ownerUnit, e.target), body: JSON.stringify(e), msgID: natsMsgId(ownerUnit, e.id) };
}

/** The same, for writing in-process through writeBatch (the back-fill). */
export function demoIncoming(ownerUnit: string, e: ProgressEvent): IncomingMessage {
  const m = demoMessage(ownerUnit, e);
  return { subject: m.subject, data: new TextEncoder().encode(m.body), seq: null };
}
