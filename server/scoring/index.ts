/** The scoring engine's public API: pure functions, no I/O (see DESIGN.md §3). */
export type * from './types.ts';

export {
  addMonths,
  isMonth,
  isValidPeriod,
  monthIndex,
  monthKey,
  monthOrdinal,
  monthRange,
  monthsInWindow,
  monthsOfYear,
  parsePeriod,
  previousPeriod,
  samePeriodLastYear,
} from './period.ts';
export type { ParsedPeriod, PeriodKind } from './period.ts';

export { DEFAULT_CAP, DEFAULT_THRESHOLDS, DEFAULT_TOLERANCE, gapOf, scoreIndicator, statusOf } from './score.ts';
export type { Gap, ScoreInput, ScoreResult } from './score.ts';

export { evaluateFormula, FormulaError, formulaInputs, parseFormula } from './formula.ts';
export type { Formula, FormulaNode, FormulaValues } from './formula.ts';

export { aggregateTime, monthlyTargets, phaseTarget } from './aggregate.ts';
export type { MonthTarget, TargetRow } from './aggregate.ts';

export { rollupScores } from './rollup.ts';
export type { Rollup, RollupItem } from './rollup.ts';

export { trendOf } from './trend.ts';
export type { Trend, TrendOptions, TrendPoint } from './trend.ts';

export { buildIndicatorSeries, buildScorecard, indicatorTrend, indicatorWindowValue } from './scorecard.ts';
export type {
  IndicatorResult,
  IndicatorSeriesPoint,
  ObjectiveResult,
  PerspectiveResult,
  Scorecard,
  ScorecardInput,
  WindowValue,
} from './scorecard.ts';

export { roundHalfAwayFromZero, tidy } from './numbers.ts';

export {
  evaluateUnitScore,
  gradeByBands,
  gradeByDistribution,
  gradeEvaluation,
  gradeForRank,
  rankTotals,
  sumAdjustments,
  totalOf,
  unreachableGrades,
} from './evaluation.ts';
export type {
  Counted,
  EvaluatedIndicator,
  EvaluatedObjective,
  EvaluatedPerspective,
  GradeBand,
  GradedResult,
  GradeInput,
  GradeShare,
  Grading,
  GradingRule,
  MissingRule,
  UnitScore,
  UnitScoreInput,
} from './evaluation.ts';

export { applicableIndicators, describeCompleteness, isCompleteFigure, isDue, isWhole, mergeUnits } from './completeness.ts';
export { isCompleteIndicator } from './scorecard.ts';
export { likeForLikeInputs } from './like-for-like.ts';
export type { FormulaTree, LikeForLikeInputs } from './like-for-like.ts';
