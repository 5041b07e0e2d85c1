import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSubject, progressSubject, receiptSubject } from '@luoshi/shared';
import { createNKeyUser } from '../../server/src/auth/nats-config';
import { startEmbeddedNats, type EmbeddedNats } from '../../server/src/embedded/nats';
import { CREDENTIALS_FILE, PRODUCERS_FILE } from '../../server/src/embedded/nats-credentials';
import { connectNats, ensureProgressStream } from '../../server/src/infra/nats';
import { USER_SOCKETS_END_SUBJECT } from '../../server/src/live';

/**
 * The embedded nats-server of `npm start` as it runs: credentials made at first start,
 * the service identity may do everything, a producer only its own unit's progress subjects,
 * anonymous clients are refused. (The server end to end on it: server-process.test.ts.)
 */
const grid = createNKeyUser();
let dir: string;
let nats: EmbeddedNats;
const conns: NatsConnection[] = [];

async function asProducer(): Promise<NatsConnection> {
  const nc = await connect({ servers: nats.url, authenticator: nkeyAuthenticator(new TextEncoder().encode(grid.seed)), maxReconnectAttempts: 0 });
  conns.push(nc);
  return nc;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'luoshi-test-embedded-auth-'));
  writeFileSync(path.join(dir, PRODUCERS_FILE), JSON.stringify([{ name: 'grid system of T-JD-A', publicKey: grid.publicKey, units: ['T-JD-A'] }]));
  nats = await startEmbeddedNats({ dataDir: dir });
  const service = await connectNats(nats.target, 'test-service');
  conns.push(service);
  await ensureProgressStream(service);
});

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded nats-server', () => {
  it('keeps its generated credentials and configuration under DATA_DIR, readable by this user only', () => {
    for (const f of [CREDENTIALS_FILE, 'nats.conf']) expect(statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(readFileSync(path.join(dir, CREDENTIALS_FILE), 'utf8')) as { service: { seed: string; publicKey: string } };
    expect(nats.target.auth).toEqual({ kind: 'nkey', seed: creds.service.seed });
    // The configuration holds public keys only.
    const conf = readFileSync(path.join(dir, 'nats.conf'), 'utf8');
    expect(conf).toContain(creds.service.publicKey);
    expect(conf).not.toContain(creds.service.seed);
  });

  it('refuses an anonymous client', async () => {
    const err = await connect({ servers: nats.url, maxReconnectAttempts: 0 }).then(
      (nc) => nc.close().then(() => null),
      (e: unknown) => e as Error,
    );
    expect(String(err?.message)).toMatch(/authorization/i);
  });

  it('refuses a client with a key it does not know', async () => {
    const stranger = createNKeyUser();
    const err = await connect({ servers: nats.url, authenticator: nkeyAuthenticator(new TextEncoder().encode(stranger.seed)), maxReconnectAttempts: 0 }).then(
      (nc) => nc.close().then(() => null),
      (e: unknown) => e as Error,
    );
    expect(String(err?.message)).toMatch(/authorization/i);
  });

  it('lets a producer publish on its own unit’s progress subjects, and refuses it on another unit’s', async () => {
    const js = jetstream(await asProducer());
    expect((await js.publish(progressSubject('T-JD-A', 'TP-JOBS'), '{}', { msgID: 'emb-ok' })).seq).toBeGreaterThan(0);
    const err = await js.publish(progressSubject('T-JD-B', 'TP-AREA'), '{}', { msgID: 'emb-denied', timeout: 2_000 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(String(err?.message)).toMatch(/permission/i);
  });

  it('refuses a producer on live notices, receipts and account notices; only the service identity reaches them', async () => {
    const service = await connectNats(nats.target, 'test-listener');
    conns.push(service);
    const heard: string[] = [];
    for (const s of ['live.>', 'receipts.>', USER_SOCKETS_END_SUBJECT]) service.subscribe(s, { callback: (_e, m) => void heard.push(m.subject) });
    await service.flush();

    const producer = await asProducer();
    const violations: string[] = [];
    void (async () => {
      for await (const s of producer.status()) if (s.type === 'error') violations.push(String(s.error.message));
    })();
    const forged = [liveSubject('P-2026', 'TP-JOBS'), receiptSubject('T-JD-A'), USER_SOCKETS_END_SUBJECT];
    for (const subject of forged) producer.publish(subject, JSON.stringify({ forged: true }));
    await producer.flush();
    // The service's own publish on the same subject arrives: the listener is working.
    service.publish(liveSubject('P-2026', 'TP-JOBS'), '{}');
    await service.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(heard).toEqual([liveSubject('P-2026', 'TP-JOBS')]);
    expect(violations.join('\n')).toMatch(/permissions violation for publish/i);
  });

  it('starts again with the same credentials', async () => {
    const seed = nats.target.auth;
    const port = nats.port;
    await nats.stop();
    nats = await startEmbeddedNats({ dataDir: dir, port });
    expect(nats.target.auth).toEqual(seed);
    const nc = await connectNats(nats.target, 'test-again');
    conns.push(nc);
    await nc.flush();
  });
});
