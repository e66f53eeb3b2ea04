import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { HttpError, notFound, unauthorized } from '../http/errors.ts';
import { isAllowed, PERMISSIONS, ROLES, type Permission } from './policy.ts';
import { changeOwnPassword, checkCredentials, createToken, createUser, endSession, principalForUser, resetPassword, revokeTokenAs, sessionCsrfToken, sessionHashOf, setUserDisabled, startSession } from './service.ts';
import { assertPasswordAllowed, MAX_PASSWORD_LENGTH } from './password-policy.ts';
import { clearFailedSignIns, recordFailedSignIn, secondsUntilRetry } from './throttle.ts';
import * as repo from './repository.ts';
import { insertAudit } from '../audit/repository.ts';
import { actorOf } from '../http/actor.ts';
import { selectUnitByCode } from '../units/repository.ts';

const grantSchema = z.object({ role: z.enum(ROLES), unit: z.string().min(1).nullable() }).strict();
const userOut = z.object({ username: z.string(), displayName: z.string(), locale: z.string() });
const sessionOut = z.object({
  user: userOut.extend({ grants: z.array(z.object({ role: z.enum(ROLES), unit: z.string().nullable() })), mustChangePassword: z.boolean() }),
  csrfToken: z.string().nullable(),
});
const usernameParams = z.object({ username: z.string().min(1).max(100) }).strict();

/** 429 for an account that is waiting out its back-off; says how long in words and in Retry-After. */
function accountThrottled(res: { setHeader(name: string, value: string): unknown }, seconds: number) {
  res.setHeader('Retry-After', String(seconds));
  return new HttpError(429, 'account_throttled', `Too many failed sign-ins for this account; try again in ${seconds} second${seconds === 1 ? '' : 's'}`, { retryAfterSeconds: seconds });
}

