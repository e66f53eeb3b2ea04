import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { dropFolderProblem } from './drop-folder.ts';
import { urlAddressProblem } from './safe-http.ts';

/**
 * Each job kind's `config`, validated with zod when a job is saved (API or model file) and again
 * when it runs. Strict objects: a misspelt key is reported, not ignored.
 */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
const accept = z.enum(['all', 'valid']).default('all');
/** Where a source's rows go: measurements (indicator, unit, period, value) or VOC records (DESIGN.md §3 "VOC" columns, all or nothing). */
const target = z.enum(['measurements', 'voc']).default('measurements');
/** The only environment variables a job's config may read secrets from (http-pull headers). */
export const SECRET_ENV = /^NORTHSTAR_SECRET_[A-Za-z0-9_]+$/;
const secretEnvName = z.string().regex(SECRET_ENV, 'a variable named NORTHSTAR_SECRET_* (secrets come only from those)');

export const fileDropConfig = z
  .object({
    /** Folder polled for measurement files: relative to NORTHSTAR_DATA_DIR/drop/, or absolute inside NORTHSTAR_DROP_ROOTS. */
    folder: z.string().min(1).superRefine((folder, ctx) => {
      const problem = dropFolderProblem(folder);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    accept,
    decimalComma: z.boolean().default(false),
    /** Files younger than this are left for the next run (a copy may still be in progress). */
    minAgeSeconds: z.number().min(0).default(0),
    target,
  })
  .strict();

/** A dotted path into the payload (`data.items`, `value`, `0.x`); `''` is the payload itself. */
const dottedPath = z.string().max(200);
const fieldRef = z.union([dottedPath.min(1), z.object({ const: z.string().min(1) }).strict()]);

export const httpPullConfig = z
  .object({
    /** `{period}` in the URL is replaced by the run's period (URL-encoded). */
    url: z
      .string()
      .url()
      .refine((u) => /^https?:/i.test(u), 'an http or https URL')
      .superRefine((u, ctx) => {
        const problem = URL.canParse(u) ? urlAddressProblem(new URL(u)) : null;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    method: z.enum(['GET', 'POST']).default('GET'),
    /** Header values: a literal (not a secret) or `{ env: VAR }`, read from the environment at run time. */
    headers: z.record(z.string().min(1), z.union([z.string(), z.object({ env: secretEnvName }).strict()])).default({}),
    timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    maxBytes: z.number().int().positive().default(50 * 1024 * 1024),
    mapping: z
      .object({
        rows: dottedPath.default(''),
        // Required for measurements; with target: voc only `rows` is used (each record carries the VOC fields by name).
        indicator: fieldRef.optional(),
        unit: fieldRef.optional(),
        period: fieldRef.optional(),
        value: dottedPath.min(1).optional(),
        note: dottedPath.min(1).optional(),
      })
      .strict()
      .default({ rows: '' }),
    /** Every row gets the run's period (a manual `--period`, else the last full month) instead of a payload field. */
    periodFromRun: z.boolean().default(false),
    accept,
    target,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.target === 'measurements') {
      for (const field of ['indicator', 'unit', 'value'] as const) if (!c.mapping[field]) ctx.addIssue({ code: 'custom', path: ['mapping', field], message: `map the ${field} field` });
      if (!c.periodFromRun && !c.mapping.period) ctx.addIssue({ code: 'custom', path: ['mapping', 'period'], message: 'map a period field or set periodFromRun: true' });
    }
    for (const [name, value] of Object.entries(c.headers)) {
      if (typeof value === 'string' && /^(authorization|proxy-authorization|x-api-key|api-key|cookie)$/i.test(name)) {
        ctx.addIssue({ code: 'custom', path: ['headers', name], message: 'looks like a secret: reference it with { env: VARIABLE } instead of storing it' });
      }
    }
  });

export const sqlPullConfig = z
  .object({
    /** Environment variable holding the source database's connection string (never stored). */
    connectionEnv: envName,
    /** Must return indicator, unit, period, value (and optionally note); `{period}` becomes a bound parameter. */
    query: z
      .string()
      .min(1)
      .max(20_000)
      .refine((q) => QUERY_KEYWORDS.has(firstKeyword(q)), 'one query: SELECT, WITH, VALUES or TABLE (no COPY, SET or other commands)')
      .refine((q) => !q.includes('\u0000'), 'no NUL characters'),
    timeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
    accept,
    /** `voc`: the query returns VOC columns (id, received_at, type, category, unit, …) instead of measurements. */
    target,
  })
  .strict();

const QUERY_KEYWORDS = new Set(['select', 'with', 'values', 'table']);

/**
 * The first keyword of a statement, past blanks, comments and opening parentheses. Which
 * statements run is decided by the server (one statement, extended protocol, read-only
 * transaction); this only turns away non-queries such as `COPY … TO PROGRAM`, which PostgreSQL
 * allows in a read-only transaction.
 */
export function firstKeyword(query: string): string {
  const rest = query.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z]+/.exec(rest)?.[0] ?? '').toLowerCase();
}

export const rollupCheckConfig = z
  .object({
    /** How many differences the run names in its error and details. */
    report: z.number().int().min(1).max(1000).default(20),
  })
  .strict();

export const alertsConfig = z
  .object({
    /** Data for a month is due by this day of the following month. */
    deadlineDay: z.number().int().min(1).max(28).default(5),
    statusChanges: z.boolean().default(true),
    missingData: z.boolean().default(true),
  })
  .strict();

export const mailConfig = z
  .object({
    /** Rows claimed per round; rounds repeat until nothing is due. */
    batch: z.number().int().min(1).max(1000).default(50),
    maxBatches: z.number().int().min(1).max(1000).default(20),
    /** Daily digests are built from this hour (job time zone). */
    digestHour: z.number().int().min(0).max(23).default(7),
    backoffSeconds: z.number().int().min(1).max(3600).default(30),
    maxBackoffSeconds: z.number().int().min(1).max(86_400).default(3600),
  })
  .strict();

export const reportMailConfig = z
  .object({
    /** E-mail addresses or usernames (their profile's address). */
    recipients: z.array(z.string().min(2).max(254)).min(1).max(200),
    unit: z.string().min(1).max(64),
    window: z.enum(['month', 'ytd']).default('ytd'),
    locale: z.enum(['en', 'ko']).default('ko'),
  })
  .strict();

export const vocFeedsConfig = z.object({}).strict();
export const maintenanceConfig = z.object({}).strict();
export const remindersConfig = z.object({}).strict();

export const jobConfigSchemas: Record<string, z.ZodType> = {
  'file-drop': fileDropConfig,
  'http-pull': httpPullConfig,
  'sql-pull': sqlPullConfig,
  'rollup-check': rollupCheckConfig,
  alerts: alertsConfig,
  maintenance: maintenanceConfig,
  reminders: remindersConfig,
  mail: mailConfig,
  'report-mail': reportMailConfig,
  'voc-feeds': vocFeedsConfig,
};

export type FileDropConfig = z.infer<typeof fileDropConfig>;
export type HttpPullConfig = z.infer<typeof httpPullConfig>;
export type SqlPullConfig = z.infer<typeof sqlPullConfig>;
export type RollupCheckConfig = z.infer<typeof rollupCheckConfig>;
export type AlertsConfig = z.infer<typeof alertsConfig>;
export type MailConfig = z.infer<typeof mailConfig>;
export type ReportMailConfig = z.infer<typeof reportMailConfig>;

export interface JobIssue {
  path: string;
  message: string;
}

/** Problems with a job definition: unknown kind, bad schedule or time zone, bad config. */
export function jobDefinitionIssues(job: { kind: string; schedule: string; timezone: string; config: unknown }): JobIssue[] {
  const issues: JobIssue[] = [];
  const schema = jobConfigSchemas[job.kind];
  if (!schema) issues.push({ path: 'kind', message: `unknown job kind "${job.kind}" (known: ${Object.keys(jobConfigSchemas).join(', ')})` });
  if (!validateCron(job.schedule)) issues.push({ path: 'schedule', message: `"${job.schedule}" is not a cron schedule (5 fields, or 6 with seconds first)` });
  if (!isTimeZone(job.timezone)) issues.push({ path: 'timezone', message: `"${job.timezone}" is not an IANA time zone` });
  if (schema) {
    const parsed = schema.safeParse(job.config ?? {});
    if (!parsed.success) for (const i of parsed.error.issues) issues.push({ path: ['config', ...i.path].join('.'), message: i.message });
  }
  return issues;
}

/** The config with defaults applied; throws when it does not validate (checked when saved). */
export function parseJobConfig<T>(kind: string, config: unknown): T {
  const schema = jobConfigSchemas[kind];
  if (!schema) throw new Error(`unknown job kind "${kind}"`);
  const parsed = schema.safeParse(config ?? {});
  if (!parsed.success) throw new Error(`invalid config: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ')}`);
  return parsed.data as T;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
