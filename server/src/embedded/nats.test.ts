import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingNatsServerError, startEmbeddedNats } from './nats';

describe('startEmbeddedNats', () => {
  it('says in one sentence how to install nats-server when it is missing', async () => {
    const err = await startEmbeddedNats({ dataDir: '/tmp/luoshi-unused', searchPath: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingNatsServerError);
    expect((err as Error).message).toMatch(/^nats-server is not installed: install it \(Debian\/Ubuntu: sudo apt-get install nats-server;/);
  });

  it('takes a free port when the one it wants is taken, and says which (issue 18.13)', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    const dir = mkdtempSync(path.join(tmpdir(), 'luoshi-nats-'));
    const nats = await startEmbeddedNats({ dataDir: dir, preferredPort: taken });
    try {
      expect(nats.wanted).toBe(taken);
      expect(nats.port).not.toBe(taken);
      expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
    } finally {
      await nats.stop();
      squatter.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
