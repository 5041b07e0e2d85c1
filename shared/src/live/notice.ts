import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CODE_PATTERN, liveSubject } from '../codes';
import { EVENT_KINDS, TARGET_STATUSES } from '../domain/types';
import type { LiveNotice } from './protocol';

/**
 * The change notice ingest publishes on `live.<plan>.<target>`, as a schema the hub checks
 * every message against before it reaches a socket. NATS permissions already keep anyone
 * but the service identity off `live.>`; this is the second wall: a misconfigured server
 * (no authorization block) or a stolen producer key still cannot paint a wall screen with
 * an impossible value or a version that would make clients ignore real updates.
 *
 * Bounds are "implausible", not business rules: a version grows by one per committed batch
 * touching the target (a billion is centuries of batches at a few per second); no target
 * value in a 街道 plan comes near 10^15.
 */
const MAX_VERSION = 1_000_000_000;
const MAX_ABS_VALUE = 1e15;

const Code = Type.String({ pattern: CODE_PATTERN });
const Value = Type.Number({ minimum: -MAX_ABS_VALUE, maximum: MAX_ABS_VALUE });
const IsoTime = Type.String({ minLength: 10, maxLength: 40 });
const NullableStr = (max: number) => Type.Union([Type.Null(), Type.String({ maxLength: max })]);

const NoticeUpdateSchema = Type.Object({
  target: Code,
  planId: Code,
  ownerUnit: Code,
  value: Value,
  pct: Type.Union([Type.Null(), Value]),
  // Always present since the read model computes it after commit (issue 14).
  status: Type.Union(TARGET_STATUSES.map((s) => Type.Literal(s))),
  forecastDate: Type.Union([Type.Null(), Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })]),
  lastOccurredAt: Type.Union([Type.Null(), IsoTime]),
  version: Type.Integer({ minimum: 0, maximum: MAX_VERSION }),
});

const NoticeActivitySchema = Type.Object({
  eventId: Type.String({ minLength: 1, maxLength: 256 }),
  planId: Code,
  target: Code,
  // Generous: these bound implausible text, the stored rows' own limits are tighter.
  targetTitle: Type.String({ maxLength: 4000 }),
  uom: Type.String({ maxLength: 64 }),
  ownerUnit: Code,
  kind: Type.Union(EVENT_KINDS.map((k) => Type.Literal(k))),
  value: Value,
  occurredAt: IsoTime,
  receivedAt: IsoTime,
  reporter: NullableStr(500),
  source: NullableStr(500),
  note: NullableStr(4000),
  corrects: NullableStr(256),
});

export const LiveNoticeSchema = Type.Object({
  update: NoticeUpdateSchema,
  /** At most one batch's lines for one target. */
  activity: Type.Array(NoticeActivitySchema, { maxItems: 10_000 }),
});

const compiled = TypeCompiler.Compile(LiveNoticeSchema);

export type LiveNoticeCheck = { ok: true; notice: LiveNotice } | { ok: false; reason: 'malformed' | 'subject_mismatch' | 'foreign_activity' };

/**
 * Whether a message on `subject` is a plausible notice. `reason` feeds the dropped-notice
 * metric: `malformed` (not the schema, or out of bounds), `subject_mismatch` (the subject
 * names another plan or target), `foreign_activity` (feed lines of another target).
 */
export function checkLiveNotice(payload: unknown, subject: string): LiveNoticeCheck {
  if (!compiled.Check(payload)) return { ok: false, reason: 'malformed' };
  const n = payload as Static<typeof LiveNoticeSchema>;
  if (subject !== liveSubject(n.update.planId, n.update.target)) return { ok: false, reason: 'subject_mismatch' };
  if (n.activity.some((a) => a.target !== n.update.target || a.planId !== n.update.planId)) return { ok: false, reason: 'foreign_activity' };
  return { ok: true, notice: n };
}
