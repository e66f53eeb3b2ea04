import { z } from 'zod';
import express from 'express';
import { defineRoute } from '../http/route.ts';
import { checkTextSource } from '../files/limits.ts';
import { HttpError } from '../http/errors.ts';
import { actorOf } from '../http/actor.ts';
import { allowedRoots, isAllowed, isInside, type Permission, type Principal } from '../auth/policy.ts';
import { periodSchema } from '../model/schema.ts';
import { selectUnitByCode } from '../units/repository.ts';
import type { AppContext } from '../context.ts';
import { initiativeInputSchema, benchmarkInputSchema, priorityInputSchema, INITIATIVE_STATUSES } from './schema.ts';
import { deleteInitiative, getInitiative, listInitiatives, saveInitiative } from './service.ts';
import { deleteBenchmark, getBenchmarks, getPriorities, parseBenchmarkCsv, saveBenchmarks, savePriority } from '../benchmarks/service.ts';
import { renderReport } from '../reports/service.ts';

const rawUpload = express.raw({ type: () => true, limit: '5mb' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');

async function requireOn(ctx: AppContext, principal: Principal, permission: Permission, unitCode: string) {
  const unit = await selectUnitByCode(ctx.db, unitCode);
  if (!unit || !isAllowed(principal, permission, unit.path)) throw new HttpError(403, 'forbidden', `You need the ${permission} permission on ${unitCode}`);
}

const initiativeOut = z
  .object({
    code: z.string(),
    title: z.string(),
    unit: z.string(),
    indicators: z.array(z.string()),
    owner: z.string().optional(),
    start: z.string().optional(),
    end: z.string().optional(),
    evaluation: z.string().optional(),
    target: z.number().optional(),
    baseline: z.number().optional(),
    current: z.number().optional(),
    status: z.enum(INITIATIVE_STATUSES),
    actions: z.array(z.object({ title: z.string(), due: z.string().optional(), done: z.boolean() })),
    measure: z.object({ indicator: z.string(), unit: z.string(), direction: z.string() }).nullable(),
    improvement: z.object({ change: z.number().nullable(), rate: z.number().nullable().describe('향상도 %, positive = better (read with the direction)'), improved: z.boolean().nullable(), warning: z.string().nullable() }),
    progress: z.number().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Initiative' });

const strip = <T extends { unitPath?: string }>(i: T) => {
  const { unitPath: _p, ...rest } = i;
  return rest;
};

export const initiativeRoutes = [
  defineRoute({
    method: 'get',
    path: '/initiatives',
    summary: 'Improvement initiatives (개선활동) of a unit and its subtree, optionally linked to one indicator',
    tags: ['initiatives'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string(), indicator: z.string().optional(), status: z.enum(INITIATIVE_STATUSES).optional() }).strict(),
    response: z.array(initiativeOut),
    handler: async ({ query, principal }, ctx) => {
      const unit = (await selectUnitByCode(ctx.db, query.unit))!;
      const roots = allowedRoots(principal!, 'scorecard:read');
      const list = await listInitiatives(ctx.db, { unitPath: unit.path, indicator: query.indicator, visible: (p) => isInside(p, roots) });
      return list.filter((i) => !query.status || i.status === query.status).map(strip);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/initiatives/:code',
    summary: 'One improvement initiative with its improvement rate (향상도) and action items',
    tags: ['initiatives'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    params: z.object({ code: z.string() }),
    response: initiativeOut,
    handler: async ({ params, principal }, ctx) => {
      const found = await getInitiative(ctx.db, params.code);
      if (!isAllowed(principal!, 'scorecard:read', found.unitPath)) throw new HttpError(404, 'not_found', `Unknown initiative "${params.code}"`);
      return strip(found);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/initiatives',
    summary: 'Create an improvement initiative',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write', unit: ({ body }) => body.unit },
    body: initiativeInputSchema,
    response: initiativeOut,
    status: 201,
    handler: async ({ body, principal, req }, ctx) => {
      await ctx.db.transaction().execute((trx) => saveInitiative(trx, actorOf(principal, req), body, { mode: 'create' }));
      return strip(await getInitiative(ctx.db, body.code));
    },
  }),
  defineRoute({
    method: 'put',
    path: '/initiatives/:code',
    summary: 'Replace an improvement initiative (status, values, action items, …)',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write', unit: ({ body }) => body.unit },
    params: z.object({ code: z.string() }),
    body: initiativeInputSchema,
    response: initiativeOut,
    handler: async ({ params, body, principal, req }, ctx) => {
      if (body.code !== params.code) throw new HttpError(400, 'validation_failed', 'The body’s code must match the path');
      const existing = await getInitiative(ctx.db, params.code);
      await requireOn(ctx, principal!, 'initiative:write', existing.unit);
      await ctx.db.transaction().execute((trx) => saveInitiative(trx, actorOf(principal, req), body, { mode: 'update' }));
      return strip(await getInitiative(ctx.db, body.code));
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/initiatives/:code',
    summary: 'Delete an improvement initiative',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write', anyUnit: true },
    params: z.object({ code: z.string() }),
    handler: async ({ params, principal, req }, ctx) => {
      const existing = await getInitiative(ctx.db, params.code);
      await requireOn(ctx, principal!, 'initiative:write', existing.unit);
      await ctx.db.transaction().execute((trx) => deleteInitiative(trx, actorOf(principal, req), params.code));
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/benchmarks/:unit/:indicator',
    summary: 'Benchmarks (벤치마킹) of an indicator beside the unit’s own value: TOP and each competitor with gaps (positive = we are better)',
    tags: ['initiatives'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string() }),
    handler: async ({ params }, ctx) => getBenchmarks(ctx.db, params.unit, params.indicator),
  }),
  defineRoute({
    method: 'put',
    path: '/benchmarks',
    summary: 'Store benchmark values by indicator, period and competitor (TOP = best in class)',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write' },
    body: z.array(benchmarkInputSchema).max(10000),
    handler: async ({ body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => saveBenchmarks(trx, actorOf(principal, req), body)),
  }),
  defineRoute({
    method: 'post',
    path: '/benchmarks/import',
    summary: 'Import benchmarks from CSV: indicator,period,competitor,value or indicator,period,<competitor>…',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write' },
    rawBody: 'text/csv',
    handler: async ({ principal, req, res }, ctx) => {
      await new Promise<void>((resolve, reject) => rawUpload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await checkTextSource({ buffer: body }); // UTF-8 without NUL bytes, as every text file
      const text = body.toString('utf8');
      const rows = parseBenchmarkCsv(text);
      return { rows: rows.length, ...(await ctx.db.transaction().execute((trx) => saveBenchmarks(trx, actorOf(principal, req), rows))) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/benchmarks/:indicator/:period/:competitor',
    summary: 'Delete one benchmark value',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write' },
    params: z.object({ indicator: z.string(), period: z.string(), competitor: z.string() }),
    handler: async ({ params, principal, req }, ctx) => {
      await deleteBenchmark(ctx.db, actorOf(principal, req), params);
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/priorities/:unit',
    summary: 'Improvement priorities (개선 우선순위): expected level, current, gap, importance × shortfall, ranked',
    tags: ['initiatives'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string() }),
    query: z.object({ period: periodSchema }).strict(),
    handler: async ({ params, query }, ctx) => getPriorities(ctx.db, params.unit, query.period),
  }),
  defineRoute({
    method: 'put',
    path: '/priorities/:unit/:indicator',
    summary: 'Set an indicator’s expected level (null = TOP), importance (null = its weight), main cause and target',
    tags: ['initiatives'],
    policy: { permission: 'initiative:write', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string(), indicator: z.string() }),
    body: priorityInputSchema.omit({ unit: true, indicator: true }),
    handler: async ({ params, body, principal, req }, ctx) => ({
      outcome: await ctx.db.transaction().execute((trx) => savePriority(trx, actorOf(principal, req), { ...body, unit: params.unit, indicator: params.indicator })),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/reports/:unit',
    summary: 'Management report (경영위원회 보고): printable HTML (A4 landscape), PDF through headless Chromium, or the scorecard as XLSX',
    tags: ['reports'],
    policy: { permission: 'scorecard:read', unit: ({ params }) => params.unit },
    params: z.object({ unit: z.string() }),
    query: z
      .object({ period: z.union([month, periodSchema]), window: z.enum(['month', 'ytd']).default('ytd'), format: z.enum(['html', 'pdf', 'xlsx']).default('html'), locale: z.enum(['en', 'ko']).optional() })
      .strict(),
    responseType: 'text/html',
    handler: async ({ params, query, principal, res }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      const locale = query.locale ?? (principal?.locale?.startsWith('ko') ? 'ko' : 'en');
      const file = await renderReport(ctx.db, { unit: params.unit, period: query.period, window: query.window, format: query.format, locale, visible: (p) => isInside(p, roots) });
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', `${query.format === 'html' ? 'inline' : 'attachment'}; filename="${file.fileName}"`);
      res.setHeader('cache-control', 'no-store');
      res.status(200).send(file.body);
      return undefined;
    },
  }),
];
