import type { Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import { HttpError, notFound } from '../http/errors';

type Trx = Transaction<Database>;

export interface LockedPlan {
  id: string;
  title: string;
  owner_unit: string;
  period_start: string;
  period_end: string;
  status: string;
  version: number;
}

/**
 * Reads the plan `for update`: every change to a plan or anything in it takes this lock
 * first, so a publish and a concurrent edit of one of its targets are serialised and each
 * sees the other's outcome (a target added after publishing needs a reason, …).
 */
export async function lockPlan(trx: Trx, id: string): Promise<LockedPlan> {
  const plan = await trx
    .selectFrom('plans')
    .select(['id', 'title', 'owner_unit', 'period_start', 'period_end', 'status', 'version'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!plan) throw notFound(`no plan with id ${id}`);
  return plan;
}

/** `version` as the client read it: required, a whole number. */
export function versionOf(raw: unknown): number {
  const v = (raw as { version?: unknown } | null)?.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new HttpError(400, 'invalid_request', 'version: the version you read is required (a whole number), so a concurrent change is not overwritten');
  }
  return v;
}

export function checkVersion(kind: string, id: string, current: number, sent: number): void {
  if (current !== sent) {
    throw new HttpError(409, 'stale_version', `${kind} ${id} was changed by someone else (version ${current}, you sent ${sent}); reload it and make your change again`, {
      currentVersion: current,
    });
  }
}

/** A closed plan is read-only; `what` names the change refused. */
export function refuseClosed(plan: LockedPlan, what: string): void {
  if (plan.status === 'closed') throw new HttpError(409, 'plan_closed', `plan ${plan.id} is closed and read-only; ${what} is not possible`);
}
