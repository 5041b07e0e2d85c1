import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';

/**
 * The unit tree, cached per instance so routing an update to `unit:` rooms costs no query.
 * Loaded at start, reloaded every few minutes and soon after an unknown unit shows up
 * (a unit created since), at most once per `minReloadMs`.
 */
export class UnitTree {
  private parent = new Map<string, string | null>();
  private lineages = new Map<string, readonly string[]>();
  private loading: Promise<void> | null = null;
  private lastLoad = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly opts: { refreshMs?: number; minReloadMs?: number } = {},
  ) {}

  /**
   * Loads the tree; a database that is down at start must not stop the server (health
   * reports it): the tree then loads on the next refresh or unknown unit.
   */
  async start(): Promise<void> {
    await this.reload().catch(() => undefined);
    this.timer = setInterval(() => void this.reload().catch(() => undefined), this.opts.refreshMs ?? 300_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.db.selectFrom('units').select(['code', 'parent_code']).execute();
        this.parent = new Map(rows.map((r) => [r.code, r.parent_code]));
        this.lineages = new Map();
        this.lastLoad = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** The unit and every unit above it, nearest first. An unknown unit is itself only (and triggers a reload). */
  lineage(code: string): readonly string[] {
    const hit = this.lineages.get(code);
    if (hit) return hit;
    if (!this.parent.has(code)) {
      if (Date.now() - this.lastLoad > (this.opts.minReloadMs ?? 5_000)) void this.reload().catch(() => undefined);
      return [code];
    }
    const out: string[] = [];
    const seen = new Set<string>();
    for (let c: string | null | undefined = code; c && !seen.has(c); c = this.parent.get(c)) {
      seen.add(c);
      out.push(c);
    }
    this.lineages.set(code, out);
    return out;
  }
}
