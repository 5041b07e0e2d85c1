import type { TargetUpdate } from '@luoshi/shared';

/**
 * Merges target updates between ticks: a burst of 1,000 events on one target becomes
 * one message per tick carrying the latest state. Updates older than one already held
 * (lower version, e.g. reordered notices) are dropped.
 */
export class Coalescer {
  private pending = new Map<string, TargetUpdate>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly tickMs: number,
    private readonly flushTo: (updates: TargetUpdate[]) => void,
  ) {}

  push(update: TargetUpdate): void {
    const held = this.pending.get(update.target);
    if (held && held.version >= update.version) return;
    this.pending.set(update.target, update);
    this.timer ??= setTimeout(() => this.flush(), this.tickMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const updates = [...this.pending.values()];
    this.pending = new Map();
    this.flushTo(updates);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
