/**
 * Evaluation cycles (DESIGN.md §3 "Evaluation (CS평가 → 보상)"): a unit's evaluated score over
 * the cycle's window, totals with adjustment points, competition ranks and grades by absolute
 * bands or by a relative distribution. The results feed pay and promotion, so every comparison
 * here is exact: totals go through `tidy` (no binary noise can move a unit across a band), and
 * the distribution's cut-offs are compared in integers (3 / 10 × 100 is 30.000000000000004 in
 * floating point, which would push the third of ten units past a 30 % cut-off).
 *
 * Pure: no I/O, no clock.
 */
import { isFiniteNumber, preciseSum, tidy } from './numbers.ts';
import { rollupScores } from './rollup.ts';
import { indicatorWindowValue, timeMethod, type WindowValue } from './scorecard.ts';
import { scoreIndicator, statusOf } from './score.ts';
import { isCompleteFigure, isDue } from './completeness.ts';
import type { TimeAggregation, Completeness, IndicatorDef, MonthKey, MonthValues, ScorecardModel, SeriesByIndicator, Status } from './types.ts';

export type MissingRule = 'exclude' | 'zero';

export type GradeBand = { grade: string; from: number };
export type GradeShare = { grade: string; share: number };

/**
 * `bands`: the first band from the top whose `from` ≤ total (`from` inclusive).
 * `distribution`: the unit at competition rank r of n gets the first grade whose cumulative
 * share (%) ≥ r / n × 100. A group smaller than `minUnits` is graded by `bands` instead.
 */
export type GradingRule =
  | { method: 'bands'; bands: GradeBand[] }
  | { method: 'distribution'; distribution: GradeShare[]; minUnits?: number; bands?: GradeBand[] };

// ---------------------------------------------------------------------------------------------
// A unit's evaluated score

/** How an indicator entered the unit's score: its own score, 0 for missing data, or not at all. */
export type Counted = 'score' | 'zero' | 'left_out' | 'not_applicable';

export type EvaluatedIndicator = {
  code: string;
  weight: number;
  actual: number | null;
  target: number | null;
  /** The score as it counts in the rollup: 0 when missing data counts as 0. */
  score: number | null;
  status: Status;
  counted: Counted;
  /** How much of the window's data the figure rests on (before any `missing: zero` filling). */
  completeness: Completeness;
  warning: string | null;
};

export type EvaluatedObjective = {
  code: string;
  weight: number;
  score: number | null;
  coverage: number;
  /** False when no indicator of the objective applies to the unit: then it is not in the rollup. */
  applies: boolean;
  indicators: EvaluatedIndicator[];
};

export type EvaluatedPerspective = {
  code: string;
  /** The weight used: the cycle's override or the model's. */
  weight: number;
  score: number | null;
  coverage: number;
  applies: boolean;
  objectives: EvaluatedObjective[];
};

export type UnitScore = {
  unit: string;
  score: number | null;
  coverage: number;
  /** Every applicable indicator counted with all its units and due months. */
  complete: boolean;
  /** Applicable indicators left out of the score (no comparable month under `exclude`, or no score). */
  leftOut: string[];
  /** Applicable indicators counted from part of their data: which units or months were missing. */
  partial: { indicator: string; completeness: Completeness }[];
  perspectives: EvaluatedPerspective[];
  warnings: string[];
};

export type UnitScoreInput = {
  model: ScorecardModel;
  unit: string;
  /** The months of the window, in order (e.g. YTD as of the cycle's end, or the cycle's span). */
  months: readonly MonthKey[];
  /** The unit's effective monthly values (already aggregated over the org tree). */
  series: SeriesByIndicator;
  missing: MissingRule;
  /** perspective code → weight, overriding the model's for this evaluation. */
  perspectiveWeights?: Readonly<Record<string, number>>;
  /** Whether an indicator applies to the unit (`appliesTo`); default: every indicator applies. */
  applies?: (indicatorCode: string) => boolean;
};

