import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import getPort from 'get-port';
import { jetstream } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSubject } from '@luoshi/shared';
import { createNKeyUser, natsAuthorization } from '../../server/src/auth/nats-config';
import { findExecutable, spawnOwned, stopChild, waitForLine } from '../../server/src/embedded/child';
import { ensureProgressStream } from '../../server/src/infra/nats';

const service = createNKeyUser();
const grid = createNKeyUser();
let dir: string;
let server: ChildProcess;
let url: string;
const conns: NatsConnection[] = [];

async function as(seed: string): Promise<NatsConnection> {
  const nc = await connect({ servers: url, authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)), maxReconnectAttempts: 0 });
  conns.push(nc);
  return nc;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-natsauth-'));
  const port = await getPort();
  url = `nats://127.0.0.1:${port}`;
  const conf = [
    `listen: "127.0.0.1:${port}"`,
    `jetstream { store_dir: ${JSON.stringify(dir)} }`,
    natsAuthorization({ name: 'luoshi', publicKey: service.publicKey }, [
      { name: 'grid system of T-JD-A', publicKey: grid.publicKey, units: ['T-JD-A'] },
    ]),
  ].join('\n');
  writeFileSync(path.join(dir, 'nats.conf'), conf);
  server = spawnOwned(findExecutable('nats-server')!, ['-c', path.join(dir, 'nats.conf')], {});
  await waitForLine(server, /Server is ready/, 'nats-server with producer permissions');
  await ensureProgressStream(await as(service.seed));
});

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close()));
  if (server) await stopChild(server, 'SIGTERM', 5_000);
  rmSync(dir, { recursive: true, force: true });
});

describe('NATS producer credentials from the generated configuration', () => {
  it('let a producer publish on its own unit’s subjects and get the stream’s acknowledgement', async () => {
    const js = jetstream(await as(grid.seed));
    const ack = await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), '{}', { msgID: 'perm-ok' });
    expect(ack.seq).toBeGreaterThan(0);
  });

  it('refuse the same producer on another unit’s subject', async () => {
    const js = jetstream(await as(grid.seed));
    const err = await js
      .publish(progressSubject('T-JD-B', 'TP-AREA'), '{}', { msgID: 'perm-denied', timeout: 2_000 })
      .then(() => null, (e: unknown) => e as Error);
    expect(err).not.toBeNull();
    expect(String(err?.message)).toMatch(/permission/i);
  });

  it('refuse a client without credentials', async () => {
    const err = await connect({ servers: url, maxReconnectAttempts: 0 }).then(
      (nc) => nc.close().then(() => null),
      (e: unknown) => e as Error,
    );
    expect(String(err?.message)).toMatch(/authorization/i);
  });
});
