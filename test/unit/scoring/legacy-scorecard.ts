// The scoring engine as it was before "Incomplete data" (DESIGN.md §3), kept as the oracle of the
// property that complete data scores exactly as before. Do not change it.
/**
 * The scorecard of one unit for one period (DESIGN.md §4 "Scorecard JSON"): window values per
 * indicator, indicator scores, and the weighted rollup indicator → objective → perspective → unit.
 *
 * The caller (the database layer) supplies, per indicator, the unit's effective monthly values
 * (already aggregated over the org tree). Everything here is pure.
 */
import { aggregateTime } from '../../../server/scoring/aggregate.ts';
import { evaluateFormula, FormulaError, parseFormula } from '../../../server/scoring/formula.ts';
import type { Formula } from '../../../server/scoring/formula.ts';
import { isFiniteNumber } from '../../../server/scoring/numbers.ts';
import { addMonths, monthRange, monthsInWindow, monthsOfYear, parsePeriod } from '../../../server/scoring/period.ts';
import { rollupScores } from '../../../server/scoring/rollup.ts';
import type { Rollup } from '../../../server/scoring/rollup.ts';
import { gapOf, scoreIndicator, statusOf } from '../../../server/scoring/score.ts';
import { trendOf } from '../../../server/scoring/trend.ts';
import type { Trend } from '../../../server/scoring/trend.ts';
import type {
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
} from '../../../server/scoring/types.ts';

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
  /** Why the score is missing or may mislead (several reasons joined with "; "), else null. */
  warning: string | null;
};

export type ObjectiveResult = {
  code: string;
  score: number | null;
  coverage: number;
  status: Status;
  weight: number;
  indicators: IndicatorResult[];
};

export type PerspectiveResult = {
  code: string;
  score: number | null;
  coverage: number;
  status: Status;
  weight: number;
  objectives: ObjectiveResult[];
};

export type Scorecard = {
  unit: string;
  period: string;
  window: Window;
  score: number | null;
  coverage: number;
  status: Status;
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
};

/** A warning about one indicator (or objective); formatted as "CODE: message". */
type Note = { code: string; message: string };

