/**
 * The scorecard of one unit for one period (DESIGN.md §4 "Scorecard JSON"): window values per
 * indicator, indicator scores, and the weighted rollup indicator → objective → perspective → unit.
 *
 * The caller (the database layer) supplies, per indicator, the unit's effective monthly values
 * (already aggregated over the org tree). Everything here is pure.
 */
import { aggregateTime } from './aggregate.ts';
import { evaluateFormula, FormulaError, parseFormula } from './formula.ts';
import type { Formula } from './formula.ts';
import { applicableIndicators, isCompleteFigure, isDue, isWhole, mergeUnits } from './completeness.ts';
import { isFiniteNumber } from './numbers.ts';
import { addMonths, monthRange, monthsInWindow, monthsOfYear, parsePeriod } from './period.ts';
import { rollupScores } from './rollup.ts';
import type { Rollup } from './rollup.ts';
import { gapOf, scoreIndicator, statusOf } from './score.ts';
import { trendOf } from './trend.ts';
import type { Trend } from './trend.ts';
import type {
  Completeness,
  CompletenessPart,
  IndicatorDef,
  MonthKey,
  MonthValues,
  ObjectiveDef,
  PerspectiveDef,
  ScorecardModel,
  SeriesByIndicator,
  Status,
  TimeAggregation,
  Window,
} from './types.ts';

export type IndicatorResult = {
  code: string;
  actual: number | null;
  target: number | null;
  score: number | null;
  status: Status;
  weight: number;
  gap: number | null;
  gapPct: number | null;
  favourable: boolean | null;
  /** How much of the data the figure should rest on it does rest on (DESIGN.md §3 "Saying so"). */
  completeness: Completeness;
  /** Why the score is missing or may mislead (several reasons joined with "; "), else null. */
  warning: string | null;
};

export type ObjectiveResult = {
  code: string;
  score: number | null;
  coverage: number;
  status: Status;
  weight: number;
  /** Every indicator has its actual, from every unit and every due month. */
  complete: boolean;
  indicators: IndicatorResult[];
};

export type PerspectiveResult = {
  code: string;
  score: number | null;
  coverage: number;
  status: Status;
  weight: number;
  complete: boolean;
  objectives: ObjectiveResult[];
};

export type Scorecard = {
  unit: string;
  period: string;
  window: Window;
  score: number | null;
  coverage: number;
  status: Status;
  complete: boolean;
  /** Every warning of the card, each prefixed with the code it concerns ("CLAIM_RATE: target is 0, no score"). */
  warnings: string[];
  perspectives: PerspectiveResult[];
};

export type ScorecardInput = {
  model: ScorecardModel;
  unit: string;
  period: string;
  window: Window;
  series: SeriesByIndicator;
  /**
   * Whether the unit is inside one of the given units or an ancestor of one (DESIGN.md §3
   * "Applies"); indicators that do not apply are absent from the card. Default: all apply.
   */
  inScope?: (appliesTo: readonly string[]) => boolean;
};

/** A warning about one indicator (or objective); formatted as "CODE: message". */
type Note = { code: string; message: string };

export type WindowValue = {
  actual: number | null;
  target: number | null;
  baseline: number | null;
  stretch: number | null;
  redFlag: number | null;
  completeness: Completeness;
  /** Each prefixed with the code it concerns. */
  warnings: string[];
};

// ---------------------------------------------------------------------------------------------
// Window values

/** Everything one window computation shares: lookups, parsed formulas, results so far. */
const indicatorMaps = new WeakMap<ScorecardModel, ReadonlyMap<string, IndicatorDef>>();

/**
 * The model's indicators by code, built once per model: a scorecard's trends open a window per
 * indicator and month (150 indicators × 13 months), and each would otherwise index them anew.
 */
