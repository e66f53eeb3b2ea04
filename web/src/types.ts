/**
 * Shapes of the JSON the web app reads from /api/v1 (DESIGN.md §4-5 and the dashboard API
 * contract). Kept in one place so the API client, views and option builders agree.
 */

export type Status = 'on_track' | 'at_risk' | 'off_track' | 'no_data';
export type Window = 'month' | 'ytd';
export type Direction = 'increase' | 'decrease' | 'maintain';
export type Locale = 'en' | 'ko';

/** Names arrive as a plain string or a map of locales (`{ en, ko }`). */
export type LocalizedName = string | Partial<Record<string, string>> | null | undefined;

export interface Grant {
  role: 'admin' | 'manager' | 'contributor' | 'reviewer' | 'viewer';
  unit: string | null;
}

export interface SessionUser {
  username: string;
  displayName: string;
  locale: string;
  grants: Grant[];
}

export interface Session {
  user: SessionUser;
  csrfToken: string | null;
}

export interface Unit {
  code: string;
  name: LocalizedName;
  parent: string | null;
  depth: number;
}

export interface ModelPerspective {
  code: string;
  name: LocalizedName;
  weight: number;
}
export interface ModelObjective {
  code: string;
  name: LocalizedName;
  perspective: string;
  weight: number;
  drives: string[];
}
export interface ModelIndicator {
  code: string;
  name: LocalizedName;
  objective: string | null;
  weight: number;
  kind: 'kpi' | 'sqi' | 'index';
  unit: string;
  direction: Direction;
  frequency: 'monthly' | 'quarterly' | 'yearly';
  formula: string | null;
}
export interface Model {
  perspectives: ModelPerspective[];
  objectives: ModelObjective[];
  indicators: ModelIndicator[];
}

export interface Trend {
  current?: number | null;
  previous: number | null;
  change: number | null;
  sameLastYear: number | null;
  changeYoY: number | null;
  movingAverage3: number | null;
  slope6: number | null;
  forecast: number | null;
  atRisk: boolean | null;
}

export interface ScoreHistoryPoint {
  period: string;
  score: number | null;
}
export interface IndicatorHistoryPoint extends ScoreHistoryPoint {
  actual: number | null;
  target: number | null;
}

/** DESIGN.md §3 "Incomplete data": how much of a figure was reported. */
export interface CompletenessPart {
  reported: number;
  expected: number;
  /** Unit codes (units) or months `YYYY-MM` (months) that did not report. */
  missing: string[];
}
export interface Completeness {
  /** null at a leaf unit. */
  units: CompletenessPart | null;
  /** null for a one-month window. */
  months: CompletenessPart | null;
}

export interface ScorecardIndicator {
  code: string;
  name?: LocalizedName;
  unit?: string;
  direction?: Direction;
  actual: number | null;
  target: number | null;
  score: number | null;
  status: Status;
  weight: number;
  gap: number | null;
  gapPct: number | null;
  favourable: boolean | null;
  warning?: string | null;
  history?: IndicatorHistoryPoint[];
  trend?: Trend;
  completeness?: Completeness | null;
}
export interface ScorecardObjective {
  code: string;
  name?: LocalizedName;
  score: number | null;
  coverage: number;
  status: Status;
  weight: number;
  history?: ScoreHistoryPoint[];
  complete?: boolean;
  indicators: ScorecardIndicator[];
}
export interface ScorecardPerspective {
  code: string;
  name?: LocalizedName;
  score: number | null;
  coverage: number;
  status: Status;
  weight: number;
  history?: ScoreHistoryPoint[];
  complete?: boolean;
  objectives: ScorecardObjective[];
}
export interface Scorecard {
  unit: string;
  period: string;
  window: Window;
  score: number | null;
  coverage: number;
  status: Status;
  warnings?: string[];
  complete?: boolean;
  /** Not in the contract yet: the unit total's own history (used when present). */
  history?: ScoreHistoryPoint[];
  perspectives: ScorecardPerspective[];
}

export interface SeriesPoint {
  period: string;
  actual: number | null;
  target: number | null;
  score: number | null;
  status: Status;
  gap: number | null;
  gapPct: number | null;
  favourable: boolean | null;
}
export interface Series {
  indicator: { code: string; name: LocalizedName; unit: string; direction: Direction; aggregation?: unknown };
  unit: string;
  points: SeriesPoint[];
  trend: Trend;
  yearTarget: number | null;
  forecast: number | null;
}

