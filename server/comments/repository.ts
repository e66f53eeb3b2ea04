import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';

const columns = [
  'c.id',
  'i.code as indicator',
  'u.code as unit',
  'c.period',
  'c.kind',
  'c.body',
  'c.reply_to as replyTo',
  'c.author_name as author',
  'au.display_name as authorName',
  'c.mentions',
  'c.created_at as createdAt',
  'c.updated_at as updatedAt',
  'c.edited',
] as const;

const base = (db: Db) =>
  db
    .selectFrom('comment as c')
    .innerJoin('indicator as i', 'i.id', 'c.indicator_id')
    .innerJoin('org_unit as u', 'u.id', 'c.unit_id')
    .leftJoin('app_user as au', 'au.id', 'c.author_id');

export type CommentRow = Awaited<ReturnType<typeof selectCommentById>> & {};

export async function selectCommentById(db: Db, id: number) {
  const row = await base(db).select([...columns, 'c.author_id as authorId', 'c.indicator_id as indicatorId', 'c.unit_id as unitId', 'u.path as unitPath']).where('c.id', '=', id).executeTakeFirst();
  return row ? { ...row, id: Number(row.id), replyTo: row.replyTo === null ? null : Number(row.replyTo) } : undefined;
}

/** Comments on indicators at units, in a month range; optional filters by indicator and unit ids. */
export async function selectComments(db: Db, f: { indicatorIds?: number[]; unitIds: number[]; from: string; to: string }) {
  if (f.unitIds.length === 0 || f.indicatorIds?.length === 0) return [];
  const rows = await base(db)
    .select(columns)
    .where('c.unit_id', 'in', f.unitIds)
    .$if(f.indicatorIds !== undefined, (qb) => qb.where('c.indicator_id', 'in', f.indicatorIds!))
    .where('c.period', '>=', f.from)
    .where('c.period', '<=', f.to)
    .orderBy('c.period')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), replyTo: r.replyTo === null ? null : Number(r.replyTo) }));
}

export async function insertComment(db: Db, c: { indicatorId: number; unitId: number; period: string; kind: string; body: string; replyTo: number | null; authorId: number | null; authorName: string; mentions: string[] }) {
  const row = await db
    .insertInto('comment')
    .values({ indicator_id: c.indicatorId, unit_id: c.unitId, period: c.period, kind: c.kind, body: c.body, reply_to: c.replyTo, author_id: c.authorId, author_name: c.authorName, mentions: jsonb(c.mentions) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Keeps the text being replaced as a revision, then changes the comment. */
export async function updateCommentKeepingRevision(db: Db, id: number, change: { kind: string; body: string; mentions: string[] }, editedBy: string) {
  const current = await db.selectFrom('comment').select(['kind', 'body', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const last = await db.selectFrom('comment_revision').select((eb) => eb.fn.max('revision').as('n')).where('comment_id', '=', id).executeTakeFirst();
  const revision = Number(last?.n ?? 0) + 1;
  await db.insertInto('comment_revision').values({ comment_id: id, revision, kind: current.kind, body: current.body, edited_by: editedBy, edited_at: current.updated_at }).execute();
  await db.updateTable('comment').set({ kind: change.kind, body: change.body, mentions: jsonb(change.mentions), edited: true, updated_at: new Date() }).where('id', '=', id).execute();
  return revision;
}

export async function selectCommentRevisions(db: Db, id: number) {
  return db.selectFrom('comment_revision').select(['revision', 'kind', 'body', 'edited_by as editedBy', 'edited_at as editedAt']).where('comment_id', '=', id).orderBy('revision').execute();
}
