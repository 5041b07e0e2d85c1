import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { FastifyPluginAsync } from 'fastify';
import type { CategoryThresholds } from '@luoshi/shared';
import { listenInbox } from './notify';
import { owedRoutes } from './owed-routes';
import { supervisionReportRoutes } from './report-routes';
import { supervisionSettingsRoutes } from './settings-routes';
import { startScheduler } from './scheduler';
import { configureWebhooks, kickWebhooks, type WebhookOptions } from './webhooks';
import { webhookRoutes } from './webhook-routes';
import { supervisionWriteRoutes } from './write-routes';

export interface SupervisionOptions {
  now?: (() => Date) | undefined;
  thresholds?: CategoryThresholds | undefined;
  /** Run the reminder scheduler on this instance (every instance may: it fires once). Default off; server.ts turns it on. */
  scheduler?: { intervalMs: number } | false | undefined;
  webhooks?: Partial<WebhookOptions> | undefined;
  /** How often pending webhook deliveries are retried (default 10 s). */
  webhookPollMs?: number | undefined;
}

/** Issue 17's routes, the inbox's live nudges, the scheduler and the webhook sender. Register after live (it needs `app.io`). */
export const supervision: FastifyPluginAsync<SupervisionOptions> = async (app, opts) => {
  await app.register(owedRoutes, { now: opts.now });
  await app.register(supervisionReportRoutes, { now: opts.now, thresholds: opts.thresholds });
  await app.register(supervisionWriteRoutes, { now: opts.now });
  await app.register(webhookRoutes);
  await app.register(supervisionSettingsRoutes);
  configureWebhooks(app, opts.webhooks ?? {});
  const stopInbox = listenInbox(app, app.io);
  const poll = setInterval(() => kickWebhooks(app), opts.webhookPollMs ?? 10_000);
  poll.unref();
  let stopScheduler: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    if (opts.scheduler) {
      const instance = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
      stopScheduler = startScheduler(app, { instance, now: opts.now ?? (() => new Date()), intervalMs: opts.scheduler.intervalMs });
    }
    kickWebhooks(app);
  });
  app.addHook('preClose', async () => {
    clearInterval(poll);
    stopInbox();
    await stopScheduler?.();
  });
};
