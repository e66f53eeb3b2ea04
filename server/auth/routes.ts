import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { HttpError, notFound, unauthorized } from '../http/errors.ts';
import { PERMISSIONS, ROLES, type Permission } from './policy.ts';
import { checkCredentials, createToken, createUser, endSession, principalForUser, sessionCsrfToken, startSession } from './service.ts';
import * as repo from './repository.ts';
import { insertAudit } from '../audit/repository.ts';
import { actorOf } from '../http/actor.ts';
import { selectUnitByCode } from '../units/repository.ts';

const grantSchema = z.object({ role: z.enum(ROLES), unit: z.string().min(1).nullable() }).strict();
const userOut = z.object({ username: z.string(), displayName: z.string(), locale: z.string() });
const sessionOut = z.object({
  user: userOut.extend({ grants: z.array(z.object({ role: z.enum(ROLES), unit: z.string().nullable() })) }),
  csrfToken: z.string().nullable(),
});

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
      const user = await checkCredentials(ctx.db, body.username, body.password);
      if (!user) {
        ctx.logger.warn({ username: body.username, reqId: req.id }, 'failed sign-in');
        throw unauthorized('Wrong username or password');
      }
      const { csrfToken } = await startSession(ctx.db, req, res, user.id, req.secure);
      await repo.updateUserLastLogin(ctx.db, user.id);
      const principal = await principalForUser(ctx.db, user, 'session');
      return { user: { username: user.username, displayName: user.display_name, locale: user.locale, grants: principal.grants.map(publicGrant) }, csrfToken };
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
      user: { username: principal!.username, displayName: principal!.displayName, locale: principal!.locale, grants: principal!.grants.map(publicGrant) },
      csrfToken: await sessionCsrfToken(ctx.db, req),
    }),
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
        password: z.string().min(10, 'at least 10 characters').max(200),
        locale: z.enum(['en', 'ko']).optional(),
        grants: z.array(grantSchema).default([]),
      })
      .strict(),
    response: userOut,
    handler: async ({ body, principal, req }, ctx) =>
      ctx.db.transaction().execute((trx) => createUser(trx, actorOf(principal, req), body)),
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
    handler: async ({ principal }, ctx) => {
      const all = principal!.grants.some((g) => g.role === 'admin' && g.isRoot) && principal!.scopes === null;
      return repo.selectTokens(ctx.db, all ? null : principal!.userId);
    },
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
    summary: 'Revoke an API token',
    tags: ['tokens'],
    policy: { authenticated: true },
    params: z.object({ id: z.coerce.number().int().positive() }),
    handler: async ({ params, principal, req }, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const admin = principal!.grants.some((g) => g.role === 'admin' && g.isRoot);
        if (!(await repo.revokeToken(trx, params.id, admin ? null : principal!.userId))) throw notFound('No such active token');
        await insertAudit(trx, actorOf(principal, req), { action: 'revoke', entity: 'api_token', key: String(params.id) });
        return undefined;
      }),
  }),
];
