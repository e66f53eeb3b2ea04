import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** A person's notifications, newest first, with what they point at. */
export async function selectInbox(db: Db, userId: number, options: { unread?: boolean; kind?: string; limit: number; before?: number }) {
  const rows = await db
    .selectFrom('notification_recipient as r')
    .innerJoin('notification as n', 'n.id', 'r.notification_id')
    .leftJoin('org_unit as u', 'u.id', 'n.unit_id')
    .leftJoin('indicator as i', 'i.id', 'n.indicator_id')
    .select(['n.id', 'n.kind', 'n.severity', 'u.code as unit', 'i.code as indicator', 'n.period', 'n.message', 'n.details', 'n.link', 'n.created_at as createdAt', 'r.read_at as readAt', 'r.delivery'])
    .where('r.user_id', '=', userId)
    .$if(options.unread === true, (qb) => qb.where('r.read_at', 'is', null))
    .$if(options.kind !== undefined, (qb) => qb.where('n.kind', '=', options.kind!))
    .$if(options.before !== undefined, (qb) => qb.where('n.id', '<', options.before!))
    .orderBy('n.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Unread notifications of a person: all, and the mentions among them. */
export async function countUnread(db: Db, userId: number) {
  const { rows } = await sql<{ unread: number; mentions: number }>`
    select count(*)::int as unread, count(*) filter (where n.kind = 'mention')::int as mentions
    from notification_recipient r join notification n on n.id = r.notification_id
    where r.user_id = ${userId} and r.read_at is null`.execute(db);
  return { unread: Number(rows[0]?.unread ?? 0), mentions: Number(rows[0]?.mentions ?? 0) };
}

/** Marks some (or all) of a person's notifications read; returns how many changed. */
export async function markRead(db: Db, userId: number, ids: number[] | 'all'): Promise<number> {
  if (ids !== 'all' && ids.length === 0) return 0;
  const result = await db
    .updateTable('notification_recipient')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .$if(ids !== 'all', (qb) => qb.where('notification_id', 'in', ids as number[]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
