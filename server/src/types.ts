import type { NatsConnection } from '@nats-io/transport-node';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { LiveServer } from './live/socket';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    nc: NatsConnection;
    io: LiveServer;
  }
}