export type WindowValue = {
  actual: number | null;
  target: number | null;
  baseline: number | null;
  stretch: number | null;
  redFlag: number | null;
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

class WindowContext {
  private readonly indicators: ReadonlyMap<string, IndicatorDef>;
  private readonly series: SeriesByIndicator;
  private readonly months: readonly MonthKey[];
  private readonly formulas = new Map<string, Formula | FormulaError>();
  private readonly done = new Map<string, { value: Omit<WindowValue, 'warnings'>; notes: Note[] }>();
  /** Codes whose formulas are being resolved right now, outermost first: a repeat is a cycle. */
  private readonly inProgress: string[] = [];

  constructor(model: ScorecardModel, series: SeriesByIndicator, months: readonly MonthKey[]) {
    this.indicators = indicatorsByCode(model);
    this.series = series;
    this.months = months;
  }

  /** The window value of `code` with the notes that explain any gap in it. */
  value(code: string): { value: Omit<WindowValue, 'warnings'>; notes: Note[] } {
    const cached = this.done.get(code);
    if (cached) return cached;
    if (this.inProgress.includes(code)) {
      const path = [...this.inProgress.slice(this.inProgress.indexOf(code)), code].join(' → ');
      return { value: emptyValue(), notes: [{ code, message: `formula cycle ${path}, no value` }] };
    }
    this.inProgress.push(code);
    try {
      const result = this.compute(code);
      this.done.set(code, result);
      return result;
    } finally {
      this.inProgress.pop();
    }
  }

  private compute(code: string): { value: Omit<WindowValue, 'warnings'>; notes: Note[] } {
    const indicator = this.indicators.get(code);
    if (!indicator) return { value: emptyValue(), notes: [{ code, message: 'not an indicator of the model, no value' }] };
    const targetMethod = timeMethod(indicator);
    const notes: Note[] = [];
    const targets = targetMethod
      ? this.aggregateTargets(code, targetMethod)
      : { target: null, baseline: null, stretch: null, redFlag: null };
    const actual = hasFormula(indicator) ? this.formulaActual(indicator, notes) : this.plainActual(indicator, notes);
    if (!targetMethod) notes.push({ code, message: 'aggregation.time is missing, no value' });
    if (targetMethod && isMonthly(indicator)) notes.push(...this.partialMonthNotes(code, 'target'));
    return { value: { actual, ...targets }, notes };
  }

  private monthValues(code: string): (MonthValues | undefined)[] {
    const byMonth = this.series.get(code);
    return this.months.map((month) => byMonth?.get(month));
  }

  private aggregateTargets(code: string, method: TimeAggregation): Omit<WindowValue, 'warnings' | 'actual'> {
    const rows = this.monthValues(code);
    const field = (pick: (row: MonthValues) => number | null | undefined): number | null =>
      aggregateTime(rows.map((row) => (row ? (pick(row) ?? null) : null)), method);
    return {
      target: field((row) => row.target),
      baseline: field((row) => row.baseline),
      stretch: field((row) => row.stretch),
      redFlag: field((row) => row.redFlag),
    };
  }

  private plainActual(indicator: IndicatorDef, notes: Note[]): number | null {
    const method = indicator.aggregation?.time;
    if (!method) return null;
    if (isMonthly(indicator)) notes.push(...this.partialMonthNotes(indicator.code, 'actual'));
    return aggregateTime(this.monthValues(indicator.code).map((row) => row?.actual ?? null), method);
  }

  /** Inputs are aggregated over the window first; then the formula is applied once. */
  private formulaActual(indicator: IndicatorDef, notes: Note[]): number | null {
    const formula = this.formula(indicator);
    if (formula instanceof FormulaError) {
      notes.push({ code: indicator.code, message: `${formula.message}, no value` });
      return null;
    }
    const values: Record<string, number | null> = {};
    const missing: string[] = [];
    for (const input of formula.inputs) {
      const { value, notes: inputNotes } = this.value(input);
      notes.push(...inputNotes);
      values[input] = value.actual;
      if (value.actual === null) missing.push(input);
    }
    const result = evaluateFormula(formula, values);
    if (missing.length > 0 && missing.length < formula.inputs.length) {
      notes.push({ code: indicator.code, message: `no data for formula input ${missing.join(', ')}, no value` });
    } else if (missing.length === 0 && result === null) {
      notes.push({ code: indicator.code, message: 'the formula has no value for these inputs (division by zero), no value' });
    }
    return result;
  }

  private formula(indicator: IndicatorDef): Formula | FormulaError {
    let formula = this.formulas.get(indicator.code);
    if (!formula) {
      formula = parseOrError(indicator.formula!);
      this.formulas.set(indicator.code, formula);
    }
    return formula;
  }

  /**
   * A window where some months have data and others not is summed or averaged over fewer
   * months than it spans: the figure is real but may mislead, so say which months are missing.
   */
  private partialMonthNotes(code: string, field: 'actual' | 'target'): Note[] {
    const rows = this.monthValues(code);
    const missing = this.months.filter((_, i) => !isFiniteNumber(rows[i]?.[field]));
    if (missing.length === 0 || missing.length === this.months.length) return [];
    const have = this.months.length - missing.length;
    return [{ code, message: `no ${field} for ${missing.join(', ')} (${have} of ${this.months.length} months have one)` }];
  }
}

function parseOrError(text: string): Formula | FormulaError {
  try {
    return parseFormula(text);
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
}

function emptyValue(): Omit<WindowValue, 'warnings'> {
  return { actual: null, target: null, baseline: null, stretch: null, redFlag: null };
}

function hasFormula(indicator: IndicatorDef): indicator is IndicatorDef & { formula: string } {
  return typeof indicator.formula === 'string' && indicator.formula.trim() !== '';
}

function isMonthly(indicator: IndicatorDef): boolean {
  return (indicator.frequency ?? 'monthly') === 'monthly';
}

/** How the indicator aggregates over time; formula indicators default to `avg` for their targets. */
function timeMethod(indicator: IndicatorDef): TimeAggregation | null {
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
  const { value, notes } = new WindowContext(model, series, months).value(code);
  return { ...value, warnings: distinct(notes.map(formatNote)) };
}

// ---------------------------------------------------------------------------------------------
// Indicator results

type ScoredIndicator = Omit<IndicatorResult, 'code' | 'weight' | 'warning'> & { notes: Note[] };

function scoreWindowValue(indicator: IndicatorDef, value: Omit<WindowValue, 'warnings'>, notes: Note[]): ScoredIndicator {
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
  const { value, notes } = context.value(indicator.code);
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

  const perspectives = model.perspectives.map((perspective) =>
    perspectiveResult(context, model, perspective, notes),
  );
  const total = rollupScores(perspectives);
  return {
    unit,
    period,
    window,
    ...withStatus(total),
    warnings: distinct(notes.map(formatNote)),
    perspectives,
  };
}

function perspectiveResult(context: WindowContext, model: ScorecardModel, perspective: PerspectiveDef, notes: Note[]): PerspectiveResult {
  const objectives = model.objectives
    .filter((objective) => objective.perspective === perspective.code)
    .map((objective) => objectiveResult(context, model, objective, notes));
  return { code: perspective.code, ...withStatus(rollupScores(objectives)), weight: perspective.weight, objectives };
}

function objectiveResult(context: WindowContext, model: ScorecardModel, objective: ObjectiveDef, notes: Note[]): ObjectiveResult {
  const indicators = model.indicators
    .filter((indicator) => indicator.objective === objective.code)
    .map((indicator) => {
      const { result, notes: indicatorNotes } = indicatorResult(context, indicator);
      notes.push(...indicatorNotes);
      return result;
    });
  return { code: objective.code, ...withStatus(rollupScores(indicators)), weight: objective.weight, indicators };
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
    const { value, notes } = context.value(code);
    if (!indicator) {
      const nothing = { actual: null, target: null, score: null, status: 'no_data' as const, gap: null, gapPct: null, favourable: null };
      return { period: month, ...nothing, warning: indicatorWarning(code, notes) };
    }
    const { notes: allNotes, ...scored } = scoreWindowValue(indicator, value, notes);
    return { period: month, ...scored, warning: indicatorWarning(code, allNotes) };
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
  const points = buildIndicatorSeries(model, code, series, months).map(({ period, actual }) => ({ period, actual }));
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
