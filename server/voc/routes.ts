import { z } from 'zod';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { defineRoute } from '../http/route.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { actorOf } from '../http/actor.ts';
import { allowedRoots, isAllowed, isInside } from '../auth/policy.ts';
import { selectUnitByCode } from '../units/repository.ts';
import { VOC_CHANNELS, VOC_FEED_KEYS, VOC_ROOT_CAUSES, VOC_SEVERITIES, VOC_STATUSES, VOC_TYPES } from '../scoring/voc.ts';
import { loadVocConfig } from './config.ts';
import { vocAccess } from './access.ts';
import { getVoc, listVoc, vocSummary } from './read.ts';
import { writeVocRecords } from './service.ts';
import { readVocFile } from './file.ts';
import { assignableUsers, transitionVoc } from './workflow.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');
const localized = z.union([z.string(), z.record(z.string(), z.string())]);

interface CategoryView {
  code: string;
  name: string | Record<string, string>;
  children?: CategoryView[];
}
// Three levels spelled out (a recursive schema does not survive the OpenAPI generator).
const categoryLeaf = z.object({ code: z.string(), name: localized });
const categoryView = categoryLeaf.extend({ children: z.array(categoryLeaf.extend({ children: z.array(categoryLeaf.extend({ children: z.array(z.unknown()).optional() })).optional() })).optional() });

export const vocRecordView = z.object({
  id: z.string(),
  receivedAt: z.string(),
  channel: z.string(),
  type: z.string(),
  category: z.string(),
  categoryName: z.string().nullable(),
  unit: z.string(),
  unitName: z.string(),
  severity: z.string(),
  customer: z.string().nullable().describe('masked (C-****1234) unless the caller may resolve VOC of the unit'),
  text: z.string().nullable().describe('null outside the responsible unit’s subtree'),
  status: z.enum(VOC_STATUSES),
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  rootCause: z.string().nullable(),
  repeatOf: z.string().nullable(),
  isRepeat: z.boolean(),
  deadline: z.string().nullable(),
  hoursLeft: z.number().nullable(),
  overdue: z.boolean(),
});

const historyEntry = z.object({ at: z.string(), by: z.string(), from: z.string().nullable(), to: z.string(), note: z.string().nullable() });

const text = (max: number) => z.string().max(max).nullable().optional();
export const vocRecordInput = z
  .object({
    id: z.string().min(1).max(100).optional().describe('the source system’s id; left out for a VOC taken in Northstar (at a counter, on the phone), one is given (VOC-YYYYMMDD-XXXXXX)'),
    receivedAt: z.string().min(1).max(40).optional().describe('ISO 8601; without an offset it is read in voc.timezone; left out: now'),
    channel: z.string().max(20).default('other').describe(VOC_CHANNELS.join(', ')),
    type: z.string().min(1).max(20).describe(VOC_TYPES.join(', ')),
    category: z.string().min(1).max(64),
    unit: z.string().min(1).max(64),
    severity: text(20).describe(VOC_SEVERITIES.join(', ')),
    customer: text(100),
    text: text(4000),
    status: text(20),
    assignee: text(100),
    resolvedAt: text(40),
    resolution: text(4000),
    rootCause: text(20).describe(VOC_ROOT_CAUSES.join(', ')),
    repeatOf: text(100),
  })
  .strict();

/** An id for a VOC recorded in Northstar itself: the day and six random characters. */
const newVocId = (now: Date) => `VOC-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex').slice(0, 6).toUpperCase()}`;

const writeSummary = z.object({
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  notices: z.array(z.string()),
  feeds: z.object({ cells: z.number(), changed: z.number(), locked: z.array(z.object({ unit: z.string(), period: z.string() })) }),
});

const rawUpload = express.raw({ type: () => true, limit: '50mb' });

/** Units the caller may record VOC for: where they may enter data (measurement:write). */
const writerOf = (principal: any) => {
  const roots = allowedRoots(principal, 'measurement:write');
  return (u: { path: string }) => isInside(u.path, roots);
};

async function checkUnitReadable(db: any, principal: any, code: string | undefined) {
  if (!code) return;
  const unit = await selectUnitByCode(db, code);
  if (!unit) throw notFound(`Unknown unit "${code}"`);
  if (!isAllowed(principal, 'scorecard:read', unit.path)) throw new HttpError(403, 'forbidden', `You need the scorecard:read permission on unit ${code}`);
}

