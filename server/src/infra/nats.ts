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

export const INGEST_CONSUMER = 'ingest';

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
 * - max deliver 10 with the worker's growing nak delays ≈ several minutes of retries for
 *   a database outage before a message is given up (and dead-lettered by issue 4's work);
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

export function connectNats(url: string, name: string): Promise<NatsConnection> {
  // Reconnect forever: a nats-server restart must not end a server or a worker.
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: false });
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound)
  );
}

/** Creates or updates the stream and the ingest consumer; safe to run at every start, on every instance. */
export async function ensureProgressStream(nc: NatsConnection): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(PROGRESS_STREAM);
    await jsm.streams.update(PROGRESS_STREAM, progressStreamConfig);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(progressStreamConfig);
  }
  try {
    await jsm.consumers.info(PROGRESS_STREAM, INGEST_CONSUMER);
    await jsm.consumers.update(PROGRESS_STREAM, INGEST_CONSUMER, ingestConsumerConfig);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(PROGRESS_STREAM, ingestConsumerConfig);
  }
}
