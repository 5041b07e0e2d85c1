import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PROGRESS_STREAM } from '@luoshi/shared';
import { INGEST_CONSUMER } from '../infra/nats';

/**
 * One registry per process (the server, or a standalone ingest worker). Not prom-client's
 * global registry: tests build many apps in one process and must not collide on names.
 * Counters accumulate over every worker instance in the process.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'luoshi_' });

export const ingestMetrics = {
  events: new Counter({
    name: 'luoshi_ingest_events_total',
    help: 'Progress messages processed by ingest, by outcome (stored, duplicate, rejected)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  rejected: new Counter({
    name: 'luoshi_ingest_rejected_total',
    help: 'Progress messages refused by validation, by reason code (also in rejected_events)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  batchSize: new Histogram({
    name: 'luoshi_ingest_batch_size',
    help: 'Messages per committed ingest transaction',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [registry],
  }),
  batchSeconds: new Histogram({
    name: 'luoshi_ingest_batch_seconds',
    help: 'Time to write one batch (transaction begin to commit)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  }),
  writeStepSeconds: new Histogram({
    name: 'luoshi_ingest_write_step_seconds',
    help: "Where a batch's write time goes: begin (connection, BEGIN, target definitions), judge, insert, rollups, commit",
    labelNames: ['step'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  }),
  secondPasses: new Counter({
    name: 'luoshi_ingest_second_passes_total',
    help: 'Batches judged again with the stored-id look-up (a refusal, or an id already stored: redeliveries, re-sends after the de-duplication window)',
    registers: [registry],
  }),
  publishToCommitSeconds: new Histogram({
    name: 'luoshi_ingest_publish_to_commit_seconds',
    help: 'From the JetStream stream timestamp of a message to the commit of its batch',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  }),
  failedBatches: new Counter({
    name: 'luoshi_ingest_failed_batches_total',
    help: 'Batches whose transaction failed, by kind (transient: nak for redelivery; data: split to find the culprit)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  redeliveries: new Counter({
    name: 'luoshi_ingest_redeliveries_total',
    help: 'Messages received with a delivery count above 1 (after a nak, an ack timeout or a worker crash)',
    registers: [registry],
  }),
  pauses: new Counter({
    name: 'luoshi_ingest_pauses_total',
    help: 'Times a worker stopped pulling because the database did not answer (resumes when it does)',
    registers: [registry],
  }),
  deadLetters: new Counter({
    name: 'luoshi_ingest_dead_letters_total',
    help: 'Messages written to dead_letters, by reason (max_deliveries, write_failed)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
  consumerPending: new Gauge({
    name: 'luoshi_ingest_consumer_pending',
    help: 'Messages in the stream not yet delivered to the ingest consumer (lag), sampled at scrape',
    registers: [registry],
  }),
  consumerAckPending: new Gauge({
    name: 'luoshi_ingest_consumer_ack_pending',
    help: 'Messages delivered to workers and not yet acknowledged, sampled at scrape',
    registers: [registry],
  }),
  consumerRedelivered: new Gauge({
    name: 'luoshi_ingest_consumer_redelivered',
    help: 'Messages the ingest consumer has redelivered and not yet acknowledged (server view), sampled at scrape',
    registers: [registry],
  }),
};

export const httpProducerMetrics = {
  published: new Counter({
    name: 'luoshi_http_events_published_total',
    help: 'Events accepted by POST /api/events and acknowledged by the stream, by duplicate (true/false)',
    labelNames: ['duplicate'] as const,
    registers: [registry],
  }),
  refused: new Counter({
    name: 'luoshi_http_events_refused_total',
    help: 'POST /api/events requests refused, by code',
    labelNames: ['code'] as const,
    registers: [registry],
  }),
};

export const liveMetrics = {
  droppedNotices: new Counter({
    name: 'luoshi_live_notices_dropped_total',
    help: 'Live notices on live.> refused by the shared schema check, by reason (malformed, subject_mismatch, foreign_activity)',
    labelNames: ['reason'] as const,
    registers: [registry],
  }),
};

/** Samples the consumer's lag into the gauges; at most `timeoutMs`, a failure leaves them as they were. */
export async function sampleConsumer(nc: NatsConnection, timeoutMs = 1_000): Promise<void> {
  if (nc.isClosed()) return;
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
    const info = await jsm.consumers.info(PROGRESS_STREAM, INGEST_CONSUMER);
    ingestMetrics.consumerPending.set(info.num_pending);
    ingestMetrics.consumerAckPending.set(info.num_ack_pending);
    ingestMetrics.consumerRedelivered.set(info.num_redelivered);
  } catch {
    // NATS unreachable: the scrape still answers with what the process knows.
  }
}
