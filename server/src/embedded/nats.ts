import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import getPort from 'get-port';
import { natsAuthorization } from '../auth/nats-config';
import type { NatsTarget } from '../infra/nats-target';
import { findExecutable, killStale, spawnOwned, stopChild, waitForLine } from './child';
import { loadOrCreateServiceCredentials, loadProducers, writePrivate } from './nats-credentials';

export interface EmbeddedNats {
  url: string;
  port: number;
  /** The port asked for (4222 by default); differs from `port` when it was taken. */
  wanted: number;
  pid: number;
  /** How this process's own services connect: the URL and the service NKey (none when anonymous). */
  target: NatsTarget;
  stop(): Promise<void>;
}

export class MissingNatsServerError extends Error {
  constructor() {
    super(
      'nats-server is not installed: install it (Debian/Ubuntu: sudo apt-get install nats-server; ' +
        'other systems: https://docs.nats.io/running-a-nats-service/introduction/installation) or set NATS_URL to a running server.',
    );
  }
}

export interface EmbeddedNatsOptions {
  /** Parent folder; the JetStream store lives in `<dir>/nats`. */
  dataDir: string;
  /** Exactly this port (a restart on the same port): fails when it is taken. */
  port?: number;
  /** The port to try first when `port` is not given (4222); when taken, any free port. */
  preferredPort?: number;
  /** Folders to look for nats-server in; PATH and the sbin folders by default. */
  searchPath?: string[];
  /**
   * Tests and benchmarks only: no authorization block, anyone on loopback may connect.
   * `npm start` always runs with credentials.
   */
  anonymous?: boolean;
}

/**
 * Launches `nats-server` with JetStream on loopback, its store under the data folder. The
 * configuration file (`<dir>/nats.conf`, mode 600, rewritten at every start) requires
 * credentials: the service NKey (full rights) and the producers of `nats-producers.json`
 * (publish on `progress.<their units>.>` only). Anonymous clients are refused.
 */
export async function startEmbeddedNats(opts: EmbeddedNatsOptions): Promise<EmbeddedNats> {
  const bin = findExecutable('nats-server', opts.searchPath);
  if (!bin) throw new MissingNatsServerError();
  const storeDir = path.join(opts.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const pidFile = path.join(opts.dataDir, 'nats.pid');
  if (existsSync(pidFile)) await killStale(Number(readFileSync(pidFile, 'utf8').trim()), 'nats-server', 'SIGTERM');

  // 4222 (or the port asked for) when it is free on loopback, else any free port: another
  // nats-server on this machine must not stop the demo (issue 18.13).
  const strict = opts.port !== undefined;
  const wanted = opts.port ?? opts.preferredPort ?? 4222;
  let port = strict ? wanted : await getPort({ port: wanted, host: '127.0.0.1' });
  const service = opts.anonymous ? null : loadOrCreateServiceCredentials(opts.dataDir);
  for (let attempt = 1; ; attempt++) {
    const url = `nats://127.0.0.1:${port}`;
    const conf = [
      `listen: "127.0.0.1:${port}"`,
      `pid_file: ${JSON.stringify(pidFile)}`,
      `jetstream { store_dir: ${JSON.stringify(storeDir)} }`,
    ];
    if (service) conf.push(natsAuthorization({ name: 'luoshi', publicKey: service.publicKey }, loadProducers(opts.dataDir)));
    const confFile = path.join(opts.dataDir, 'nats.conf');
    writePrivate(confFile, conf.join('\n') + '\n');
    const child = spawnOwned(bin, ['-c', confFile], {});
    try {
      await waitForLine(child, /Server is ready/, 'Embedded nats-server');
    } catch (err) {
      // Taken between the check and the bind (or bound on another address): once more on a fresh port.
      if (!strict && attempt < 3 && /address already in use/i.test(String(err))) {
        port = await getPort({ host: '127.0.0.1' });
        continue;
      }
      throw err;
    }
    const target: NatsTarget = { servers: [url], auth: service ? { kind: 'nkey', seed: service.seed } : { kind: 'none' }, tls: null };
    return {
      url,
      port,
      wanted,
      pid: child.pid ?? -1,
      target,
      stop: () => stopChild(child, 'SIGTERM', 10_000),
    };
  }
}