export interface BreakdownChild {
  unit: string;
  name: LocalizedName;
  actual: number | null;
  target: number | null;
  score: number | null;
  status: Status;
  gap: number | null;
  gapPct: number | null;
  completeness?: Completeness | null;
}
/** One indicator at one unit over a window (the breakdown's `total`): the scorecard's figure. */
export interface WindowFigure {
  actual: number | null;
  target: number | null;
  score: number | null;
  status: Status;
  gap: number | null;
  gapPct: number | null;
  completeness?: Completeness | null;
}
export interface Breakdown {
  indicator: unknown;
  unit: string;
  period?: string;
  window?: Window;
  total?: WindowFigure;
  children: BreakdownChild[];
}

export interface HeatmapColumn {
  code: string;
  name: LocalizedName;
}
export interface HeatmapCell {
  score: number | null;
  status: Status;
  /** An indicator cell: how complete its figure is. */
  completeness?: Completeness | null;
  /** A perspective or total cell: false when a figure under it is partial. */
  complete?: boolean;
}
export interface HeatmapRow {
  unit: string;
  name: LocalizedName;
  depth: number;
  score: number | null;
  status: Status;
  complete?: boolean;
  cells: Record<string, HeatmapCell | undefined>;
}
export interface Heatmap {
  columns: HeatmapColumn[];
  rows: HeatmapRow[];
}

export interface StrategyObjective {
  code: string;
  name: LocalizedName;
  perspective: string;
  score: number | null;
  status: Status;
  drives: string[];
  complete?: boolean;
}
export interface StrategyMap {
  perspectives: { code: string; name: LocalizedName }[];
  objectives: StrategyObjective[];
}

export interface Revision {
  revision: number;
  value: number | null;
  previousValue: number | null;
  source: string | null;
  note: string | null;
  reason: string | null;
  changedBy: string | null;
  changedAt: string;
}

export interface FreshnessSource {
  job: string;
  kind: string;
  lastSuccessAt: string | null;
  lastStatus: string | null;
}
export interface FreshnessMissing {
  unit: string;
  name: LocalizedName;
  missing: number;
  expected: number;
}
export interface Freshness {
  sources: FreshnessSource[];
  missing: FreshnessMissing[];
}

export interface IndicatorHit {
  code: string;
  name: LocalizedName;
  objective: string | null;
  unit: string;
}

export type Quadrant = 'keep_up' | 'concentrate' | 'low_priority' | 'possible_overkill';

export interface SurveyFactor {
  code: string;
  /** Not in §4 Survey JSON yet: shown when the API sends it, else the code. */
  name?: LocalizedName;
  satisfaction: number | null;
  importance: number | null;
  weight: number | null;
  quadrant: Quadrant | null;
}
export interface SurveyLoyalty {
  code: string;
  item: string;
  rate: number | null;
}
export interface SurveySegment {
  value: string;
  own: boolean;
  /** Not in §4 yet: a display label for the segment (e.g. the competitor's name). */
  name?: LocalizedName;
  respondents: number;
  csi: number | null;
  overall: number | null;
  factors: SurveyFactor[];
  loyalty: SurveyLoyalty[];
}
export interface SurveyResult {
  code: string;
  unit: string;
  period: string;
  computedAt: string;
  respondents: number;
  csi: number | null;
  overall: number | null;
  factors: SurveyFactor[];
  loyalty: SurveyLoyalty[];
  nps: number | null;
  segments: SurveySegment[];
  competitiveIndex: number | null;
  warnings: string[];
}
export interface SurveyTrendPoint {
  period: string;
  csi: number | null;
  overall: number | null;
  competitiveIndex: number | null;
}

// ---------------------------------------------------------------------------------------------
// Evaluation cycles (DESIGN.md §3 "Evaluation (CS평가 → 보상)", /api/v1/evaluations)

export type EvaluationWindow = 'ytd' | 'span';
export type MissingRule = 'exclude' | 'zero';
export type GradingMethod = 'bands' | 'distribution';
export type EvaluationStatus = 'provisional' | 'final' | 'superseded';

export interface GradeBand {
  grade: string;
  from: number;
}
export interface GradeShare {
  grade: string;
  share: number;
}
export type GradingDefinition =
  | { method: 'bands'; bands: GradeBand[] }
  | { method: 'distribution'; distribution: GradeShare[]; minUnits?: number; bands?: GradeBand[] };

export interface EvaluationAdjustment {
  unit: string;
  points: number;
  reason: string;
  approvedBy?: string;
}

