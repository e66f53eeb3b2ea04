import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { changeProfile, emailSchema, getProfile, preferencesSchema } from './service.ts';
import { selectPeople } from './repository.ts';

const profileOut = z.object({
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  locale: z.string(),
  disabled: z.boolean(),
  notifications: z.record(z.string(), z.string()),
});

export const profileRoutes = [
  defineRoute({
    method: 'get',
    path: '/me/profile',
    summary: 'Your e-mail, language and how each notification kind reaches you',
    tags: ['users'],
    policy: { authenticated: true },
    response: profileOut,
    handler: async ({ principal }, ctx) => getProfile(ctx.db, principal!.username),
  }),
  defineRoute({
    method: 'put',
    path: '/me/profile',
    summary: 'Change your e-mail, language or notification choices (immediately, daily digest, in the app only)',
    tags: ['users'],
    policy: { authenticated: true },
    body: z.object({ email: emailSchema.nullable().optional(), locale: z.enum(['en', 'ko']).optional(), notifications: preferencesSchema.optional() }).strict(),
    response: profileOut,
    handler: async ({ body, principal, req }, ctx) =>
      ctx.db.transaction().execute((trx) => changeProfile(trx, actorOf(principal, req), principal!.username, { email: body.email, locale: body.locale, notificationPrefs: body.notifications as Record<string, string> | undefined })),
  }),
  defineRoute({
    method: 'get',
    path: '/users/:username/profile',
    summary: 'A user’s e-mail, language, state and notification choices',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    params: z.object({ username: z.string().min(1).max(64) }).strict(),
    response: profileOut,
    handler: async ({ params }, ctx) => getProfile(ctx.db, params.username),
  }),
  defineRoute({
    method: 'patch',
    path: '/users/:username/profile',
    summary: 'Change a user’s e-mail, display name, language, disabled flag or notification choices',
    tags: ['users'],
    policy: { permission: 'user:manage' },
    params: z.object({ username: z.string().min(1).max(64) }).strict(),
    body: z
      .object({ email: emailSchema.nullable().optional(), displayName: z.string().min(1).max(200).optional(), locale: z.enum(['en', 'ko']).optional(), disabled: z.boolean().optional(), notifications: preferencesSchema.optional() })
      .strict(),
    response: profileOut,
    handler: async ({ params, body, principal, req }, ctx) =>
      ctx.db.transaction().execute((trx) =>
        changeProfile(trx, actorOf(principal, req), params.username, { email: body.email, displayName: body.displayName, locale: body.locale, disabled: body.disabled, notificationPrefs: body.notifications as Record<string, string> | undefined }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/directory',
    summary: 'Enabled accounts by username or name (the people picker for @mentions and owners)',
    tags: ['users'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z.object({ search: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
    handler: async ({ query }, ctx) => ({ people: await selectPeople(ctx.db, query.search, query.limit) }),
  }),
];
