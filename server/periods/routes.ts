import { numberFormatHint, parseMeasurementNumber } from '../measurements/numbers.ts';
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { allowedRoots, isAllowed, isInside, type Principal } from '../auth/policy.ts';
import { APPROVED_AND_LOCKED, getEntryGrid, listWorkflows, requireLockConfirmation, saveEntry, selectPeriodAudit, transition, type Transition } from './service.ts';
import { renderTemplate } from './template.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month (YYYY-MM)');
const unitPeriod = z.object({ unit: z.string().min(1).max(100), period: month }).strict();
const byParams = ({ params }: { params: { unit: string } }) => params.unit;

/** What the caller may do on the unit (the web grid shows only the buttons that work). */
function capabilities(principal: Principal, path: string) {
  return {
    write: isAllowed(principal, 'measurement:write', path),
    submit: isAllowed(principal, 'period:submit', path),
    review: isAllowed(principal, 'period:review', path),
    lock: isAllowed(principal, 'period:lock', path),
    reopen: isAllowed(principal, 'period:reopen', path),
  };
}

const transitionRoute = (step: Transition, permission: 'period:submit' | 'period:review' | 'period:lock' | 'period:reopen', summary: string, textField: 'comment' | 'reason') =>
  defineRoute({
    method: 'post',
    path: `/periods/:unit/:period/${step}`,
    summary,
    tags: ['periods'],
    policy: { permission, unit: byParams },
    params: unitPeriod,
    body: z.object({ [textField]: z.string().max(2000).optional() }).strict() as z.ZodType<Record<string, string | undefined>>,
    handler: async ({ params, body, principal, req }, ctx) =>
      ctx.db.transaction().execute((trx) => transition(trx, actorOf(principal, req), params.unit, params.period, step, body?.[textField] ?? null)),
  });

/**
 * A grid value as typed: a number, or text in the DESIGN.md §4 pattern (`6,210`, `1,234.5`),
 * read by the one number parser every file path uses; null clears the value.
 */
const entryValue = z
  .union([z.number(), z.string().max(64)])
  .nullable()
  .transform((value, ctx) => {
    if (value === null || typeof value === 'number') return value;
    if (value.trim() === '') return null;
    const parsed = parseMeasurementNumber(value);
    if (parsed === null) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a number (${numberFormatHint()})` });
      return z.NEVER;
    }
    return parsed;
  });

export const periodRoutes = [
  defineRoute({
    method: 'get',
    path: '/entry/:unit/:period',
    summary: 'The entry grid of a unit and month: indicators with target, last month, last year, current value and revision; workflow state, deadline, late flag and lock',
    tags: ['periods'],
    policy: { permission: 'scorecard:read', unit: byParams },
    params: unitPeriod,
    handler: async ({ params, principal }, ctx) => {
      const grid = await getEntryGrid(ctx.db, params.unit, params.period);
      const unit = await ctx.db.selectFrom('org_unit').select('path').where('code', '=', params.unit).executeTakeFirstOrThrow();
      return { ...grid, can: capabilities(principal!, unit.path) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/entry/:unit/:period',
    summary: 'Save grid rows as a draft (all or nothing; expectedRevision per row: a 409 carries the current values)',
    tags: ['periods'],
    policy: { permission: 'measurement:write', unit: byParams },
    params: unitPeriod,
    body: z
      .object({
        rows: z
          .array(z.object({ indicator: z.string().min(1), value: entryValue, note: z.string().max(2000).nullable().optional(), expectedRevision: z.number().int().min(0) }).strict())
          .min(1)
          .max(1000),
      })
      .strict(),
    handler: async ({ params, body, principal, req }, ctx) => {
      const roots = allowedRoots(principal!, 'measurement:write');
      const result = await ctx.db.transaction().execute((trx) => saveEntry(trx, actorOf(principal, req), params.unit, params.period, body.rows, (u) => isInside(u.path, roots)));
      return result;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/entry/:unit/:period/template',
    summary: 'The entry template (CSV or XLSX) pre-filled with the unit’s indicators, values and targets for the month; uploads to POST /imports',
    tags: ['periods'],
    policy: { permission: 'scorecard:read', unit: byParams },
    params: unitPeriod,
    query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), locale: z.enum(['en', 'ko']).optional() }).strict(),
    responseType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    handler: async ({ params, query, principal, res }, ctx) => {
      const grid = await getEntryGrid(ctx.db, params.unit, params.period);
      const file = await renderTemplate(query.format, params.unit, params.period, grid.rows, query.locale ?? principal?.locale ?? 'en');
      res.setHeader('content-type', file.contentType);
      res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
      res.setHeader('cache-control', 'no-store');
      res.status(200).send(file.body);
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/periods',
    summary: 'Workflow states of a unit’s subtree for a month (units the caller may read), with deadlines and late flags',
    tags: ['periods'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string().min(1), period: month }).strict(),
    handler: async ({ query, principal }, ctx) => {
      const roots = allowedRoots(principal!, 'scorecard:read');
      return { unit: query.unit, period: query.period, units: await listWorkflows(ctx.db, query.unit, query.period, (u) => isInside(u.path, roots)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/periods/:unit/:period/audit',
    summary: 'The workflow steps of a unit’s month (audit log), oldest first',
    tags: ['periods'],
    policy: { permission: 'scorecard:read', unit: byParams },
    params: unitPeriod,
    handler: async ({ params }, ctx) => ({ unit: params.unit, period: params.period, steps: await selectPeriodAudit(ctx.db, params.unit, params.period) }),
  }),
  transitionRoute('submit', 'period:submit', 'Submit a month for review (from draft or returned)', 'comment'),
  defineRoute({
    method: 'post',
    path: '/periods/:unit/:period/approve',
    summary: 'Approve and lock a submitted month: approving locks it for the unit’s subtree, so the body must say confirmLock: true',
    tags: ['periods'],
    policy: { permission: 'period:review', unit: byParams },
    params: unitPeriod,
    body: z.object({ comment: z.string().max(2000).optional(), confirmLock: z.boolean().optional() }).strict(),
    handler: async ({ params, body, principal, req }, ctx) => {
      requireLockConfirmation(body?.confirmLock);
      const workflow = await ctx.db.transaction().execute((trx) => transition(trx, actorOf(principal, req), params.unit, params.period, 'approve', body?.comment ?? null));
      return { ...workflow, message: APPROVED_AND_LOCKED };
    },
  }),
  transitionRoute('return', 'period:review', 'Return a submitted month with a comment (required)', 'comment'),
  transitionRoute('lock', 'period:lock', 'Lock a month for the unit’s subtree', 'reason'),
  transitionRoute('reopen', 'period:reopen', 'Reopen a locked month (admin; reason required)', 'reason'),
];