/** The cycle file as JSON: the body of POST /evaluations, PUT /evaluations/:code and POST /evaluations/preview. */
export interface CycleDefinition {
  code: string;
  name: string | Record<string, string>;
  from: string;
  to: string;
  window: EvaluationWindow;
  units: string[] | { level: number };
  missing: MissingRule;
  perspectiveWeights?: Record<string, number>;
  adjustments: EvaluationAdjustment[];
  grading: GradingDefinition;
}

/** A row of GET /evaluations. */
export interface EvaluationSummary {
  code: string;
  name: LocalizedName;
  from: string;
  to: string;
  window: EvaluationWindow;
  grading: GradingMethod | null;
  version: number | null;
  status: EvaluationStatus | null;
  finalizedAt: string | null;
  finalizedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EvaluationVersion {
  version: number;
  status: EvaluationStatus;
  fingerprint: string | null;
  /** Finalised versions: whether today's inputs differ; null while provisional. */
  inputsChanged: boolean | null;
  finalizedBy: string | null;
  finalizedAt: string | null;
  reopenedReason: string | null;
  reopenedBy: string | null;
  supersededAt: string | null;
  createdAt: string;
}

/** GET /evaluations/:code (and the answer of POST / PUT). */
export interface EvaluationCycle {
  code: string;
  name: LocalizedName;
  definition: CycleDefinition;
  from: string;
  to: string;
  window: EvaluationWindow;
  units: string[] | { level: number };
  missing: MissingRule;
  grading: GradingMethod;
  status: EvaluationStatus | null;
  version: number | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  versions: EvaluationVersion[];
}

export interface EvaluationResultRow {
  unit: string;
  name: LocalizedName;
  score: number | null;
  adjustment: number;
  total: number | null;
  coverage: number;
  rank: number | null;
  grade: string | null;
  perspectives: Record<string, number | null>;
  /** DESIGN.md §3 "Incomplete data": false when a figure behind the score is partial. */
  complete?: boolean;
  /** Indicators left out (`missing: exclude`, no comparable month). */
  leftOut?: string[];
  /** Indicators counted from part of their units or months, and which were missing. */
  partial?: { indicator: string; completeness: Completeness }[];
}

/** GET /evaluations/:code/results, …/preview, POST /evaluations/preview and …/finalize. */
export interface EvaluationResults {
  cycle: string;
  version: number;
  provisional: boolean;
  results: EvaluationResultRow[];
  name: LocalizedName;
  status: EvaluationStatus;
  from: string;
  to: string;
  window: EvaluationWindow;
  months: { from: string; to: string };
  missing: MissingRule;
  grading: GradingMethod;
  gradedBy: GradingMethod;
  perspectives: { code: string; name: LocalizedName; weight: number }[];
  fingerprint: string;
  inputsChanged: boolean;
  finalizedBy: string | null;
  finalizedAt: string | null;
  reopenedReason: string | null;
  warnings: string[];
  /** Previews only: send it back to finalise exactly what was previewed. */
  confirmToken?: string;
}

export interface EvaluationIndicator {
  code: string;
  name: LocalizedName;
  unit: string;
  weight: number;
  actual: number | null;
  target: number | null;
  score: number | null;
  status: Status;
  counted: 'score' | 'zero' | 'left_out' | 'not_applicable';
  warning: string | null;
  completeness?: Completeness | null;
}
export interface EvaluationObjective {
  code: string;
  name: LocalizedName;
  weight: number;
  score: number | null;
  coverage: number;
  applies: boolean;
  indicators: EvaluationIndicator[];
}
export interface EvaluationPerspective {
  code: string;
  name: LocalizedName;
  weight: number;
  score: number | null;
  coverage: number;
  applies: boolean;
  objectives: EvaluationObjective[];
}

/** GET /evaluations/:code/breakdown/:unit */
export interface EvaluationBreakdown {
  cycle: string;
  version: number;
  provisional: boolean;
  status: EvaluationStatus;
  window: EvaluationWindow;
  missing: MissingRule;
  months: string[];
  fingerprint: string;
  unit: string;
  name: LocalizedName;
  score: number | null;
  adjustment: number;
  total: number | null;
  coverage: number;
  rank: number | null;
  grade: string | null;
  adjustments: { points: number; reason: string; approvedBy: string | null }[];
  perspectives: EvaluationPerspective[];
  warnings: string[];
}

/** POST /evaluations/:code/reopen */
export interface EvaluationReopened {
  cycle: string;
  version: number;
  status: 'provisional';
  superseded: number;
  reason: string;
}

export type ExportFormat = 'csv' | 'xlsx' | 'json';
