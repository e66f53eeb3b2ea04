import { z } from 'zod';
import express from 'express';
import ExcelJS from 'exceljs';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { HttpError } from '../http/errors.ts';
import { allowedRoots, isAllowed, isInside, type Principal } from '../auth/policy.ts';
import { csvFile } from '../files/csv.ts';
import type { UnitRow } from '../units/repository.ts';
import { approvedPlanRows, approvePlans, cascadePlan, checkTargets, editPlan, getPlanGrid, listRevisions, type Permissions } from './service.ts';
import { applyPlanUpload, renderPlanTemplate } from './workbook.ts';

const code = z.string().min(1).max(100);
const year = z.coerce.number().int().min(1900).max(9999);
const amount = z.number().finite();
const phasing = z.enum(['even', 'last_year', 'profile']);
const reason = z.string().max(2000).optional();
const profile = z.array(z.number().finite().min(0)).length(12).optional();

/** target:write in the unit's subtree edits; approving a unit's plan takes target:write on its parent (an admin's, for the top unit). */
export function planPermissions(principal: Principal): Permissions {
  return {
    canEdit: (unit) => isAllowed(principal, 'target:write', unit.path),
    canApprove: (_unit, parent) => (parent ? isAllowed(principal, 'target:write', parent.path) : isAllowed(principal, 'target:write', null) && principal.grants.some((g) => g.role === 'admin')),
  };
}

const readable = (principal: Principal) => {
  const roots = allowedRoots(principal, 'scorecard:read');
  return (u: UnitRow) => isInside(u.path, roots);
};

const gridQuery = z.object({ indicator: code, unit: code, year }).strict();
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rawUpload = express.raw({ type: () => true, limit: '5mb' });

const cascadeBody = z
  .object({
    indicator: code,
    unit: code,
    year: z.number().int().min(1900).max(9999),
    target: amount,
    by: z.enum(['equal', 'last_year', 'shares']),
    shares: z.record(z.string(), z.number().finite()).optional(),
    phasing: phasing.default('even'),
    profile,
    decimals: z.number().int().min(0).max(6).optional(),
    baseline: amount.nullable().optional(),
    stretch: amount.nullable().optional(),
    redFlag: amount.nullable().optional(),
    reason,
  })
  .strict();

const previewRow = z.object({ unit: z.string(), role: z.enum(['parent', 'child']), share: z.number().nullable(), yearly: z.number().nullable(), months: z.array(z.number().nullable()), lastYear: z.number().nullable(), previous: z.number().nullable(), phasing: z.string(), warnings: z.array(z.string()) });
const previewSchema = z.object({ indicator: z.string(), unit: z.string(), year: z.number(), target: z.number(), by: z.string(), phasing: z.string(), decimals: z.number(), rows: z.array(previewRow), warnings: z.array(z.string()) });

