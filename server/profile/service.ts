import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { DELIVERIES, PERSONAL_KINDS, deliveryFor } from '../notifications/kinds.ts';
import { selectProfile, updateProfile, type ProfileChange } from './repository.ts';

export const emailSchema = z.string().trim().max(254).email('an e-mail address');
export const preferencesSchema = z.partialRecord(z.enum(PERSONAL_KINDS), z.enum(DELIVERIES));

/** A user's profile as the API shows it: every kind with its effective delivery. */
export async function getProfile(db: Db, username: string) {
  const row = await selectProfile(db, username);
  if (!row) throw notFound(`Unknown user "${username}"`);
  const prefs = (row.notificationPrefs ?? {}) as Record<string, string>;
  return {
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    locale: row.locale,
    disabled: row.disabled,
    notifications: Object.fromEntries(PERSONAL_KINDS.map((k) => [k, deliveryFor(prefs, k)])),
  };
}

/** Changes a profile (merging notification choices into the stored ones); one audit row. */
export async function changeProfile(db: Db, actor: Actor, username: string, change: ProfileChange) {
  const before = await getProfile(db, username);
  const row = (await selectProfile(db, username))!;
  const prefs = change.notificationPrefs ? { ...((row.notificationPrefs ?? {}) as Record<string, string>), ...change.notificationPrefs } : undefined;
  await updateProfile(db, row.id, { ...change, notificationPrefs: prefs });
  const after = await getProfile(db, username);
  await insertAudit(db, actor, { action: 'update', entity: 'user_profile', key: username, before, after });
  return after;
}
