import type { FastifyInstance } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '@luoshi/db';
import type { InboxNotice, NotificationItem } from '@luoshi/shared';
import type { Principal } from '@luoshi/shared';
import type { LiveServer } from '../live/socket';

/**
 * The notification inbox: rows written in the same transaction as what they announce,
 * then — after commit — one core NATS message that every instance turns into `inbox`
 * events for the recipients' sockets and a `timeline` event for the target's room.
 * A lost NATS message loses no notification: the bell reads the inbox on every page load
 * and reconnect; only the live nudge is at most once.
 */
export const INBOX_SUBJECT = 'luoshi.supervision.inbox';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewNotification {
  kind: NotificationItem['kind'];
  target: string | null;
  unit: string | null;
  reminderId?: string | null;
  instructionId?: string | null;
  title: string;
  body: string | null;
}

/** Active staff accounts of a unit (who a reminder or an instruction reaches). */
export async function activeStaff(db: Db, unit: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'staff').where('unit_code', '=', unit).where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Active leader accounts of a unit (escalations go to the leaders of the unit above). */
export async function activeLeaders(db: Db, unit: string): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'leader').where('unit_code', '=', unit).where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Writes one notification per user; returns the new item (the same for everyone) per user id. */
export async function insertNotifications(db: Db, users: readonly string[], n: NewNotification): Promise<Map<string, NotificationItem>> {
  const out = new Map<string, NotificationItem>();
  if (users.length === 0) return out;
  const rows = await db
    .insertInto('notifications')
    .values(
      [...new Set(users)].map((user_id) => ({
        user_id,
        kind: n.kind,
        target_code: n.target,
        unit_code: n.unit,
        reminder_id: n.reminderId ?? null,
        instruction_id: n.instructionId ?? null,
        title: n.title,
        body: n.body,
      })),
    )
    .returning(['id', 'user_id', 'created_at'])
    .execute();
  for (const r of rows) {
    out.set(r.user_id, { id: Number(r.id), kind: n.kind, target: n.target, unit: n.unit, title: n.title, body: n.body, createdAt: new Date(r.created_at).toISOString(), readAt: null });
  }
  return out;
}

export async function unreadCounts(db: Db, users: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(users.map((u) => [u, 0]));
  if (users.length === 0) return out;
  const rows = await db
    .selectFrom('notifications')
    .select(['user_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('user_id', 'in', [...users])
    .where('read_at', 'is', null)
    .groupBy('user_id')
    .execute();
  for (const r of rows) out.set(r.user_id, Number(r.n));
  return out;
}

interface InboxMessage {
  users: { id: string; unread: number; item: NotificationItem | null }[];
  target: string | null;
}

/** After commit: tells every instance (this one included, through NATS) to nudge the recipients' sockets. */
export async function announce(app: FastifyInstance, users: Map<string, NotificationItem | null>, target: string | null): Promise<void> {
  const unread = await unreadCounts(app.db, [...users.keys()]);
  const msg: InboxMessage = { users: [...users].map(([id, item]) => ({ id, unread: unread.get(id) ?? 0, item })), target };
  try {
    app.nc.publish(INBOX_SUBJECT, JSON.stringify(msg));
  } catch (e) {
    // At most once, like every core NATS message: the inbox itself is in the database.
    app.log.warn({ err: e }, 'could not announce notifications; clients see them on their next read');
  }
}

/** Every instance: emits `inbox` to the recipients' sockets here and `timeline` to the target's room. */
export function listenInbox(app: FastifyInstance, io: LiveServer): () => void {
  const sub = app.nc.subscribe(INBOX_SUBJECT, {
    callback: (err, m) => {
      if (err) return;
      let msg: InboxMessage;
      try {
        msg = JSON.parse(m.string()) as InboxMessage;
      } catch {
        return;
      }
      const by = new Map(msg.users.map((u) => [u.id, u]));
      for (const socket of io.of('/').sockets.values()) {
        const p = socket.data.principal as Principal | undefined;
        const u = p?.kind === 'user' ? by.get(p.id) : undefined;
        if (u) socket.emit('inbox', { unread: u.unread, item: u.item } satisfies InboxNotice);
      }
      if (msg.target) io.local.to(`target:${msg.target}`).emit('timeline', { target: msg.target });
    },
  });
  return () => sub.unsubscribe();
}
