import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createNKeyUser, type NatsProducer } from '../auth/nats-config';
import { isUserSeed } from '../infra/nats-target';

/**
 * The embedded nats-server's identities. The service identity (servers and ingest) is an
 * NKey made at first start and kept in `DATA_DIR/nats-credentials.json`, readable by this
 * user only: whoever can read it can publish anything, so it never leaves the machine.
 * Producers are listed by the operator in `DATA_DIR/nats-producers.json` (public keys and
 * units only; each producer keeps its own seed).
 */
export const CREDENTIALS_FILE = 'nats-credentials.json';
export const PRODUCERS_FILE = 'nats-producers.json';

export interface ServiceCredentials {
  seed: string;
  publicKey: string;
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  // writeFileSync's mode only applies to a new file; an older one may be wider.
  chmodSync(file, 0o600);
}

export function loadOrCreateServiceCredentials(dataDir: string): ServiceCredentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { service?: Partial<ServiceCredentials> };
    const s = parsed.service;
    if (!s || typeof s.seed !== 'string' || typeof s.publicKey !== 'string' || !isUserSeed(s.seed)) {
      throw new Error(`${file} is damaged (no service NKey seed): delete it to make new credentials at the next start.`);
    }
    chmodSync(file, 0o600);
    return { seed: s.seed, publicKey: s.publicKey };
  }
  const service = createNKeyUser();
  writePrivate(file, JSON.stringify({ service }, null, 2) + '\n');
  return service;
}

/** Producers allowed on the embedded server; none when the file is absent. */
export function loadProducers(dataDir: string): NatsProducer[] {
  const file = path.join(dataDir, PRODUCERS_FILE);
  if (!existsSync(file)) return [];
  const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(list)) throw new Error(`${file} must hold a JSON list of {name, publicKey, units}.`);
  return list.map((p: unknown, i) => {
    const o = p as Partial<NatsProducer>;
    if (!o || typeof o.name !== 'string' || typeof o.publicKey !== 'string' || !/^U[A-Z2-7]{55}$/.test(o.publicKey) || !Array.isArray(o.units)) {
      throw new Error(`${file} entry ${i + 1} must be {name, publicKey (a user NKey public key, U…), units: [unit codes]}.`);
    }
    return { name: o.name, publicKey: o.publicKey, units: o.units.map(String) };
  });
}

export { writePrivate };