/**
 * The unit's scorecard over exactly `months`, with the cycle's missing-data rule and weights.
 *
 * With `missing: exclude` and every indicator applying, the scores equal `buildScorecard`'s for
 * the same months: indicators without a score are left out and the weights renormalised.
 * With `missing: zero`, an applicable indicator with no actual in the window counts as score 0
 * with its full weight (and as covered). An indicator that has an actual but no score (no target,
 * a zero target) is left out under both rules, with its warning: that is a gap in the targets,
 * not in the unit's data, and must be fixed rather than silently graded.
 * Indicators that do not apply to the unit are not in the rollup at all, nor are objectives and
 * perspectives none of whose indicators apply; coverage is the share of applicable weight.
 */
export function evaluateUnitScore(input: UnitScoreInput): UnitScore {
  const { model, unit, months, series, missing } = input;
  const applies = input.applies ?? (() => true);
  const warnings: string[] = [];

  const perspectives = model.perspectives.map((perspective): EvaluatedPerspective => {
    const objectives = model.objectives
      .filter((objective) => objective.perspective === perspective.code)
      .map((objective): EvaluatedObjective => {
        const indicators = model.indicators
          .filter((indicator) => indicator.objective === objective.code)
          .map((indicator): EvaluatedIndicator => {
            if (!applies(indicator.code)) {
              const value = indicatorWindowValue(model, indicator.code, series, months);
              return { code: indicator.code, weight: indicator.weight, actual: value.actual, target: value.target, score: null, status: 'no_data', counted: 'not_applicable', completeness: value.completeness, warning: null };
            }
            const measured = indicatorWindowValue(model, indicator.code, series, months);
            const zeroFilled = missing !== 'zero' ? null : isFormula(indicator) ? zeroFillFormula(model, indicator, series, months, measured) : zeroFill(indicator, series, months);
            const value = !zeroFilled ? measured : 'value' in zeroFilled ? zeroFilled.value : indicatorWindowValue(model, indicator.code, zeroFilled.series, months);
            const { score, warning } = scoreIndicator({
              actual: value.actual,
              target: value.target,
              baseline: value.baseline,
              redFlag: value.redFlag,
              direction: indicator.direction,
              tolerance: indicator.tolerance,
              scoring: indicator.scoring ?? { method: 'ratio' },
            });
            const notes = [...value.warnings];
            if (zeroFilled && zeroFilled.months.length > 0) notes.push(`${indicator.code}: no actual for ${zeroFilled.months.join(', ')}, counted as 0 against the target`);
            if (warning) notes.push(`${indicator.code}: ${warning}`);
            let counted: Counted = score === null ? 'left_out' : 'score';
            let counts = score;
            if (score === null && value.actual === null) {
              if (missing === 'zero') {
                counted = 'zero';
                counts = 0;
                notes.push(`${indicator.code}: no data in the window, counted as 0`);
              } else {
                notes.push(`${indicator.code}: no data in the window, left out`);
              }
            }
            warnings.push(...notes);
            return {
              code: indicator.code,
              weight: indicator.weight,
              actual: value.actual,
              target: value.target,
              score: counts,
              status: statusOf(score, indicator.thresholds),
              counted,
              completeness: measured.completeness,
              warning: notes.length > 0 ? [...new Set(notes)].join('; ') : null,
            };
          });
        const applicable = indicators.filter((i) => i.counted !== 'not_applicable');
        const rolled = rollupScores(applicable);
        return { code: objective.code, weight: objective.weight, ...rolled, applies: applicable.length > 0, indicators };
      });
    const applicable = objectives.filter((o) => o.applies);
    const weight = input.perspectiveWeights?.[perspective.code] ?? perspective.weight;
    return { code: perspective.code, weight, ...rollupScores(applicable), applies: applicable.length > 0, objectives };
  });
  const total = rollupScores(perspectives.filter((p) => p.applies));
  const counted = perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators)).filter((i) => i.counted !== 'not_applicable');
  const leftOut = counted.filter((i) => i.counted === 'left_out').map((i) => i.code);
  const partial = counted
    .filter((i) => i.counted !== 'left_out' && !isCompleteFigure(i.completeness))
    .map((i) => ({ indicator: i.code, completeness: i.completeness }));
  const complete = leftOut.length === 0 && partial.length === 0 && counted.every((i) => i.counted === 'score');
  return { unit, score: total.score, coverage: total.coverage, complete, leftOut, partial, perspectives, warnings: [...new Set(warnings)] };
}