function indicatorsByCode(model: ScorecardModel): ReadonlyMap<string, IndicatorDef> {
  let byCode = indicatorMaps.get(model);
  if (!byCode) {
    byCode = new Map(model.indicators.map((indicator) => [indicator.code, indicator]));
    indicatorMaps.set(model, byCode);
  }
  return byCode;
}

type Computed = { value: Omit<WindowValue, 'warnings' | 'completeness'>; notes: Note[]; completeness: Completeness };

/**
 * Like for like over time (DESIGN.md §3 "Over time"): a window's actual and target aggregate
 * over its comparable months only, the due months with both an actual and a target; a formula
 * over the months in which every input has an actual and the formula has a target. Months with
 * an actual but no target, and due months without an actual, are named.
 */
class WindowContext {
  private readonly indicators: ReadonlyMap<string, IndicatorDef>;
  private readonly series: SeriesByIndicator;
  private readonly months: readonly MonthKey[];
  private readonly formulas = new Map<string, Formula | FormulaError>();
  private readonly done = new Map<string, Computed>();
  private readonly actuals = new Map<string, number | null>();
  /** Codes whose formulas are being resolved right now, outermost first: a repeat is a cycle. */
  private readonly inProgress: string[] = [];

  constructor(model: ScorecardModel, series: SeriesByIndicator, months: readonly MonthKey[]) {
    this.indicators = indicatorsByCode(model);
    this.series = series;
    this.months = months;
  }

  /** The window value of `code` with the notes that explain any gap in it. */
  value(code: string): Computed {
    const cached = this.done.get(code);
    if (cached) return cached;
    const cycle = this.cycleNote(code);
    if (cycle) return { value: emptyValue(), notes: [cycle], completeness: { units: null, months: null } };
    this.inProgress.push(code);
    try {
      const result = this.compute(code);
      this.done.set(code, result);
      return result;
    } finally {
      this.inProgress.pop();
    }
  }

  private cycleNote(code: string): Note | null {
    if (!this.inProgress.includes(code)) return null;
    const path = [...this.inProgress.slice(this.inProgress.indexOf(code)), code].join(' → ');
    return { code, message: `formula cycle ${path}, no value` };
  }

  private compute(code: string): Computed {
    const indicator = this.indicators.get(code);
    if (!indicator) return { value: emptyValue(), notes: [{ code, message: 'not an indicator of the model, no value' }], completeness: { units: null, months: null } };
    const method = timeMethod(indicator);
    if (!method) {
      return { value: emptyValue(), notes: [{ code, message: 'aggregation.time is missing, no value' }], completeness: { units: null, months: null } };
    }
    return hasFormula(indicator) ? this.formulaValue(indicator, method) : this.plainValue(indicator, method);
  }

  private monthValues(code: string): (MonthValues | undefined)[] {
    const byMonth = this.series.get(code);
    return this.months.map((month) => byMonth?.get(month));
  }

  private rowsOf(code: string, months: readonly MonthKey[]): (MonthValues | undefined)[] {
    const byMonth = this.series.get(code);
    return months.map((month) => byMonth?.get(month));
  }

  private aggregateTargets(code: string, months: readonly MonthKey[], method: TimeAggregation): Omit<WindowValue, 'warnings' | 'actual' | 'completeness'> {
    const rows = this.rowsOf(code, months);
    const field = (pick: (row: MonthValues) => number | null | undefined): number | null =>
      aggregateTime(rows.map((row) => (row ? (pick(row) ?? null) : null)), method);
    return {
      target: field((row) => row.target),
      baseline: field((row) => row.baseline),
      stretch: field((row) => row.stretch),
      redFlag: field((row) => row.redFlag),
    };
  }

