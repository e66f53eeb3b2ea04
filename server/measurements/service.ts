import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectUnits, type UnitRow } from '../units/repository.ts';
import { selectIndicators } from '../model/repository.ts';
import { upsertTargets } from '../model/repository.ts';
import { applyMeasurementChanges, refreshTargetRollups } from '../rollup/service.ts';
import { DEFAULT_BULK_THRESHOLD, writeMeasurementsBulk } from './bulk.ts';
import { applyMeasurementWrites, selectCurrentMeasurements, selectLockedPairs, type MeasurementWrite } from './repository.ts';

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
  /** Validate and report, write nothing. */
  dryRun?: boolean;
  /**
   * Batches larger than this take the set-based bulk strategy (staging table, SQL validation,
   * one rollup rebuild); default DEFAULT_BULK_THRESHOLD. Same validation, results and state.
   */
  bulkThreshold?: number;
  /** Checked between chunks of a bulk write: an aborted signal throws (the transaction rolls back). */
  signal?: AbortSignal;
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
}

export async function loadLookup(db: Db): Promise<ModelLookup> {
  const [indicators, units] = await Promise.all([selectIndicators(db), selectUnits(db)]);
  return {
    indicators: new Map(indicators.map((i) => [i.code, { id: i.id, code: i.code, formula: i.formula, appliesTo: i.appliesTo, frequency: i.frequency, aggregationTime: i.aggregationTime }])),
    units: new Map(units.map((u) => [u.code, u])),
  };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^\d{4}$/;

/** A measurement's month: months as they are; a quarter or year for indicators reported that often lands on its last month. */
export function measurementMonth(period: string, frequency: string): string | null {
  if (MONTH.test(period)) return period;
  const q = QUARTER.exec(period);
  if (q && frequency === 'quarterly') return `${q[1]}-${String(Number(q[2]) * 3).padStart(2, '0')}`;
  if (YEAR.test(period) && frequency === 'yearly') return `${period}-12`;
  return null;
}

/**
 * Validates and writes a batch of measurements in the caller's transaction: per-row errors
 * naming row, field and reason; locked periods refused; unchanged values skipped (so the same
 * file twice changes nothing); one revision per change; rollups refreshed before returning.
 */
export async function writeMeasurements(db: Db, actor: Actor, inputs: MeasurementInput[], options: WriteOptions, lookup?: ModelLookup): Promise<WriteResult> {
  if (options.canWriteTarget && inputs.some((i) => i.target !== undefined && i.target !== null)) {
    const model = lookup ?? (await loadLookup(db));
    const refused = refusedTargets(inputs, model, options.canWriteTarget);
    if (refused.length) {
      if (options.accept === 'all') throw new DomainError('invalid_rows', `${refused.length} row${refused.length === 1 ? '' : 's'} set a target you may not change; nothing was changed. First: row ${refused[0].row}`, refused, 403);
      const refusedRows = new Set(refused.map((e) => e.row));
      const result = await writeMeasurements(db, actor, inputs.filter((i) => !refusedRows.has(i.row)), { ...options, canWriteTarget: undefined }, model);
      return { ...result, rows: inputs.length, rejected: [...refused, ...result.rejected].sort((a, b) => a.row - b.row) };
    }
  }
  if (inputs.length > (options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD) && inputs.every((i) => i.expectedRevision === undefined)) {
    return writeMeasurementsBulk(db, actor, inputs, options, lookup);
  }
  const model = lookup ?? (await loadLookup(db));
  const { valid, errors } = validateRows(inputs, model, options);
  const locked = await selectLockedPairs(db, valid.map((v) => v.unit.id), valid.map((v) => v.period));
  const unlocked = valid.filter((v) => {
    if (!locked.has(`${v.unit.id}|${v.period}`)) return true;
    errors.push({ row: v.input.row, field: 'period', value: v.input.period, code: 'period_locked', message: `${v.period} is locked for ${v.unit.code}; an admin must reopen it first` });
    return false;
  });
  const current = new Map((await selectCurrentMeasurements(db, unlocked.map((v) => ({ indicatorId: v.indicatorId, unitId: v.unit.id, period: v.period })))).map((m) => [`${m.indicatorId}|${m.unitId}|${m.period}`, m]));
  const writes: MeasurementWrite[] = [];
  const result: WriteResult = { rows: inputs.length, accepted: 0, changed: 0, unchanged: 0, rejected: errors, changes: [] };
  const targets: { indicatorId: number; unitId: number; period: string; target: number }[] = [];
  for (const v of unlocked) {
    const existing = current.get(`${v.indicatorId}|${v.unit.id}|${v.period}`);
    if (v.input.expectedRevision !== undefined && (existing?.revision ?? 0) !== v.input.expectedRevision) {
      errors.push({
        row: v.input.row,
        field: 'value',
        code: 'conflict',
        value: existing?.value ?? null,
        message: `${v.input.indicator} for ${v.unit.code} ${v.period} was changed by someone else (now ${existing?.value ?? 'empty'}, revision ${existing?.revision ?? 0})`,
      });
      continue;
    }
    result.accepted++;
    if (v.input.target !== undefined && v.input.target !== null) targets.push({ indicatorId: v.indicatorId, unitId: v.unit.id, period: v.period, target: v.input.target });
    const note = v.input.note === undefined ? (existing?.note ?? null) : v.input.note || null;
    if ((existing?.value ?? null) === v.input.value && (existing?.note ?? null) === note) {
      result.unchanged++;
      continue;
    }
    if (!existing && v.input.value === null) {
      result.unchanged++;
      continue;
    }
    const revision = (existing?.revision ?? 0) + 1;
    writes.push({ indicatorId: v.indicatorId, unitId: v.unit.id, period: v.period, value: v.input.value, previousValue: existing?.value ?? null, revision, note, source: options.source });
    result.changes.push({ indicator: v.input.indicator, unit: v.unit.code, period: v.period, before: existing?.value ?? null, after: v.input.value, revision });
  }
  result.changed = writes.length;
  result.rejected.sort((a, b) => a.row - b.row);
  if (errors.length > 0 && options.accept === 'all') {
    throw new DomainError('invalid_rows', `${errors.length} of ${inputs.length} row${inputs.length === 1 ? '' : 's'} cannot be applied; nothing was changed. First: row ${errors[0].row}, ${errors[0].field}: ${errors[0].message}`, errors, errors.every((e) => e.code === 'period_locked') ? 423 : errors.every((e) => e.code === 'conflict') ? 409 : 422);
  }
  if (options.dryRun) return result;
  await applyMeasurementWrites(db, writes, actor, options.reason ?? null);
  await applyMeasurementChanges(db, writes);
  if (targets.length) {
    await upsertTargets(db, targets.map((t) => ({ ...t, baseline: null, stretch: null, redFlag: null, updatedBy: actor.id })));
    await refreshTargetRollups(db, targets);
  }
  if (writes.length || targets.length) {
    await insertAudit(db, actor, {
      action: 'write',
      entity: 'measurements',
      key: options.source,
      after: { rows: inputs.length, changed: writes.length, targets: targets.length, rejected: errors.length, changes: result.changes.slice(0, 100) },
      reason: options.reason ?? null,
    });
  }
  return result;
}

/** Rows whose target column would change a target on a unit the writer may not set targets for. */
function refusedTargets(inputs: MeasurementInput[], model: ModelLookup, canWriteTarget: (unit: UnitRow) => boolean): RowError[] {
  return inputs.flatMap((input) => {
    const unit = model.units.get(input.unit);
    if (input.target === undefined || input.target === null || !unit || canWriteTarget(unit)) return [];
    return [{ row: input.row, field: 'target', code: 'forbidden', value: input.target, message: `you may not set targets for unit ${unit.code} (needs the target:write permission)` }];
  });
}

interface ValidRow {
  input: MeasurementInput;
  indicatorId: number;
  unit: UnitRow;
  period: string;
}

function validateRows(inputs: MeasurementInput[], model: ModelLookup, options: WriteOptions): { valid: ValidRow[]; errors: RowError[] } {
  const valid: ValidRow[] = [];
  const errors: RowError[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const input of inputs) {
    const fail = (field: string, code: string, message: string, value?: unknown) => errors.push({ row: input.row, field, code, message, value });
    const indicator = model.indicators.get(input.indicator);
    const unit = model.units.get(input.unit);
    if (!indicator) fail('indicator', 'unknown_indicator', `unknown indicator "${input.indicator}"`, input.indicator);
    if (!unit) fail('unit', 'unknown_unit', `unknown unit "${input.unit}"`, input.unit);
    const period = measurementMonth(input.period, indicator?.frequency ?? 'monthly');
    if (!period) fail('period', 'bad_period', `"${input.period}" is not a month (YYYY-MM)${indicator && indicator.frequency !== 'monthly' ? ` or a ${indicator.frequency === 'quarterly' ? 'quarter (YYYY-Qn)' : 'year (YYYY)'}` : ''}`, input.period);
    if (input.value !== null && !Number.isFinite(input.value)) fail('value', 'not_a_number', 'is not a number', input.value);
    if (input.target !== undefined && input.target !== null && !Number.isFinite(input.target)) fail('target', 'not_a_number', 'is not a number', input.target);
    if (!indicator || !unit || !period) continue;
    if (indicator.formula) {
      fail('indicator', 'computed_indicator', `"${indicator.code}" is computed by its formula (${indicator.formula}); enter its inputs instead`);
      continue;
    }
    if (indicator.appliesTo && !indicator.appliesTo.some((code) => { const root = model.units.get(code); return root !== undefined && unit.path.startsWith(root.path); })) {
      fail('unit', 'not_applicable', `"${indicator.code}" does not apply to unit ${unit.code} (applies to ${indicator.appliesTo.join(', ')})`);
      continue;
    }
    if (options.canWrite && !options.canWrite(unit)) {
      fail('unit', 'forbidden', `you may not enter data for unit ${unit.code}`);
      continue;
    }
    const key = `${indicator.id}|${unit.id}|${period}`;
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      fail('period', 'duplicate_key', `the same indicator, unit and period as row ${first}`);
      continue;
    }
    firstRowOfKey.set(key, input.row);
    if (errors.length && errors[errors.length - 1].row === input.row) continue;
    valid.push({ input, indicatorId: indicator.id, unit, period });
  }
  return { valid, errors };
}
