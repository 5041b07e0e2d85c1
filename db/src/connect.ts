import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// numeric (1700) and bigint (20) arrive as strings by default; our quantities fit
// a double comfortably (largest seeded target: 3×10^5) and stream sequences < 2^53.
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(20, (v) => Number(v));
// date (1082) stays the 'YYYY-MM-DD' string: no time zone may shift a due date.
pg.types.setTypeParser(1082, (v) => v);

export interface PoolOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** PostgreSQL statement_timeout for every connection, in ms; 0 or unset: none. */
  statementTimeoutMs?: number;
}

/**
 * TLS comes from the URL as libpq spells it (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`),
 * which pg reads itself; the server's config check validates those parameters.
 */
export function createDb(connectionString: string, opts: number | PoolOptions = {}): Kysely<Database> {
  const { max = 10, statementTimeoutMs = 0 } = typeof opts === 'number' ? { max: opts } : opts;
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
  });
  // An idle client losing its server (Postgres restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (mid-transaction): its query fails and the caller retries.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
