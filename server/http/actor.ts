import type { Request } from 'express';
import type { Principal } from '../auth/policy.ts';
import type { Actor } from '../audit/repository.ts';

/** The audit actor for a request: the signed-in user (marked when acting through a token). */
export function actorOf(principal: Principal | null, req?: Request): Actor {
  if (!principal) return { id: null, name: 'anonymous', requestId: req ? String(req.id) : null };
  const name = principal.via === 'token' ? `${principal.username} (token)` : principal.username;
  return { id: principal.userId, name, requestId: req ? String(req.id) : null };
}
