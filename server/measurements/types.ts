/**
 * The shapes that travel through the measurement write pipeline (parse → check → stage → merge →
 * rollup), shared by its two strategies (row-strategy.ts, bulk-strategy.ts) and its callers.
 */
import type { UnitRow } from '../units/repository.ts';

export interface MeasurementInput {
  /** 1-based row number in the caller's terms (file line, array index + 1), for error messages. */
  row: number;
  indicator: string;
  unit: string;
  period: string;
  /** null clears the value (a revision keeps what it was). */
  value: number | null;
  target?: number | null;
  note?: string | null;
  /** Optimistic concurrency: the revision the writer last saw (0 = expected absent). */
  expectedRevision?: number;
}

export interface RowError {
  row: number;
  field: string;
  value?: unknown;
  code: string;
  message: string;
}

export interface WriteOptions {
  source: string;
  /** `all`: any bad row rejects the whole batch; `valid`: apply the good rows, report the rest. */
  accept: 'all' | 'valid';
  reason?: string | null;
  /** Row-level permission check (API callers); units it refuses are per-row errors. */
  canWrite?: (unit: UnitRow) => boolean;
  /** Whether the writer may also set targets on a unit (a file's optional target column). */
  canWriteTarget?: (unit: UnitRow) => boolean;
  /**
   * Whether the writer may still change a unit's month once it is submitted or approved (those
   * who may approve or return it: period:review over the unit). Without it nobody may: the CLI
   * operator and scheduled jobs (file drop, pulls) wait for the month to be returned, like a
   * contributor.
   */
  mayChangeSubmitted?: (unit: UnitRow) => boolean;
  /** Validate and report, write nothing. */
  dryRun?: boolean;
  /**
   * Batches larger than this take the set-based bulk strategy (staging table, SQL validation,
   * one rollup rebuild); default DEFAULT_BULK_THRESHOLD (bulk-strategy.ts). Same validation,
   * results and state.
   */
  bulkThreshold?: number;
  /** Checked between chunks of a bulk write: an aborted signal throws (the transaction rolls back). */
  signal?: AbortSignal;
  /** Called as a bulk write finishes each step (benchmarks time them). */
  onStep?: (step: string) => void;
}

export interface WriteResult {
  rows: number;
  accepted: number;
  changed: number;
  unchanged: number;
  rejected: RowError[];
  changes: { indicator: string; unit: string; period: string; before: number | null; after: number | null; revision: number }[];
}

export interface ModelLookup {
  indicators: Map<string, { id: number; code: string; formula: string | null; appliesTo: string[] | null; frequency: string; aggregationTime: string | null }>;
  units: Map<string, UnitRow>;
  /** Workflow state of the unit months frozen by a submission (`submitted`, `approved`), by `unitId|YYYY-MM`. */
  frozen: Map<string, string>;
}

export interface CheckedRow {
  input: MeasurementInput;
  indicatorId: number;
  unit: UnitRow;
  /** The month the value lands on (a quarter or year input lands on its last month). */
  period: string;
}
