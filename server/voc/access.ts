/**
 * Who sees what of a VOC (DESIGN.md §3 "VOC", privacy):
 * - the customer id is shown only to those who may resolve VOC of the responsible unit
 *   (manager or contributor granted on it or above it, or an admin); everyone else sees it
 *   masked (`C-****1234`);
 * - the text is shown only inside the responsible unit's subtree: to those who may resolve it,
 *   and to anyone whose grant lies on the responsible unit or below it (its own staff). A
 *   company-wide viewer or reviewer sees the counts, not what the customer wrote.
 * A principal of null is the operator (CLI, jobs): everything.
 */
import type { Principal } from '../auth/policy.ts';

const RESOLVER_ROLES = new Set(['admin', 'manager', 'contributor']);

export interface VocAccess {
  canResolve(unitPath: string): boolean;
  canReadText(unitPath: string): boolean;
}

export function vocAccess(principal: Principal | null): VocAccess {
  if (!principal) return { canResolve: () => true, canReadText: () => true };
  const writes = !principal.scopes || principal.scopes.includes('measurement:write');
  const canResolve = (path: string) => writes && principal.grants.some((g) => RESOLVER_ROLES.has(g.role) && path.startsWith(g.unitPath));
  return {
    canResolve,
    canReadText: (path) => canResolve(path) || principal.grants.some((g) => g.unitPath.startsWith(path)),
  };
}