  private plainValue(indicator: IndicatorDef, method: TimeAggregation): Computed {
    const { code } = indicator;
    const rows = this.monthValues(code);
    const notes: Note[] = [];
    const due = this.months.filter((month) => isDue(indicator.frequency, month));
    const hasActual = (i: number) => isFiniteNumber(rows[i]?.actual);
    const hasTarget = (i: number) => isFiniteNumber(rows[i]?.target);
    const withActual = this.months.filter((_, i) => hasActual(i));
    // DESIGN.md §3 "Over time", every frequency: the comparable periods are the due months (the
    // last month of a quarter, December) with both an actual and a target; actual and target
    // aggregate over those only, so a quarterly indicator with Q3 unreported compares Q1+Q2 with
    // the Q1+Q2 targets, not with the three quarters' targets.
    const isDueAt = (i: number) => isDue(indicator.frequency, this.months[i]);
    const comparable = this.months.filter((_, i) => isDueAt(i) && hasActual(i) && hasTarget(i));
    const actualOnly = this.months.filter((_, i) => hasActual(i) && !(isDueAt(i) && hasTarget(i)));
    const used = comparable.length > 0 ? comparable : withActual;
    const actual = aggregateTime(this.rowsOf(code, used).map((row) => row?.actual ?? null), method);
    let targets = this.aggregateTargets(code, isMonthly(indicator) ? this.months : due, method);
    if (comparable.length > 0) targets = this.aggregateTargets(code, comparable, method);
    else if (withActual.length > 0) targets = emptyTargets();
    if (this.months.length > 1 && actualOnly.length > 0 && withActual.length > 0) {
      notes.push({ code, message: `actual but no target for ${actualOnly.join(', ')}, left out of the comparison` });
    }
    const missing = due.filter((month) => !withActual.includes(month));
    if (this.months.length > 1 && missing.length > 0 && withActual.length > 0) {
      notes.push({ code, message: `no actual for ${missing.join(', ')} (${due.length - missing.length} of ${due.length} ${isMonthly(indicator) ? 'months' : 'periods'} have one), compared over the ${isMonthly(indicator) ? 'months' : 'periods'} that have one` });
    }
    const units = this.unitsOver(code, due.length > 0 ? due : this.months);
    notes.push(...this.unitNotes(code, rows, units));
    return { value: { actual, ...targets }, notes, completeness: { units, months: this.monthsPart(due, withActual) } };
  }

  /** Inputs are aggregated over the comparable months first; then the formula is applied once. */
  private formulaValue(indicator: IndicatorDef & { formula: string }, method: TimeAggregation): Computed {
    const { code } = indicator;
    const notes: Note[] = [];
    const formula = this.formula(indicator);
    if (formula instanceof FormulaError) {
      notes.push({ code, message: `${formula.message}, no value` });
      return { value: emptyValue(), notes, completeness: { units: null, months: null } };
    }
    const rows = this.monthValues(code);
    const inputsIn = (month: MonthKey) => formula.inputs.filter((input) => this.inputOver(code, input, [month], notes) === null);
    const missingByMonth = this.months.map(inputsIn);
    const complete = this.months.filter((_, i) => missingByMonth[i].length === 0);
    const comparable = this.months.filter((_, i) => missingByMonth[i].length === 0 && isFiniteNumber(rows[i]?.target));
    const used = comparable.length > 0 ? comparable : complete;
    let targets = comparable.length > 0 ? this.aggregateTargets(code, comparable, method) : this.aggregateTargets(code, this.months, method);
    if (comparable.length === 0 && complete.length > 0) targets = emptyTargets();

    let actual: number | null = null;
    if (used.length > 0) {
      const values: Record<string, number | null> = {};
      for (const input of formula.inputs) values[input] = this.inputOver(code, input, used, notes);
      actual = evaluateFormula(formula, values);
      if (actual === null) notes.push({ code, message: 'the formula has no value for these inputs (division by zero), no value' });
    } else {
      const missing = formula.inputs.filter((input) => this.actualOver(input, this.months, notes) === null);
      if (missing.length > 0 && missing.length < formula.inputs.length) {
        notes.push({ code, message: `no data for formula input ${missing.join(', ')}, no value` });
      } else if (missing.length === 0) {
        notes.push({ code, message: `no month in which every formula input (${formula.inputs.join(', ')}) has an actual, no value` });
      }
    }
    const partialMonths = this.months
      .map((month, i) => ({ month, missing: missingByMonth[i] }))
      .filter(({ missing }) => missing.length > 0 && missing.length < formula.inputs.length);
    if (this.months.length > 1 && used.length > 0) {
      for (const { month, missing } of partialMonths) notes.push({ code, message: `no data for formula input ${missing.join(', ')} in ${month}, month left out` });
      const actualOnly = complete.filter((month) => !comparable.includes(month));
      if (comparable.length > 0 && actualOnly.length > 0) notes.push({ code, message: `actual but no target for ${actualOnly.join(', ')}, left out of the comparison` });
    }
    const units = this.unitsOver(code, this.months);
    notes.push(...this.unitNotes(code, rows, units));
    return { value: { actual, ...targets }, notes, completeness: { units, months: this.monthsPart(this.months, complete) } };
  }

