import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';

export interface Actor {
  id: number | null;
  name: string;
  requestId?: string | null;
}

export const systemActor = (name: string): Actor => ({ id: null, name });

export interface AuditEntry {
  action: string;
  entity: string;
  key: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function insertAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAuditMany(db, actor, [entry]);
}

export async function insertAuditMany(db: Db, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        actor_id: actor.id,
        actor_name: actor.name,
        action: e.action,
        entity: e.entity,
        entity_key: e.key,
        before: jsonb(e.before ?? null),
        after: jsonb(e.after ?? null),
        reason: e.reason ?? null,
        request_id: actor.requestId ?? null,
      })),
    )
    .execute();
}

export interface AuditQuery {
  entity?: string;
  key?: string;
  action?: string;
  limit: number;
  before?: number;
}

export async function selectAuditLog(db: Db, q: AuditQuery) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_id as actorId', 'actor_name as actor', 'action', 'entity', 'entity_key as key', 'before', 'after', 'reason', 'request_id as requestId'])
    .$if(q.entity !== undefined, (qb) => qb.where('entity', '=', q.entity!))
    .$if(q.key !== undefined, (qb) => qb.where('entity_key', '=', q.key!))
    .$if(q.action !== undefined, (qb) => qb.where('action', '=', q.action!))
    .$if(q.before !== undefined, (qb) => qb.where('id', '<', q.before!))
    .orderBy('id', 'desc')
    .limit(q.limit)
    .execute();
}
