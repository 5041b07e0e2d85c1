/**
 * Failed sign-ins per account (issue 9 item 5), on top of the per-address limit: an
 * attacker spreading guesses over many addresses still gets `max` tries per window on one
 * login. A fixed window starts at the first failure; a successful sign-in clears it.
 *
 * Memory stays bounded whatever is sent. Logins that name an account are counted per user
 * id (at most one entry per account). Logins naming nobody are counted too — they must be
 * answered exactly like real ones, or the 429 would tell which names exist — but in a
 * separate map capped at `maxUnknown` entries, oldest dropped first: a flood of invented
 * names can only push out other invented names, never a real account's count.
 *
 * Per process: with several instances each keeps its own counts (at most max × instances
 * tries per window); the scrypt cost and the per-address limit still apply.
 */
export interface ThrottleOptions {
  max: number;
  windowMs: number;
  maxUnknown: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  resetAt: number;
}

export const LOGIN_THROTTLE_DEFAULTS: ThrottleOptions = { max: 10, windowMs: 15 * 60_000, maxUnknown: 10_000 };

export class LoginThrottle {
  private readonly known = new Map<string, Entry>();
  private readonly unknown = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly opts: ThrottleOptions = LOGIN_THROTTLE_DEFAULTS) {
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds until this login may try again; 0 when it may try now. */
  blockedFor(key: LoginKey): number {
    const map = this.mapOf(key);
    const e = map.get(key.id);
    if (!e) return 0;
    const left = e.resetAt - this.now();
    if (left <= 0) {
      map.delete(key.id);
      return 0;
    }
    return e.failures >= this.opts.max ? left : 0;
  }

  failed(key: LoginKey): void {
    const map = this.mapOf(key);
    const now = this.now();
    const e = map.get(key.id);
    if (e && e.resetAt > now) {
      e.failures++;
      return;
    }
    map.delete(key.id);
    if (map === this.unknown) this.makeRoom(now);
    map.set(key.id, { failures: 1, resetAt: now + this.opts.windowMs });
  }

  /** A successful sign-in, or an admin's password reset: start counting afresh. */
  clear(key: LoginKey): void {
    this.mapOf(key).delete(key.id);
  }

  size(): { known: number; unknown: number } {
    return { known: this.known.size, unknown: this.unknown.size };
  }

  private mapOf(key: LoginKey): Map<string, Entry> {
    return key.kind === 'user' ? this.known : this.unknown;
  }

  /** Drops expired entries (oldest first, as inserted), then the oldest live ones, below the cap. */
  private makeRoom(now: number): void {
    if (this.unknown.size < this.opts.maxUnknown) return;
    for (const [k, e] of this.unknown) {
      if (this.unknown.size < this.opts.maxUnknown) return;
      if (e.resetAt <= now) this.unknown.delete(k);
    }
    for (const k of this.unknown.keys()) {
      if (this.unknown.size < this.opts.maxUnknown) return;
      this.unknown.delete(k);
    }
  }
}

/** A user id for an existing account; the login as typed for one that does not exist. */
export type LoginKey = { kind: 'user'; id: string } | { kind: 'unknown'; id: string };
