/**
 * The VOC workflow (DESIGN.md §3): received → assigned → in_progress → resolved → closed, and
 * reopen (resolved or closed → in_progress). Assignment goes to a person of the responsible
 * unit (an account granted on it, above it or inside it, who may resolve VOC); a complaint is
 * resolved only with its resolution and root cause. Every change keeps a history row and
 * rewrites the feeds of the record's month in the same transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import type { Principal } from '../auth/policy.ts';
import { DomainError, HttpError, notFound } from '../http/errors.ts';
import { canTransition, VOC_TRANSITIONS, type VocStatus } from '../scoring/voc.ts';
import { notifyPeople } from '../notifications/people.ts';
import { insertHistory, selectVocForUpdate, updateWorkflow } from './repository.ts';
import { vocAccess } from './access.ts';
import { rewriteVocFeeds } from './service.ts';

export interface TransitionInput {
  to: VocStatus;
  assignee?: string | null;
  resolution?: string | null;
  rootCause?: string | null;
  note?: string | null;
}

export const vocLink = (id: string) => `/voc/${encodeURIComponent(id)}`;

/** Accounts that may be assigned VOC of the unit at `unitPath`: resolvers granted on, above or inside it. */
export async function assignableUsers(db: Db, unitPath: string): Promise<{ id: number; username: string; displayName: string }[]> {
  const { rows } = await sql<{ id: number; username: string; display_name: string }>`
    select distinct a.id, a.username, a.display_name from app_user a
    join role_grant g on g.user_id = a.id left join org_unit u on u.id = g.unit_id
    where not a.disabled and g.role in ('admin', 'manager', 'contributor')
      and (g.unit_id is null or ${unitPath} like u.path || '%' or u.path like ${unitPath + '%'})
    order by a.display_name`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), username: r.username, displayName: r.display_name }));
}

export async function transitionVoc(db: Db, actor: Actor, principal: Principal | null, id: string, input: TransitionInput, now = new Date()): Promise<{ notices: string[] }> {
  const record = await selectVocForUpdate(db, id);
  const unit = record ? (await sql<{ path: string; code: string }>`select path, code from org_unit where id = ${record.unitId}`.execute(db)).rows[0] : null;
  if (!record || !unit) throw notFound(`No VOC "${id}"`);
  if (!vocAccess(principal).canResolve(unit.path)) throw new HttpError(403, 'forbidden', `You may not work on VOC of ${unit.code} (managers and contributors of the unit or above, and admins, may)`);
  const from = record.status as VocStatus;
  if (!canTransition(from, input.to)) {
    throw new HttpError(409, 'illegal_transition', `A VOC that is ${from} cannot become ${input.to} (allowed: ${VOC_TRANSITIONS[from].join(', ') || 'none'})`, { from, to: input.to, allowed: VOC_TRANSITIONS[from] });
  }
  let { assignee, resolvedAt, resolution, rootCause } = record;
  const rows: { row: number; field: string; reason: string }[] = [];
  let newAssignee: { id: number; username: string } | null = null;
  if (input.assignee !== undefined && input.assignee !== null && input.assignee !== '') {
    const user = (await assignableUsers(db, unit.path)).find((u) => u.username === input.assignee);
    if (!user) rows.push({ row: 1, field: 'assignee', reason: `"${input.assignee}" is not a person who may resolve VOC of ${unit.code}` });
    else {
      if (user.username !== assignee) newAssignee = user;
      assignee = user.username;
    }
  }
  if (input.to === 'assigned' && !assignee) rows.push({ row: 1, field: 'assignee', reason: 'is required to assign' });
  if (input.to === 'resolved') {
    if (input.resolution) resolution = input.resolution.trim();
    if (input.rootCause) rootCause = input.rootCause;
    if (record.type === 'complaint' && !resolution) rows.push({ row: 1, field: 'resolution', reason: 'is required to resolve a complaint' });
    if (record.type === 'complaint' && !rootCause) rows.push({ row: 1, field: 'rootCause', reason: 'is required to resolve a complaint (people, procedure, facility, product, other)' });
    resolvedAt = now;
  }
  if (input.to === 'in_progress' && (from === 'resolved' || from === 'closed')) resolvedAt = null; // reopened: the clock runs again
  if (rows.length) throw new DomainError('invalid_transition', `The VOC cannot become ${input.to}: ${rows.map((r) => `${r.field} ${r.reason}`).join('; ')}`, { rows }, 422);
  await updateWorkflow(db, id, { status: input.to, assignee, resolvedAt, resolution, rootCause }, actor.name);
  await insertHistory(db, [{ vocId: id, by: actor.name, byId: actor.id, from, to: input.to, note: input.note ?? (input.to === 'in_progress' && resolvedAt === null && from !== 'received' && from !== 'assigned' ? 'reopened' : null) }]);
  if (newAssignee) {
    await notifyPeople(db, {
      kind: 'voc_assigned',
      severity: 'info',
      unitId: record.unitId,
      indicatorId: null,
      period: record.month,
      message: `VOC ${id} (${record.type}, ${record.category}) at ${unit.code} was assigned to you by ${actor.name}`,
      details: { voc: id },
      dedupeKey: `voc_assigned:${id}:${newAssignee.username}:${now.getTime()}`,
      link: vocLink(id),
      recipients: [newAssignee.id],
    });
  }
  const feeds = await rewriteVocFeeds(db, actor, [{ unitId: record.unitId, month: record.month }], now);
  return { notices: feeds.notices };
}