  /**
   * A formula's input over `months`: the input's own actual, unless the formula's rows carry
   * like-for-like inputs (a parent whose units did not all report every input); then those
   * months count with the like-for-like value, aggregated over time the input's way.
   */
  private inputOver(formulaCode: string, input: string, months: readonly MonthKey[], notes: Note[]): number | null {
    const rows = this.rowsOf(formulaCode, months);
    if (rows.every((row) => row?.inputs === undefined)) return this.actualOver(input, months, notes);
    const inputDef = this.indicators.get(input);
    const method = (inputDef && timeMethod(inputDef)) ?? 'avg';
    const monthly = months.map((month, i) => {
      const override = rows[i]?.inputs;
      if (override === undefined) return this.actualOver(input, [month], notes);
      return override === null ? null : (override[input] ?? null);
    });
    return aggregateTime(monthly, method);
  }

  /** The actual of `code` aggregated over `months` its way (a formula: its inputs first). */
  private actualOver(code: string, months: readonly MonthKey[], notes: Note[]): number | null {
    const key = `${code}|${months.join(',')}`;
    if (this.actuals.has(key)) return this.actuals.get(key)!;
    const indicator = this.indicators.get(code);
    let result: number | null = null;
    if (!indicator) {
      notes.push({ code, message: 'not an indicator of the model, no value' });
    } else if (hasFormula(indicator)) {
      const formula = this.formula(indicator);
      const cycle = this.cycleNote(code);
      if (cycle) notes.push(cycle);
      else if (formula instanceof FormulaError) notes.push({ code, message: `${formula.message}, no value` });
      else {
        this.inProgress.push(code);
        try {
          const values: Record<string, number | null> = {};
          for (const input of formula.inputs) values[input] = this.actualOver(input, months, notes);
          result = evaluateFormula(formula, values);
        } finally {
          this.inProgress.pop();
        }
      }
    } else if (indicator.aggregation?.time) {
      result = aggregateTime(this.rowsOf(code, months).map((row) => row?.actual ?? null), indicator.aggregation.time);
    } else {
      notes.push({ code, message: 'aggregation.time is missing, no value' });
    }
    this.actuals.set(key, result);
    return result;
  }

  private monthsPart(due: readonly MonthKey[], reported: readonly MonthKey[]): CompletenessPart | null {
    if (this.months.length <= 1) return null;
    const have = new Set(reported);
    return { reported: due.filter((month) => have.has(month)).length, expected: due.length, missing: due.filter((month) => !have.has(month)) };
  }

  private unitsOver(code: string, months: readonly MonthKey[]): CompletenessPart | null {
    return mergeUnits(this.rowsOf(code, months).map((row) => row?.units));
  }

