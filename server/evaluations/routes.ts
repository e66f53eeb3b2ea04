/**
 * Evaluation cycles over HTTP (DESIGN.md §3 "Evaluation", §5). Reviewers, managers and admins
 * read and export (`evaluation:read`); only admins create, change, finalise and reopen
 * (`evaluation:write`, company-wide). A reader granted on a subtree sees the rows of the units in
 * it; ranks and grades stay those of the whole cycle.
 */
import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { actorOf } from '../http/actor.ts';
import { allowedRoots, isInside, type Principal } from '../auth/policy.ts';
import { codeSchema } from '../model/schema.ts';
import { completenessOut, localizedOut as localized } from '../scorecards/schemas.ts';
import { exportDocument } from './export.ts';
import { evaluationBreakdownOut, evaluationCycleOut, evaluationReopenedOut, evaluationStatusOut, evaluationSummariesOut, evaluationWindowOut, gradingMethodOut, missingRuleOut } from './schemas.ts';
import { createCycle, finalizeCycle, getCycle, getResults, getUnitBreakdown, listCycles, previewCycle, previewDefinition, reopenCycle, updateCycle, type ReadOptions } from './service.ts';

const codeParams = z.object({ code: z.string().min(1).max(64) });
const versionQuery = z.coerce.number().int().min(1).optional();

const resultRow = z.object({
  unit: z.string(),
  name: localized,
  score: z.number().nullable(),
  adjustment: z.number(),
  total: z.number().nullable(),
  coverage: z.number(),
  rank: z.number().int().nullable(),
  grade: z.string().nullable(),
  perspectives: z.record(z.string(), z.number().nullable()),
  /** DESIGN.md §3 "Saying so": false when an indicator was left out or scored on part of the data (absent on results stored before). */
  complete: z.boolean().optional(),
  completeness: z
    .object({
      /** Indicators left out for want of a comparable month. */
      leftOut: z.array(z.string()),
      /** Indicators scored on part of their units or months, with what is missing. */
      partial: z.array(z.object({ indicator: z.string(), completeness: completenessOut })),
    })
    .meta({ id: 'EvaluationRowCompleteness' })
    .optional(),
});

export const evaluationResultsOut = z
  .object({
    cycle: z.string(),
    version: z.number().int(),
    provisional: z.boolean(),
    results: z.array(resultRow),
    name: localized,
    status: evaluationStatusOut,
    from: z.string(),
    to: z.string(),
    window: evaluationWindowOut,
    months: z.object({ from: z.string(), to: z.string() }),
    missing: missingRuleOut,
    grading: gradingMethodOut,
    gradedBy: gradingMethodOut,
    perspectives: z.array(z.object({ code: z.string(), name: localized, weight: z.number() })),
    fingerprint: z.string(),
    inputsChanged: z.boolean(),
    finalizedBy: z.string().nullable(),
    finalizedAt: z.string().nullable(),
    reopenedReason: z.string().nullable(),
    warnings: z.array(z.string()),
    confirmToken: z.string().optional(),
  })
  .meta({ id: 'EvaluationResults' });

/** The cycle file's fields; validated in full (with precise messages) by the service. */
const definitionBody = z.record(z.string(), z.unknown());

/** Rows limited to the units under the caller's `evaluation:read` grants. */
function readOptions(input: { principal: Principal | null; query?: { version?: number } }): ReadOptions {
  const roots = allowedRoots(input.principal!, 'evaluation:read');
  return { version: input.query?.version, visible: (unit) => (unit ? isInside(unit.path, roots) : roots.includes('/')) };
}

const read = { permission: 'evaluation:read', anyUnit: true } as const;
const write = { permission: 'evaluation:write' } as const;

