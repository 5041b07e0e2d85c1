import { describe, expect, it } from 'vitest';
import { ACTIVITY_PER_TICK, type ActivityItem, type Receipt, type TargetUpdate } from '@luoshi/shared';
import { route } from './route';

const update = (target: string, planId: string, ownerUnit: string, version = 1): TargetUpdate => ({
  target,
  planId,
  ownerUnit,
  value: version,
  pct: null,
  status: 'on_track',
  forecastDate: null,
  lastOccurredAt: null,
  version,
});
const item = (eventId: string, target: string, planId: string, ownerUnit: string): ActivityItem => ({
  eventId,
  planId,
  target,
  targetTitle: target,
  uom: '个',
  ownerUnit,
  kind: 'increment',
  value: 1,
  occurredAt: '2026-03-02T01:00:00.000Z',
  receivedAt: '2026-03-02T01:00:00.000Z',
  reporter: null,
  source: null,
  note: null,
  corrects: null,
});

// District D → sub-district S → departments A and B.
const parents: Record<string, string | null> = { D: null, S: 'D', A: 'S', B: 'S' };
const lineage = (u: string): string[] => {
  const out: string[] = [];
  for (let c: string | null | undefined = u; c; c = parents[c]) out.push(c);
  return out;
};

function membersOf(rooms: Record<string, string[]>) {
  const m = new Map<string, Set<string>>();
  for (const [socket, list] of Object.entries(rooms)) for (const r of list) m.set(r, (m.get(r) ?? new Set()).add(socket));
  return (room: string) => m.get(room);
}

describe('route', () => {
  it('sends each socket one batch per tick with every target once, whatever rooms overlap', () => {
    const tick = { updates: [update('T1', 'P', 'A'), update('T2', 'P', 'B'), update('T3', 'Q', 'A')], activity: [], activityOverflow: 0, receipts: [] };
    const members = membersOf({
      planOnly: ['plan:P'],
      planAndTarget: ['plan:P', 'target:T1'],
      targetOnly: ['target:T1'],
      unitA: ['unit:A'],
      district: ['unit:D'],
      screen: ['screen:WALL'],
      otherPlan: ['plan:Z'],
    });
    const deliveries = route(tick, lineage, members);
    const bySocket = new Map<string, string[]>();
    for (const d of deliveries) for (const s of d.sockets) {
      expect(bySocket.has(s)).toBe(false); // one batch per socket
      bySocket.set(s, d.batch.updates.map((u) => u.target));
    }
    expect(Object.fromEntries(bySocket)).toEqual({
      planOnly: ['T1', 'T2'],
      planAndTarget: ['T1', 'T2'],
      targetOnly: ['T1'],
      unitA: ['T1', 'T3'],
      district: ['T1', 'T2', 'T3'],
    });
  });

  it('shares one batch between sockets that matched the same rooms (one encode for a crowd)', () => {
    const tick = { updates: [update('T1', 'P', 'A')], activity: [], activityOverflow: 0, receipts: [] };
    const crowd = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`s${i}`, ['plan:P']]));
    const deliveries = route(tick, lineage, membersOf(crowd));
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.sockets).toHaveLength(1000);
  });

  it('routes feed lines like updates and keeps at most ACTIVITY_PER_TICK of the newest', () => {
    const activity = Array.from({ length: ACTIVITY_PER_TICK + 5 }, (_, i) => item(`e${i}`, 'T1', 'P', 'A'));
    const tick = { updates: [], activity: [...activity, item('other', 'T9', 'Q', 'B')], activityOverflow: 0, receipts: [] };
    const deliveries = route(tick, lineage, membersOf({ p: ['plan:P'], q: ['plan:Q'] }));
    const p = deliveries.find((d) => d.sockets.includes('p'))!.batch;
    expect(p.activity).toHaveLength(ACTIVITY_PER_TICK);
    expect(p.activity[0]!.eventId).toBe('e5');
    expect(p.activityDropped).toBe(5);
    const q = deliveries.find((d) => d.sockets.includes('q'))!.batch;
    expect(q.activity.map((a) => a.eventId)).toEqual(['other']);
    expect(q.activityDropped).toBe(0);
  });

  it('sends receipts to the reports room of their unit only, all of them, beside the updates', () => {
    const receipt = (eventId: string, ownerUnit: string): Receipt => ({ eventId, target: 'T1', ownerUnit, outcome: 'counted', code: null, message: null, at: '2026-03-02T01:00:00.000Z' });
    const many = Array.from({ length: ACTIVITY_PER_TICK * 3 }, (_, i) => receipt(`r${i}`, 'A'));
    const tick = { updates: [update('T1', 'P', 'A')], activity: [], activityOverflow: 0, receipts: [...many, receipt('b1', 'B')] };
    const deliveries = route(
      tick,
      lineage,
      membersOf({ reporterA: ['reports:A', 'unit:A'], onlyReportsA: ['reports:A'], reporterB: ['reports:B'], unitA: ['unit:A'], parent: ['unit:S', 'reports:S'], plan: ['plan:P'] }),
    );
    const of = (s: string) => deliveries.find((d) => d.sockets.includes(s))?.batch;
    expect(of('reporterA')!.receipts.map((r) => r.eventId)).toEqual(many.map((r) => r.eventId));
    expect(of('reporterA')!.updates.map((u) => u.target)).toEqual(['T1']);
    expect(of('onlyReportsA')).toMatchObject({ updates: [], activity: [], receipts: many });
    expect(of('reporterB')!.receipts.map((r) => r.eventId)).toEqual(['b1']);
    expect(of('unitA')!.receipts).toEqual([]);
    // Not the units above (a 街道's reports room is its own reporters'), not plan rooms.
    expect(of('parent')!.receipts).toEqual([]);
    expect(of('plan')!.receipts).toEqual([]);
  });
});
