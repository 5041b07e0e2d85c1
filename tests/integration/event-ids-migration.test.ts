import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0009 from '../../db/migrations/0009_event_id_scope';
import type { TestDatabase } from '../support/infra';
import { startStack, type Stack } from '../support/stack';

/* Migration 0009 keeps existing events (issue 15): their owner unit is their target's, and corrections still resolve. */

let stack: Stack;
let tdb: TestDatabase;

beforeAll(async () => {
  stack = await startStack({ name: 'test-event-ids-migration', nats: false, app: false });
  ({ tdb } = stack);
});
afterAll(() => stack?.stop());

describe('migration 0009 (event ids per owner unit)', () => {
  it('fills owner_unit of existing rows, keeps their corrections, then lets another unit use the same id', async () => {
    await m0009.down(tdb.db);
    await sql`insert into events (id, target_code, kind, value, occurred_at) values ('old-1', 'TP-JOBS', 'increment', 4, '2026-03-02T09:00:00+08:00')`.execute(tdb.db);
    await sql`insert into events (id, target_code, kind, value, occurred_at, corrects, reason, root_id) values ('old-fix', 'TP-JOBS', 'correction', -1, '2026-03-03T09:00:00+08:00', 'old-1', '错', 'old-1')`.execute(tdb.db);
    await m0009.up(tdb.db);
    const rows = await tdb.db.selectFrom('events').select(['id', 'owner_unit', 'corrects']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'old-1', owner_unit: 'T-JD-A', corrects: null },
      { id: 'old-fix', owner_unit: 'T-JD-A', corrects: 'old-1' },
    ]);
    // The same id in another unit is another event; in the same unit the key refuses it.
    await tdb.db.insertInto('events').values({ id: 'old-1', owner_unit: 'T-JD-B', target_code: 'TP-AREA', kind: 'reading', value: 1_960_000, occurred_at: '2026-03-02T09:00:00+08:00' }).execute();
    await expect(
      tdb.db.insertInto('events').values({ id: 'old-1', owner_unit: 'T-JD-A', target_code: 'TP-JOBS', kind: 'increment', value: 1, occurred_at: '2026-03-02T09:00:00+08:00' }).execute(),
    ).rejects.toThrow(/events_pkey/);
    // A correction references an event of its own unit only.
    await expect(
      tdb.db
        .insertInto('events')
        .values({ id: 'x-fix', owner_unit: 'T-JD-B', target_code: 'TP-AREA', kind: 'correction', value: 1, occurred_at: '2026-03-02T09:00:00+08:00', corrects: 'old-fix' })
        .execute(),
    ).rejects.toThrow(/events_corrects_fkey/);
  });
});
