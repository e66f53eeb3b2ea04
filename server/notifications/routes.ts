import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { PERSONAL_KINDS } from './kinds.ts';
import { countUnread, markRead, selectInbox } from './inbox.ts';

export const inboxRoutes = [
  defineRoute({
    method: 'get',
    path: '/me/notifications',
    summary: 'Your notifications (mentions, replies, approvals waiting, late submissions, status changes …), newest first, with the unread counts',
    tags: ['notifications'],
    policy: { authenticated: true },
    query: z
      .object({
        unread: z.enum(['true', 'false']).optional(),
        kind: z.enum(PERSONAL_KINDS).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.coerce.number().int().positive().optional(),
      })
      .strict(),
    handler: async ({ query, principal }, ctx) => {
      const [items, counts] = await Promise.all([
        selectInbox(ctx.db, principal!.userId, { unread: query.unread === undefined ? undefined : query.unread === 'true', kind: query.kind, limit: query.limit, before: query.before }),
        countUnread(ctx.db, principal!.userId),
      ]);
      return { ...counts, items };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/me/notifications/read',
    summary: 'Mark your notifications read: the ones named, or all',
    tags: ['notifications'],
    policy: { authenticated: true },
    body: z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }).strict(), z.object({ all: z.literal(true) }).strict()]),
    handler: async ({ body, principal }, ctx) => ({ marked: await markRead(ctx.db, principal!.userId, 'all' in body ? 'all' : body.ids), ...(await countUnread(ctx.db, principal!.userId)) }),
  }),
];
