/**
 * What the server knows about jobs: their stored definitions and runs, and the handle through
 * which routes start them. The job kinds and the scheduler live in jobs/ (which imports server/,
 * never the other way); the composition root (bin/) hands the scheduler in as `AppContext.jobs`.
 */
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

export interface RunResult {
  runId: number;
  status: 'succeeded' | 'failed' | 'timed_out';
  outcome: JobOutcome;
}

/** The scheduler as routes see it: run a job now, list the next runs, pick up changed definitions. */
export interface JobControl {
  /** Runs a job now; null when another instance holds it. */
  runNow(name: string, options: { trigger: 'manual' | 'api'; period?: string | null }): Promise<RunResult | null>;
  /** The next run of each scheduled job (empty while the scheduler is off). */
  scheduled(): { name: string; nextRun: Date | null }[];
  /** Re-reads the definitions after a change (a no-op while the scheduler is off). */
  reload(): Promise<void>;
}
