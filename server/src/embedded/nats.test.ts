import { describe, expect, it } from 'vitest';
import { MissingNatsServerError, startEmbeddedNats } from './nats';

describe('startEmbeddedNats', () => {
  it('says in one sentence how to install nats-server when it is missing', async () => {
    const err = await startEmbeddedNats({ dataDir: '/tmp/luoshi-unused', searchPath: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingNatsServerError);
    expect((err as Error).message).toMatch(/^nats-server is not installed: install it \(Debian\/Ubuntu: sudo apt-get install nats-server;/);
  });
});
