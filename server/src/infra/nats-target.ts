import { readFileSync } from 'node:fs';
import {
  credsAuthenticator,
  nkeyAuthenticator,
  nkeys,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
  type Authenticator,
  type TlsOptions,
} from '@nats-io/transport-node';

/**
 * Where and how to reach NATS: one shape for the embedded server (its generated NKey) and
 * an external cluster (credentials and TLS from the environment). `connectNats` takes it.
 */
export type NatsAuth =
  | { kind: 'none' }
  | { kind: 'user'; user: string; password: string }
  | { kind: 'token'; token: string }
  /** An NKey seed (`SU…`): the server knows only its public key. */
  | { kind: 'nkey'; seed: string }
  /** A `.creds` file (JWT + seed) from an operator/account setup (`nsc`). */
  | { kind: 'creds'; file: string };

export interface NatsTlsFiles {
  /** CA bundle to verify the servers with (else the system's). */
  caFile?: string | undefined;
  /** Client certificate and key, for servers that verify clients (`verify: true`). */
  certFile?: string | undefined;
  keyFile?: string | undefined;
}

export interface NatsTarget {
  /** One or more seed URLs of the cluster; the client learns the others from the servers. */
  servers: string[];
  auth: NatsAuth;
  /** null: plain TCP unless a `tls://` URL asks for TLS. */
  tls: NatsTlsFiles | null;
}

export function natsTargetOf(target: string | NatsTarget): NatsTarget {
  return typeof target === 'string' ? { servers: [target], auth: { kind: 'none' }, tls: null } : target;
}

export function authenticatorOf(auth: NatsAuth): Authenticator | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'user':
      return usernamePasswordAuthenticator(auth.user, auth.password);
    case 'token':
      return tokenAuthenticator(auth.token);
    case 'nkey':
      return nkeyAuthenticator(new TextEncoder().encode(auth.seed));
    case 'creds':
      // Read at every (re)connect, so a rotated file is picked up without a restart.
      return credsAuthenticator(() => readFileSync(auth.file));
  }
}

export function tlsOptionsOf(target: NatsTarget): TlsOptions | undefined {
  const wantsTls = target.tls !== null || target.servers.some((s) => s.startsWith('tls://'));
  if (!wantsTls) return undefined;
  const t = target.tls ?? {};
  return {
    ...(t.caFile ? { caFile: t.caFile } : {}),
    ...(t.certFile ? { certFile: t.certFile } : {}),
    ...(t.keyFile ? { keyFile: t.keyFile } : {}),
  };
}

/** True when `seed` is a user NKey seed; used by the configuration check. */
export function isUserSeed(seed: string): boolean {
  try {
    const kp = nkeys.fromSeed(new TextEncoder().encode(seed));
    return kp.getPublicKey().startsWith('U');
  } catch {
    return false;
  }
}