export const vocRoutes = [
  defineRoute({
    method: 'get',
    path: '/voc/config',
    summary: 'VOC settings from the model file: time zone, category tree, SLA hours by type, feed indicators',
    tags: ['voc'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z.object({ unit: z.string().optional() }).strict(),
    response: z.object({
      timezone: z.string(),
      categories: z.array(categoryView),
      sla: z.record(z.string(), z.number()),
      feeds: z.record(z.string(), z.string()),
      canResolve: z.boolean(),
      assignees: z.array(z.object({ username: z.string(), displayName: z.string() })).describe('people who may be assigned VOC of the unit asked for (empty without ?unit= or when the caller may not resolve there)'),
    }),
    handler: async ({ query, principal }, ctx) => {
      await checkUnitReadable(ctx.db, principal, query.unit);
      const config = await loadVocConfig(ctx.db);
      const unit = query.unit ? await selectUnitByCode(ctx.db, query.unit) : undefined;
      const access = vocAccess(principal);
      const canResolve = unit ? access.canResolve(unit.path) : principal!.grants.some((g) => access.canResolve(g.unitPath));
      const assignees = unit && canResolve ? (await assignableUsers(ctx.db, unit.path)).map((u) => ({ username: u.username, displayName: u.displayName })) : [];
      return { timezone: config.timezone, categories: config.categories as CategoryView[], sla: config.sla as Record<string, number>, feeds: config.feeds as Record<string, string>, canResolve, assignees };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/voc',
    summary: 'VOC records of a unit subtree; feed+period+unit gives exactly the records counted in that feed measurement',
    tags: ['voc'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z
      .object({
        unit: z.string().optional(),
        from: month.optional(),
        to: month.optional(),
        status: z.string().max(100).optional(),
        type: z.string().max(100).optional(),
        category: z.string().max(64).optional(),
        rootCause: z.enum(VOC_ROOT_CAUSES).optional(),
        overdue: z.enum(['true', 'false']).optional(),
        feed: z.enum(VOC_FEED_KEYS).optional(),
        period: month.optional(),
        q: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        offset: z.coerce.number().int().min(0).default(0),
      })
      .strict(),
    response: z.object({ total: z.number(), items: z.array(vocRecordView) }),
    handler: async ({ query, principal }, ctx) => {
      await checkUnitReadable(ctx.db, principal, query.unit);
      return listVoc(ctx.db, principal, { ...query, overdue: query.overdue === 'true' });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/voc/summary',
    summary: 'VOC volume by month and type, SLA attainment, Pareto of complaint categories and root causes, open and overdue counts',
    tags: ['voc'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z.object({ unit: z.string().optional(), from: month.optional(), to: month.optional() }).strict(),
    response: z.object({
      months: z.array(
        z.object({
          period: z.string(),
          received: z.number(),
          byType: z.object({ complaint: z.number(), inquiry: z.number(), suggestion: z.number(), praise: z.number() }),
          slaDue: z.number(),
          slaMet: z.number(),
          slaRate: z.number().nullable(),
        }),
      ),
      categories: z.array(z.object({ code: z.string(), name: z.string().nullable(), count: z.number(), share: z.number(), cumulativeShare: z.number() })),
      rootCauses: z.array(z.object({ code: z.string(), count: z.number(), share: z.number(), cumulativeShare: z.number() })),
      open: z.number(),
      overdue: z.number(),
    }),
    handler: async ({ query, principal }, ctx) => {
      await checkUnitReadable(ctx.db, principal, query.unit);
      return vocSummary(ctx.db, principal, query);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/voc/:id',
    summary: 'One VOC record with its status history',
    tags: ['voc'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    params: z.object({ id: z.string().min(1).max(100) }),
    response: vocRecordView.extend({ history: z.array(historyEntry), canResolve: z.boolean() }),
    handler: async ({ params, principal }, ctx) => {
      const found = await getVoc(ctx.db, principal, params.id);
      if (!found) throw notFound(`No VOC "${params.id}"`);
      const { unitPath, ...view } = found;
      return { ...view, canResolve: vocAccess(principal).canResolve(unitPath) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/voc',
    summary: 'Record or update VOC (up to 10,000, upserted by id); all or nothing, 422 with details.rows [{row, field, reason}]',
    tags: ['voc'],
    policy: { permission: 'measurement:write', anyUnit: true },
    body: z.object({ records: z.array(vocRecordInput).min(1).max(10_000) }).strict(),
    response: writeSummary.extend({ ids: z.array(z.string()).describe('the id of each record, in order (given or assigned)') }),
    handler: async ({ body, principal, req }, ctx) => {
      const now = new Date();
      const rows = body.records.map((r, i) => ({ row: i + 1, input: { ...r, id: r.id ?? newVocId(now), receivedAt: r.receivedAt ?? now.toISOString() } }));
      const summary = await ctx.db.transaction().execute((trx) => writeVocRecords(trx, actorOf(principal, req), [rows], { canWrite: writerOf(principal), label: 'the request', now }));
      return { ...summary, ids: rows.map((r) => r.input.id) };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/voc/imports',
    summary: 'Upload a VOC file (CSV or XLSX, raw body; name it with ?filename=); all or nothing',
    tags: ['voc'],
    policy: { permission: 'measurement:write', anyUnit: true },
    rawBody: 'application/octet-stream',
    query: z.object({ filename: z.string().regex(/\.(csv|xlsx|tsv|txt)$/i, 'a .csv or .xlsx file name') }).strict(),
    response: writeSummary,
    handler: async ({ query, principal, req, res }, ctx) => {
      await new Promise<void>((resolve, reject) => rawUpload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'empty_file', 'The upload is empty');
      const buffer = req.body as Buffer;
      return ctx.db.transaction().execute((trx) => writeVocRecords(trx, actorOf(principal, req), readVocFile({ buffer, name: query.filename }), { canWrite: writerOf(principal), label: query.filename }));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/voc/:id/transition',
    summary: 'Move a VOC through its workflow: received → assigned → in_progress → resolved → closed; reopen (resolved/closed → in_progress)',
    tags: ['voc'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    params: z.object({ id: z.string().min(1).max(100) }),
    body: z
      .object({
        to: z.enum(VOC_STATUSES),
        assignee: z.string().max(100).nullable().optional(),
        resolution: z.string().max(4000).nullable().optional(),
        rootCause: z.enum(VOC_ROOT_CAUSES).nullable().optional(),
        note: z.string().max(2000).nullable().optional(),
      })
      .strict(),
    response: vocRecordView.extend({ notices: z.array(z.string()) }),
    handler: async ({ params, body, principal, req }, ctx) => {
      const found = await getVoc(ctx.db, principal, params.id);
      if (!found) throw notFound(`No VOC "${params.id}"`);
      const { notices } = await ctx.db.transaction().execute((trx) => transitionVoc(trx, actorOf(principal, req), principal, params.id, body));
      const { unitPath: _path, history: _history, ...view } = (await getVoc(ctx.db, principal, params.id))!;
      return { ...view, notices };
    },
  }),
];