const isFormula = (indicator: IndicatorDef) => typeof indicator.formula === 'string' && indicator.formula.trim() !== '';

/**
 * `missing: zero` (DESIGN.md §3 "Evaluations"): every due month of the window without an actual
 * counts as an actual of 0 against its target (plain indicators; formulas: zeroFillFormula).
 */
function zeroFill(indicator: IndicatorDef, series: SeriesByIndicator, months: readonly MonthKey[]): { series: SeriesByIndicator; months: MonthKey[] } | null {
  if ((indicator.frequency ?? 'monthly') !== 'monthly') return null;
  const byMonth = series.get(indicator.code);
  const filled = new Map<MonthKey, MonthValues>(byMonth ?? []);
  const zeroed: MonthKey[] = [];
  for (const month of months) {
    const row = byMonth?.get(month);
    if (!isDue(indicator.frequency, month) || isFiniteNumber(row?.actual) || !isFiniteNumber(row?.target)) continue;
    filled.set(month, { ...row!, actual: 0 });
    zeroed.push(month);
  }
  if (zeroed.length === 0) return null;
  const copy = new Map(series);
  copy.set(indicator.code, filled);
  return { series: copy, months: zeroed };
}

/**
 * `missing: zero` for a formula indicator. The reading a controller can defend: the months in
 * which the formula has a value (every input has an actual) and a target are compared as
 * always: inputs aggregated over those months, the formula applied once (F against T). Every
 * other due month that has the formula's target but no formula value (an input missing, or the
 * formula undefined there) is a month the unit delivered nothing against a target it had: it
 * counts as a month of value 0 against that month's target. The inputs are never zeroed (a
 * zeroed head count would divide by zero, a zeroed cost would flatter a margin). The block of
 * comparable months and the zero months are combined with the indicator's time aggregation:
 * sum: F + 0 against T + Σ zero-month targets; avg: (F·n + 0·z) / (n + z) against the same
 * weighting of targets; last: the latest month decides (0 if it is a zero month); min/max over
 * F and the zeros. Baseline, stretch and red flag combine the same way when every zero month
 * has them (else they stay as measured).
 */
function zeroFillFormula(model: ScorecardModel, indicator: IndicatorDef, series: SeriesByIndicator, months: readonly MonthKey[], measured: WindowValue): { value: WindowValue; months: MonthKey[] } | null {
  const method = timeMethod(indicator);
  if (!method) return null;
  const comparable: MonthKey[] = [];
  const zeroed: { month: MonthKey; value: WindowValue }[] = [];
  for (const month of months) {
    if (!isDue(indicator.frequency, month)) continue;
    const single = indicatorWindowValue(model, indicator.code, series, [month]);
    if (!isFiniteNumber(single.target)) continue;
    if (isFiniteNumber(single.actual)) comparable.push(month);
    else zeroed.push({ month, value: single });
  }
  if (zeroed.length === 0) return null;
  const block = comparable.length > 0 && isFiniteNumber(measured.actual) ? { weight: comparable.length, last: comparable[comparable.length - 1] } : null;
  const field = (pick: (v: WindowValue) => number | null, zeroValue: (v: WindowValue) => number | null): number | null => {
    const zeros = zeroed.map((z) => zeroValue(z.value));
    if (!zeros.every(isFiniteNumber)) return null;
    const blockValue = block ? pick(measured) : null;
    if (block && !isFiniteNumber(blockValue)) return null;
    return combineMonths(method, block && { value: blockValue!, weight: block.weight, last: block.last }, zeroed.map((z, i) => ({ month: z.month, value: zeros[i]! })));
  };
  const keep = (pick: (v: WindowValue) => number | null) => field(pick, pick) ?? pick(measured);
  const value: WindowValue = {
    ...measured,
    actual: field((v) => v.actual, () => 0),
    target: field((v) => v.target, (v) => v.target),
    baseline: keep((v) => v.baseline),
    stretch: keep((v) => v.stretch),
    redFlag: keep((v) => v.redFlag),
  };
  return { value, months: zeroed.map((z) => z.month) };
}

