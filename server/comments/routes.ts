import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { HttpError } from '../http/errors.ts';
import { addComment, commentHistory, COMMENT_KINDS, editComment, listComments } from './service.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month (YYYY-MM)');
const code = z.string().min(1).max(64);
const body = z.string().trim().min(1, 'write something').max(10_000);

export const commentRoutes = [
  defineRoute({
    method: 'post',
    path: '/comments',
    summary: 'Comment on an indicator at a unit for a month (analysis, action or note), optionally replying; @username mentions notify those people',
    tags: ['comments'],
    policy: { permission: 'scorecard:read', unit: ({ body }) => body?.unit },
    status: 201,
    body: z.object({ indicator: code, unit: code, period: month, kind: z.enum(COMMENT_KINDS).default('note'), body, replyTo: z.number().int().positive().nullable().optional() }).strict(),
    handler: async ({ body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => addComment(trx, actorOf(principal, req), principal!, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/comments',
    summary: 'Comments on a unit (optionally one indicator) between two months, oldest first; replies carry replyTo',
    tags: ['comments'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z
      .object({ indicator: code.optional(), unit: code, from: month, to: month })
      .strict()
      .refine((q) => q.from <= q.to, { message: '`from` is after `to`', path: ['from'] }),
    handler: async ({ query }, ctx) => {
      const [fy, fm] = query.from.split('-').map(Number);
      const [ty, tm] = query.to.split('-').map(Number);
      if ((ty - fy) * 12 + (tm - fm) > 120) throw new HttpError(400, 'bad_period', 'at most 120 months at a time');
      return { comments: await listComments(ctx.db, query) };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/comments/:id',
    summary: 'Edit your comment; the earlier text is kept in its history',
    tags: ['comments'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    params: z.object({ id: z.coerce.number().int().positive() }).strict(),
    body: z.object({ kind: z.enum(COMMENT_KINDS).optional(), body }).strict(),
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => editComment(trx, actorOf(principal, req), principal!, params.id, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/comments/:id/history',
    summary: 'A comment and its earlier versions',
    tags: ['comments'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    params: z.object({ id: z.coerce.number().int().positive() }).strict(),
    handler: async ({ params, principal }, ctx) => commentHistory(ctx.db, principal!, params.id),
  }),
];