  /** A parent month with late units and no like-for-like target says which units are missing. */
  private unitNotes(code: string, rows: readonly (MonthValues | undefined)[], units: CompletenessPart | null): Note[] {
    if (!units || isWhole(units)) return [];
    const notes: Note[] = [];
    const withoutTarget = this.months.filter((_, i) => {
      const row = rows[i];
      return row?.units && !isWhole(row.units) && isFiniteNumber(row.actual) && !isFiniteNumber(row.target);
    });
    const names = units.missing.length ? units.missing.join(', ') : `${units.expected - units.reported} unit(s)`;
    notes.push({ code, message: `${units.reported} of ${units.expected} units reported (${names} not yet); compared like for like` });
    if (withoutTarget.length > 0) {
      notes.push({ code, message: `no like-for-like target for ${withoutTarget.join(', ')}: the reporting units have no target of their own while ${names} has not reported, no score` });
    }
    return notes;
  }

  private formula(indicator: IndicatorDef): Formula | FormulaError {
    let formula = this.formulas.get(indicator.code);
    if (!formula) {
      formula = parseOrError(indicator.formula!);
      this.formulas.set(indicator.code, formula);
    }
    return formula;
  }
}

function emptyTargets(): Omit<WindowValue, 'warnings' | 'actual' | 'completeness'> {
  return { target: null, baseline: null, stretch: null, redFlag: null };
}

