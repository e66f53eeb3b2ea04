/**
 * Who may do what with people and pay (server/auth/policy.ts): reviewers, hr and admins granted
 * on the whole organisation read pay data and prepare payout runs; hr and admins import the
 * roster, set pay policies, approve and freeze; admins acknowledge fairness flags (they
 * finalise). Kept apart from the view so the shell can decide on the nav link without loading
 * it. The server decides in the end.
 */
import type { Grant, Unit } from '../types.ts';

export interface PayAccess {
  read: boolean;
  prepare: boolean;
  approve: boolean;
  roster: boolean;
  acknowledge: boolean;
}

export function payAccess(grants: readonly Grant[] | null | undefined, units: readonly Unit[] | null | undefined = []): PayAccess {
  const roots = new Set((units ?? []).filter((u) => u.parent === null).map((u) => u.code));
  const companyWide = (grants ?? []).filter((g) => g.unit === null || roots.has(g.unit)).map((g) => g.role);
  const has = (...roles: Grant['role'][]) => companyWide.some((r) => roles.includes(r));
  return {
    read: has('admin', 'reviewer', 'hr'),
    prepare: has('admin', 'reviewer', 'hr'),
    approve: has('admin', 'hr'),
    roster: has('admin', 'hr'),
    acknowledge: has('admin'),
  };
}
