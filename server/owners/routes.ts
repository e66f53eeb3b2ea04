import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { ownerEntrySchema } from './schema.ts';
import { listOwnerFiles, removeOwnerEntry, saveOwnerEntry } from './service.ts';

const code = z.string().min(1).max(64);

export const ownerRoutes = [
  defineRoute({
    method: 'get',
    path: '/owners',
    summary: 'Owner and updaters entries (the model file’s `owners:`), organisation-wide and per subtree',
    tags: ['owners'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    handler: async (_input, ctx) => ({ owners: await listOwnerFiles(ctx.db) }),
  }),
  defineRoute({
    method: 'put',
    path: '/owners',
    summary: 'Create or replace one owner entry (indicator or objective, optional unit subtree)',
    tags: ['owners'],
    policy: { permission: 'model:write' },
    body: ownerEntrySchema,
    handler: async ({ body, principal, req }, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const { outcome, after } = await saveOwnerEntry(trx, actorOf(principal, req), body, { audit: true, validate: true });
        return { outcome, entry: after };
      }),
  }),
  defineRoute({
    method: 'delete',
    path: '/owners',
    summary: 'Remove one owner entry',
    tags: ['owners'],
    policy: { permission: 'model:write' },
    query: z
      .object({ indicator: code.optional(), objective: code.optional(), unit: code.optional() })
      .strict()
      .refine((q) => (q.indicator === undefined) !== (q.objective === undefined), { message: 'name exactly one of indicator or objective', path: ['indicator'] }),
    handler: async ({ query, principal, req }, ctx) => {
      await ctx.db.transaction().execute((trx) => removeOwnerEntry(trx, actorOf(principal, req), query));
      return undefined;
    },
  }),
];
