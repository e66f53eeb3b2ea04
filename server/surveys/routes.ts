import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { HttpError } from '../http/errors.ts';
import { actorOf } from '../http/actor.ts';
import { allowedRoots, isInside } from '../auth/policy.ts';
import { getSurveyResult, getSurveyTrend, importSurvey, listSurveyDefinitions, loadSurveyDefinition, readSurveyDefinition, saveSurveyDefinition } from './service.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');
const localized = z.union([z.string(), z.record(z.string(), z.string())]);

const factorOut = z.object({
  code: z.string(),
  name: localized.optional(),
  satisfaction: z.number().nullable(),
  importance: z.number(),
  weight: z.number(),
  quadrant: z.enum(['keep_up', 'concentrate', 'low_priority', 'possible_overkill']).nullable(),
  correlation: z.number().nullable(),
  respondents: z.number(),
});
const loyaltyOut = z.object({ code: z.string(), name: localized.optional(), item: z.string(), rate: z.number().nullable(), respondents: z.number() });
const group = {
  respondents: z.number(),
  csi: z.number().nullable(),
  overall: z.number().nullable(),
  factors: z.array(factorOut),
  loyalty: z.array(loyaltyOut),
  nps: z.number().nullable(),
};
const surveyJsonShape = {
  ...group,
  segments: z.array(z.object({ value: z.string(), own: z.boolean(), ...group, warnings: z.array(z.string()) })),
  competitiveIndex: z.number().nullable(),
  market: z.object({ csi: z.number().nullable(), overall: z.number().nullable(), respondents: z.number() }).nullable(),
  warnings: z.array(z.string()),
  byUnit: z.array(z.object({ unit: z.string(), ...group, warnings: z.array(z.string()) })).optional(),
};

const importOut = z
  .object({
    code: z.string(),
    kind: z.string(),
    unit: z.string().nullable(),
    period: z.string(),
    computedAt: z.string(),
    runId: z.number(),
    reused: z.boolean(),
    fileName: z.string(),
    fileSha256: z.string(),
    ...surveyJsonShape,
    report: z.object({
      dropped: z.number(),
      byReason: z.record(z.string(), z.number()),
      byColumn: z.record(z.string(), z.number()),
      answers: z.array(z.object({ row: z.number(), column: z.string(), value: z.union([z.string(), z.number(), z.null()]), reason: z.string() })),
    }),
    measurements: z.object({
      changed: z.number(),
      unchanged: z.number(),
      rejected: z.array(z.object({ row: z.number(), indicator: z.string(), unit: z.string(), field: z.string(), code: z.string(), message: z.string() })),
      values: z.array(z.object({ indicator: z.string(), unit: z.string(), period: z.string(), value: z.number(), respondents: z.number() })),
    }),
  })
  .meta({ id: 'SurveyImport' });

const resultOut = z
  .object({
    code: z.string(),
    kind: z.string(),
    unit: z.string(),
    period: z.string(),
    computedAt: z.string(),
    runId: z.number(),
    scope: z.string(),
    fileName: z.string(),
    ...surveyJsonShape,
  })
  .meta({ id: 'SurveyResult' });

const trendOut = z.array(
  z.object({ period: z.string(), csi: z.number().nullable(), overall: z.number().nullable(), competitiveIndex: z.number().nullable(), respondents: z.number() }),
);

const definitionOut = z.object({ code: z.string(), kind: z.string(), name: z.unknown(), updatedAt: z.string(), definition: z.record(z.string(), z.unknown()) });

