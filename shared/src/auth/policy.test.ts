import { describe, expect, it } from 'vitest';
import { canAdminister, canReadUnit, canReport, isWithin, type Principal, type Role } from './policy';

const parents = new Map<string, string | null>([
  ['YP', null],
  ['YP-WJC', 'YP'],
  ['YP-WJC-FWB', 'YP-WJC'],
  ['YP-WJC-GLB', 'YP-WJC'],
  ['YP-WL', 'YP'],
  ['YP-WL-FWB', 'YP-WL'],
]);

const who = (role: Role, unitCode: string | null): Principal => ({ kind: 'user', id: 'u', name: 'n', role, unitCode, screenId: null });

describe('isWithin', () => {
  it('follows the tree upwards', () => {
    expect(isWithin('YP-WJC-FWB', 'YP', parents)).toBe(true);
    expect(isWithin('YP-WJC-FWB', 'YP-WJC-FWB', parents)).toBe(true);
    expect(isWithin('YP-WL-FWB', 'YP-WJC', parents)).toBe(false);
    expect(isWithin('UNKNOWN', 'YP', parents)).toBe(false);
  });
  it('stops on a cycle in bad data', () => {
    const cyclic = new Map<string, string | null>([['A', 'B'], ['B', 'A']]);
    expect(isWithin('A', 'C', cyclic)).toBe(false);
  });
});

describe('policy', () => {
  it.each([
    ['admin', null, 'YP-WL-FWB', true],
    ['leader', 'YP-WJC', 'YP-WJC-GLB', true],
    ['leader', 'YP-WJC', 'YP-WL-FWB', false],
    ['staff', 'YP-WJC-FWB', 'YP-WJC-FWB', true],
    ['staff', 'YP-WJC-FWB', 'YP-WJC-GLB', false],
    ['screen', null, 'YP-WJC-FWB', false],
  ] as const)('%s of %s reads %s: %s', (role, unit, owner, expected) => {
    expect(canReadUnit(who(role, unit), owner, parents)).toBe(expected);
  });

  it.each([
    ['admin', null, 'YP-WJC-FWB', true],
    ['staff', 'YP-WJC-FWB', 'YP-WJC-FWB', true],
    ['staff', 'YP-WJC-FWB', 'YP-WJC-GLB', false],
    ['leader', 'YP-WJC', 'YP-WJC-FWB', false],
    ['screen', null, 'YP-WJC-FWB', false],
  ] as const)('%s of %s reports for %s: %s', (role, unit, owner, expected) => {
    expect(canReport(who(role, unit), owner)).toBe(expected);
  });

  it('lets only admins administer', () => {
    expect(canAdminister(who('admin', null))).toBe(true);
    expect(canAdminister(who('leader', 'YP'))).toBe(false);
  });
});
