import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@luoshi/db';

/**
 * Outbound webhooks per unit, for a 政务微信/钉钉 bot or an SMS gateway to relay reminders.
 * A delivery row is written in the same transaction as the reminder (so none is lost, and
 * none is sent for a reminder that was rolled back); a sender loop posts pending rows
 * outside any request: a slow or failing receiver never blocks a report or a reminder.
 *
 * Request: POST, JSON body, headers
 *   x-luoshi-signature: sha256=<hex HMAC-SHA256 of the exact body bytes with the unit's secret>
 *   x-luoshi-delivery: <delivery id> (the same on every retry: receivers de-duplicate by it)
 * A 2xx answer delivers it; anything else (or no answer within 5 s) is retried with
 * exponential backoff (base × 2^(attempt−1), capped at 1 h) up to WEBHOOK_MAX_ATTEMPTS,
 * then marked failed. Every attempt's status and error are kept on the row.
 */
export const WEBHOOK_MAX_ATTEMPTS = 6;
export const SIGNATURE_HEADER = 'x-luoshi-signature';
export const DELIVERY_HEADER = 'x-luoshi-delivery';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

type Db = Kysely<Database> | Transaction<Database>;

export async function enqueueWebhook(db: Db, unit: string, payload: unknown, reminderId: string | null): Promise<void> {
  const hook = await db.selectFrom('unit_webhooks').select(['url']).where('unit_code', '=', unit).where('enabled', '=', true).executeTakeFirst();
  if (!hook) return;
  await db.insertInto('webhook_deliveries').values({ unit_code: unit, reminder_id: reminderId, url: hook.url, body: JSON.stringify({ unit, ...(payload as object) }) }).execute();
}

export interface WebhookOptions {
  /** First retry delay in ms (default 30 s); tests shorten it. */
  backoffMs: number;
  timeoutMs: number;
}

const DEFAULTS: WebhookOptions = { backoffMs: 30_000, timeoutMs: 5_000 };
// Keyed by the HTTP server: one per Fastify instance, whichever plugin context asks.
const options = new WeakMap<object, WebhookOptions>();
const running = new WeakMap<object, Promise<void>>();

export function configureWebhooks(app: FastifyInstance, o: Partial<WebhookOptions>): void {
  options.set(app.server, { ...DEFAULTS, ...o });
}

/** Sends what is due now, without waiting; one pass at a time per instance. */
export function kickWebhooks(app: FastifyInstance): void {
  if (running.has(app.server)) return;
  const p = deliverDue(app)
    .then(() => undefined)
    .catch((e: unknown) => app.log.warn({ err: e }, 'webhook pass failed; the next one retries'))
    .finally(() => running.delete(app.server));
  running.set(app.server, p);
}

/**
 * Claims due rows with FOR UPDATE SKIP LOCKED (so instances never post the same attempt
 * twice at once), posts each, and records the outcome.
 */
export async function deliverDue(app: FastifyInstance): Promise<number> {
  const o = options.get(app.server) ?? DEFAULTS;
  let sent = 0;
  for (;;) {
    const done = await app.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('webhook_deliveries as d')
        .innerJoin('unit_webhooks as w', 'w.unit_code', 'd.unit_code')
        .select(['d.id', 'd.url', 'd.body', 'd.attempts', 'w.secret'])
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('d.next_attempt_at')
        .limit(1)
        .forUpdate('d')
        .skipLocked()
        .executeTakeFirst();
      if (!row) return false;
      const attempt = row.attempts + 1;
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(row.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(row.secret, row.body), [DELIVERY_HEADER]: String(row.id) },
          body: row.body,
          signal: AbortSignal.timeout(o.timeoutMs),
          redirect: 'manual',
        });
        status = res.status;
        await res.body?.cancel();
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300);
      }
      const delivered = error === null;
      const failed = !delivered && attempt >= WEBHOOK_MAX_ATTEMPTS;
      const delay = Math.min(3_600_000, o.backoffMs * 2 ** (attempt - 1));
      await trx
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          last_status: status,
          last_error: error,
          status: delivered ? 'delivered' : failed ? 'failed' : 'pending',
          delivered_at: delivered ? new Date() : null,
          next_attempt_at: new Date(Date.now() + (delivered || failed ? 0 : delay)),
        })
        .where('id', '=', row.id)
        .execute();
      return true;
    });
    if (!done) return sent;
    sent++;
  }
}
