import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { actorOf } from '../http/actor.ts';
import { insertAudit } from '../audit/repository.ts';
import { allowedRoots, isAllowed, isInside } from '../auth/policy.ts';
import { codeSchema, jobInputSchema, periodSchema } from '../model/schema.ts';
import { deleteJob, selectJob, selectJobs, selectRun, selectRuns, upsertJob } from './repository.ts';
import { jobDefinitionIssues } from './config.ts';
import type { AppContext } from '../context.ts';
import { markNotificationRead, selectNotificationUnitPath, selectNotifications } from '../notifications/repository.ts';

const nameParams = z.object({ name: codeSchema }).strict();
const jobBody = jobInputSchema.omit({ name: true });

const runSchema = z.object({
  id: z.number(),
  job: z.string(),
  trigger: z.string(),
  scheduledFor: z.date().nullable(),
  period: z.string().nullable(),
  attempt: z.number(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  status: z.string(),
  rowsRead: z.number(),
  rowsAccepted: z.number(),
  rowsRejected: z.number(),
  error: z.string().nullable(),
  details: z.unknown(),
});

const jobSchema = z.object({
  name: z.string(),
  kind: z.string(),
  schedule: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
  timeLimitSeconds: z.number(),
  maxAttempts: z.number(),
  config: z.record(z.string(), z.unknown()).nullable().describe('null unless you hold job:manage: queries, URLs and headers are for administrators'),
  nextRun: z.date().nullable(),
  lastRun: runSchema.nullable(),
});

/** The scheduler the composition root handed in (with the scheduler off, one that only runs jobs on demand). */
function jobsOf(ctx: AppContext) {
  if (!ctx.jobs) throw new HttpError(503, 'jobs_unavailable', 'Jobs cannot be run by this process');
  return ctx.jobs;
}

function invalidJob(issues: { path: string; message: string }[]) {
  return new HttpError(422, 'invalid_job', `The job has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

export const jobRoutes = [
  defineRoute({
    method: 'get',
    path: '/jobs',
    summary: 'Scheduled jobs with their next and last runs',
    tags: ['jobs'],
    policy: { permission: 'job:read' },
    response: z.array(jobSchema),
    handler: async ({ principal }, ctx) => {
      const jobs = await selectJobs(ctx.db);
      const next = new Map(ctx.jobs?.scheduled().map((s) => [s.name, s.nextRun]) ?? []);
      const showConfig = isAllowed(principal!, 'job:manage', null);
      return Promise.all(jobs.map(async (j) => ({ ...j, config: showConfig ? j.config : null, nextRun: next.get(j.name) ?? null, lastRun: (await selectRuns(ctx.db, { jobName: j.name, limit: 1 }))[0] ?? null })));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/jobs/:name/runs',
    summary: 'Run history of a job, newest first (start, end, status, rows read / accepted / rejected, error, trigger)',
    tags: ['jobs'],
    policy: { permission: 'job:read' },
    params: nameParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().positive().optional() }).strict(),
    response: z.array(runSchema),
    handler: async ({ params, query }, ctx) => {
      if (!(await selectJob(ctx.db, params.name))) throw notFound(`Unknown job "${params.name}"`);
      return selectRuns(ctx.db, { jobName: params.name, limit: query.limit, before: query.before });
    },
  }),
  defineRoute({
    method: 'put',
    path: '/jobs/:name',
    summary: 'Create or change a job (kind, schedule, time zone, config); takes effect without a restart',
    tags: ['jobs'],
    policy: { permission: 'job:manage' },
    params: nameParams,
    body: jobBody,
    response: jobSchema.omit({ nextRun: true, lastRun: true }),
    handler: async ({ params, body, principal, req }, ctx) => {
      const job = { name: params.name, ...body };
      const issues = jobDefinitionIssues(job);
      if (issues.length) throw invalidJob(issues);
      await ctx.db.transaction().execute(async (trx) => {
        const before = (await selectJob(trx, job.name)) ?? null;
        await upsertJob(trx, job);
        await insertAudit(trx, actorOf(principal, req), { action: before ? 'update' : 'create', entity: 'job', key: job.name, before, after: job });
      });
      await ctx.jobs?.reload();
      return (await selectJob(ctx.db, job.name))!;
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/jobs/:name',
    summary: 'Delete a job (its run history is kept)',
    tags: ['jobs'],
    policy: { permission: 'job:manage' },
    params: nameParams,
    handler: async ({ params, principal, req }, ctx) => {
      await ctx.db.transaction().execute(async (trx) => {
        const before = await selectJob(trx, params.name);
        if (!before) throw notFound(`Unknown job "${params.name}"`);
        await deleteJob(trx, params.name);
        await insertAudit(trx, actorOf(principal, req), { action: 'delete', entity: 'job', key: params.name, before });
      });
      await ctx.jobs?.reload();
      return undefined;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/jobs/:name/run',
    summary: 'Run a job now (trigger "api"), optionally for one period (backfill); answers with the finished run',
    tags: ['jobs'],
    policy: { permission: 'job:run' },
    params: nameParams,
    body: z.object({ period: periodSchema.optional() }).strict(),
    response: runSchema,
    handler: async ({ params, body }, ctx) => {
      const result = await jobsOf(ctx).runNow(params.name, { trigger: 'api', period: body.period ?? null });
      if (!result) throw new HttpError(409, 'job_running', `Job "${params.name}" did not run`);
      return (await selectRun(ctx.db, result.runId))!;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/notifications',
    summary: 'Notifications (status worsened, data missing after the deadline, rollup check) for the units you may see',
    tags: ['notifications'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    query: z
      .object({
        unread: z.enum(['true', 'false']).optional(),
        kind: z.string().max(64).optional(),
        unit: codeSchema.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
        before: z.coerce.number().int().positive().optional(),
      })
      .strict(),
    response: z.array(
      z.object({
        id: z.number(),
        kind: z.string(),
        severity: z.string(),
        unit: z.string().nullable(),
        indicator: z.string().nullable(),
        period: z.string().nullable(),
        message: z.string(),
        details: z.unknown(),
        createdAt: z.date(),
        readAt: z.date().nullable(),
      }),
    ),
    handler: async ({ query, principal }, ctx) =>
      selectNotifications(ctx.db, { roots: allowedRoots(principal!, 'scorecard:read'), companyWide: isAllowed(principal!, 'scorecard:read', null), unread: query.unread === undefined ? undefined : query.unread === 'true', kind: query.kind, unit: query.unit, limit: query.limit, before: query.before }),
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/:id/read',
    summary: 'Mark a notification read',
    tags: ['notifications'],
    policy: { permission: 'scorecard:read', anyUnit: true },
    params: z.object({ id: z.coerce.number().int().positive() }).strict(),
    handler: async ({ params, principal }, ctx) => {
      const { found, path } = await selectNotificationUnitPath(ctx.db, params.id);
      const roots = allowedRoots(principal!, 'scorecard:read');
      if (!found || !(path === null ? isAllowed(principal!, 'scorecard:read', null) : isInside(path, roots))) throw notFound(`No notification ${params.id}`);
      await markNotificationRead(ctx.db, params.id);
      return undefined;
    },
  }),
];
