import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { getMyWork } from './service.ts';

export const myWorkRoutes = [
  defineRoute({
    method: 'get',
    path: '/me/work',
    summary: 'My work: what I own with status counts, what I must enter this month (state, deadline), what waits for my approval, my unread notifications and mentions',
    tags: ['users'],
    policy: { authenticated: true },
    query: z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month (YYYY-MM)').optional() }).strict(),
    handler: async ({ query, principal }, ctx) => getMyWork(ctx.db, principal!, query.period),
  }),
];
