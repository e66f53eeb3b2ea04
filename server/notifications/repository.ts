import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';

export interface NewNotification {
  kind: string;
  severity: 'info' | 'warning' | 'error';
  unitId: number | null;
  indicatorId: number | null;
  period: string | null;
  message: string;
  details?: unknown;
  /** The same key twice records one notification (a re-run of an alert job adds nothing). */
  dedupeKey: string | null;
}

/** Records notifications; returns how many were new (duplicates by dedupe key are skipped). */
export async function insertNotifications(db: Db, items: NewNotification[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500);
    const rows = await db
      .insertInto('notification')
      .values(
        chunk.map((n) => ({
          kind: n.kind,
          severity: n.severity,
          unit_id: n.unitId,
          indicator_id: n.indicatorId,
          period: n.period,
          message: n.message,
          details: jsonb(n.details ?? null),
          dedupe_key: n.dedupeKey,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    inserted += rows.length;
  }
  return inserted;
}

export const insertNotification = (db: Db, n: NewNotification) => insertNotifications(db, [n]);

export interface NotificationFilter {
  /** Unit paths the reader may see. */
  roots: string[];
  /** Whether the reader sees notifications about no unit in particular (company-wide grants). */
  companyWide: boolean;
  unread?: boolean;
  kind?: string;
  unit?: string;
  limit: number;
  before?: number;
}

export async function selectNotifications(db: Db, f: NotificationFilter) {
  return db
    .selectFrom('notification as n')
    .leftJoin('org_unit as u', 'u.id', 'n.unit_id')
    .leftJoin('indicator as i', 'i.id', 'n.indicator_id')
    .select(['n.id', 'n.kind', 'n.severity', 'u.code as unit', 'i.code as indicator', 'n.period', 'n.message', 'n.details', 'n.created_at as createdAt', 'n.read_at as readAt'])
    .where((eb) => eb.or([...f.roots.map((root) => eb('u.path', 'like', `${root}%`)), f.companyWide ? eb('n.unit_id', 'is', null) : sql<boolean>`false`]))
    .$if(f.unread === true, (qb) => qb.where('n.read_at', 'is', null))
    .$if(f.kind !== undefined, (qb) => qb.where('n.kind', '=', f.kind!))
    .$if(f.unit !== undefined, (qb) => qb.where('u.code', '=', f.unit!))
    .$if(f.before !== undefined, (qb) => qb.where('n.id', '<', f.before!))
    .orderBy('n.id', 'desc')
    .limit(f.limit)
    .execute();
}

export async function selectNotificationUnitPath(db: Db, id: number): Promise<{ found: boolean; path: string | null }> {
  const row = await db.selectFrom('notification as n').leftJoin('org_unit as u', 'u.id', 'n.unit_id').select(['n.id', 'u.path']).where('n.id', '=', id).executeTakeFirst();
  return row ? { found: true, path: row.path ?? null } : { found: false, path: null };
}

export async function markNotificationRead(db: Db, id: number): Promise<void> {
  await db.updateTable('notification').set({ read_at: new Date() }).where('id', '=', id).where('read_at', 'is', null).execute();
}
