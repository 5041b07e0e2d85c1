import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// numeric (1700) and bigint (20) arrive as strings by default; our quantities fit
// a double comfortably (largest seeded target: 3×10^5) and stream sequences < 2^53.
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(20, (v) => Number(v));
// date (1082) stays the 'YYYY-MM-DD' string: no time zone may shift a due date.
pg.types.setTypeParser(1082, (v) => v);

export function createDb(connectionString: string, max = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server (Postgres restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (mid-transaction): its query fails and the caller retries.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
