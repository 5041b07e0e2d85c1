import { ACTIVITY_PER_TICK, roomName, type ActivityItem, type LiveBatch, type Receipt, type TargetUpdate } from '@luoshi/shared';
import type { Tick } from './coalescer';

/** The rooms a target's changes go to: the target, its plan, and its owner unit with every unit above it. */
export function roomsOf(x: { target: string; planId: string; ownerUnit: string }, lineage: (unit: string) => readonly string[]): string[] {
  return [
    roomName({ kind: 'target', id: x.target }),
    roomName({ kind: 'plan', id: x.planId }),
    ...(x.ownerUnit ? lineage(x.ownerUnit) : []).map((u) => roomName({ kind: 'unit', id: u })),
  ];
}

/** Receipts go to the `reports:` room of the unit the event was published for, and nowhere else. */
export function receiptRoom(r: Pick<Receipt, 'ownerUnit'>): string {
  return roomName({ kind: 'reports', id: r.ownerUnit });
}

export interface Delivery {
  sockets: string[];
  batch: Omit<LiveBatch, 'serverTime'>;
}

/**
 * Turns one tick into deliveries: every socket gets ONE batch per tick holding what any
 * of its rooms saw, each target once (a socket in both `plan:P` and `target:T` is not sent
 * T twice). Sockets that matched the same rooms share one batch, so socket.io encodes it
 * once for all of them: a plan room of 1,000 viewers costs one encode and 1,000 writes.
 * Receipts reach `reports:<unit>` rooms only (not the units above, not plan or target rooms):
 * they answer the unit's reporters, and carry no state anyone else shows.
 */
export function route(tick: Tick, lineage: (unit: string) => readonly string[], members: (room: string) => ReadonlySet<string> | undefined): Delivery[] {
  const byRoom = new Map<string, { u: number[]; a: number[]; r: number[] }>();
  const slot = (room: string) => {
    let s = byRoom.get(room);
    if (!s) byRoom.set(room, (s = { u: [], a: [], r: [] }));
    return s;
  };
  tick.updates.forEach((u, i) => roomsOf({ target: u.target, planId: u.planId, ownerUnit: u.ownerUnit }, lineage).forEach((r) => slot(r).u.push(i)));
  tick.activity.forEach((a, i) => roomsOf(a, lineage).forEach((r) => slot(r).a.push(i)));
  tick.receipts.forEach((r, i) => slot(receiptRoom(r)).r.push(i));

  // Which of this tick's rooms each socket is in.
  const matched = new Map<string, string[]>();
  for (const room of byRoom.keys()) {
    const ids = members(room);
    if (!ids) continue;
    for (const id of ids) {
      const list = matched.get(id);
      if (list) list.push(room);
      else matched.set(id, [room]);
    }
  }
  const groups = new Map<string, { rooms: string[]; sockets: string[] }>();
  for (const [id, rooms] of matched) {
    const key = rooms.join('\n');
    const g = groups.get(key);
    if (g) g.sockets.push(id);
    else groups.set(key, { rooms, sockets: [id] });
  }

  const out: Delivery[] = [];
  for (const { rooms, sockets } of groups.values()) {
    const u = new Set<number>();
    const a = new Set<number>();
    const rc = new Set<number>();
    for (const r of rooms) {
      const s = byRoom.get(r)!;
      s.u.forEach((i) => u.add(i));
      s.a.forEach((i) => a.add(i));
      s.r.forEach((i) => rc.add(i));
    }
    const updates: TargetUpdate[] = [...u].sort((x, y) => x - y).map((i) => tick.updates[i]!);
    const all: ActivityItem[] = [...a].sort((x, y) => x - y).map((i) => tick.activity[i]!);
    const activity = all.length > ACTIVITY_PER_TICK ? all.slice(all.length - ACTIVITY_PER_TICK) : all;
    const receipts: Receipt[] = [...rc].sort((x, y) => x - y).map((i) => tick.receipts[i]!);
    out.push({ sockets, batch: { updates, activity, activityDropped: all.length - activity.length + (activity.length > 0 ? tick.activityOverflow : 0), receipts } });
  }
  return out;
}
