import type { Request, Response } from 'express';
import type { Db } from '../db/database.ts';
import { HttpError, unauthorized } from '../http/errors.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { randomPassword, randomSecret, safeEqual, sha256 } from './secrets.ts';
import { grantsHold, isAllowed, TOKEN_SCOPES, type Permission, type Principal, type Role } from './policy.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import * as repo from './repository.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectUnitByCode } from '../units/repository.ts';

export const SESSION_COOKIE = 'ns_session';
const SESSION_DAYS = 7;
const sessionExpiry = () => new Date(Date.now() + SESSION_DAYS * 86_400_000);

type UserLike = { id: number; username: string; display_name?: string; displayName?: string; locale: string; mustChangePassword?: boolean; must_change_password?: boolean };

export async function principalForUser(db: Db, user: UserLike, via: Principal['via'], scopes: Permission[] | null = null): Promise<Principal> {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName ?? user.display_name ?? user.username,
    locale: user.locale,
    grants: await repo.selectGrants(db, user.id),
    scopes,
    via,
    mustChangePassword: user.mustChangePassword ?? user.must_change_password ?? false,
  };
}

/** Checks a username and password; the same work is done for unknown users (no timing oracle). */
export async function checkCredentials(db: Db, username: string, password: string) {
  const user = await repo.selectUserByUsername(db, username);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
  if (!user || !ok || user.disabled) return null;
  return user;
}

/** Starts a session with a fresh id (rotating any id the browser sent) and sets the cookie. */
export async function startSession(db: Db, req: Request, res: Response, userId: number, secure: boolean) {
  const previous = req.cookies?.[SESSION_COOKIE];
  if (typeof previous === 'string') await repo.deleteSession(db, sha256(previous));
  const sessionId = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = sessionExpiry();
  await repo.insertSession(db, { idHash: sha256(sessionId), userId, csrfToken, expiresAt });
  res.cookie(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
  return { csrfToken, expiresAt };
}

export async function endSession(db: Db, req: Request, res: Response) {
  const sessionId = req.cookies?.[SESSION_COOKIE];
  if (typeof sessionId === 'string') await repo.deleteSession(db, sha256(sessionId));
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who is calling: a bearer token or a session cookie. Cookie-authenticated writes must echo
 * the session's CSRF token in `X-CSRF-Token` (synchronizer token pattern).
 */
export async function authenticate(db: Db, req: Request): Promise<Principal | null> {
  const header = req.get('authorization');
  if (header) return authenticateToken(db, header);
  const sessionId = req.cookies?.[SESSION_COOKIE];
  if (typeof sessionId !== 'string' || sessionId === '') return null;
  const session = await repo.selectSession(db, sha256(sessionId));
  if (!session || session.disabled || session.expiresAt.getTime() < Date.now()) return null;
  if (UNSAFE_METHODS.has(req.method)) {
    const sent = req.get('x-csrf-token') ?? '';
    if (!safeEqual(sent, session.csrfToken)) throw new HttpError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header');
  }
  // Sliding expiry, written at most once an hour per session.
  if (Date.now() - session.lastSeenAt.getTime() > 3_600_000) await repo.touchSession(db, session.id, sessionExpiry());
  return principalForUser(db, { id: session.userId, username: session.username, displayName: session.displayName, locale: session.locale, mustChangePassword: session.mustChangePassword }, 'session');
}

async function authenticateToken(db: Db, header: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized('The Authorization header must be "Bearer <token>"');
  const token = await repo.selectTokenByHash(db, sha256(match[1]));
  if (!token || token.revokedAt || token.disabled) throw unauthorized('The API token is not valid');
  if (token.expiresAt && token.expiresAt.getTime() < Date.now()) throw unauthorized('The API token has expired');
  await repo.touchToken(db, token.id);
  return principalForUser(db, { id: token.userId, username: token.username, displayName: token.displayName, locale: token.locale, mustChangePassword: token.mustChangePassword }, 'token', token.scopes as Permission[]);
}

export async function sessionCsrfToken(db: Db, req: Request): Promise<string | null> {
  const sessionId = req.cookies?.[SESSION_COOKIE];
  if (typeof sessionId !== 'string') return null;
  return (await repo.selectSession(db, sha256(sessionId)))?.csrfToken ?? null;
}

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  locale?: string;
  grants: { role: Role; unit: string | null }[];
}

export async function createUser(db: Db, actor: Actor, input: NewUser) {
  if (await repo.selectUserByUsername(db, input.username)) throw new HttpError(409, 'conflict', `User "${input.username}" already exists`);
  const user = await repo.insertUser(db, {
    username: input.username,
    displayName: input.displayName ?? input.username,
    passwordHash: await hashPassword(input.password),
    locale: input.locale,
  });
  for (const grant of input.grants) {
    const unit = grant.unit === null ? null : await selectUnitByCode(db, grant.unit);
    if (grant.unit !== null && !unit) throw new HttpError(422, 'invalid_input', `Unknown unit "${grant.unit}" in the grants`);
    await repo.insertGrant(db, user.id, unit?.id ?? null, grant.role);
  }
  await insertAudit(db, actor, { action: 'create', entity: 'user', key: user.username, after: { username: user.username, displayName: user.displayName, grants: input.grants } });
  return user;
}

/** Creates an API token and returns its secret, which is shown once and stored only hashed. */
export async function createToken(db: Db, actor: Actor, input: { userId: number; name: string; scopes: Permission[]; expiresAt: Date | null }) {
  for (const scope of input.scopes) {
    if (!TOKEN_SCOPES.includes(scope)) throw new HttpError(422, 'invalid_input', `Unknown scope "${scope}"`);
  }
  // A token never holds more than its owner: a scope the owner's roles lack is refused by name.
  const grants = await repo.selectGrants(db, input.userId);
  const beyond = input.scopes.filter((scope) => !grantsHold(grants, scope));
  if (beyond.length) {
    throw new HttpError(403, 'scope_not_held', `The token's owner does not hold ${beyond.map((s) => `"${s}"`).join(', ')}, so the token cannot have ${beyond.length === 1 ? 'that scope' : 'those scopes'}`, beyond.map((scope) => ({ path: 'scopes', scope, message: 'not held by the owner' })));
  }
  const prefix = randomSecret(6);
  const secret = `ns_${prefix}_${randomSecret(24)}`;
  const row = await repo.insertToken(db, { userId: input.userId, name: input.name, prefix, hash: sha256(secret), scopes: input.scopes, expiresAt: input.expiresAt });
  await insertAudit(db, actor, { action: 'create', entity: 'api_token', key: String(row.id), after: { name: input.name, userId: input.userId, scopes: input.scopes, expiresAt: input.expiresAt } });
  return { ...row, scopes: input.scopes, token: secret };
}

/** The route policy check; resolves the unit the request names to its tree path. */
export async function requirePermission(db: Db, principal: Principal, permission: Permission, unitCode: string | null | undefined, anyUnit = false) {
  if (anyUnit) {
    if (principal.grants.some((g) => isAllowed({ ...principal, grants: [g] }, permission, g.unitPath))) return;
    throw new HttpError(403, 'forbidden', `You need the ${permission} permission`);
  }
  let path: string | null = null;
  if (unitCode) {
    const unit = await selectUnitByCode(db, unitCode);
    if (!unit) throw new HttpError(404, 'not_found', `Unknown unit "${unitCode}"`);
    path = unit.path;
  }
  if (!isAllowed(principal, permission, path)) {
    throw new HttpError(403, 'forbidden', unitCode ? `You need the ${permission} permission on unit ${unitCode}` : `You need the ${permission} permission for the whole organisation`);
  }
}

/** May `principal` revoke token `tokenId`: they own it, or they hold user:manage (with a token, that scope too). */
export async function revokeTokenAs(db: Db, actor: Actor, principal: Principal, tokenId: number) {
  const token = await repo.selectTokenOwner(db, tokenId);
  const manager = isAllowed(principal, 'user:manage', null);
  if (!token || token.revokedAt || (!manager && token.userId !== principal.userId)) throw new HttpError(404, 'not_found', 'No such active token');
  await repo.revokeToken(db, tokenId, null);
  await insertAudit(db, actor, { action: 'revoke', entity: 'api_token', key: String(tokenId) });
}

/** Changes the caller's own password: the current one must be right and the new one strong. */
export async function changeOwnPassword(db: Db, actor: Actor, userId: number, input: { currentPassword: string; newPassword: string }, keepSessionHash: string | null) {
  const user = await repo.selectUserById(db, userId);
  if (!user) throw new HttpError(404, 'not_found', 'No such user');
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new HttpError(403, 'wrong_password', 'The current password is wrong', [{ path: 'currentPassword', message: 'wrong password' }]);
  }
  if (input.newPassword === input.currentPassword) throw new HttpError(422, 'weak_password', 'The new password must differ from the current one', [{ path: 'newPassword', message: 'same as the current password' }]);
  assertPasswordAllowed(input.newPassword, [user.username, user.display_name], 'newPassword');
  await repo.updateUserPassword(db, user.id, await hashPassword(input.newPassword), false);
  // Other browsers signed in as this user are signed out; this one stays.
  await repo.deleteUserSessions(db, user.id, keepSessionHash);
  await insertAudit(db, actor, { action: 'change_password', entity: 'user', key: user.username });
}

