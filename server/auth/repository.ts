import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { Grant, Permission, Role } from './policy.ts';

export async function insertUser(db: Db, user: { username: string; displayName: string; passwordHash: string; locale?: string }) {
  return db
    .insertInto('app_user')
    .values({ username: user.username, display_name: user.displayName, password_hash: user.passwordHash, locale: user.locale ?? 'en' })
    .returning(['id', 'username', 'display_name as displayName', 'locale'])
    .executeTakeFirstOrThrow();
}

export async function selectUserByUsername(db: Db, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function selectUserById(db: Db, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectUsers(db: Db) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name as displayName', 'locale', 'disabled', 'must_change_password as mustChangePassword', 'created_at as createdAt', 'last_login_at as lastLoginAt'])
    .orderBy('username')
    .execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateUserPassword(db: Db, userId: number, passwordHash: string, mustChange: boolean) {
  await db.updateTable('app_user').set({ password_hash: passwordHash, must_change_password: mustChange, password_changed_at: new Date() }).where('id', '=', userId).execute();
}

export async function updateUserDisabled(db: Db, userId: number, disabled: boolean) {
  await db.updateTable('app_user').set({ disabled }).where('id', '=', userId).execute();
}

/** Ends every session of a user, except `keep` (the one that asked, when it changes its own password). */
export async function deleteUserSessions(db: Db, userId: number, keep: string | null = null) {
  await db
    .deleteFrom('user_session')
    .where('user_id', '=', userId)
    .$if(keep !== null, (qb) => qb.where('id', '<>', keep!))
    .execute();
}

export async function updateUserLastLogin(db: Db, userId: number) {
  await db.updateTable('app_user').set({ last_login_at: new Date() }).where('id', '=', userId).execute();
}

export async function insertGrant(db: Db, userId: number, unitId: number | null, role: Role) {
  await db
    .insertInto('role_grant')
    .values({ user_id: userId, unit_id: unitId, role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function deleteGrant(db: Db, userId: number, unitId: number | null, role: Role) {
  await db
    .deleteFrom('role_grant')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where((eb) => (unitId === null ? eb('unit_id', 'is', null) : eb('unit_id', '=', unitId)))
    .execute();
}

export async function selectGrants(db: Db, userId: number): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grant as g')
    .leftJoin('org_unit as u', 'u.id', 'g.unit_id')
    .select(['g.role', 'g.unit_id', 'u.code', 'u.path', 'u.parent_id'])
    .where('g.user_id', '=', userId)
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({
    role: r.role as Role,
    unitId: r.unit_id,
    unitCode: r.code ?? null,
    unitPath: r.path ?? '/',
    isRoot: r.unit_id === null || r.parent_id === null,
  }));
}

export async function insertSession(db: Db, session: { idHash: string; userId: number; csrfToken: string; expiresAt: Date }) {
  await db
    .insertInto('user_session')
    .values({ id: session.idHash, user_id: session.userId, csrf_token: session.csrfToken, expires_at: session.expiresAt })
    .execute();
}

export async function selectSession(db: Db, idHash: string) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id as userId', 's.csrf_token as csrfToken', 's.expires_at as expiresAt', 's.last_seen_at as lastSeenAt', 'u.username', 'u.display_name as displayName', 'u.locale', 'u.disabled', 'u.must_change_password as mustChangePassword'])
    .where('s.id', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, expiresAt: Date) {
  await db.updateTable('user_session').set({ last_seen_at: new Date(), expires_at: expiresAt }).where('id', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string) {
  await db.deleteFrom('user_session').where('id', '=', idHash).execute();
}

export async function deleteExpiredSessions(db: Db) {
  await db.deleteFrom('user_session').where('expires_at', '<', new Date()).execute();
}

export async function insertToken(db: Db, token: { userId: number; name: string; prefix: string; hash: string; scopes: Permission[]; expiresAt: Date | null }) {
  return db
    .insertInto('api_token')
    .values({ user_id: token.userId, name: token.name, prefix: token.prefix, token_hash: token.hash, scopes: jsonb(token.scopes), expires_at: token.expiresAt })
    .returning(['id', 'name', 'prefix', 'expires_at as expiresAt', 'created_at as createdAt'])
    .executeTakeFirstOrThrow();
}

export async function selectTokenByHash(db: Db, hash: string) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id as userId', 't.scopes', 't.expires_at as expiresAt', 't.revoked_at as revokedAt', 'u.username', 'u.display_name as displayName', 'u.locale', 'u.disabled', 'u.must_change_password as mustChangePassword'])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
}

export async function selectTokens(db: Db, userId: number | null) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.prefix', 't.scopes', 't.expires_at as expiresAt', 't.revoked_at as revokedAt', 't.last_used_at as lastUsedAt', 't.created_at as createdAt', 'u.username'])
    .$if(userId !== null, (qb) => qb.where('t.user_id', '=', userId!))
    .orderBy('t.id')
    .execute();
}

export async function selectTokenOwner(db: Db, tokenId: number) {
  return db.selectFrom('api_token').select(['user_id as userId', 'revoked_at as revokedAt']).where('id', '=', tokenId).executeTakeFirst();
}

export async function revokeToken(db: Db, tokenId: number, userId: number | null) {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .$if(userId !== null, (qb) => qb.where('user_id', '=', userId!))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchToken(db: Db, tokenId: number) {
  await db.updateTable('api_token').set({ last_used_at: new Date() }).where('id', '=', tokenId).execute();
}
