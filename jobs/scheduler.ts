import { createTask, validate, type ScheduledTask } from 'node-cron';
import type { AppContext } from '../server/context.ts';
import { HttpError } from '../server/http/errors.ts';
import { claimRun, finishRun, markInterruptedRuns, selectJob, selectJobs, selectJobsVersion } from '../server/scheduling/repository.ts';
import { LOCK_SPACE, withAdvisoryLock } from './locks.ts';
import type { JobControl, RunResult } from '../server/scheduling/types.ts';
import { TransientJobError, type JobDefinition, type JobKind, type JobOutcome, type JobTrigger } from './types.ts';

const RELOAD_POLL_MS = 30_000;
const backoffMs = (attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type { RunResult };

/**
 * node-cron tasks for the jobs kept in the database. Definitions are re-read when they change
 * (polled, or `reload()` after an API change), so a new schedule needs no restart.
 */
export class Scheduler implements JobControl {
  private tasks = new Map<string, { task: ScheduledTask; signature: string }>();
  private version = '';
  private poller: NodeJS.Timeout | null = null;
  private running = new Set<Promise<unknown>>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly kinds: Map<string, JobKind>,
  ) {}

  async start(): Promise<void> {
    this.started = true;
    await this.reload();
    this.poller = setInterval(() => void this.reloadIfChanged().catch((err) => this.ctx.logger.error({ err }, 'scheduler reload failed')), RELOAD_POLL_MS);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const { task } of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    await Promise.allSettled([...this.running]);
  }

  private async reloadIfChanged() {
    if ((await selectJobsVersion(this.ctx.db)) !== this.version) await this.reload();
  }

  /** Schedules the enabled jobs anew; a scheduler that was never started only runs jobs on demand. */
  async reload(): Promise<void> {
    if (!this.started || this.stopped) return;
    this.version = await selectJobsVersion(this.ctx.db);
    const jobs = (await selectJobs(this.ctx.db)).filter((j) => j.enabled);
    const wanted = new Map(jobs.map((j) => [j.name, j]));
    for (const [name, entry] of this.tasks) {
      const job = wanted.get(name);
      if (!job || signatureOf(job) !== entry.signature) {
        await entry.task.destroy();
        this.tasks.delete(name);
      }
    }
    for (const job of jobs) {
      if (this.tasks.has(job.name)) continue;
      if (!validate(job.schedule)) {
        this.ctx.logger.error({ job: job.name, schedule: job.schedule }, 'invalid cron schedule; job not scheduled');
        continue;
      }
      const task = createTask(job.schedule, (tick) => this.track(this.runScheduled(job.name, tick.date)), { timezone: job.timezone, noOverlap: true, name: job.name });
      await task.start();
      this.tasks.set(job.name, { task, signature: signatureOf(job) });
    }
  }

  scheduled(): { name: string; nextRun: Date | null }[] {
    return [...this.tasks.entries()].map(([name, { task }]) => ({ name, nextRun: task.getNextRun() }));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    const done = () => void this.running.delete(p);
    p.then(done, done);
    return p;
  }

  private async runScheduled(name: string, tickDate: Date): Promise<void> {
    const scheduledFor = new Date(Math.floor(tickDate.getTime() / 1000) * 1000);
    try {
      await this.execute(name, { trigger: 'schedule', scheduledFor, period: null });
    } catch (err) {
      this.ctx.logger.error({ err, job: name }, 'scheduled job failed to start');
    }
  }

  /**
   * Runs a job now (manual or API trigger, optionally for one period). Resolves with the last
   * attempt's result; throws a 409 when the job is already running here or on another instance.
   */
  runNow(name: string, options: { trigger: 'manual' | 'api'; period?: string | null }): Promise<RunResult | null> {
    return this.track(this.execute(name, { trigger: options.trigger, scheduledFor: null, period: options.period ?? null }));
  }

  /**
   * One run of a job, exactly once per scheduled tick across instances:
   * 1. a scheduled tick is claimed through the unique index on (job_name, scheduled_for) for
   *    first attempts: one insert wins across all instances, the others do nothing;
   * 2. a session advisory lock on the job name serializes runs of the same job everywhere
   *    (when another run still holds it, the tick is recorded as skipped, or a manual run refused);
   * 3. runs left `running` by a process that died are marked interrupted (safe: we hold the lock).
   * Transient failures are retried with exponential backoff, still under the lock.
   */
  private async execute(name: string, run: { trigger: JobTrigger; scheduledFor: Date | null; period: string | null }): Promise<RunResult | null> {
    const job = await selectJob(this.ctx.db, name);
    if (!job) throw new HttpError(404, 'not_found', `Unknown job "${name}"`);
    const kind = this.kinds.get(job.kind);
    if (!kind) throw new HttpError(422, 'unknown_kind', `Job "${name}" has an unknown kind "${job.kind}"`);
    // A scheduled tick is claimed first, so exactly one instance owns it whatever happens next.
    const tickRunId = run.trigger === 'schedule' ? await claimRun(this.ctx.db, { jobName: name, trigger: run.trigger, scheduledFor: run.scheduledFor, period: run.period, attempt: 1 }) : null;
    if (run.trigger === 'schedule' && tickRunId === null) return null; // another instance owns this tick
    const locked = await withAdvisoryLock(this.ctx, LOCK_SPACE.job, name, async () => {
      const interrupted = await markInterruptedRuns(this.ctx.db, name, tickRunId);
      if (interrupted) this.ctx.logger.warn({ job: name, interrupted }, 'runs interrupted by a stopped server marked failed');
      let last: RunResult | null = null;
      for (let attempt = 1; attempt <= Math.max(1, job.maxAttempts); attempt++) {
        const runId = attempt === 1 && tickRunId !== null ? tickRunId : await claimRun(this.ctx.db, { jobName: name, trigger: run.trigger, scheduledFor: run.scheduledFor, period: run.period, attempt });
        if (runId === null) return null;
        last = await this.attempt(job, kind, runId, run);
        if (last.status === 'succeeded' || !last.outcome.transient || attempt >= job.maxAttempts || this.stopped) break;
        await sleep(backoffMs(attempt));
      }
      return last;
    });
    if (locked.acquired) return locked.value;
    if (tickRunId !== null) {
      // Another run of this job is still going (here or on another instance): this tick is skipped.
      await finishRun(this.ctx.db, tickRunId, 'skipped', { error: 'skipped: the previous run of this job was still in progress' });
      return null;
    }
    throw new HttpError(409, 'job_running', `Job "${name}" is already running; try again when it has finished`);
  }

  private async attempt(job: JobDefinition, kind: JobKind, runId: number, run: { trigger: JobTrigger; period: string | null; scheduledFor: Date | null }): Promise<RunResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutError(job.timeLimitSeconds)), job.timeLimitSeconds * 1000);
    const log = this.ctx.logger.child({ job: job.name, runId });
    log.info({ trigger: run.trigger, period: run.period }, 'job started');
    const started = Date.now();
    let work: Promise<JobOutcome> | null = null;
    try {
      work = kind.run(this.ctx, { job, runId, trigger: run.trigger, period: run.period, scheduledFor: run.scheduledFor, signal: controller.signal });
      const outcome = await Promise.race([
        work,
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason))),
      ]);
      const status = outcome.error ? 'failed' : 'succeeded';
      await finishRun(this.ctx.db, runId, status, outcome);
      this.ctx.metrics.jobRuns.inc({ job: job.name, status });
      log.info({ status, ms: Date.now() - started, rowsRead: outcome.rowsRead, rowsAccepted: outcome.rowsAccepted, rowsRejected: outcome.rowsRejected, error: outcome.error }, 'job finished');
      return { runId, status, outcome };
    } catch (err) {
      const status = err instanceof TimeoutError ? 'timed_out' : 'failed';
      // A job past its time limit sees its signal aborted and rolls back; give it a moment to
      // do so before the job's lock is released, so a retry never overlaps it.
      if (work && status === 'timed_out') await Promise.race([work.catch(() => undefined), sleep(60_000)]);
      const outcome: JobOutcome = { error: (err as Error).message, transient: err instanceof TransientJobError || err instanceof TimeoutError };
      await finishRun(this.ctx.db, runId, status, outcome);
      this.ctx.metrics.jobRuns.inc({ job: job.name, status });
      log.warn({ err, status }, 'job failed');
      return { runId, status, outcome };
    } finally {
      clearTimeout(timer);
    }
  }
}

export class TimeoutError extends Error {
  constructor(seconds: number) {
    super(`Time limit of ${seconds} s exceeded`);
  }
}

const signatureOf = (job: JobDefinition) => JSON.stringify([job.schedule, job.timezone, job.kind, job.config, job.timeLimitSeconds, job.maxAttempts]);
