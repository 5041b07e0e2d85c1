import { nkeys } from '@nats-io/transport-node';
import { isCode, PROGRESS_SUBJECT_PREFIX } from '@luoshi/shared';

/**
 * NATS credentials for outside producers (12345 hotline, grid system, HR systems).
 * Each producer gets an NKey: the server config holds only its public key, the producer
 * keeps the seed (shown once). Its permissions allow publishing only on its own units'
 * subjects, `progress.<unitCode>.>`, and receiving the JetStream acknowledgement on its
 * inbox. The ingest worker still re-checks that a message's unit owns its target.
 */

export interface NatsIdentity {
  name: string;
  publicKey: string;
}

export interface NatsProducer extends NatsIdentity {
  units: string[];
}

export function createNKeyUser(): { seed: string; publicKey: string } {
  const kp = nkeys.createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

const quote = (s: string): string => JSON.stringify(s);

/** The `authorization { users = [...] }` block for nats-server.conf. */
export function natsAuthorization(service: NatsIdentity, producers: NatsProducer[]): string {
  const lines = [
    'authorization {',
    '  users = [',
    `    # ${service.name}: the Luoshi servers and ingest workers`,
    `    { nkey: ${quote(service.publicKey)} }`,
  ];
  for (const p of producers) {
    const bad = p.units.filter((u) => !isCode(u));
    if (bad.length) throw new Error(`producer ${p.name}: not a unit code: ${bad.join(', ')}`);
    if (p.units.length === 0) throw new Error(`producer ${p.name}: needs at least one unit`);
    const allow = p.units.map((u) => quote(`${PROGRESS_SUBJECT_PREFIX}.${u}.>`)).join(', ');
    lines.push(
      `    # ${p.name.replace(/\n/g, ' ')}: may publish for ${p.units.join(', ')} only`,
      `    { nkey: ${quote(p.publicKey)}, permissions: { publish: { allow: [${allow}] }, subscribe: { allow: ["_INBOX.>"] } } }`,
    );
  }
  lines.push('  ]', '}');
  return lines.join('\n');
}
