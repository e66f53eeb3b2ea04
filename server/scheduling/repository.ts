import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { JobDefinition, JobOutcome } from './types.ts';

const jobColumns = ['name', 'kind', 'schedule', 'timezone', 'config', 'enabled', 'time_limit_seconds as timeLimitSeconds', 'max_attempts as maxAttempts'] as const;

export async function selectJobs(db: Db): Promise<JobDefinition[]> {
  return db.selectFrom('job').select(jobColumns).orderBy('name').execute();
}

export async function selectJob(db: Db, name: string): Promise<JobDefinition | undefined> {
  return db.selectFrom('job').select(jobColumns).where('name', '=', name).executeTakeFirst();
}

export async function upsertJob(db: Db, job: JobDefinition): Promise<void> {
  const values = {
    name: job.name,
    kind: job.kind,
    schedule: job.schedule,
    timezone: job.timezone,
    config: jsonb(job.config),
    enabled: job.enabled,
    time_limit_seconds: job.timeLimitSeconds,
    max_attempts: job.maxAttempts,
    updated_at: new Date(),
  };
  await db.insertInto('job').values(values).onConflict((oc) => oc.column('name').doUpdateSet(values)).execute();
}

export async function deleteJob(db: Db, name: string): Promise<boolean> {
  const r = await db.deleteFrom('job').where('name', '=', name).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A fingerprint of every job's definition: the scheduler reloads when it changes. */
export async function selectJobsVersion(db: Db): Promise<string> {
  const row = await sql<{ v: string | null }>`select count(*)::text || ':' || coalesce(max(updated_at)::text, '') as v from job`.execute(db);
  return row.rows[0]?.v ?? '';
}

/**
 * Claims one scheduled tick. The unique index on (job_name, scheduled_for) for first attempts
 * makes the claim atomic across server instances: only one insert wins, so each tick runs once.
 */
export async function claimRun(db: Db, run: { jobName: string; trigger: string; scheduledFor: Date | null; period: string | null; attempt: number }): Promise<number | null> {
  const row = await db
    .insertInto('job_run')
    .values({ job_name: run.jobName, trigger: run.trigger, scheduled_for: run.scheduledFor, period: run.period, attempt: run.attempt, details: jsonb(null) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function finishRun(db: Db, runId: number, status: 'succeeded' | 'failed' | 'timed_out' | 'skipped', outcome: JobOutcome) {
  await db
    .updateTable('job_run')
    .set({
      status,
      ended_at: new Date(),
      rows_read: outcome.rowsRead ?? 0,
      rows_accepted: outcome.rowsAccepted ?? 0,
      rows_rejected: outcome.rowsRejected ?? 0,
      error: outcome.error ?? null,
      details: jsonb(outcome.details ?? null),
    })
    .where('id', '=', runId)
    .execute();
}

/**
 * Runs of `jobName` still marked running although nobody runs them: the process that started
 * them died. Called while holding the job's advisory lock, so no live run can be among them.
 */
export async function markInterruptedRuns(db: Db, jobName: string, exceptRunId: number | null = null): Promise<number> {
  const r = await db
    .updateTable('job_run')
    .set({ status: 'failed', ended_at: new Date(), error: 'interrupted: the server stopped during the run; nothing of an unfinished transaction was kept' })
    .where('job_name', '=', jobName)
    .where('status', '=', 'running')
    .$if(exceptRunId !== null, (qb) => qb.where('id', '<>', exceptRunId!))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const runColumns = ['id', 'job_name as job', 'trigger', 'scheduled_for as scheduledFor', 'period', 'attempt', 'started_at as startedAt', 'ended_at as endedAt', 'status', 'rows_read as rowsRead', 'rows_accepted as rowsAccepted', 'rows_rejected as rowsRejected', 'error', 'details'] as const;

export async function selectRun(db: Db, id: number) {
  return db.selectFrom('job_run').select(runColumns).where('id', '=', id).executeTakeFirst();
}

export async function selectRuns(db: Db, filter: { jobName?: string; limit: number; before?: number }) {
  return db
    .selectFrom('job_run')
    .select(runColumns)
    .$if(filter.jobName !== undefined, (qb) => qb.where('job_name', '=', filter.jobName!))
    .$if(filter.before !== undefined, (qb) => qb.where('id', '<', filter.before!))
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** The last successful run of every job (data freshness). */
export async function selectLastSuccess(db: Db) {
  return db
    .selectFrom('job_run')
    .select(['job_name as job', (eb) => eb.fn.max('ended_at').as('lastSuccessAt')])
    .where('status', '=', 'succeeded')
    .groupBy('job_name')
    .execute();
}
