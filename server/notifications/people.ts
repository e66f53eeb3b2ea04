import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import { deliveryFor } from './kinds.ts';
import type { NewNotification } from './repository.ts';

/** A notification addressed to people (DESIGN.md §3): stored once, delivered once per recipient. */
export interface PersonalNotification extends NewNotification {
  /** Path and query of the exact view in the web app (`/indicator/REV?unit=E1&period=2026-02`). */
  link: string | null;
  recipients: number[];
}

/**
 * Records a notification and its recipients in the caller's transaction (the transaction of
 * the event that causes it), and queues an e-mail for each recipient who wants it at once.
 * Idempotent: the dedupe key finds the notification already recorded, the recipient key
 * (notification, user) and the outbox key let nobody get it twice. Disabled users get nothing.
 * Returns how many recipients were new.
 */
export async function notifyPeople(db: Db, n: PersonalNotification): Promise<number> {
  const recipients = [...new Set(n.recipients)];
  if (recipients.length === 0) return 0;
  const inserted = await db
    .insertInto('notification')
    .values({ kind: n.kind, severity: n.severity, unit_id: n.unitId, indicator_id: n.indicatorId, period: n.period, message: n.message, details: jsonb(n.details ?? null), dedupe_key: n.dedupeKey, link: n.link })
    // Recorded already (a re-run, or the unit-wide notification of the same event): keep it, add the link.
    .onConflict((oc) => oc.column('dedupe_key').doUpdateSet({ link: sql<string | null>`coalesce(notification.link, excluded.link)` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(inserted.id);
  const users = await db.selectFrom('app_user').select(['id', 'email', 'notification_prefs as prefs']).where('id', 'in', recipients).where('disabled', '=', false).execute();
  let added = 0;
  for (const user of users) {
    const delivery = deliveryFor(user.prefs as Record<string, string>, n.kind);
    const row = await db
      .insertInto('notification_recipient')
      .values({ notification_id: id, user_id: user.id, delivery })
      .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!row) continue;
    added++;
    if (delivery === 'immediately' && user.email) {
      await db
        .insertInto('mail_outbox')
        .values({ user_id: user.id, to_address: user.email, kind: 'notification', notification_id: id, payload: jsonb({}), dedupe_key: `notification:${id}:${user.id}` })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    }
  }
  return added;
}

/** Users holding one of `roles` on the unit with `unitPath` (granted there, above it, or company-wide). */
export async function usersWithRoleOver(db: Db, unitPath: string, roles: string[]): Promise<number[]> {
  const { rows } = await sql<{ user_id: number }>`
    select distinct g.user_id from role_grant g left join org_unit u on u.id = g.unit_id
    where g.role in (${sql.join(roles)}) and (g.unit_id is null or ${unitPath} like u.path || '%')`.execute(db);
  return rows.map((r) => Number(r.user_id));
}

export async function userIdsByUsername(db: Db, usernames: string[]): Promise<Map<string, number>> {
  if (usernames.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', usernames).execute();
  return new Map(rows.map((r) => [r.username, Number(r.id)]));
}

/** The web app's view of an indicator at a unit and month. */
export const indicatorLink = (indicator: string, unit: string, period: string) => `/indicator/${encodeURIComponent(indicator)}?unit=${encodeURIComponent(unit)}&period=${period}&window=month`;
export const entryLink = (unit: string, period: string) => `/entry?unit=${encodeURIComponent(unit)}&period=${period}`;
export const closeBoardLink = (unit: string, period: string) => `/close?unit=${encodeURIComponent(unit)}&period=${period}`;
