import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { allowedRoots, isInside } from '../auth/policy.ts';
import { periodSchema } from '../model/schema.ts';
import { getBreakdown, getFreshness, getHeatmap, getRevisionHistory, getScorecard, getSeries, getStrategyMap } from './service.ts';
import { loadModel } from './model.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');
const windowSchema = z.enum(['month', 'ytd']).default('ytd');
const unitParams = z.object({ unit: z.string() });
const status = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']);
const localized = z.union([z.string(), z.record(z.string(), z.string())]);

const completenessPart = z.object({ reported: z.number().int(), expected: z.number().int(), missing: z.array(z.string()) });
/** DESIGN.md §3 "Saying so": units null at a unit that enters its own value, months null for a one-month window. */
export const completenessOut = z
  .object({ units: completenessPart.nullable(), months: completenessPart.nullable() })
  .meta({ id: 'Completeness' });
const indicatorOut = z.object({
  code: z.string(),
  name: localized,
  unit: z.string(),
  direction: z.string(),
  actual: z.number().nullable(),
  target: z.number().nullable(),
  score: z.number().nullable(),
  status,
  weight: z.number(),
  gap: z.number().nullable(),
  gapPct: z.number().nullable(),
  favourable: z.boolean().nullable(),
  completeness: completenessOut,
  warning: z.string().nullable(),
  trend: z.record(z.string(), z.unknown()),
});
const rolled = { code: z.string(), name: localized, score: z.number().nullable(), coverage: z.number(), status, weight: z.number(), complete: z.boolean() };
export const scorecardOut = z
  .object({
    unit: z.string(),
    period: z.string(),
    window: z.enum(['month', 'ytd']),
    score: z.number().nullable(),
    coverage: z.number(),
    status,
    complete: z.boolean(),
    warnings: z.array(z.string()),
    perspectives: z.array(z.object({ ...rolled, objectives: z.array(z.object({ ...rolled, indicators: z.array(indicatorOut) })) })),
  })
  .meta({ id: 'Scorecard' });

export const scorecardRoutes = [
  defineRoute({
    method: 'get',
    path: '/model',
    summary: 'Perspectives, objectives (with drives links) and indicators',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    handler: async (_input, ctx) => {
      const model = await loadModel(ctx.db);
      return {
        perspectives: model.scoring.perspectives,
        objectives: model.scoring.objectives,
        indicators: model.indicators.map(({ id: _id, ...i }) => i),
      };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/scorecards/:unit',
    summary: 'A unit’s scorecard for a period (DESIGN.md §4), optionally with N months of history',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: unitParams,
    query: z.object({ period: periodSchema, window: windowSchema, history: z.coerce.number().int().min(0).max(36).default(0) }).strict(),
    response: scorecardOut,
    handler: async ({ params, query }, ctx) => getScorecard(ctx.db, params.unit, query.period, { window: query.window, history: query.history }),
  }),
  defineRoute({
    method: 'get',
    path: '/series/:unit/:indicator',
    summary: 'One indicator at one unit month by month, with its trend and year-end forecast',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string() }),
    query: z.object({ from: month, to: month }).strict(),
    handler: async ({ params, query }, ctx) => getSeries(ctx.db, params.unit, params.indicator, query.from, query.to),
  }),
  defineRoute({
    method: 'get',
    path: '/breakdown/:unit/:indicator',
    summary: 'One indicator over a unit’s direct children',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string() }),
    query: z.object({ period: periodSchema, window: windowSchema }).strict(),
    handler: async ({ params, query }, ctx) => getBreakdown(ctx.db, params.unit, params.indicator, query.period, query.window),
  }),
  defineRoute({
    method: 'get',
    path: '/heatmap/:unit',
    summary: 'The unit and its subtree × perspectives or indicators, by score',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: unitParams,
    query: z.object({ period: periodSchema, window: windowSchema, by: z.enum(['perspective', 'indicator']).default('perspective') }).strict(),
    handler: async ({ params, query, principal }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      return getHeatmap(ctx.db, params.unit, query.period, query.window, query.by, (u) => isInside(u.path, roots));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/strategy-map/:unit',
    summary: 'Objectives in their perspectives with drives links and statuses',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: unitParams,
    query: z.object({ period: periodSchema, window: windowSchema }).strict(),
    handler: async ({ params, query }, ctx) => getStrategyMap(ctx.db, params.unit, query.period, query.window),
  }),
  defineRoute({
    method: 'get',
    path: '/measurements/:unit/:indicator/:period/history',
    summary: 'Every revision of one value: who, when, old → new, and the note',
    tags: ['measurements'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string(), period: month }),
    handler: async ({ params }, ctx) => getRevisionHistory(ctx.db, params.unit, params.indicator, params.period),
  }),
  defineRoute({
    method: 'get',
    path: '/freshness',
    summary: 'Last successful run of each source and the units still missing entries for a month',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string(), period: periodSchema }).strict(),
    handler: async ({ query }, ctx) => getFreshness(ctx.db, query.unit, query.period),
  }),
  defineRoute({
    method: 'get',
    path: '/indicators',
    summary: 'Search indicators by code or name',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z.object({ q: z.string().max(100).default('') }).strict(),
    handler: async ({ query }, ctx) => {
      const model = await loadModel(ctx.db);
      const q = query.q.trim().toLowerCase();
      const matches = (text: unknown) => (typeof text === 'string' ? [text] : Object.values((text ?? {}) as Record<string, string>)).some((t) => t.toLowerCase().includes(q));
      return model.indicators
        .filter((i) => q === '' || i.code.toLowerCase().includes(q) || matches(i.name))
        .slice(0, 50)
        .map((i) => ({ code: i.code, name: i.name, objective: i.objective, unit: i.unit }));
    },
  }),
];
