import getPort from 'get-port';
import { jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_STREAM } from '@luoshi/shared';
import { ensureProgressStream, progressStreamConfig, StreamSettingsError } from '../../server/src/infra/nats';
import type { TestDatabase, TestNats } from '../support/infra';
import { spawnServer } from '../support/process';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let nats: TestNats;
let tdb: TestDatabase;
let nc: NatsConnection;

beforeAll(async () => {
  // No stream yet: the tests create it with the settings they are about.
  stack = await startStack({ name: 'test-stream-settings', seed: null, stream: false, app: false });
  ({ nats, tdb, nc } = stack);
});

afterAll(() => stack?.stop());

describe('stream settings from the environment', () => {
  it('updates an existing stream whose settings JetStream can change in place', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ ...progressStreamConfig, duplicate_window: nanos(60_000), max_age: nanos(24 * 3600_000) });
    await ensureProgressStream(nc);
    const info = await jsm.streams.info(PROGRESS_STREAM);
    expect(info.config.duplicate_window).toBe(nanos(5 * 60_000));
    expect(info.config.max_age).toBe(nanos(30 * 24 * 3600_000));
    expect(info.config.num_replicas).toBe(1);
  });

  it('stops with a sentence saying what to do when the servers cannot hold the replicas asked for', async () => {
    const err = await ensureProgressStream(nc, { replicas: 3, placementCluster: null, placementTags: [] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StreamSettingsError);
    // nats-server 2.9 refuses either the stream or (having taken the stream's new setting
    // on paper) its consumer; the sentence names which, and what to do.
    expect((err as Error).message).toMatch(/^JetStream refused to set (stream PROGRESS|consumer [A-Z_]+\/[a-z-]+) to 3 replica\(s\) \(.+\): set NATS_REPLICAS \/ NATS_PLACEMENT_\* back to what the stream has/);
    // Doing what it says works: back at R1, start-up goes through.
    await ensureProgressStream(nc);
    expect((await (await jetstreamManager(nc)).streams.info(PROGRESS_STREAM)).config.num_replicas).toBe(1);
  });

  it('makes the server process stop start-up with that sentence', async () => {
    const s = spawnServer({ DATABASE_URL: tdb.url, NATS_URL: nats.url, NATS_REPLICAS: '3', PORT: String(await getPort()), DATA_DIR: '/tmp/luoshi-unused-data', ADMIN_PASSWORD: 'admin-password-from-env' });
    const { code } = await s.exited();
    expect(code).toBe(1);
    expect(s.output()).toMatch(/Luoshi cannot start: JetStream refused to set (stream PROGRESS|consumer [A-Z_]+\/[a-z-]+) to 3 replica\(s\)/);
  });
});
