import { Type, type Static } from '@sinclair/typebox';
import { NullableString, StringEnum } from '../api/schema';
/**
 * Who may see and write what, as pure functions: the server applies them on every
 * route, socket room and event path; the web uses them to hide what would be refused.
 */

export const ROLES = ['admin', 'leader', 'staff', 'screen'] as const;
/** admin: everything; leader: reads its unit's subtree; staff: reports for targets its unit
 *  owns and reads its unit; screen: a device that reads one screen's views. */
export type Role = (typeof ROLES)[number];

export const PrincipalSchema = Type.Object({
  kind: StringEnum(['user', 'token']),
  id: Type.String(),
  name: Type.String(),
  role: StringEnum(ROLES),
  /** The unit a user or machine belongs to; null only for admins. */
  unitCode: NullableString({ description: 'The unit a user or machine belongs to; null only for admins' }),
  /** For role `screen`: the one screen it may show. */
  screenId: NullableString({ description: 'For role screen: the one screen it may show' }),
});
export type Principal = Static<typeof PrincipalSchema>;

/** unit code → parent code, as loaded from the units table. */
export type UnitParents = ReadonlyMap<string, string | null>;

/** True when `unit` is `ancestor` or lies below it. Guards against cycles in bad data. */
export function isWithin(unit: string, ancestor: string, parents: UnitParents): boolean {
  let cur: string | null | undefined = unit;
  for (let hops = 0; cur && hops < 64; hops++) {
    if (cur === ancestor) return true;
    cur = parents.get(cur);
  }
  return false;
}

/** May this principal read data owned by `ownerUnit`? (Screens read through their screen's views only.) */
export function canReadUnit(p: Principal, ownerUnit: string, parents: UnitParents): boolean {
  switch (p.role) {
    case 'admin':
      return true;
    case 'leader':
      return p.unitCode !== null && isWithin(ownerUnit, p.unitCode, parents);
    case 'staff':
      return p.unitCode === ownerUnit;
    case 'screen':
      return false;
  }
}

/** May this principal report progress for a target owned by `ownerUnit`? Only its own unit's staff (and admins). */
export function canReport(p: Principal, ownerUnit: string): boolean {
  if (p.role === 'admin') return true;
  return p.role === 'staff' && p.unitCode === ownerUnit;
}

/** Plans, targets, accounts, tokens and screens are managed by admins only. */
export function canAdminister(p: Principal): boolean {
  return p.role === 'admin';
}