/** A block of n comparable months worth `value` (already aggregated) and single zero-filled months, by the time aggregation. */
function combineMonths(method: TimeAggregation, block: { value: number; weight: number; last: MonthKey } | null, singles: { month: MonthKey; value: number }[]): number | null {
  const values = [...(block ? [block.value] : []), ...singles.map((s) => s.value)];
  let result: number;
  switch (method) {
    case 'sum':
      result = preciseSum(values);
      break;
    case 'avg': {
      const weight = (block?.weight ?? 0) + singles.length;
      result = preciseSum([(block?.value ?? 0) * (block?.weight ?? 0), ...singles.map((s) => s.value)]) / weight;
      break;
    }
    case 'last': {
      const latest = singles[singles.length - 1];
      result = block && block.last > latest.month ? block.value : latest.value;
      break;
    }
    case 'min':
      result = Math.min(...values);
      break;
    case 'max':
      result = Math.max(...values);
      break;
  }
  return Number.isFinite(result) ? tidy(result) : null;
}

// ---------------------------------------------------------------------------------------------
// Totals, ranks and grades

/** total = score + adjustment points, without binary noise (94.7 + 0.3 is exactly 95). */
export function totalOf(score: number | null, adjustment: number): number | null {
  if (!isFiniteNumber(score)) return null;
  const total = tidy(score + adjustment);
  return Number.isFinite(total) ? total : null;
}

/** The sum of a unit's adjustment points (several adjustments add up). */
export function sumAdjustments(points: readonly number[]): number {
  return points.length === 0 ? 0 : tidy(preciseSum(points));
}

/** Code-point order: the same everywhere, whatever the locale. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Competition ranking, highest total first: equal totals share a rank and the next rank skips
 * (1, 2, 2, 4). Returned sorted by rank, ties (and units without a total, which get no rank and
 * come last) in unit-code order, so the order never depends on the input order.
 */
export function rankTotals<T extends { unit: string; total: number | null }>(items: readonly T[]): (T & { rank: number | null })[] {
  const sorted = [...items].sort((a, b) => {
    const aHas = isFiniteNumber(a.total);
    const bHas = isFiniteNumber(b.total);
    if (aHas !== bHas) return aHas ? -1 : 1;
    if (aHas && bHas && a.total !== b.total) return b.total! - a.total!;
    return byCode(a.unit, b.unit);
  });
  const ranked: (T & { rank: number | null })[] = [];
  sorted.forEach((item, index) => {
    if (!isFiniteNumber(item.total)) {
      ranked.push({ ...item, rank: null });
      return;
    }
    const previous = ranked[index - 1];
    const rank = previous && previous.total === item.total ? previous.rank : index + 1;
    ranked.push({ ...item, rank });
  });
  return ranked;
}

/** Bands from the top (highest `from` first). */
function bandsFromTop(bands: readonly GradeBand[]): GradeBand[] {
  return [...bands].sort((a, b) => b.from - a.from);
}

/** The first band from the top whose `from` ≤ total; null below every band (or with no total). */
export function gradeByBands(total: number | null, bands: readonly GradeBand[]): string | null {
  if (!isFiniteNumber(total)) return null;
  return bandsFromTop(bands).find((band) => band.from <= total)?.grade ?? null;
}

/** Shares are held in ten-thousandths of a percent so that every comparison is in integers. */
const SHARE_SCALE = 10_000;

/** A share (%) as an integer count of ten-thousandths of a percent; null if it has more decimals. */
export function shareUnits(share: number): number | null {
  if (!isFiniteNumber(share) || share < 0) return null;
  const scaled = Math.round(share * SHARE_SCALE);
  return Math.abs(share * SHARE_SCALE - scaled) <= 1e-6 * Math.max(1, scaled) ? scaled : null;
}

/**
 * The grade of competition rank `rank` among `n` units: the first grade whose cumulative share
 * (%) ≥ rank / n × 100, i.e. rank × 100 ≤ cumulative × n, compared in integers. Equal totals
 * share the best rank among them (competition ranking), so they share its grade.
 */