export const targetRoutes = [
  defineRoute({
    method: 'get',
    path: '/targets/grid',
    summary: 'The targets screen: units × months of an indicator and year in a subtree (plan, approved, last year, locks, gaps)',
    tags: ['targets'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: gridQuery,
    handler: async ({ query, principal }, ctx) => getPlanGrid(ctx.db, query.indicator, query.unit, query.year, planPermissions(principal!), readable(principal!)),
  }),
  defineRoute({
    method: 'post',
    path: '/targets/cascade/preview',
    summary: 'Preview a cascade of a yearly target to the unit’s children, phased into months; writes nothing',
    tags: ['targets'],
    policy: { permission: 'target:write', unit: ({ body }) => body.unit },
    body: cascadeBody,
    response: previewSchema,
    handler: async ({ body, principal, req }, ctx) => cascadePlan(ctx.db, actorOf(principal, req), { ...body, dryRun: true }, planPermissions(principal!)),
  }),
  defineRoute({
    method: 'post',
    path: '/targets/cascade',
    summary: 'Cascade a yearly target to the unit’s children and phase it: draft plans for the unit and each child (revisions kept)',
    tags: ['targets'],
    policy: { permission: 'target:write', unit: ({ body }) => body.unit },
    body: cascadeBody,
    response: previewSchema,
    handler: async ({ body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => cascadePlan(trx, actorOf(principal, req), body, planPermissions(principal!))),
  }),
  defineRoute({
    method: 'put',
    path: '/targets/plan',
    summary: 'Edit one unit’s plan: a yearly figure (phased) and/or monthly figures, baseline, stretch, red flag; the plan becomes a draft',
    tags: ['targets'],
    policy: { permission: 'target:write', unit: ({ body }) => body.unit },
    body: z
      .object({
        indicator: code,
        unit: code,
        year: z.number().int().min(1900).max(9999),
        yearly: amount.optional(),
        phasing: phasing.optional(),
        profile,
        months: z.record(z.string(), amount.nullable()).optional(),
        baseline: amount.nullable().optional(),
        stretch: amount.nullable().optional(),
        redFlag: amount.nullable().optional(),
        reason,
      })
      .strict(),
    handler: async ({ body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => editPlan(trx, actorOf(principal, req), body, planPermissions(principal!))),
  }),
  defineRoute({
    method: 'post',
    path: '/targets/approve',
    summary: 'Approve draft plans (a manager of each unit’s parent): their monthly targets become what scorecards use; locked months keep theirs',
    tags: ['targets'],
    policy: { permission: 'target:write', anyUnit: true },
    body: z.object({ indicator: code, year: z.number().int().min(1900).max(9999), units: z.array(code).min(1).max(1000), reason }).strict(),
    response: z.object({ indicator: z.string(), year: z.number(), approved: z.array(z.string()), unchanged: z.array(z.string()), keptLocked: z.array(z.object({ unit: z.string(), period: z.string(), kept: z.number().nullable(), planned: z.number().nullable() })) }),
    handler: async ({ body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => approvePlans(trx, actorOf(principal, req), body, planPermissions(principal!))),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/revisions',
    summary: 'Revisions of the plans of an indicator and year in a subtree, newest first: who, when, old → new, why',
    tags: ['targets'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: gridQuery,
    handler: async ({ query }, ctx) => listRevisions(ctx.db, query.indicator, query.unit, query.year),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/check',
    summary: 'Consistency of a year’s targets: parents whose children’s yearly targets of a sum indicator do not add up, and units with no target for a scored indicator',
    tags: ['targets'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z.object({ year, unit: code.optional() }).strict(),
    handler: async ({ query, principal }, ctx) => {
      const visible = readable(principal!);
      const root = query.unit ? await ctx.db.selectFrom('org_unit').select('path').where('code', '=', query.unit).executeTakeFirst() : null;
      if (query.unit && !root) throw new HttpError(404, 'not_found', `Unknown unit "${query.unit}"`);
      return checkTargets(ctx.db, query.year, (u) => visible(u) && (!root || u.path.startsWith(root.path)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/targets/template',
    summary: 'The yearly-plan workbook: units × months of the subtree, pre-filled with last year’s actuals, to fill in and upload',
    tags: ['targets'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: gridQuery,
    responseType: xlsxType,
    handler: async ({ query, principal, res }, ctx) => {
      const file = await renderPlanTemplate(ctx.db, query.indicator, query.unit, query.year, readable(principal!));
      res.setHeader('content-type', xlsxType);
      res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
      res.setHeader('cache-control', 'no-store');
      res.status(200).send(file.body);
      return undefined;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/targets/upload',
    summary: 'Upload a filled-in yearly-plan workbook (raw XLSX body): dryRun=true previews with per-cell errors; otherwise draft plans (all or nothing)',
    tags: ['targets'],
    policy: { permission: 'target:write', unit: ({ query }) => query.unit },
    rawBody: xlsxType,
    query: gridQuery.extend({ dryRun: z.enum(['true', 'false']).default('true'), reason: z.string().max(2000).optional() }).strict(),
    handler: async ({ query, principal, req, res }, ctx) => {
      await new Promise<void>((resolve, reject) => rawUpload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HttpError(400, 'empty_file', 'The upload is empty');
      return ctx.db.transaction().execute((trx) =>
        applyPlanUpload(trx, actorOf(principal, req), req.body, { indicator: query.indicator, unit: query.unit, year: query.year, dryRun: query.dryRun === 'true', reason: query.reason ?? null }, planPermissions(principal!)),
      );
    },
  }),
  defineRoute({
    method: 'get',
    path: '/targets/export',
    summary: 'The approved monthly targets of an indicator and year in a subtree (what scorecards use), as CSV or XLSX: indicator, unit, period, target, plan',
    tags: ['targets'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: gridQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict(),
    responseType: 'text/csv',
    handler: async ({ query, principal, res }, ctx) => {
      const rows = await approvedPlanRows(ctx.db, query.indicator, query.unit, query.year, readable(principal!));
      const header = ['indicator', 'unit', 'period', 'target', 'plan'];
      const table = rows.map((r) => [r.indicator, r.unit, r.period, r.target, r.plan]);
      const fileName = `targets-${query.indicator}-${query.unit}-${query.year}.${query.format}`;
      let body: Buffer;
      if (query.format === 'csv') {
        body = csvFile([header, ...table]);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
      } else {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('targets');
        sheet.addRow(header).font = { bold: true };
        for (const row of table) sheet.addRow(row);
        body = Buffer.from(await workbook.xlsx.writeBuffer());
        res.setHeader('content-type', xlsxType);
      }
      res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
      res.status(200).send(body);
      return undefined;
    },
  }),
];
