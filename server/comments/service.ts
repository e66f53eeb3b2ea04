/**
 * Commentary per indicator × unit × month (DESIGN.md §3): why a number moved (analysis), what is
 * being done (action), or a note; replies; `@username` mentions; every edit kept.
 * Reading needs scorecard read on the unit; writing needs measurement write there, or being the
 * indicator's owner or an updater at the unit.
 */
import type { Db } from '../db/database.ts';
import { HttpError, forbidden, notFound } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { isAllowed, type Principal } from '../auth/policy.ts';
import { selectGrants } from '../auth/repository.ts';
import { selectUnitByCode, type UnitRow } from '../units/repository.ts';
import { ownershipAt } from '../owners/service.ts';
import { indicatorLink, notifyPeople, userIdsByUsername } from '../notifications/people.ts';
import { parseMentions } from './mentions.ts';
import { insertComment, selectCommentById, selectCommentRevisions, selectComments, updateCommentKeepingRevision } from './repository.ts';

export const COMMENT_KINDS = ['analysis', 'action', 'note'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export interface NewComment {
  indicator: string;
  unit: string;
  period: string;
  kind: CommentKind;
  body: string;
  replyTo?: number | null;
}

async function subjectOf(db: Db, indicator: string, unit: string) {
  const [ind, u] = await Promise.all([db.selectFrom('indicator').select(['id', 'code']).where('code', '=', indicator).executeTakeFirst(), selectUnitByCode(db, unit)]);
  if (!ind) throw new HttpError(422, 'invalid_input', `Unknown indicator "${indicator}"`, [{ field: 'indicator', message: 'unknown indicator' }]);
  if (!u) throw new HttpError(422, 'invalid_input', `Unknown unit "${unit}"`, [{ field: 'unit', message: 'unknown unit' }]);
  return { indicator: { id: Number(ind.id), code: ind.code }, unit: u };
}

/** May `principal` write commentary on `indicator` at `unit`? */
export async function mayComment(db: Db, principal: Principal, indicator: string, unit: UnitRow): Promise<boolean> {
  if (isAllowed(principal, 'measurement:write', unit.path)) return true;
  if (!isAllowed(principal, 'scorecard:read', unit.path)) return false;
  const owners = (await ownershipAt(db, unit.path)).indicator(indicator);
  return owners.owner === principal.username || owners.updaters.includes(principal.username);
}

/** People named with @ who exist, are enabled and may read the unit (others would get a link they cannot open). */
async function mentionable(db: Db, names: string[], unit: UnitRow): Promise<{ username: string; id: number }[]> {
  const ids = await userIdsByUsername(db, names);
  const out: { username: string; id: number }[] = [];
  for (const [username, id] of ids) {
    const user = await db.selectFrom('app_user').select(['disabled']).where('id', '=', id).executeTakeFirstOrThrow();
    if (user.disabled) continue;
    const grants = await selectGrants(db, id);
    const reader: Principal = { userId: id, username, displayName: username, locale: 'en', grants, scopes: null, via: 'session' };
    if (isAllowed(reader, 'scorecard:read', unit.path)) out.push({ username, id });
  }
  return out;
}

export async function addComment(db: Db, actor: Actor, principal: Principal, input: NewComment) {
  const { indicator, unit } = await subjectOf(db, input.indicator, input.unit);
  if (!(await mayComment(db, principal, indicator.code, unit))) throw forbidden(`Commenting on ${indicator.code} at ${unit.code} needs measurement write there, or being its owner or an updater`);
  let parent: Awaited<ReturnType<typeof selectCommentById>> | undefined;
  if (input.replyTo) {
    parent = await selectCommentById(db, input.replyTo);
    if (!parent || parent.indicator !== indicator.code || parent.unit !== unit.code || parent.period !== input.period) {
      throw new HttpError(422, 'invalid_input', `Comment ${input.replyTo} is not on ${indicator.code} at ${unit.code} in ${input.period}`, [{ field: 'replyTo', message: 'not a comment of this thread' }]);
    }
  }
  const mentioned = await mentionable(db, parseMentions(input.body), unit);
  const id = await insertComment(db, { indicatorId: indicator.id, unitId: unit.id, period: input.period, kind: input.kind, body: input.body, replyTo: parent?.id ?? null, authorId: principal.userId, authorName: principal.username, mentions: mentioned.map((m) => m.username) });
  await insertAudit(db, actor, { action: 'create', entity: 'comment', key: String(id), before: null, after: { ...input, mentions: mentioned.map((m) => m.username) } });
  const link = `${indicatorLink(indicator.code, unit.code, input.period)}&comment=${id}`;
  const excerpt = input.body.length > 280 ? `${input.body.slice(0, 279)}…` : input.body;
  const details = { commentId: id, author: principal.username, authorName: principal.displayName, excerpt, commentKind: input.kind };
  const mentionIds = mentioned.map((m) => m.id).filter((uid) => uid !== principal.userId);
  await notifyPeople(db, {
    kind: 'mention', severity: 'info', unitId: unit.id, indicatorId: indicator.id, period: input.period, link, details, recipients: mentionIds,
    message: `${principal.username} mentioned you on ${indicator.code} at ${unit.code}, ${input.period}: ${excerpt}`,
    dedupeKey: `mention:${id}`,
  });
  if (parent) {
    const threadAuthors = [parent.authorId, parent.replyTo ? (await selectCommentById(db, parent.replyTo))?.authorId : null].filter((uid): uid is number => uid !== null && uid !== undefined);
    await notifyPeople(db, {
      kind: 'comment_reply', severity: 'info', unitId: unit.id, indicatorId: indicator.id, period: input.period, link, details,
      recipients: threadAuthors.map(Number).filter((uid) => uid !== principal.userId && !mentionIds.includes(uid)),
      message: `${principal.username} replied on ${indicator.code} at ${unit.code}, ${input.period}: ${excerpt}`,
      dedupeKey: `reply:${id}`,
    });
  }
  return (await selectCommentById(db, id))!;
}

/** Changes a comment's text (its author only); the earlier text stays as a revision; newly mentioned people are told. */
export async function editComment(db: Db, actor: Actor, principal: Principal, id: number, change: { kind?: CommentKind; body: string }) {
  const comment = await selectCommentById(db, id);
  if (!comment || !isAllowed(principal, 'scorecard:read', comment.unitPath)) throw notFound(`No comment ${id}`);
  if (comment.authorId !== principal.userId) throw forbidden('Only the author can edit a comment');
  const unit = (await selectUnitByCode(db, comment.unit))!;
  const mentioned = await mentionable(db, parseMentions(change.body), unit);
  const before = { kind: comment.kind, body: comment.body };
  const revision = await updateCommentKeepingRevision(db, id, { kind: change.kind ?? comment.kind, body: change.body, mentions: mentioned.map((m) => m.username) }, principal.username);
  await insertAudit(db, actor, { action: 'update', entity: 'comment', key: String(id), before, after: change });
  const already = new Set(comment.mentions as string[]);
  const excerpt = change.body.length > 280 ? `${change.body.slice(0, 279)}…` : change.body;
  await notifyPeople(db, {
    kind: 'mention', severity: 'info', unitId: comment.unitId, indicatorId: comment.indicatorId, period: comment.period,
    link: `${indicatorLink(comment.indicator, comment.unit, comment.period)}&comment=${id}`,
    details: { commentId: id, author: principal.username, authorName: principal.displayName, excerpt, commentKind: change.kind ?? comment.kind },
    recipients: mentioned.filter((m) => !already.has(m.username) && m.id !== principal.userId).map((m) => m.id),
    message: `${principal.username} mentioned you on ${comment.indicator} at ${comment.unit}, ${comment.period}: ${excerpt}`,
    dedupeKey: `mention:${id}:r${revision}`,
  });
  return (await selectCommentById(db, id))!;
}

export async function listComments(db: Db, f: { indicator?: string; unit: string; from: string; to: string }) {
  const unit = await selectUnitByCode(db, f.unit);
  if (!unit) throw notFound(`Unknown unit "${f.unit}"`);
  let indicatorIds: number[] | undefined;
  if (f.indicator) {
    const ind = await db.selectFrom('indicator').select('id').where('code', '=', f.indicator).executeTakeFirst();
    if (!ind) throw notFound(`Unknown indicator "${f.indicator}"`);
    indicatorIds = [Number(ind.id)];
  }
  return selectComments(db, { indicatorIds, unitIds: [unit.id], from: f.from, to: f.to });
}

export async function commentHistory(db: Db, principal: Principal, id: number) {
  const comment = await selectCommentById(db, id);
  if (!comment || !isAllowed(principal, 'scorecard:read', comment.unitPath)) throw notFound(`No comment ${id}`);
  const { authorId, indicatorId, unitId, unitPath, ...shown } = comment;
  return { comment: shown, revisions: await selectCommentRevisions(db, id) };
}
