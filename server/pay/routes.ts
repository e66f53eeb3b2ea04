/**
 * People and pay over HTTP (DESIGN.md §3 "People and pay", issue 18). Pay data (base amounts,
 * payouts) is behind `pay:read`, held by reviewers, hr and admins on the whole organisation:
 * every route here takes its permission company-wide, so a grant on a subtree never reaches a
 * base or a payout. The roster is written by hr and admins (`roster:write`); runs are prepared
 * with `pay:prepare` and approved and frozen with `pay:approve` (hr, admin).
 */
import express from 'express';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { HttpError } from '../http/errors.ts';
import { actorOf } from '../http/actor.ts';
import { getRoster, importRoster } from '../people/service.ts';
import { exportPayout } from './export.ts';
import { payPolicySchema } from './schema.ts';
import { acknowledgeFairness, approvePayout, freezePayout, getFairness, getPayout, listRuns, preparePayout, setPayPolicy } from './service.ts';

const rawUpload = express.raw({ type: () => true, limit: '20mb' });
const codeParams = z.object({ code: z.string().min(1).max(64) });
const versionQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();
const versionBody = z.object({ version: z.number().int().min(1).optional() }).strict();

export const payRoutes = [
  defineRoute({
    method: 'post',
    path: '/people/imports',
    summary: 'Import a roster file (CSV or XLSX, raw body, name it with ?filename=): employee,name,unit,from,to,base,eligible. All or nothing; dryRun=true previews',
    tags: ['people'],
    policy: { permission: 'roster:write' },
    rawBody: 'application/octet-stream',
    query: z.object({ filename: z.string().regex(/\.(csv|xlsx|tsv|txt)$/i, 'a .csv or .xlsx file name'), dryRun: z.enum(['true', 'false']).default('false') }).strict(),
    handler: async ({ query, principal, req, res }, ctx) => {
      await new Promise<void>((resolve, reject) => rawUpload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'empty_file', 'The upload is empty');
      return ctx.db.transaction().execute((trx) => importRoster(trx, actorOf(principal, req), { buffer: req.body, name: query.filename }, { dryRun: query.dryRun === 'true' }));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/people',
    summary: 'The roster: current assignments (history=true: with the superseded ones), base and eligibility, and the latest imports',
    tags: ['people'],
    policy: { permission: 'pay:read' },
    query: z.object({ history: z.enum(['true', 'false']).default('false'), employee: z.string().min(1).max(64).optional() }).strict(),
    handler: async ({ query }, ctx) => getRoster(ctx.db, { history: query.history === 'true', employee: query.employee }),
  }),
  defineRoute({
    method: 'put',
    path: '/evaluations/:code/pay',
    summary: 'Set the pay policy (rates by grade, proration, rounding) of the open version of a cycle; refused once final',
    tags: ['pay'],
    policy: { permission: 'pay:policy' },
    params: codeParams,
    body: payPolicySchema,
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => setPayPolicy(trx, actorOf(principal, req), params.code, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/fairness',
    summary: 'Fairness checks of the latest version: grade distribution per division, units below the coverage or completeness threshold and their acknowledgments',
    tags: ['evaluations'],
    policy: { permission: 'evaluation:read' },
    params: codeParams,
    handler: async ({ params }, ctx) => getFairness(ctx.db, params.code),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/:code/fairness/acknowledgments',
    summary: 'Acknowledge flagged units with a reason so the open version can be finalised (audited)',
    tags: ['evaluations'],
    policy: { permission: 'evaluation:write' },
    params: codeParams,
    body: z.object({ units: z.array(z.string().min(1).max(64)).min(1).max(10_000), reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(1000) }).strict(),
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => acknowledgeFairness(trx, actorOf(principal, req), params.code, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/payouts',
    summary: 'Payouts of a finalised version (latest by default): its run once prepared, else a live draft',
    tags: ['pay'],
    policy: { permission: 'pay:read' },
    params: codeParams,
    query: versionQuery,
    handler: async ({ params, query }, ctx) => getPayout(ctx.db, params.code, { version: query.version }),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/payouts/runs',
    summary: 'Every payout run of a cycle (all versions), newest first',
    tags: ['pay'],
    policy: { permission: 'pay:read' },
    params: codeParams,
    handler: async ({ params }, ctx) => ({ runs: await listRuns(ctx.db, params.code) }),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/:code/payouts/prepare',
    summary: 'Prepare the payout run of the latest final version (replaces an unapproved one)',
    tags: ['pay'],
    policy: { permission: 'pay:prepare' },
    params: codeParams,
    body: versionBody,
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => preparePayout(trx, actorOf(principal, req), params.code, body ?? {})),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/:code/payouts/approve',
    summary: 'Approve the prepared run (hr or admin, never whoever prepared it)',
    tags: ['pay'],
    policy: { permission: 'pay:approve' },
    params: codeParams,
    body: versionBody,
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => approvePayout(trx, actorOf(principal, req), params.code, body ?? {})),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/:code/payouts/freeze',
    summary: 'Freeze the approved run: nothing about it can change afterwards',
    tags: ['pay'],
    policy: { permission: 'pay:approve' },
    params: codeParams,
    body: versionBody,
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => freezePayout(trx, actorOf(principal, req), params.code, body ?? {})),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/payouts/export',
    summary: 'Payout export: CSV, XLSX or JSON, one row per employee, subtotals per unit and the total',
    tags: ['pay'],
    policy: { permission: 'pay:read' },
    params: codeParams,
    query: z.object({ format: z.enum(['csv', 'xlsx', 'json']).default('csv'), version: z.coerce.number().int().min(1).optional(), locale: z.enum(['ko', 'en']).optional() }).strict(),
    responseType: 'text/csv',
    handler: async ({ params, query, principal, res }, ctx) => {
      const doc = await getPayout(ctx.db, params.code, { version: query.version });
      const file = await exportPayout(doc, query.format, query.locale ?? (principal?.locale?.startsWith('ko') ? 'ko' : 'en'));
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
      res.setHeader('cache-control', 'no-store');
      res.status(200).send(file.body);
      return undefined;
    },
  }),
];