export function gradeForRank(rank: number, n: number, distribution: readonly GradeShare[]): string | null {
  if (!Number.isInteger(rank) || !Number.isInteger(n) || rank < 1 || rank > n) return null;
  let cumulative = 0;
  for (const { grade, share } of distribution) {
    const units = shareUnits(share);
    if (units === null) throw new Error(`Invalid share ${share} for grade ${grade}: a percentage ≥ 0 with at most 4 decimals`);
    cumulative += units;
    if (rank * 100 * SHARE_SCALE <= cumulative * n) return grade;
  }
  return null;
}

/**
 * Grades by relative distribution for ranked items (from `rankTotals`): n is the number of
 * items with a rank. Items without a rank get no grade.
 */
export function gradeByDistribution<T extends { rank: number | null }>(ranked: readonly T[], distribution: readonly GradeShare[]): (string | null)[] {
  const n = ranked.filter((item) => item.rank !== null).length;
  return ranked.map((item) => (item.rank === null ? null : gradeForRank(item.rank, n, distribution)));
}

/** Grades of the distribution no rank 1..n can reach (e.g. S at 10 % in a group of 3). */
export function unreachableGrades(n: number, distribution: readonly GradeShare[]): string[] {
  const reached = new Set<string>();
  for (let rank = 1; rank <= n; rank++) {
    const grade = gradeForRank(rank, n, distribution);
    if (grade !== null) reached.add(grade);
  }
  return distribution.map((d) => d.grade).filter((grade) => !reached.has(grade));
}

export type GradeInput = {
  unit: string;
  score: number | null;
  coverage: number;
  perspectives: Record<string, number | null>;
};

export type GradedResult = {
  unit: string;
  score: number | null;
  adjustment: number;
  total: number | null;
  coverage: number;
  rank: number | null;
  grade: string | null;
  perspectives: Record<string, number | null>;
};

export type Grading = {
  results: GradedResult[];
  /** Which rule produced the grades: the distribution's small-group fallback reads `bands`. */
  gradedBy: 'bands' | 'distribution';
  warnings: string[];
};

/**
 * Totals, ranks and grades of a whole cycle. `adjustments` maps a unit code to its points (the
 * sum of its adjustments). Results come in rank order (ties and unranked units by unit code).
 */
export function gradeEvaluation(units: readonly GradeInput[], adjustments: ReadonlyMap<string, number>, grading: GradingRule): Grading {
  const warnings: string[] = [];
  const withTotals = units.map((u) => {
    const adjustment = adjustments.get(u.unit) ?? 0;
    return { ...u, adjustment, total: totalOf(u.score, adjustment) };
  });
  const ranked = rankTotals(withTotals);
  for (const item of ranked) {
    if (item.total === null) warnings.push(`${item.unit}: no score in the window, not ranked or graded`);
  }
  const n = ranked.filter((r) => r.rank !== null).length;

  let gradedBy: Grading['gradedBy'] = grading.method;
  let grades: (string | null)[];
  if (grading.method === 'bands') {
    grades = ranked.map((r) => gradeByBands(r.total, grading.bands));
  } else if (grading.minUnits !== undefined && n < grading.minUnits && grading.bands) {
    gradedBy = 'bands';
    warnings.push(`${n} ranked unit${n === 1 ? '' : 's'}: fewer than minUnits ${grading.minUnits}, graded by the fallback bands instead of the distribution`);
    grades = ranked.map((r) => gradeByBands(r.total, grading.bands!));
  } else {
    grades = gradeByDistribution(ranked, grading.distribution);
    const unreachable = n > 0 ? unreachableGrades(n, grading.distribution).filter((g) => (grading.distribution.find((d) => d.grade === g)?.share ?? 0) > 0) : [];
    if (unreachable.length > 0) {
      warnings.push(`with ${n} ranked unit${n === 1 ? '' : 's'} the distribution cannot award ${unreachable.join(', ')} (consider minUnits with fallback bands)`);
    }
  }
  const results = ranked.map((r, i): GradedResult => {
    if (r.total !== null && grades[i] === null) warnings.push(`${r.unit}: total ${r.total} is below every band, no grade`);
    return { unit: r.unit, score: r.score, adjustment: r.adjustment, total: r.total, coverage: r.coverage, rank: r.rank, grade: grades[i], perspectives: r.perspectives };
  });
  return { results, gradedBy, warnings };
}