const publicGrant = (g: { role: (typeof ROLES)[number]; unitCode: string | null }) => ({ role: g.role, unit: g.unitCode });

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with a username and password; sets the session cookie',
    tags: ['auth'],
    policy: { public: true },
    body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict(),
    response: sessionOut,
    handler: async ({ body, req, res }, ctx) => {
      // Per account (in the database, so every server process counts together), on top of the
      // per-address rate limit: the password is not even checked while the account waits.
      const wait = await secondsUntilRetry(ctx.db, body.username);
      if (wait > 0) throw accountThrottled(res, wait);
      const user = await checkCredentials(ctx.db, body.username, body.password);
      if (!user) {
        ctx.logger.warn({ username: body.username, reqId: req.id }, 'failed sign-in');
        await recordFailedSignIn(ctx.db, body.username);
        throw unauthorized('Wrong username or password');
      }
      await clearFailedSignIns(ctx.db, body.username);
      const { csrfToken } = await startSession(ctx.db, req, res, user.id, req.secure);
      await repo.updateUserLastLogin(ctx.db, user.id);
      const principal = await principalForUser(ctx.db, user, 'session');
      return { user: { username: user.username, displayName: user.display_name, locale: user.locale, grants: principal.grants.map(publicGrant), mustChangePassword: user.must_change_password }, csrfToken };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    summary: 'Sign out (ends the session)',
    tags: ['auth'],
    policy: { authenticated: true },
    handler: async ({ req, res }, ctx) => {
      await endSession(ctx.db, req, res);
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/session',
    summary: 'The signed-in user, their grants and the CSRF token for writes',
    tags: ['auth'],
    policy: { authenticated: true },
    response: sessionOut,
    handler: async ({ principal, req }, ctx) => ({
      user: { username: principal!.username, displayName: principal!.displayName, locale: principal!.locale, grants: principal!.grants.map(publicGrant), mustChangePassword: principal!.mustChangePassword ?? false },
      csrfToken: await sessionCsrfToken(ctx.db, req),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password',
    summary: 'Change your own password (the current one is required); other sessions of yours end',
    tags: ['auth'],
    policy: { authenticated: true },
    body: z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH), newPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH) }).strict(),
    handler: async ({ body, principal, req }, ctx) => {
      if (principal!.via === 'token') throw new HttpError(403, 'forbidden', 'Sign in with your password to change it; an API token cannot');
      await ctx.db.transaction().execute((trx) => changeOwnPassword(trx, actorOf(principal, req), principal!.userId, body, sessionHashOf(req)));
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/users',
    summary: 'List user accounts',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    handler: async (_input, ctx) => {
      const users = await repo.selectUsers(ctx.db);
      return Promise.all(users.map(async (u) => ({ ...u, grants: (await repo.selectGrants(ctx.db, u.id)).map(publicGrant) })));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/users',
    summary: 'Create a user account with role grants',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    status: 201,
    body: z
      .object({
        username: z.string().regex(/^[a-zA-Z0-9._@-]{2,64}$/, 'letters, digits, . _ @ - (2-64)'),
        displayName: z.string().min(1).max(200).optional(),
        password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
        locale: z.enum(['en', 'ko']).optional(),
        grants: z.array(grantSchema).default([]),
      })
      .strict(),
    response: userOut,
    handler: async ({ body, principal, req }, ctx) => {
      assertPasswordAllowed(body.password, [body.username, body.displayName]);
      return ctx.db.transaction().execute((trx) => createUser(trx, actorOf(principal, req), body));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/users/:username/password',
    summary: 'Reset a user’s password (generated and returned once when none is given); they must change it at the next sign-in, and their sessions end',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    params: usernameParams,
    body: z.object({ password: z.string().min(1).max(MAX_PASSWORD_LENGTH).optional() }).strict(),
    response: z.object({ username: z.string(), password: z.string().nullable(), mustChangePassword: z.boolean() }),
    handler: async ({ params, body, principal, req }, ctx) =>
      ctx.db.transaction().execute((trx) => resetPassword(trx, actorOf(principal, req), params.username, body.password ?? null)),
  }),
  defineRoute({
    method: 'post',
    path: '/users/:username/disable',
    summary: 'Disable an account: its sessions end and its API tokens stop working at once',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    params: usernameParams,
    response: z.object({ username: z.string(), disabled: z.boolean() }),
    handler: async ({ params, principal, req }, ctx) => {
      if (params.username === principal!.username) throw new HttpError(422, 'invalid_input', 'You cannot disable your own account');
      return ctx.db.transaction().execute((trx) => setUserDisabled(trx, actorOf(principal, req), params.username, true));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/users/:username/enable',
    summary: 'Enable a disabled account again',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    params: usernameParams,
    response: z.object({ username: z.string(), disabled: z.boolean() }),
    handler: async ({ params, principal, req }, ctx) =>
      ctx.db.transaction().execute((trx) => setUserDisabled(trx, actorOf(principal, req), params.username, false)),
  }),
  defineRoute({
    method: 'put',
    path: '/users/:username/grants',
    summary: 'Replace a user’s role grants',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    params: z.object({ username: z.string() }),
    body: z.object({ grants: z.array(grantSchema) }).strict(),
    handler: async ({ params, body, principal, req }, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const user = await repo.selectUserByUsername(trx, params.username);
        if (!user) throw notFound(`Unknown user "${params.username}"`);
        const before = (await repo.selectGrants(trx, user.id)).map(publicGrant);
        for (const g of before) {
          const unit = g.unit === null ? null : await selectUnitByCode(trx, g.unit);
          await repo.deleteGrant(trx, user.id, unit?.id ?? null, g.role);
        }
        for (const g of body.grants) {
          const unit = g.unit === null ? null : await selectUnitByCode(trx, g.unit);
          if (g.unit !== null && !unit) throw new HttpError(422, 'invalid_input', `Unknown unit "${g.unit}"`);
          await repo.insertGrant(trx, user.id, unit?.id ?? null, g.role);
        }
        await insertAudit(trx, actorOf(principal, req), { action: 'update', entity: 'user_grants', key: user.username, before, after: body.grants });
        return { username: user.username, grants: body.grants };
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/tokens',
    summary: 'Your API tokens (all tokens for user managers)',
    tags: ['tokens'],
    policy: { authenticated: true },
    handler: async ({ principal }, ctx) => repo.selectTokens(ctx.db, isAllowed(principal!, 'user:manage', null) ? null : principal!.userId),
  }),
  defineRoute({
    method: 'post',
    path: '/tokens',
    summary: 'Create an API token for yourself; the secret is returned once',
    tags: ['tokens'],
    policy: { authenticated: true },
    status: 201,
    body: z
      .object({
        name: z.string().min(1).max(100),
        scopes: z.array(z.enum(PERMISSIONS)).min(1),
        expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
      })
      .strict(),
    handler: async ({ body, principal, req }, ctx) => {
      if (principal!.via === 'token') throw new HttpError(403, 'forbidden', 'An API token cannot create tokens');
      return ctx.db.transaction().execute((trx) =>
        createToken(trx, actorOf(principal, req), {
          userId: principal!.userId,
          name: body.name,
          scopes: body.scopes as Permission[],
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        }),
      );
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/tokens/:id',
    summary: 'Revoke an API token (your own, or any with user:manage)',
    tags: ['tokens'],
    policy: { authenticated: true },
    params: z.object({ id: z.coerce.number().int().positive() }),
    handler: async ({ params, principal, req }, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        await revokeTokenAs(trx, actorOf(principal, req), principal!, params.id);
        return undefined;
      }),
  }),
];