function parseOrError(text: string): Formula | FormulaError {
  try {
    return parseFormula(text);
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
}

function emptyValue(): Omit<WindowValue, 'warnings' | 'completeness'> {
  return { actual: null, target: null, baseline: null, stretch: null, redFlag: null };
}

function hasFormula(indicator: IndicatorDef): indicator is IndicatorDef & { formula: string } {
  return typeof indicator.formula === 'string' && indicator.formula.trim() !== '';
}

function isMonthly(indicator: IndicatorDef): boolean {
  return (indicator.frequency ?? 'monthly') === 'monthly';
}

/** How the indicator aggregates over time; formula indicators default to `avg` for their targets. */
export function timeMethod(indicator: IndicatorDef): TimeAggregation | null {
  return indicator.aggregation?.time ?? (hasFormula(indicator) ? 'avg' : null);
}

function formatNote(note: Note): string {
  return `${note.code}: ${note.message}`;
}

function distinct(strings: string[]): string[] {
  return [...new Set(strings)];
}

/**
 * The value of one indicator over `months` (e.g. a window): actual and target aggregated the
 * indicator's way; a formula indicator aggregates each input over the months first and then
 * applies its formula. Warnings are prefixed with the code they concern.
 */
export function indicatorWindowValue(
  model: ScorecardModel,
  code: string,
  series: SeriesByIndicator,
  months: readonly MonthKey[],
): WindowValue {
  const { value, notes, completeness } = new WindowContext(model, series, months).value(code);
  return { ...value, completeness, warnings: distinct(notes.map(formatNote)) };
}

// ---------------------------------------------------------------------------------------------
// Indicator results

type ScoredIndicator = Omit<IndicatorResult, 'code' | 'weight' | 'warning' | 'completeness'> & { notes: Note[] };

function scoreWindowValue(indicator: IndicatorDef, value: Omit<WindowValue, 'warnings' | 'completeness'>, notes: Note[]): ScoredIndicator {
  const { score, warning } = scoreIndicator({
    actual: value.actual,
    target: value.target,
    baseline: value.baseline,
    redFlag: value.redFlag,
    direction: indicator.direction,
    tolerance: indicator.tolerance,
    scoring: indicator.scoring ?? { method: 'ratio' },
  });
  const allNotes = warning ? [...notes, { code: indicator.code, message: warning }] : notes;
  return {
    actual: value.actual,
    target: value.target,
    score,
    status: statusOf(score, indicator.thresholds),
    ...gapOf(value.actual, value.target, indicator.direction, indicator.tolerance),
    notes: allNotes,
  };
}

/** The indicator's own warnings bare, those of its formula inputs with their code. */
function indicatorWarning(code: string, notes: Note[]): string | null {
  const messages = distinct(notes.map((note) => (note.code === code ? note.message : formatNote(note))));
  return messages.length === 0 ? null : messages.join('; ');
}

function indicatorResult(context: WindowContext, indicator: IndicatorDef): { result: IndicatorResult; notes: Note[] } {
  const { value, notes, completeness } = context.value(indicator.code);
  const { notes: allNotes, ...scored } = scoreWindowValue(indicator, value, notes);
  return {
    result: {
      code: indicator.code,
      actual: scored.actual,
      target: scored.target,
      score: scored.score,
      status: scored.status,
      weight: indicator.weight,
      gap: scored.gap,
      gapPct: scored.gapPct,
      favourable: scored.favourable,
      completeness,
      warning: indicatorWarning(indicator.code, allNotes),
    },
    notes: allNotes,
  };
}

// ---------------------------------------------------------------------------------------------
// The scorecard

/**
 * Coverage at every level is weight-weighted: an objective's coverage is the share of its
 * indicator weight that has a score; a perspective's is Σ(objective weight × objective
 * coverage) / Σ objective weight, so an objective that is half covered counts half; the unit's
 * total likewise over perspectives. Scores renormalise over the scored items only.
 */
export function buildScorecard(input: ScorecardInput): Scorecard {
  const { model, unit, period, window, series } = input;
  const context = new WindowContext(model, series, monthsInWindow(period, window));
  const notes: Note[] = [...modelNotes(model)];
  const applies = input.inScope ? applicableIndicators(model, input.inScope) : null;
  const scope = { context, model, notes, applies: (code: string) => applies === null || applies.has(code) };

  const perspectives = model.perspectives
    .map((perspective) => perspectiveResult(scope, perspective))
    .filter((perspective): perspective is PerspectiveResult => perspective !== null);
  const total = rollupScores(perspectives);
  return {
    unit,
    period,
    window,
    ...withStatus(total),
    complete: perspectives.every((perspective) => perspective.complete),
    warnings: distinct(notes.map(formatNote)),
    perspectives,
  };
}

type CardScope = { context: WindowContext; model: ScorecardModel; notes: Note[]; applies: (code: string) => boolean };

/** Null when none of its objectives has an indicator that applies at the unit (absent, not unscored). */
function perspectiveResult(scope: CardScope, perspective: PerspectiveDef): PerspectiveResult | null {
  const candidates = scope.model.objectives.filter((objective) => objective.perspective === perspective.code);
  const objectives = candidates
    .map((objective) => objectiveResult(scope, objective))
    .filter((objective): objective is ObjectiveResult => objective !== null);
  if (candidates.length > 0 && objectives.length === 0) return null;
  return {
    code: perspective.code,
    ...withStatus(rollupScores(objectives)),
    weight: perspective.weight,
    complete: objectives.every((objective) => objective.complete),
    objectives,
  };
}

/** Null when it has indicators and none of them applies at the unit. */
function objectiveResult(scope: CardScope, objective: ObjectiveDef): ObjectiveResult | null {
  const own = scope.model.indicators.filter((indicator) => indicator.objective === objective.code);
  const indicators = own
    .filter((indicator) => scope.applies(indicator.code))
    .map((indicator) => {
      const { result, notes: indicatorNotes } = indicatorResult(scope.context, indicator);
      scope.notes.push(...indicatorNotes);
      return result;
    });
  if (own.length > 0 && indicators.length === 0) return null;
  return {
    code: objective.code,
    ...withStatus(rollupScores(indicators)),
    weight: objective.weight,
    complete: indicators.every(isCompleteIndicator),
    indicators,
  };
}

/** It has an actual, and no unit or due month is missing from it. */
export function isCompleteIndicator(indicator: Pick<IndicatorResult, 'actual' | 'completeness'>): boolean {
  return indicator.actual !== null && isCompleteFigure(indicator.completeness);
}

function withStatus(rollup: Rollup): Rollup & { status: Status } {
  return { score: rollup.score, coverage: rollup.coverage, status: statusOf(rollup.score) };
}

/** Dangling references the model validator should have caught: say so instead of dropping data silently. */
function modelNotes(model: ScorecardModel): Note[] {
  const perspectives = new Set(model.perspectives.map((p) => p.code));
  const objectives = new Set(model.objectives.map((o) => o.code));
  const notes: Note[] = [];
  for (const objective of model.objectives) {
    if (!perspectives.has(objective.perspective)) {
      notes.push({ code: objective.code, message: `perspective ${objective.perspective} is not in the model, left out` });
    }
  }
  for (const indicator of model.indicators) {
    if (indicator.objective !== null && indicator.objective !== undefined && !objectives.has(indicator.objective)) {
      notes.push({ code: indicator.code, message: `objective ${indicator.objective} is not in the model, left out` });
    }
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------
// Series and trend of one indicator

export type IndicatorSeriesPoint = Omit<IndicatorResult, 'code' | 'weight'> & { period: MonthKey };

/** One point per month (each month its own window), e.g. for a chart. */
export function buildIndicatorSeries(
  model: ScorecardModel,
  code: string,
  series: SeriesByIndicator,
  months: readonly MonthKey[],
): IndicatorSeriesPoint[] {
  const indicator = indicatorsByCode(model).get(code);
  return months.map((month) => {
    const context = new WindowContext(model, series, [month]);
    const { value, notes, completeness } = context.value(code);
    if (!indicator) {
      const nothing = { actual: null, target: null, score: null, status: 'no_data' as const, gap: null, gapPct: null, favourable: null };
      return { period: month, ...nothing, completeness, warning: indicatorWarning(code, notes) };
    }
    const { notes: allNotes, ...scored } = scoreWindowValue(indicator, value, notes);
    return { period: month, ...scored, completeness, warning: indicatorWarning(code, allNotes) };
  });
}

/**
 * The trend of one indicator as of a month, from its monthly values (the 12 months before
 * `asOf` and `asOf` itself). The year target is the indicator's targets over all twelve months
 * of the year aggregated its way; it is only derived when the series holds a target for every
 * month (a partial year would understate a `sum` target). Pass `yearTarget` to override.
 */
export function indicatorTrend(
  model: ScorecardModel,
  code: string,
  series: SeriesByIndicator,
  asOf: MonthKey,
  yearTarget?: number | null,
): Trend {
  const indicator = indicatorsByCode(model).get(code);
  const months = monthRange(addMonths(asOf, -12), asOf);
  // A month some units have not reported yet is no run rate: the trend and the year-end
  // forecast read the months every unit reported (DESIGN.md §3, "on the same basis").
  const points = buildIndicatorSeries(model, code, series, months).map(({ period, actual, completeness }) => ({
    period,
    actual: isWhole(completeness.units) ? actual : null,
  }));
  // Only `sum` forecasts differently from the other methods, so `avg` is a safe stand-in.
  const method = (indicator && timeMethod(indicator)) ?? 'avg';
  return trendOf(points, {
    method,
    asOf,
    yearTarget: yearTarget !== undefined ? yearTarget : derivedYearTarget(series, code, asOf, method),
    direction: indicator?.direction ?? 'increase',
    tolerance: indicator?.tolerance,
  });
}

function derivedYearTarget(series: SeriesByIndicator, code: string, asOf: MonthKey, method: TimeAggregation): number | null {
  const byMonth = series.get(code);
  const targets = monthsOfYear(parsePeriod(asOf).year).map((month) => byMonth?.get(month)?.target ?? null);
  return targets.every(isFiniteNumber) ? aggregateTime(targets, method) : null;
}
