import { systemActor, type Actor } from '../server/audit/repository.ts';
import type { AppContext } from '../server/context.ts';
import { DomainError } from '../server/http/errors.ts';
import { parseMeasurementNumber } from '../server/measurements/numbers.ts';
import { writeMeasurements, type MeasurementInput, type RowError, type WriteResult } from '../server/measurements/service.ts';
import { addMonths } from '../server/scoring/period.ts';
import { writeVocRecords, type VocRowIssue } from '../server/voc/service.ts';
import { vocInputFromRecord } from '../server/voc/file.ts';
import type { JobOutcome, JobRunContext } from './types.ts';

/** Who the audit log names for a job's writes. */
export const jobActor = (run: JobRunContext): Actor => systemActor(`job:${run.job.name}`);

/** How many row errors a run keeps in its details (all of them are counted). */
export const DETAIL_ERRORS = 200;

/** Throws (rolling the transaction back) once the run's time limit is reached. */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * The period a run is about: the one a manual run was given, else the last full month before
 * the run (in the job's time zone).
 */
export function runPeriod(run: JobRunContext, now = new Date()): string {
  if (run.period) return run.period;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: run.job.timezone, year: 'numeric', month: '2-digit' }).formatToParts(run.scheduledFor ?? now);
  const year = parts.find((p) => p.type === 'year')!.value;
  const month = parts.find((p) => p.type === 'month')!.value;
  return addMonths(`${year}-${month}` as never, -1);
}

/** A pulled record's fields, before validation: strings or numbers as the source gave them. */
export interface PulledRow {
  indicator: unknown;
  unit: unknown;
  period: unknown;
  value: unknown;
  note?: unknown;
}

/**
 * Turns pulled records into measurement inputs; values that are not numbers (or missing
 * fields) are row errors naming the row and field, exactly as for files.
 */
export function toInputs(records: PulledRow[], options: { fixedPeriod?: string | null } = {}): { inputs: MeasurementInput[]; errors: RowError[] } {
  const inputs: MeasurementInput[] = [];
  const errors: RowError[] = [];
  records.forEach((r, i) => {
    const row = i + 1;
    const before = errors.length;
    const text = (field: string, v: unknown): string => {
      if (v === null || v === undefined || v === '') {
        errors.push({ row, field, code: 'invalid_cell', message: 'is empty', value: v ?? null });
        return '';
      }
      if (v instanceof Date) return v.toISOString().slice(0, 7);
      return String(v).trim();
    };
    const indicator = text('indicator', r.indicator);
    const unit = text('unit', r.unit);
    const period = options.fixedPeriod ?? text('period', r.period);
    let value: number | null = null;
    if (r.value === null || r.value === undefined || r.value === '') errors.push({ row, field: 'value', code: 'invalid_cell', message: 'is empty', value: r.value ?? null });
    else {
      value = parseMeasurementNumber(typeof r.value === 'bigint' ? String(r.value) : r.value);
      if (value === null) errors.push({ row, field: 'value', code: 'not_a_number', message: `${JSON.stringify(r.value)} is not a number`, value: r.value });
    }
    if (errors.length > before) return;
    inputs.push({ row, indicator, unit, period, value, note: r.note === undefined ? undefined : r.note === null ? null : String(r.note) });
  });
  return { inputs, errors };
}

/**
 * Writes pulled rows in one transaction (all-or-nothing by default, or the valid rows with
 * `accept: 'valid'`) and turns the result into the run's outcome.
 */
export async function ingestPulled(ctx: AppContext, run: JobRunContext, pulled: { inputs: MeasurementInput[]; errors: RowError[] }, options: { accept: 'all' | 'valid'; source: string }): Promise<JobOutcome> {
  const rowsRead = pulled.inputs.length + pulled.errors.length;
  try {
    const result = await ctx.db.transaction().execute(async (trx) => {
      checkAborted(run.signal);
      if (pulled.errors.length && options.accept === 'all') {
        const checked = await writeMeasurements(trx, jobActor(run), pulled.inputs, { source: options.source, accept: 'valid', dryRun: true });
        const errors = [...pulled.errors, ...checked.rejected].sort((a, b) => a.row - b.row);
        throw new DomainError('invalid_rows', `${errors.length} of ${rowsRead} rows cannot be applied; nothing was changed. First: row ${errors[0].row}, ${errors[0].field}: ${errors[0].message}`, errors);
      }
      const written = await writeMeasurements(trx, jobActor(run), pulled.inputs, { source: options.source, accept: options.accept, reason: `job ${run.job.name} run ${run.runId}`, signal: run.signal });
      checkAborted(run.signal);
      return written;
    });
    const rejected = [...pulled.errors, ...result.rejected].sort((a, b) => a.row - b.row);
    return outcomeOf({ ...result, rows: rowsRead, rejected });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'invalid_rows') {
      const errors = (err.details as RowError[]) ?? [];
      return { rowsRead, rowsAccepted: 0, rowsRejected: errors.length, error: err.message, details: { rejected: errors.slice(0, DETAIL_ERRORS) } };
    }
    throw err;
  }
}

export function outcomeOf(result: WriteResult): JobOutcome {
  return {
    rowsRead: result.rows,
    rowsAccepted: result.accepted,
    rowsRejected: result.rejected.length,
    details: { changed: result.changed, unchanged: result.unchanged, rejected: result.rejected.slice(0, DETAIL_ERRORS) },
  };
}

/**
 * Pulled records routed to VOC (`target: voc`): each record carries the VOC fields by name
 * (`received_at` or `receivedAt`, …); all or nothing, like a VOC file. Row errors name the row
 * and field.
 */
export async function ingestVoc(ctx: AppContext, run: JobRunContext, records: unknown[], label: string): Promise<JobOutcome> {
  const rows = records.map((r, i) => ({ row: i + 1, input: vocInputFromRecord(r) }));
  try {
    const summary = await ctx.db.transaction().execute(async (trx) => {
      checkAborted(run.signal);
      return writeVocRecords(trx, jobActor(run), [rows], { label });
    });
    return { rowsRead: summary.rows, rowsAccepted: summary.rows, rowsRejected: 0, details: { created: summary.created, updated: summary.updated, unchanged: summary.unchanged, notices: summary.notices, lockedMonths: summary.feeds.locked } };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'invalid_rows') {
      const issues = ((err.details as { rows?: VocRowIssue[] })?.rows ?? []).map((i) => ({ row: i.row, field: i.field, code: i.code, message: i.reason }));
      return { rowsRead: rows.length, rowsAccepted: 0, rowsRejected: issues.length, error: err.message, details: { rejected: issues.slice(0, DETAIL_ERRORS) } };
    }
    throw err;
  }
}
