import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { notFound } from '../http/errors.ts';
import { allowedRoots, isInside } from '../auth/policy.ts';
import { selectUnitByCode, selectUnits } from './repository.ts';

const unitOut = z.object({
  code: z.string(),
  name: z.union([z.string(), z.record(z.string(), z.string())]),
  parent: z.string().nullable(),
  depth: z.number(),
});

export const unitRoutes = [
  defineRoute({
    method: 'get',
    path: '/units',
    summary: 'The org units you can see, parents before children',
    tags: ['units'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    response: z.array(unitOut),
    handler: async ({ principal }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      const units = await selectUnits(ctx.db);
      const codeById = new Map(units.map((u) => [u.id, u.code]));
      return units
        .filter((u) => isInside(u.path, roots))
        .map((u) => ({ code: u.code, name: u.name, parent: u.parentId === null ? null : (codeById.get(u.parentId) ?? null), depth: u.depth }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/units/:code',
    summary: 'One org unit',
    tags: ['units'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.code },
    params: z.object({ code: z.string() }),
    response: unitOut,
    handler: async ({ params }, ctx) => {
      const unit = await selectUnitByCode(ctx.db, params.code);
      if (!unit) throw notFound(`Unknown unit "${params.code}"`);
      const parent = unit.parentId === null ? null : (await ctx.db.selectFrom('org_unit').select('code').where('id', '=', unit.parentId).executeTakeFirst())?.code ?? null;
      return { code: unit.code, name: unit.name, parent, depth: unit.depth };
    },
  }),
];
