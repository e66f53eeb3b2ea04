/**
 * The check stage of the measurement write pipeline: the model rows are checked against
 * (loadLookup), the one check of a single row both strategies run (checkRow), and the error a
 * batch refused whole answers with (rejectedBatch).
 */
import { IMPLAUSIBLE_VALUE, isPlausibleValue } from '../scoring/numbers.ts';
import { isPlausibleYear, MAX_YEAR, MIN_YEAR } from '../scoring/period.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { selectUnits, selectUnitsByCodes, type UnitRow } from '../units/repository.ts';
import { selectIndicators } from '../model/repository.ts';
import { selectFrozenPairs } from './repository.ts';
import type { CheckedRow, MeasurementInput, ModelLookup, RowError, WriteOptions } from './types.ts';

/** Up to this many rows, a write loads only the units it names (see loadLookup). */
const FEW_ROWS = 1000;

/**
 * The model as writes check it. For a few rows (a month's entry grid, an API call), only the
 * units they name and the units their indicators apply to are loaded: a save then costs the
 * same in an organisation of thousands of units as in one of ten.
 */
export async function loadLookup(db: Db, forInputs?: readonly MeasurementInput[]): Promise<ModelLookup> {
  const indicators = new Map((await selectIndicators(db)).map((i) => [i.code, { id: i.id, code: i.code, formula: i.formula, appliesTo: i.appliesTo, frequency: i.frequency, aggregationTime: i.aggregationTime }]));
  let units: UnitRow[];
  let frozen: Map<string, string>;
  if (forInputs && forInputs.length <= FEW_ROWS) {
    const codes = new Set<string>();
    const months = new Set<string>();
    for (const input of forInputs) {
      codes.add(input.unit);
      for (const root of indicators.get(input.indicator)?.appliesTo ?? []) codes.add(root);
      const month = measurementMonth(input.period, indicators.get(input.indicator)?.frequency ?? 'monthly');
      if (month) months.add(month);
    }
    units = await selectUnitsByCodes(db, [...codes]);
    frozen = await selectFrozenPairs(db, { unitIds: units.map((u) => u.id), periods: [...months] });
  } else {
    [units, frozen] = await Promise.all([selectUnits(db), selectFrozenPairs(db)]);
  }
  return { indicators, units: new Map(units.map((u) => [u.code, u])), frozen };
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
 * The error for a batch refused whole (`accept: 'all'`): 423 when only locks stood in the way,
 * 409 when only concurrent changes did, 403 when only targets the writer may not set did (the
 * data itself was acceptable), 422 otherwise.
 */
export function rejectedBatch(errors: RowError[], what: string): DomainError {
  const only = (code: string, field?: string) => errors.every((e) => e.code === code && (field === undefined || e.field === field));
  const status = only('period_locked') ? 423 : errors.every((e) => e.code === 'conflict' || e.code === 'submitted') ? 409 : only('forbidden', 'target') ? 403 : 422;
  return new DomainError('invalid_rows', `${what} cannot be applied; nothing was changed. First: row ${errors[0].row}, ${errors[0].field}: ${errors[0].message}`, errors, status);
}

/**
 * Everything about one input that needs no other row and no database: known codes, a period
 * the indicator accepts, finite numbers, an indicator that is entered (not computed) and
 * applies to the unit, the writer's permissions, and a month frozen by its submission (submitted
 * or approved: only those who may approve or return it change it). Both write strategies check rows here;
 * duplicates within the batch and locked periods are checked by each strategy over the set.
 */
export function checkRow(input: MeasurementInput, model: ModelLookup, options: Pick<WriteOptions, 'canWrite' | 'canWriteTarget' | 'mayChangeSubmitted'>): { row: CheckedRow; errors?: undefined } | { row?: undefined; errors: RowError[] } {
  // Runs once per row of million-row files: plain helpers, no closures per row, and no
  // errors array unless the row has an error.
  let errors: RowError[] | undefined;
  const indicator = model.indicators.get(input.indicator);
  const unit = model.units.get(input.unit);
  if (!indicator) errors = withError(errors, rowError(input, 'indicator', 'unknown_indicator', `unknown indicator "${input.indicator}"`, input.indicator));
  if (!unit) errors = withError(errors, rowError(input, 'unit', 'unknown_unit', `unknown unit "${input.unit}"`, input.unit));
  const period = measurementMonth(input.period, indicator?.frequency ?? 'monthly');
  if (!period) {
    const alternative = indicator && indicator.frequency !== 'monthly' ? ` or a ${indicator.frequency === 'quarterly' ? 'quarter (YYYY-Qn)' : 'year (YYYY)'}` : '';
    errors = withError(errors, rowError(input, 'period', 'bad_period', `"${input.period}" is not a month (YYYY-MM)${alternative}`, input.period));
  } else if (!isPlausibleYear(period)) errors = withError(errors, rowError(input, 'period', 'bad_period', `"${input.period}" is outside the years ${MIN_YEAR} to ${MAX_YEAR}`, input.period));
  if (input.value !== null && !Number.isFinite(input.value)) errors = withError(errors, rowError(input, 'value', 'not_a_number', 'is not a number', input.value));
  else if (input.value !== null && !isPlausibleValue(input.value)) errors = withError(errors, rowError(input, 'value', 'out_of_range', `${input.value} ${IMPLAUSIBLE_VALUE}`, input.value));
  const hasTarget = input.target !== undefined && input.target !== null;
  if (hasTarget && !Number.isFinite(input.target)) errors = withError(errors, rowError(input, 'target', 'not_a_number', 'is not a number', input.target));
  else if (hasTarget && !isPlausibleValue(input.target)) errors = withError(errors, rowError(input, 'target', 'out_of_range', `${input.target} ${IMPLAUSIBLE_VALUE}`, input.target));
  if (errors || !indicator || !unit || !period) return { errors: errors ?? [] };
  if (indicator.formula) return { errors: [rowError(input, 'indicator', 'computed_indicator', `"${indicator.code}" is computed by its formula (${indicator.formula}); enter its inputs instead`)] };
  if (indicator.appliesTo && !appliesToUnit(indicator.appliesTo, unit, model)) {
    return { errors: [rowError(input, 'unit', 'not_applicable', `"${indicator.code}" does not apply to unit ${unit.code} (applies to ${indicator.appliesTo.join(', ')})`)] };
  }
  if (options.canWrite && !options.canWrite(unit)) return { errors: [rowError(input, 'unit', 'forbidden', `you may not enter data for unit ${unit.code}`)] };
  if (hasTarget && options.canWriteTarget && !options.canWriteTarget(unit)) {
    return { errors: [rowError(input, 'target', 'forbidden', `you may not set targets for unit ${unit.code} (needs the target:write permission)`, input.target)] };
  }
  const frozenState = model.frozen.size > 0 ? model.frozen.get(`${unit.id}|${period}`) : undefined;
  if (frozenState !== undefined && !options.mayChangeSubmitted?.(unit)) {
    return { errors: [rowError(input, 'period', 'submitted', `${period} is ${frozenState} for ${unit.code}: its values are frozen as submitted; a manager must return it before they can change`, input.period)] };
  }
  return { row: { input, indicatorId: indicator.id, unit, period } };
}

function withError(errors: RowError[] | undefined, error: RowError): RowError[] {
  if (!errors) return [error];
  errors.push(error);
  return errors;
}

function rowError(input: MeasurementInput, field: string, code: string, message: string, value?: unknown): RowError {
  return { row: input.row, field, code, message, value };
}

/** Whether the unit lies in the subtree of one of the units an indicator applies to. */
function appliesToUnit(appliesTo: string[], unit: UnitRow, model: ModelLookup): boolean {
  for (const code of appliesTo) {
    const root = model.units.get(code);
    if (root !== undefined && unit.path.startsWith(root.path)) return true;
  }
  return false;
}

/**
 * The rows of an in-memory batch through checkRow, then the one check that needs the other
 * rows: the same indicator, unit and month twice (the later row is refused).
 */
export function checkRows(inputs: MeasurementInput[], model: ModelLookup, options: WriteOptions): { valid: CheckedRow[]; errors: RowError[] } {
  const valid: CheckedRow[] = [];
  const errors: RowError[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const input of inputs) {
    const checked = checkRow(input, model, options);
    if (checked.errors) {
      errors.push(...checked.errors);
      continue;
    }
    const key = `${checked.row.indicatorId}|${checked.row.unit.id}|${checked.row.period}`;
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      errors.push({ row: input.row, field: 'period', code: 'duplicate_key', message: `the same indicator, unit and period as row ${first}` });
      continue;
    }
    firstRowOfKey.set(key, input.row);
    valid.push(checked.row);
  }
  return { valid, errors };
}
