import { createTask, validate, type ScheduledTask } from 'node-cron';
import type { AppContext } from '../server/context.ts';
import { claimRun, finishRun, selectJob, selectJobs, selectJobsVersion } from './repository.ts';
import { TransientJobError, type JobDefinition, type JobKind, type JobOutcome } from './types.ts';

const RELOAD_POLL_MS = 30_000;
const backoffMs = (attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunResult {
  runId: number;
  status: 'succeeded' | 'failed' | 'timed_out';
  outcome: JobOutcome;
}

/**
 * node-cron tasks for the jobs kept in the database. Definitions are re-read when they change
 * (polled, or `reload()` after an API change), so a new schedule needs no restart.
 */
export class Scheduler {
  private tasks = new Map<string, { task: ScheduledTask; signature: string }>();
  private version = '';
  private poller: NodeJS.Timeout | null = null;
  private running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly kinds: Map<string, JobKind>,
  ) {}

  async start(): Promise<void> {
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

  async reload(): Promise<void> {
    if (this.stopped) return;
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
    void p.finally(() => this.running.delete(p));
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

  /** Runs a job now (manual or API trigger, optionally for one period). */
  runNow(name: string, options: { trigger: 'manual' | 'api'; period?: string | null }): Promise<RunResult | null> {
    return this.track(this.execute(name, { trigger: options.trigger, scheduledFor: null, period: options.period ?? null }));
  }

  private async execute(name: string, run: { trigger: 'schedule' | 'manual' | 'api'; scheduledFor: Date | null; period: string | null }): Promise<RunResult | null> {
    const job = await selectJob(this.ctx.db, name);
    if (!job) throw new Error(`Unknown job "${name}"`);
    const kind = this.kinds.get(job.kind);
    if (!kind) throw new Error(`Job "${name}" has an unknown kind "${job.kind}"`);
    let last: RunResult | null = null;
    for (let attempt = 1; attempt <= Math.max(1, job.maxAttempts); attempt++) {
      const runId = await claimRun(this.ctx.db, { jobName: name, trigger: run.trigger, scheduledFor: run.scheduledFor, period: run.period, attempt });
      if (runId === null) return null; // another instance claimed this tick
      last = await this.attempt(job, kind, runId, run);
      if (last.status !== 'failed' || !(last.outcome as { transient?: boolean }).transient || attempt === job.maxAttempts) break;
      await sleep(backoffMs(attempt));
    }
    return last;
  }

  private async attempt(job: JobDefinition, kind: JobKind, runId: number, run: { trigger: 'schedule' | 'manual' | 'api'; period: string | null }): Promise<RunResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), job.timeLimitSeconds * 1000);
    const log = this.ctx.logger.child({ job: job.name, runId });
    log.info({ trigger: run.trigger, period: run.period }, 'job started');
    try {
      const outcome = await Promise.race([
        kind.run(this.ctx, { job, runId, trigger: run.trigger, period: run.period, signal: controller.signal }),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new TimeoutError(job.timeLimitSeconds)))),
      ]);
      const status = outcome.error ? 'failed' : 'succeeded';
      await finishRun(this.ctx.db, runId, status, outcome);
      this.ctx.metrics.jobRuns.inc({ job: job.name, status });
      log.info({ status, ...outcome, details: undefined }, 'job finished');
      return { runId, status, outcome };
    } catch (err) {
      const status = err instanceof TimeoutError ? 'timed_out' : 'failed';
      const outcome = { error: (err as Error).message, transient: err instanceof TransientJobError || err instanceof TimeoutError };
      await finishRun(this.ctx.db, runId, status, outcome);
      this.ctx.metrics.jobRuns.inc({ job: job.name, status });
      log.warn({ err, status }, 'job failed');
      return { runId, status, outcome };
    } finally {
      clearTimeout(timer);
    }
  }
}

class TimeoutError extends Error {
  constructor(seconds: number) {
    super(`Time limit of ${seconds} s exceeded`);
  }
}

const signatureOf = (job: JobDefinition) => JSON.stringify([job.schedule, job.timezone, job.kind, job.config, job.timeLimitSeconds, job.maxAttempts]);
