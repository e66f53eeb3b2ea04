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

export interface JobRunContext {
  job: JobDefinition;
  runId: number;
  trigger: 'schedule' | 'manual' | 'api';
  /** Backfill: the period a manual run was asked to (re)process, if any. */
  period: string | null;
  signal: AbortSignal;
}

export interface JobOutcome {
  rowsRead?: number;
  rowsAccepted?: number;
  rowsRejected?: number;
  details?: unknown;
  /** A run that finished but found problems (e.g. rejected files) is `failed` with this error. */
  error?: string;
}

/** An error worth retrying (network blips, timeouts, lock contention). */
export class TransientJobError extends Error {}

export interface JobKind {
  kind: string;
  description: string;
  run(ctx: AppContext, run: JobRunContext): Promise<JobOutcome>;
}
