import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '@luoshi/db';
import type { NotificationItem, Principal, Reminder, ReminderKind } from '@luoshi/shared';
import { audit } from '../auth/audit';
import { activeLeaders, activeStaff, announce, insertNotifications } from './notify';
import { enqueueWebhook, kickWebhooks } from './webhooks';

export const newId = (prefix: string): string => `${prefix}_${randomBytes(9).toString('base64url')}`;

export interface ReminderSpec {
  kind: ReminderKind;
  target: { code: string; title: string } | null;
  /** The unit whose reports are owed. */
  unit: string;
  cycleDue: string | null;
  message: string | null;
  sender: Principal | null;
  ip?: string | null;
}

const TITLES: Record<ReminderKind, string> = {
  manual: '催办',
  before_due: '报送提醒',
  after_due: '逾期未报提醒',
  escalation: '逾期未报升级提醒',
};

function title(spec: ReminderSpec): string {
  const about = spec.target ? `${spec.target.code} ${spec.target.title}` : `${spec.unit} 的待报事项`;
  const due = spec.cycleDue ? `（应报日期 ${spec.cycleDue}）` : '';
  return `${TITLES[spec.kind]}：${about}${due}`;
}

export function toReminder(r: {
  id: string;
  kind: string;
  target_code: string | null;
  unit_code: string;
  cycle_due: string | null;
  message: string | null;
  sent_by_name: string | null;
  recipients: number;
  created_at: Date;
}): Reminder {
  return {
    id: r.id,
    kind: r.kind as ReminderKind,
    target: r.target_code,
    unit: r.unit_code,
    cycleDue: r.cycle_due === null ? null : String(r.cycle_due).slice(0, 10),
    message: r.message,
    sentBy: r.sent_by_name,
    recipients: r.recipients,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/**
 * Stores a reminder, its notifications, its audit record and its webhook delivery in one
 * transaction, then nudges the recipients' sockets and the webhook sender. Automatic kinds
 * are unique per (kind, target, cycle due date): a second attempt — another instance, a
 * retried run — inserts nothing and answers null. Escalations go to the leaders of the
 * unit above; the others to the unit's active staff.
 */
export async function sendReminder(app: FastifyInstance, spec: ReminderSpec): Promise<{ reminder: Reminder; recipients: number } | null> {
  const db: Kysely<Database> = app.db;
  const result = await db.transaction().execute(async (trx) => {
    const id = newId('rm');
    const inserted = await trx
      .insertInto('reminders')
      .values({
        id,
        kind: spec.kind,
        target_code: spec.target?.code ?? null,
        unit_code: spec.unit,
        cycle_due: spec.cycleDue,
        message: spec.message,
        sent_by_id: spec.sender?.id ?? null,
        sent_by_name: spec.sender?.name ?? (spec.kind === 'manual' ? null : '系统'),
      })
      .onConflict((oc) => oc.columns(['kind', 'target_code', 'cycle_due']).where('kind', '<>', 'manual').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return null;
    let recipientUnit = spec.unit;
    let users: string[];
    if (spec.kind === 'escalation') {
      const parent = await trx.selectFrom('units').select('parent_code').where('code', '=', spec.unit).executeTakeFirst();
      recipientUnit = parent?.parent_code ?? spec.unit;
      users = parent?.parent_code ? await activeLeaders(trx, parent.parent_code) : [];
    } else {
      users = await activeStaff(trx, spec.unit);
    }
    const items = await insertNotifications(trx, users, {
      kind: 'reminder',
      target: spec.target?.code ?? null,
      unit: spec.unit,
      reminderId: id,
      title: title(spec),
      body: spec.message,
    });
    const row = await trx.updateTable('reminders').set({ recipients: items.size }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    const reminder = toReminder(row);
    await audit(trx, spec.sender, spec.ip ? { ip: spec.ip } : null, {
      action: `reminder.${spec.kind}`,
      subject: spec.target?.code ?? spec.unit,
      detail: { reminder: id, unit: spec.unit, cycleDue: spec.cycleDue, recipients: items.size, message: spec.message },
    });
    await enqueueWebhook(trx, recipientUnit, { event: 'reminder', reminder, title: title(spec) }, id);
    return { reminder, items };
  });
  if (!result) return null;
  await announce(app, new Map<string, NotificationItem | null>(result.items), result.reminder.target);
  kickWebhooks(app);
  return { reminder: result.reminder, recipients: result.items.size };
}
