import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { selectAuditLog } from '../audit/repository.ts';

export const systemRoutes = [
  defineRoute({
    method: 'get',
    path: '/audit',
    summary: 'The audit log, newest first (filter by entity, key, action; page with `before`)',
    tags: ['audit'],
    policy: { permission: 'user:manage' },
    query: z
      .object({
        entity: z.string().optional(),
        key: z.string().optional(),
        action: z.string().optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      })
      .strict(),
    handler: async ({ query }, ctx) => selectAuditLog(ctx.db, query),
  }),
];