/**
 * An administrator sets a new password (generated when none is given, returned once); the
 * user must change it at the next sign-in, and every session of theirs ends now.
 */
export async function resetPassword(db: Db, actor: Actor, username: string, password: string | null) {
  const user = await repo.selectUserByUsername(db, username);
  if (!user) throw new HttpError(404, 'not_found', `Unknown user "${username}"`);
  if (password !== null) assertPasswordAllowed(password, [user.username, user.display_name]);
  const chosen = password ?? randomPassword();
  await repo.updateUserPassword(db, user.id, await hashPassword(chosen), true);
  await repo.deleteUserSessions(db, user.id);
  await insertAudit(db, actor, { action: 'reset_password', entity: 'user', key: user.username, after: { mustChangePassword: true } });
  return { username: user.username, password: password === null ? chosen : null, mustChangePassword: true };
}

/** Disables or enables an account; a disabled one's sessions end and its tokens stop at once. */
export async function setUserDisabled(db: Db, actor: Actor, username: string, disabled: boolean) {
  const user = await repo.selectUserByUsername(db, username);
  if (!user) throw new HttpError(404, 'not_found', `Unknown user "${username}"`);
  await repo.updateUserDisabled(db, user.id, disabled);
  if (disabled) await repo.deleteUserSessions(db, user.id);
  await insertAudit(db, actor, { action: disabled ? 'disable' : 'enable', entity: 'user', key: user.username, before: { disabled: user.disabled }, after: { disabled } });
  return { username: user.username, disabled };
}

/** The session id hash of this request's cookie (to keep that session when others end). */
export function sessionHashOf(req: Request): string | null {
  const sessionId = req.cookies?.[SESSION_COOKIE];
  return typeof sessionId === 'string' && sessionId !== '' ? sha256(sessionId) : null;
}
