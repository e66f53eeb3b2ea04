import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { applyBoardAction, getCloseBoard } from './service.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month (YYYY-MM)');

export const closeBoardRoutes = [
  defineRoute({
    method: 'get',
    path: '/close-board',
    summary: 'The month-close board: every unit of a subtree with its state (draft, submitted, returned, approved, locked), days late and who submitted',
    tags: ['periods'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string().min(1).max(64), period: month }).strict(),
    handler: async ({ query, principal }, ctx) => getCloseBoard(ctx.db, principal!, query.unit, query.period),
  }),
  defineRoute({
    method: 'post',
    path: '/close-board/actions',
    summary: 'Approve and lock (confirmLock: true), return with a comment, or remind several units at once; each unit’s outcome is reported',
    tags: ['periods'],
    policy: { permission: 'period:review', anyUnit: true },
    body: z
      .object({
        period: month,
        action: z.enum(['approve', 'return', 'remind']),
        units: z.array(z.string().min(1).max(64)).min(1).max(500),
        comment: z.string().max(2000).optional(),
        confirmLock: z.boolean().optional(),
      })
      .strict(),
    handler: async ({ body, principal, req }, ctx) => applyBoardAction(ctx.db, actorOf(principal, req), principal!, body),
  }),
];
