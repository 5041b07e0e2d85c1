import type { ActivityItem, Receipt, TargetUpdate } from '@luoshi/shared';

/** Most feed lines held between two ticks; beyond that the oldest are dropped (and counted). */
export const MAX_ACTIVITY_PER_TICK_BUFFER = 5_000;

export interface Tick {
  /** Latest state per target, one entry per target. */
  updates: TargetUpdate[];
  /** Feed lines in arrival order. */
  activity: ActivityItem[];
  /** Feed lines dropped because the buffer overflowed during this tick. */
  activityOverflow: number;
  /**
   * Ingest's verdicts, in arrival order. Never capped: each is the answer a reporter waits
   * for, and there are at most as many as events ingested in the tick (the hub only keeps
   * those whose `reports:` room has members here).
   */
  receipts: Receipt[];
}

/** How long the first notice after a quiet spell waits for the rest of its commit (one commit's notices arrive together). */
export const GATHER_MS = 10;

/**
 * Merges what arrives between ticks: a burst of 1,000 events on one target becomes one
 * entry per tick carrying the latest state. Updates older than one already held (lower
 * version, e.g. reordered notices) are dropped.
 *
 * Leading edge: after a quiet spell a change goes out `GATHER_MS` after it arrived (not a
 * whole tick later); flushes are never closer than `tickMs`, so under a steady stream
 * each client still gets at most one message per tick. An idle server runs no timer.
 */
export class Coalescer {
  private pending = new Map<string, TargetUpdate>();
  private activity: ActivityItem[] = [];
  private overflow = 0;
  private receipts: Receipt[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = -Infinity;

  constructor(
    private readonly tickMs: number,
    private readonly flushTo: (tick: Tick) => void,
  ) {}

  push(update: TargetUpdate, activity: readonly ActivityItem[] = []): void {
    const held = this.pending.get(update.target);
    if (!held || held.version < update.version) this.pending.set(update.target, update);
    for (const a of activity) this.activity.push(a);
    if (this.activity.length > MAX_ACTIVITY_PER_TICK_BUFFER) {
      const cut = this.activity.length - MAX_ACTIVITY_PER_TICK_BUFFER;
      this.activity.splice(0, cut);
      this.overflow += cut;
    }
    this.arm();
  }

  /** Receipts ride the same tick as the updates of their commit. */
  pushReceipts(receipts: readonly Receipt[]): void {
    if (receipts.length === 0) return;
    for (const r of receipts) this.receipts.push(r);
    this.arm();
  }

  private arm(): void {
    if (!this.timer) {
      const wait = Math.max(GATHER_MS, this.lastFlush + this.tickMs - performance.now());
      this.timer = setTimeout(() => this.flush(), Math.min(wait, this.tickMs));
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0 && this.activity.length === 0 && this.receipts.length === 0) return;
    this.lastFlush = performance.now();
    const tick: Tick = { updates: [...this.pending.values()], activity: this.activity, activityOverflow: this.overflow, receipts: this.receipts };
    this.pending = new Map();
    this.activity = [];
    this.overflow = 0;
    this.receipts = [];
    this.flushTo(tick);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.activity = [];
    this.receipts = [];
  }
}
