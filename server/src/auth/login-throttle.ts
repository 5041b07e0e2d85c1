import { sql, type Kysely } from 'kysely';
import type { Database } from '@luoshi/db';

/**
 * Sign-in limits (issue 9 item 5, kept in PostgreSQL since issue 15 so they hold across
 * instances: N instances sharing one database still allow 10 tries, not N × 10).
 *
 * - Per address: `perAddress` attempts (right or wrong) per `addressWindowMs`.
 * - Per login: `max` failures per `windowMs`; a successful sign-in or an admin's password
 *   reset clears it. Logins that name an account are counted per user id; logins naming
 *   nobody are counted alike by the name as typed — they must be answered exactly like real
 *   ones, or the 429 would tell which names exist.
 *
 * Each is a fixed window starting at its first hit, counted by one upsert (atomic across
 * instances), and judged by the database's clock (one clock for every instance).
 *
 * Growth stays bounded whatever is sent: rows whose window has passed are deleted (at most
 * every `pruneEveryMs` per process), and unknown-login rows beyond `maxUnknown` are
 * dropped oldest first — a flood of invented names can only push out other invented
 * names, never a real account's count. Addresses are bounded by the window itself.
 */
export interface ThrottleOptions {
  max: number;
  windowMs: number;
  perAddress: number;
  addressWindowMs: number;
  maxUnknown: number;
  pruneEveryMs: number;
}

export const LOGIN_THROTTLE_DEFAULTS: ThrottleOptions = {
  max: 10,
  windowMs: 15 * 60_000,
  perAddress: 10,
  addressWindowMs: 60_000,
  maxUnknown: 10_000,
  pruneEveryMs: 10_000,
};

/** A user id for an existing account; the login as typed for one that does not exist. */
export type LoginKey = { kind: 'user'; id: string } | { kind: 'unknown'; id: string };

type Scope = 'address' | 'account' | 'login';
const scopeOf = (key: LoginKey): Scope => (key.kind === 'user' ? 'account' : 'login');

export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: ThrottleOptions = LOGIN_THROTTLE_DEFAULTS,
  ) {}

  /** Counts an attempt from this address; milliseconds to wait when it is over the limit, else 0. */
  async attempt(address: string): Promise<number> {
    const { count, leftMs } = await this.hit('address', address, this.opts.addressWindowMs);
    return count > this.opts.perAddress ? leftMs : 0;
  }

  /** Milliseconds until this login may try again; 0 when it may try now. */
  async blockedFor(key: LoginKey): Promise<number> {
    const row = await this.db
      .selectFrom('sign_in_limits')
      .select(['count', sql<number>`extract(epoch from reset_at - now()) * 1000`.as('left_ms')])
      .where('scope', '=', scopeOf(key))
      .where('key', '=', key.id)
      .where('reset_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    return row && row.count >= this.opts.max ? Math.max(1, Math.ceil(Number(row.left_ms))) : 0;
  }

  async failed(key: LoginKey): Promise<void> {
    await this.hit(scopeOf(key), key.id, this.opts.windowMs);
  }

  /** A successful sign-in, or an admin's password reset: start counting afresh. */
  async clear(key: LoginKey): Promise<void> {
    await this.db.deleteFrom('sign_in_limits').where('scope', '=', scopeOf(key)).where('key', '=', key.id).execute();
  }

  async size(): Promise<Record<Scope, number>> {
    const rows = await this.db.selectFrom('sign_in_limits').select(['scope', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('scope').execute();
    const by = new Map(rows.map((r) => [r.scope, Number(r.n)]));
    return { address: by.get('address') ?? 0, account: by.get('account') ?? 0, login: by.get('login') ?? 0 };
  }

  /** One upsert: a new window when there is none or it has passed, else one more in it. */
  private async hit(scope: Scope, key: string, windowMs: number): Promise<{ count: number; leftMs: number }> {
    await this.pruneNow();
    const window = sql`now() + make_interval(secs => ${windowMs / 1000})`;
    const row = await sql<{ count: number; left_ms: number }>`
      insert into sign_in_limits as l (scope, key, count, reset_at) values (${scope}, ${key}, 1, ${window})
      on conflict (scope, key) do update set
        count = case when l.reset_at <= now() then 1 else l.count + 1 end,
        reset_at = case when l.reset_at <= now() then ${window} else l.reset_at end
      returning count, extract(epoch from reset_at - now()) * 1000 as left_ms
    `.execute(this.db);
    const r = row.rows[0]!;
    return { count: r.count, leftMs: Math.max(1, Math.ceil(Number(r.left_ms))) };
  }

  private async pruneNow(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < this.opts.pruneEveryMs) return;
    this.lastPrune = now;
    await sql`
      delete from sign_in_limits where reset_at <= now();
    `.execute(this.db);
    await sql`
      delete from sign_in_limits where scope = 'login' and key in (
        select key from sign_in_limits where scope = 'login' order by reset_at desc offset ${this.opts.maxUnknown}
      )
    `.execute(this.db);
  }
}
