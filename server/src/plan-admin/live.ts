import type { FastifyInstance } from 'fastify';
import type { Principal } from '@luoshi/shared';
import { mayRead } from '../auth/rooms';
import { parseRoom } from '../live/socket';

/**
 * After a change to a plan, target, section or unit (issue 16): every socket on this
 * instance leaves the rooms it may no longer read (a draft, a moved unit), then every open
 * page and screen is told to resync, i.e. re-subscribe and refetch: a renamed unit or an
 * adjusted target shows without reload. Changes are rare (admins' edits), so one resync to
 * all is cheaper to reason about than working out who shows what.
 */
export async function announceChange(app: FastifyInstance, reason: string): Promise<void> {
  const io = app.io;
  for (const socket of io.of('/').sockets.values()) {
    const p = socket.data.principal as Principal | undefined;
    if (!p) continue;
    for (const name of [...socket.rooms]) {
      if (name === socket.id) continue;
      const room = parseRoom({ kind: name.slice(0, name.indexOf(':')), id: name.slice(name.indexOf(':') + 1) });
      if (room && !(await mayRead(app.db, p, room))) await socket.leave(name);
    }
  }
  io.emit('resync', { reason });
}
