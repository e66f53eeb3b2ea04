import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';

export async function selectProfile(db: Db, username: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name as displayName', 'email', 'locale', 'disabled', 'notification_prefs as notificationPrefs'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function selectProfiles(db: Db) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name as displayName', 'email', 'locale', 'disabled', 'notification_prefs as notificationPrefs'])
    .orderBy('username')
    .execute();
}

export interface ProfileChange {
  email?: string | null;
  displayName?: string;
  locale?: string;
  disabled?: boolean;
  notificationPrefs?: Record<string, string>;
}

export async function updateProfile(db: Db, userId: number, change: ProfileChange) {
  const set: Record<string, unknown> = {};
  if (change.email !== undefined) set.email = change.email;
  if (change.displayName !== undefined) set.display_name = change.displayName;
  if (change.locale !== undefined) set.locale = change.locale;
  if (change.disabled !== undefined) set.disabled = change.disabled;
  if (change.notificationPrefs !== undefined) set.notification_prefs = jsonb(change.notificationPrefs);
  if (Object.keys(set).length === 0) return;
  await db.updateTable('app_user').set(set).where('id', '=', userId).execute();
}

/** People who may be @mentioned or picked: enabled accounts, by name. */
export async function selectPeople(db: Db, search: string | undefined, limit: number) {
  return db
    .selectFrom('app_user')
    .select(['username', 'display_name as displayName'])
    .where('disabled', '=', false)
    .$if(!!search, (qb) => qb.where((eb) => eb.or([eb('username', 'ilike', `%${search}%`), eb('display_name', 'ilike', `%${search}%`)])))
    .orderBy('username')
    .limit(limit)
    .execute();
}
