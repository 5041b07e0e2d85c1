import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:cluster`: the production shape (NATS cluster R3, nginx, two instances, two
 * ingest workers) with nodes killed mid-run. Its own config, so `pnpm test` stays as it is;
 * .ci/run runs it after `pnpm test`.
 */
export default defineConfig({
  test: {
    name: 'cluster',
    include: ['tests/cluster/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