export const evaluationRoutes = [
  defineRoute({
    method: 'get',
    path: '/evaluations',
    summary: 'Evaluation cycles with their latest version and status',
    tags: ['evaluations'],
    policy: read,
    response: evaluationSummariesOut,
    handler: async (_input, ctx) => listCycles(ctx.db),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations',
    summary: 'Create an evaluation cycle from its definition (the cycle file as JSON); version 1 opens provisional',
    tags: ['evaluations'],
    policy: write,
    body: definitionBody,
    status: 201,
    response: evaluationCycleOut,
    handler: async ({ body, principal, req }, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        const definition = await createCycle(trx, actorOf(principal, req), body);
        return getCycle(trx, definition.code);
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/preview',
    summary: 'Preview a definition without storing anything (live, provisional)',
    tags: ['evaluations'],
    policy: write,
    body: definitionBody,
    response: evaluationResultsOut,
    handler: async ({ body }, ctx) => previewDefinition(ctx.db, body),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code',
    summary: 'A cycle with its definition and every version (finalised ones say whether their inputs changed since)',
    tags: ['evaluations'],
    policy: read,
    params: codeParams,
    response: evaluationCycleOut,
    handler: async ({ params, principal }, ctx) => getCycle(ctx.db, params.code, readOptions({ principal })),
  }),
  defineRoute({
    method: 'put',
    path: '/evaluations/:code',
    summary: 'Replace the definition of the open (provisional) version; refused once final (reopen first)',
    tags: ['evaluations'],
    policy: write,
    params: codeParams,
    body: definitionBody,
    response: evaluationCycleOut,
    handler: async ({ params, body, principal, req }, ctx) =>
      ctx.db.transaction().execute(async (trx) => {
        await updateCycle(trx, actorOf(principal, req), params.code, body);
        return getCycle(trx, params.code);
      }),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/preview',
    summary: 'Live, provisional results of the working definition, with a confirmToken for finalising exactly these',
    tags: ['evaluations'],
    policy: read,
    params: codeParams,
    response: evaluationResultsOut,
    handler: async (input, ctx) => previewCycle(ctx.db, input.params.code, readOptions({ principal: input.principal })),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/:code/finalize',
    summary: 'Finalise the open version: stores the immutable snapshot. Send { confirmToken } from a preview or { confirm: true }',
    tags: ['evaluations'],
    policy: write,
    params: codeParams,
    body: z.object({ confirm: z.boolean().optional(), confirmToken: z.string().min(1).max(128).optional() }).strict(),
    response: evaluationResultsOut,
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => finalizeCycle(trx, actorOf(principal, req), params.code, body ?? {})),
  }),
  defineRoute({
    method: 'post',
    path: '/evaluations/:code/reopen',
    summary: 'Reopen a final cycle with a reason: the final version is superseded (still readable) and the next version opens provisional',
    tags: ['evaluations'],
    policy: write,
    params: codeParams,
    body: z.object({ reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(1000) }).strict(),
    response: evaluationReopenedOut,
    handler: async ({ params, body, principal, req }, ctx) => ctx.db.transaction().execute((trx) => reopenCycle(trx, actorOf(principal, req), params.code, body.reason)),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/results',
    summary: 'Results of a version (latest by default): the snapshot once final, a live preview while provisional',
    tags: ['evaluations'],
    policy: read,
    params: codeParams,
    query: z.object({ version: versionQuery }).strict(),
    response: evaluationResultsOut,
    handler: async (input, ctx) => getResults(ctx.db, input.params.code, readOptions(input)),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/breakdown/:unit',
    summary: 'One unit’s evaluation down to indicators, with its adjustments',
    tags: ['evaluations'],
    policy: read,
    params: z.object({ code: z.string().min(1).max(64), unit: codeSchema }),
    query: z.object({ version: versionQuery }).strict(),
    response: evaluationBreakdownOut,
    handler: async (input, ctx) => getUnitBreakdown(ctx.db, input.params.code, input.params.unit, readOptions(input)),
  }),
  defineRoute({
    method: 'get',
    path: '/evaluations/:code/export',
    summary: 'Reward export of a version: CSV, XLSX or JSON, one row per unit',
    tags: ['evaluations'],
    policy: read,
    params: codeParams,
    query: z.object({ format: z.enum(['csv', 'xlsx', 'json']).default('csv'), version: versionQuery, locale: z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/).optional() }).strict(),
    responseType: 'text/csv',
    handler: async (input, ctx) => {
      const doc = await getResults(ctx.db, input.params.code, readOptions(input));
      const file = await exportDocument(doc, input.query.format, input.query.locale ?? input.principal?.locale ?? 'en');
      input.res.setHeader('content-type', file.contentType);
      input.res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
      input.res.setHeader('cache-control', 'no-store');
      input.res.status(200).send(file.body);
      return undefined;
    },
  }),
];
