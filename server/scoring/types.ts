/**
 * Shared types of the scoring engine (DESIGN.md §2-3).
 * Everything in server/scoring is pure: no I/O, no clock; dates and data are passed in.
 */

export type Direction = 'increase' | 'decrease' | 'maintain';

export type ScoringMethod = 'ratio' | 'progress' | 'threshold' | 'bands' | 'binary';

/** `from` steps serve `on: ratio` and increase `on: value`; `upTo` steps serve decrease `on: value`. */
export type BandStep = { from: number; score: number } | { upTo: number; score: number };

export type Scoring = {
  method: ScoringMethod;
  /** Highest score the indicator can reach (default 120). */
  cap?: number;
  /** What band steps are read against (default `ratio`). */
  on?: 'ratio' | 'value';
  steps?: BandStep[];
};

export type TimeAggregation = 'sum' | 'avg' | 'last' | 'min' | 'max';

export type Status = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

/** Lowest score that still counts as on track / at risk (defaults 100 and 90). */
export type StatusThresholds = { onTrack: number; atRisk: number };

export type Window = 'month' | 'ytd';

export type IndicatorKind = 'kpi' | 'sqi' | 'index';

export type Frequency = 'monthly' | 'quarterly' | 'yearly';

export type IndicatorDef = {
  code: string;
  name?: unknown;
  /** null: a supporting measure (feeds formulas, is not scored). */
  objective: string | null;
  weight: number;
  kind: IndicatorKind;
  unit: string;
  direction: Direction;
  /** Percent of the target within which a `maintain` indicator scores 100 (default 5). */
  tolerance?: number;
  scoring: Scoring;
  aggregation: { time?: TimeAggregation; org?: string };
  formula?: string | null;
  thresholds?: Partial<StatusThresholds> | null;
  frequency?: Frequency;
  /** Unit codes the indicator applies to (and their subtrees); null/absent: everywhere (DESIGN.md §3 "Applies"). */
  appliesTo?: string[] | null;
};

export type ObjectiveDef = {
  code: string;
  perspective: string;
  weight: number;
  drives?: string[];
  name?: unknown;
};

export type PerspectiveDef = { code: string; weight: number; name?: unknown };

export type ScorecardModel = {
  perspectives: PerspectiveDef[];
  objectives: ObjectiveDef[];
  indicators: IndicatorDef[];
};

/** A month key, `YYYY-MM`. */
export type MonthKey = string;

/** The effective values of one indicator for one unit and one month. */
export type MonthValues = {
  actual: number | null;
  target: number | null;
  baseline?: number | null;
  stretch?: number | null;
  redFlag?: number | null;
  /**
   * At a parent aggregated from below: how many of the entering units under it that the
   * indicator applies to reported this month, and which did not. Absent at a unit that enters
   * its own value (a leaf). When `reported < expected`, `actual` and `target` are already the
   * like-for-like ones (Σ of the reporting units against Σ of their targets).
   */
  units?: UnitsReported | null;
  /**
   * Formula indicators at a parent whose units did not all report: each input aggregated over
   * the units below that reported every input (null: none did). Absent: the inputs' own values.
   */
  inputs?: Record<string, number> | null;
};

/** One dimension of an indicator's completeness (DESIGN.md §3 "Saying so"). */
export type CompletenessPart = { reported: number; expected: number; missing: string[] };

/** Units: at a parent, how many entering units below reported; months: of a multi-month window, how many due months have an actual. */
export type Completeness = { units: CompletenessPart | null; months: CompletenessPart | null };

export type UnitsReported = CompletenessPart;

/** indicator code → month → values, for one unit. */
export type SeriesByIndicator = Map<string, Map<MonthKey, MonthValues>>;
