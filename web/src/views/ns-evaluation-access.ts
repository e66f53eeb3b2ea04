/**
 * Who may do what with evaluation cycles (DESIGN.md §6, server/auth/policy.ts): reviewers,
 * managers and admins read and export (`evaluation:read`); only an admin granted on the whole
 * organisation changes, finalises and reopens (`evaluation:write`). Kept apart from the view so
 * the shell can decide on the nav link without loading it. The server decides in the end.
 */
import type { Grant, Unit } from '../types.ts';

const READERS: readonly Grant['role'][] = ['admin', 'manager', 'reviewer', 'hr'];

export interface EvaluationAccess {
  read: boolean;
  write: boolean;
}

export function evaluationAccess(grants: readonly Grant[] | null | undefined, units: readonly Unit[] | null | undefined = []): EvaluationAccess {
  const list = grants ?? [];
  const roots = new Set((units ?? []).filter((u) => u.parent === null).map((u) => u.code));
  return {
    read: list.some((g) => READERS.includes(g.role)),
    write: list.some((g) => g.role === 'admin' && (g.unit === null || roots.has(g.unit))),
  };
}
