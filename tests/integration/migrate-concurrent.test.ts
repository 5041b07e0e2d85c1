import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, migrateToLatest, pendingMigrations } from '@luoshi/db';

const admin = inject('pgAdminUrl');
const name = `t_migrate_${Date.now()}`;

afterAll(async () => {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
});

describe('migrations with N instances starting together', () => {
  it('run once: one instance applies them under the advisory lock, the others find nothing to do', async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = admin.replace(/\/postgres$/, `/${name}`);
    // Four "instances", each with its own pool, as four processes would have.
    const dbs = Array.from({ length: 4 }, () => createDb(url, { max: 1 }));
    try {
      const applied = await Promise.all(dbs.map((db) => migrateToLatest(db)));
      const all = await pendingMigrations(dbs[0]!).then(() => applied.flat());
      expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
      expect(new Set(all).size).toBe(all.length);
      expect(await pendingMigrations(dbs[0]!)).toEqual([]);
      const rows = await new pg.Client({ connectionString: url });
      await rows.connect();
      const { rows: r } = await rows.query<{ n: string }>('select count(*) as n from kysely_migration');
      await rows.end();
      expect(Number(r[0]!.n)).toBe(all.length);
    } finally {
      await Promise.all(dbs.map((db) => db.destroy()));
    }
  });
});