const importBody = z
  .object({
    /** The definition as an object, or its YAML / JSON text; or leave it out and name a stored one with `code`. */
    definition: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    code: z.string().min(1).optional(),
    responses: z
      .object({
        fileName: z.string().min(1).max(255).regex(/\.(csv|tsv|txt|xlsx)$/i, 'a .csv, .tsv, .txt or .xlsx file name'),
        contentBase64: z.string().min(1),
        delimiter: z.enum([',', ';', '\t']).optional(),
      })
      .strict(),
    unit: z.string().min(1).optional(),
    period: month,
    accept: z.enum(['all', 'valid']).default('all'),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((b) => (b.definition === undefined) !== (b.code === undefined), { message: 'give either definition (object or YAML text) or code (a stored definition)', path: ['definition'] });

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

export const surveyRoutes = [
  defineRoute({
    method: 'post',
    path: '/surveys/import',
    summary: 'Import survey responses (base64 CSV or XLSX) with a definition: computes CSI and the other indices (DESIGN.md §3) and writes the indicators the definition feeds',
    tags: ['surveys'],
    // The receiving units are only known once the file is read (a unit column): each is checked there.
    policy: { permission: 'measurement:write', anyUnit: true },
    body: importBody,
    response: importOut,
    handler: async ({ body, principal, req }, ctx) => {
      if (!BASE64.test(body.responses.contentBase64)) throw new HttpError(400, 'validation_failed', 'responses.contentBase64 is not base64', [{ path: 'responses.contentBase64', message: 'not base64', in: 'body' }]);
      const buffer = Buffer.from(body.responses.contentBase64, 'base64');
      if (buffer.length === 0) throw new HttpError(400, 'empty_file', 'The responses file is empty');
      const roots = allowedRoots(principal!, 'measurement:write');
      return ctx.db.transaction().execute(async (trx) => {
        const definition = body.definition !== undefined ? readSurveyDefinition(body.definition) : await loadSurveyDefinition(trx, body.code!);
        return importSurvey(trx, actorOf(principal, req), {
          definition,
          responses: { buffer, name: body.responses.fileName },
          unit: body.unit ?? null,
          period: body.period,
          accept: body.accept,
          delimiter: body.responses.delimiter,
          reason: body.reason ?? null,
          canWrite: (unit) => isInside(unit.path, roots),
          mayChangeSubmitted: (unit) => isInside(unit.path, allowedRoots(principal!, 'period:review')),
        });
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/surveys/results',
    summary: 'The newest stored survey result (Survey JSON) for a unit and month; without code, a CSI survey first',
    tags: ['surveys'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string().min(1), period: month, code: z.string().min(1).optional() }).strict(),
    response: resultOut,
    handler: async ({ query }, ctx) => getSurveyResult(ctx.db, query),
  }),
  defineRoute({
    method: 'get',
    path: '/surveys/trend',
    summary: 'CSI, overall satisfaction, competitive index and respondents of one survey at a unit, month by month',
    tags: ['surveys'],
    policy: { permission: 'scorecard:read', unit: ({ query }) => query.unit },
    query: z.object({ unit: z.string().min(1), code: z.string().min(1) }).strict(),
    response: trendOut,
    handler: async ({ query }, ctx) => getSurveyTrend(ctx.db, query),
  }),
  defineRoute({
    method: 'get',
    path: '/surveys/definitions',
    summary: 'The stored survey definitions',
    tags: ['surveys'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    response: z.array(definitionOut),
    handler: async (_input, ctx) => listSurveyDefinitions(ctx.db),
  }),
  defineRoute({
    method: 'put',
    path: '/surveys/definitions/:code',
    summary: 'Store a survey definition by code (JSON object, or { yaml: text }); an identical one changes nothing',
    tags: ['surveys'],
    policy: { permission: 'model:write' },
    params: z.object({ code: z.string().min(1) }),
    body: z.record(z.string(), z.unknown()),
    response: z.object({ code: z.string(), outcome: z.enum(['created', 'updated', 'unchanged']) }),
    handler: async ({ params, body, principal, req }, ctx) => {
      const raw = typeof body.yaml === 'string' && Object.keys(body).length === 1 ? body.yaml : { code: params.code, ...body };
      const definition = readSurveyDefinition(raw);
      if (definition.code !== params.code) {
        throw new HttpError(422, 'code_mismatch', `The definition's code ${definition.code} differs from the path's ${params.code}`, [{ field: 'code', value: definition.code, message: `must be ${params.code}` }]);
      }
      const { outcome } = await ctx.db.transaction().execute((trx) => saveSurveyDefinition(trx, actorOf(principal, req), definition));
      return { code: definition.code, outcome };
    },
  }),
];
