import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
  type ConsumerConfig,
  type StreamConfig,
} from '@nats-io/jetstream';
import { PROGRESS_STREAM, PROGRESS_SUBJECT_PREFIX } from '@luoshi/shared';
import type { JetStreamSettings } from '../config';
import { authenticatorOf, natsTargetOf, tlsOptionsOf, type NatsTarget } from './nats-target';

export const INGEST_CONSUMER = 'ingest';
/** Stream that keeps JetStream's "gave up on this message" advisories for the ingest consumer. */
export const DEAD_LETTER_STREAM = 'PROGRESS_DEAD';
export const DEAD_LETTER_CONSUMER = 'dead-letters';
export const MAX_DELIVERIES_ADVISORY = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${PROGRESS_STREAM}.${INGEST_CONSUMER}`;

/**
 * Stream and consumer settings, chosen deliberately:
 * - file storage: events survive a nats-server restart before ingest commits them;
 * - duplicate window 5 min: a producer retrying with the same `Nats-Msg-Id` within it is
 *   stored once; later retries are still harmless because events.id is the primary key;
 * - max age 30 days: the stream is a buffer and a replay window, Postgres is the record.
 */
export const progressStreamConfig = {
  name: PROGRESS_STREAM,
  subjects: [`${PROGRESS_SUBJECT_PREFIX}.>`],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  duplicate_window: nanos(5 * 60_000),
  max_age: nanos(30 * 24 * 3600_000),
  num_replicas: 1,
} satisfies Partial<StreamConfig>;

/**
 * One durable pull consumer shared by every ingest worker: JetStream hands each message
 * to one puller at a time, so more workers spread the load without double processing.
 * - ack wait 30 s: well above a batch's commit time (tens of ms), so a slow batch under
 *   load is not redelivered while it is still being written;
 * - max deliver 10 with the worker's growing nak delays ≈ 2.5 minutes of retries for a
 *   message that keeps failing before it is given up; it then ends in `dead_letters`
 *   through the advisory stream below, never silently;
 * - max ack pending 10,000: bounds what one stalled worker can hold back.
 */
export const ingestConsumerConfig = {
  durable_name: INGEST_CONSUMER,
  ack_policy: AckPolicy.Explicit,
  deliver_policy: DeliverPolicy.All,
  ack_wait: nanos(30_000),
  max_deliver: 10,
  max_ack_pending: 10_000,
  filter_subject: `${PROGRESS_SUBJECT_PREFIX}.>`,
} satisfies Partial<ConsumerConfig>;

/**
 * Dead letters. When a message reaches max_deliver without an ack, nats-server stops
 * redelivering it and publishes a MAX_DELIVERIES advisory naming its stream sequence. An
 * advisory is a plain core-NATS message that nobody might be listening to at that moment
 * (every worker disconnected, the database down), so a stream captures it: the advisory
 * survives until a worker has fetched the original message by sequence and written it to
 * `dead_letters`. The consumer on it never gives up (max_deliver -1): a dead letter is only
 * acknowledged after it is stored.
 */
export const deadLetterStreamConfig = {
  name: DEAD_LETTER_STREAM,
  subjects: [MAX_DELIVERIES_ADVISORY],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  max_age: nanos(30 * 24 * 3600_000),
  num_replicas: 1,
} satisfies Partial<StreamConfig>;

export const deadLetterConsumerConfig = {
  durable_name: DEAD_LETTER_CONSUMER,
  ack_policy: AckPolicy.Explicit,
  deliver_policy: DeliverPolicy.All,
  ack_wait: nanos(30_000),
  max_deliver: -1,
  max_ack_pending: 1_000,
} satisfies Partial<ConsumerConfig>;

/** A URL (no credentials, plain TCP: tests and tools) or the configured target. */
export function connectNats(target: string | NatsTarget, name: string): Promise<NatsConnection> {
  const t = natsTargetOf(target);
  const authenticator = authenticatorOf(t.auth);
  const tls = tlsOptionsOf(t);
  // Reconnect forever: a nats-server restart must not end a server or a worker. With a
  // cluster the client moves to another server of the list (or one the servers gossiped).
  // noAsyncTraces: the client otherwise builds two Error objects (stack traces) per request,
  // i.e. per JetStream publish — 7% of the CPU of the ingest benchmark.
  return connect({
    servers: t.servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    noAsyncTraces: true,
    ...(authenticator ? { authenticator } : {}),
    ...(tls ? { tls } : {}),
  });
}

/** R1, no placement: the embedded single server, and tests. */
export const SINGLE_SERVER: JetStreamSettings = { replicas: 1, placementCluster: null, placementTags: [] };

/**
 * The stream exists with settings JetStream will not change in place (storage, a replica
 * count a single server cannot hold, …): start-up stops with what to do.
 */
export class StreamSettingsError extends Error {}

function placementOf(s: JetStreamSettings): Partial<StreamConfig> {
  if (s.placementCluster === null && s.placementTags.length === 0) return {};
  return { placement: { cluster: s.placementCluster ?? '', tags: s.placementTags } };
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound)
  );
}

/**
 * Creates or updates the streams and consumers (progress + dead letters); safe to run at
 * every start, on every instance. The dead-letter stream is set up before the ingest
 * consumer, so no advisory can be published before something keeps it.
 */
export async function ensureProgressStream(nc: NatsConnection, settings: JetStreamSettings = SINGLE_SERVER, patienceMs = 60_000): Promise<void> {
  // A cluster that is (re)electing its meta leader, or creating an R3 stream for another
  // instance starting at the same moment, answers late or not at all for a few seconds:
  // timeouts and "no responders" are retried for `patienceMs`; refusals are not.
  const until = Date.now() + patienceMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureOnce(nc, settings);
    } catch (err) {
      if (err instanceof StreamSettingsError || err instanceof JetStreamApiError || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2_000, 200 * attempt)));
    }
  }
}

async function ensureOnce(nc: NatsConnection, settings: JetStreamSettings): Promise<void> {
  const jsm = await jetstreamManager(nc, { timeout: 10_000 });
  const cannot = (what: string, err: unknown): StreamSettingsError =>
    new StreamSettingsError(
      `JetStream refused to set ${what} to ${settings.replicas} replica(s)${settings.placementCluster ? ` in cluster ${settings.placementCluster}` : ''}` +
        `${settings.placementTags.length ? ` on servers tagged ${settings.placementTags.join(',')}` : ''} (${(err as Error).message}): ` +
        `set NATS_REPLICAS / NATS_PLACEMENT_* back to what the stream has (\`nats stream info ${PROGRESS_STREAM}\`), ` +
        'or, for a replica count the servers cannot hold, give the stream a cluster that can (see docs/deploy.md, "Changing replicas").',
    );
  const ensureStream = async (config: Partial<StreamConfig> & { name: string }): Promise<void> => {
    const wanted = { ...config, num_replicas: settings.replicas, ...placementOf(settings) };
    let exists = true;
    try {
      await jsm.streams.info(config.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      exists = false;
    }
    let info;
    try {
      info = exists ? await jsm.streams.update(config.name, wanted) : await jsm.streams.add(wanted);
    } catch (err) {
      if (err instanceof JetStreamApiError) throw cannot(`stream ${config.name}`, err);
      throw err;
    }
    // A server outside a cluster quietly keeps R1 whatever was asked: say so instead of
    // running with less redundancy than configured.
    if (info.config.num_replicas !== settings.replicas) {
      throw cannot(`stream ${config.name}`, new Error(`the servers keep it at ${info.config.num_replicas} replica(s); a single server, or a cluster smaller than that, cannot hold more`));
    }
  };
  const ensureConsumer = async (stream: string, config: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> => {
    const wanted = { ...config, num_replicas: settings.replicas };
    let exists = true;
    try {
      await jsm.consumers.info(stream, config.durable_name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      exists = false;
    }
    try {
      if (exists) await jsm.consumers.update(stream, config.durable_name, wanted);
      else await jsm.consumers.add(stream, wanted);
    } catch (err) {
      if (err instanceof JetStreamApiError) throw cannot(`consumer ${stream}/${config.durable_name}`, err);
      throw err;
    }
  };
  await ensureStream(progressStreamConfig);
  await ensureStream(deadLetterStreamConfig);
  await ensureConsumer(DEAD_LETTER_STREAM, deadLetterConsumerConfig);
  await ensureConsumer(PROGRESS_STREAM, ingestConsumerConfig);
}
