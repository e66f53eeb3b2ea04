import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { allowedRoots, isAllowed, isInside, type Principal } from '../auth/policy.ts';
import { periodSchema } from '../model/schema.ts';
import { getBreakdown, getExceptions, getFreshness, getHeatmap, getRevisionHistory, getScorecard, getSeries, getStrategyMap } from './service.ts';
import { loadModel } from './model.ts';
import { VOC_FEED_KEYS } from '../scoring/voc.ts';
import { childTotalsOut, compareOut, completenessOut, exceptionsOut, breakdownOut, directionOut, freshnessOut, heatmapOut, indicatorHistoryOut, indicatorHitsOut, localizedOut, modelOut, revisionsOut, scoreHistoryOut, seriesOut, statusOut, strategyMapOut, trendOut, windowOut } from './schemas.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');
const windowSchema = z.enum(['month', 'ytd']).default('ytd');
const unitParams = z.object({ unit: z.string() });
/** `true` / `1` → true; absent, `false`, `0` → false. */
const booleanQuery = z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1');
const status = statusOut;
const localized = localizedOut;

/** DESIGN.md §3: the owner and updaters in force at the unit (the narrowest owners entry wins). */
const ownersOut = { owner: z.string().nullable().optional(), updaters: z.array(z.string()).optional() };
const indicatorOut = z.object({
  code: z.string(),
  name: localized,
  unit: z.string(),
  direction: directionOut,
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
  trend: trendOut,
  history: z.array(indicatorHistoryOut).optional(),
  compare: compareOut.optional(),
  /** A VOC feed, or a formula over feeds: the feed whose records lie behind it (`GET /voc?feed=`); absent otherwise. */
  vocFeed: z.enum(VOC_FEED_KEYS).optional(),
  ...ownersOut,
});
const rolled = { code: z.string(), name: localized, score: z.number().nullable(), coverage: z.number(), status, weight: z.number(), complete: z.boolean(), history: z.array(scoreHistoryOut).optional(), compare: compareOut.optional() };
export const scorecardOut = z
  .object({
    unit: z.string(),
    period: z.string(),
    window: windowOut,
    score: z.number().nullable(),
    coverage: z.number(),
    status,
    complete: z.boolean(),
    warnings: z.array(z.string()),
    /** With `history=N`: the unit's total score over the last N months. */
    history: z.array(scoreHistoryOut).optional(),
    /** vs last period and the same period last year (issue 19). */
    compare: compareOut.optional(),
    /** With `children=true`: the direct children the caller may see. */
    children: childTotalsOut.optional(),
    perspectives: z.array(z.object({ ...rolled, objectives: z.array(z.object({ ...rolled, ...ownersOut, indicators: z.array(indicatorOut) })) })),
  })
  .meta({ id: 'Scorecard' });

/** A cache key part for answers that list the units the caller may read: the roots of their read grants. */
const readRootsKey = (principal: Principal) => JSON.stringify([...new Set(allowedRoots(principal, 'scorecard:read'))].sort());

export const scorecardRoutes = [
  defineRoute({
    method: 'get',
    path: '/model',
    summary: 'Perspectives, objectives (with drives links) and indicators',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    response: modelOut,
    cache: {},
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
    query: z.object({ period: periodSchema, window: windowSchema, history: z.coerce.number().int().min(0).max(36).default(0), children: booleanQuery }).strict(),
    response: scorecardOut,
    // the child rows are the units the caller may read: with them, their grants' roots are part of the key
    cache: { vary: ({ principal, query }) => (query.children ? readRootsKey(principal!) : '') },
    handler: async ({ params, query, principal }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      return getScorecard(ctx.db, params.unit, query.period, { window: query.window, history: query.history, children: query.children, visible: (u) => isInside(u.path, roots) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/series/:unit/:indicator',
    summary: 'One indicator at one unit month by month, with its trend and year-end forecast',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string() }),
    query: z.object({ from: month, to: month }).strict(),
    response: seriesOut,
    cache: {},
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
    response: breakdownOut,
    cache: {},
    handler: async ({ params, query }, ctx) => getBreakdown(ctx.db, params.unit, params.indicator, query.period, query.window),
  }),
  defineRoute({
    method: 'get',
    path: '/heatmap/:unit',
    summary: 'The unit and its subtree × perspectives or indicators, by score',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: unitParams,
    query: z.object({ period: periodSchema, window: windowSchema, by: z.enum(['perspective', 'indicator']).default('perspective'), compare: booleanQuery }).strict(),
    response: heatmapOut,
    // the rows are the units the caller may read: their grants' roots are part of the key
    cache: { vary: ({ principal }) => readRootsKey(principal!) },
    handler: async ({ params, query, principal }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      return getHeatmap(ctx.db, params.unit, query.period, query.window, query.by, (u) => isInside(u.path, roots), { compare: query.compare });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/exceptions',
    summary: 'Indicators below target at a unit and the units below it, largest shortfall first, with months in a row off target',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z
      .object({
        unit: z.string(),
        period: periodSchema,
        window: windowSchema,
        status: z.enum(['off_track', 'at_risk']).optional(),
        scope: z.enum(['unit', 'subtree']).default('subtree'),
        limit: z.coerce.number().int().min(1).max(500).default(500),
      })
      .strict(),
    response: exceptionsOut,
    handler: async ({ query, principal }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      return getExceptions(ctx.db, query.unit, query.period, query.window, (u) => isInside(u.path, roots), { status: query.status, scope: query.scope, limit: query.limit });
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
    response: strategyMapOut,
    cache: {},
    handler: async ({ params, query }, ctx) => getStrategyMap(ctx.db, params.unit, query.period, query.window),
  }),
  defineRoute({
    method: 'get',
    path: '/measurements/:unit/:indicator/:period/history',
    summary: 'Every revision of one value: who, when, old → new, and the note',
    tags: ['measurements'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string(), period: month }),
    response: revisionsOut,
    handler: async ({ params }, ctx) => getRevisionHistory(ctx.db, params.unit, params.indicator, params.period),
  }),
  defineRoute({
    method: 'get',
    path: '/freshness',
    summary: 'The units still missing entries for a month and, for those who may read jobs (job:read), the last successful run of each source',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string(), period: periodSchema }).strict(),
    response: freshnessOut,
    // Sources are company-wide: their names and kinds are not for every unit's readers.
    handler: async ({ query, principal }, ctx) => getFreshness(ctx.db, query.unit, query.period, { sources: isAllowed(principal!, 'job:read', null) }),
  }),
  defineRoute({
    method: 'get',
    path: '/indicators',
    summary: 'Search indicators by code or name',
    tags: ['scorecards'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z.object({ q: z.string().max(100).default('') }).strict(),
    response: indicatorHitsOut,
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
