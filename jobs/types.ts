import type { AppContext } from '../server/context.ts';
import type { JobDefinition, JobOutcome, JobTrigger } from '../server/scheduling/types.ts';

export type { JobDefinition, JobOutcome, JobTrigger };

export interface JobRunContext {
  job: JobDefinition;
  runId: number;
  trigger: JobTrigger;
  /** Backfill: the period a manual run was asked to (re)process, if any. */
  period: string | null;
  /** The tick a scheduled run belongs to (null for manual and API runs). */
  scheduledFor: Date | null;
  /** Aborted when the job's time limit is reached: stop, and let the transaction roll back. */
  signal: AbortSignal;
}

/** An error worth retrying (network blips, timeouts, lock contention). */
export class TransientJobError extends Error {}

export interface JobKind {
  kind: string;
  description: string;
  run(ctx: AppContext, run: JobRunContext): Promise<JobOutcome>;
}
