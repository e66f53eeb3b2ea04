import type { AppContext } from '../server/context.ts';

export interface JobDefinition {
  name: string;
  kind: string;
  schedule: string;
  timezone: string;
  config: Record<string, unknown>;
  enabled: boolean;
  timeLimitSeconds: number;
  maxAttempts: number;
}

export type JobTrigger = 'schedule' | 'manual' | 'api';

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

export interface JobOutcome {
  rowsRead?: number;
  rowsAccepted?: number;
  rowsRejected?: number;
  details?: unknown;
  /** A run that finished but found problems (e.g. rejected files) is `failed` with this error. */
  error?: string;
  /** Set by the scheduler: the failure is worth retrying. */
  transient?: boolean;
}

/** An error worth retrying (network blips, timeouts, lock contention). */
export class TransientJobError extends Error {}

export interface JobKind {
  kind: string;
  description: string;
  run(ctx: AppContext, run: JobRunContext): Promise<JobOutcome>;
}
