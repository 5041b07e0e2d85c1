import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressSubject } from '@luoshi/shared';
import { clockFrom } from '../../server/src/infra/clock';
import type { ThreadIntake } from '../../server/src/ingest/intake/threaded';
import { jobsEvent } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';
import { waitFor } from '../support/wait';

/**
 * The intake thread (server/src/ingest/intake): messages received and decoded beside the
 * worker's loop. The stack's worker runs it (as the server does), so every ingest test goes
 * through it; these are what only the thread can get wrong.
 */
let stack: Stack;
// The app's day is 1 June 2026: 10 June is in the future for the app, in the past for the machine.
const clock = clockFrom('2026-06-01');

beforeAll(async () => {
  stack = await startStack({ name: 'test-intake-thread', worker: true, app: false, clock });
});
afterAll(() => stack?.stop());

const jobsTotal = async (): Promise<number> =>
  (await stack.db.selectFrom('target_rollups').select('value').where('target_code', '=', 'TP-JOBS').executeTakeFirstOrThrow()).value;

describe('the ingest intake thread', () => {
  it('judges "in the future" by the worker’s clock, which the thread does not share', async () => {
    const ahead = jobsEvent('intake-ahead', 3, { occurredAt: '2026-06-10T09:00:00+08:00' });
    const ack = await jetstream(stack.nc).publish(progressSubject('T-JD-A', 'TP-JOBS'), JSON.stringify(ahead), { msgID: ahead.id });
    const rejected = await waitFor('rejection row', () =>
      stack.db.selectFrom('rejected_events').selectAll().where('stream_seq', '=', ack.seq).executeTakeFirst(),
    );
    expect(rejected.code).toBe('future_date');
    expect(rejected.message).toBe('occurredAt 2026-06-10T09:00:00+08:00 is in the future');
    expect(await stack.db.selectFrom('events').select('id').where('id', '=', ahead.id).executeTakeFirst()).toBeUndefined();
  });

  it('a thread that ends is replaced: what is published after it is stored once', async () => {
    const before = await jobsTotal();
    await stack.publish(jobsEvent('replaced-before', 2));
    expect(await jobsTotal()).toBe(before + 2);

    const worker = stack.worker;
    // Private on purpose (nothing outside the worker may end its thread); a crash is what this stands for.
    const first = worker['intake'] as ThreadIntake;
    await first['worker'].terminate();
    await waitFor('a new intake thread', async () => {
      const next = worker['intake'] as ThreadIntake | null;
      return next && next !== first ? next.ready.then(() => true) : undefined;
    });

    await stack.publish(jobsEvent('replaced-after-1', 5), jobsEvent('replaced-after-2', 7));
    expect(await jobsTotal()).toBe(before + 2 + 5 + 7);
    const ids = await stack.db.selectFrom('events').select('id').where('id', 'like', 'replaced-%').orderBy('id').execute();
    expect(ids.map((r) => r.id)).toEqual(['replaced-after-1', 'replaced-after-2', 'replaced-before']);
  });
});
