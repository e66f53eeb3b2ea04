/**
 * Names for the JSON shapes the web app reads from /api/v1. Every shape comes from the server's
 * zod schemas through the generated OpenAPI types (web/src/api/schema.d.ts, `npm run gen:api`);
 * nothing here restates a field by hand. The few client-only types are at the end.
 */
import type { components, paths } from './api/schema.d.ts';

type Schemas = components['schemas'];
/** The JSON body of a path's successful answer. */
type Answer<P extends keyof paths, M extends 'get' | 'post' | 'put'> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

export type Status = Schemas['Status'];
export type Window = Schemas['Window'];
export type Direction = Schemas['Direction'];
/** Names arrive as a plain string or a map of locales (`{ en, ko }`); absent in places. */
export type LocalizedName = Schemas['LocalizedName'] | null | undefined;

export type Session = Answer<'/api/v1/auth/session', 'get'>;
export type SessionUser = Session['user'];
export type Grant = SessionUser['grants'][number];

export type Unit = Answer<'/api/v1/units', 'get'>[number];

export type Model = Schemas['Model'];
export type ModelPerspective = Model['perspectives'][number];
export type ModelObjective = Model['objectives'][number];
export type ModelIndicator = Model['indicators'][number];

export type Trend = Schemas['Trend'];
export type ScoreHistoryPoint = Schemas['ScoreHistoryPoint'];
export type IndicatorHistoryPoint = Schemas['IndicatorHistoryPoint'];
export type Scorecard = Schemas['Scorecard'];
export type ScorecardPerspective = Scorecard['perspectives'][number];
export type ScorecardObjective = ScorecardPerspective['objectives'][number];
export type ScorecardIndicator = ScorecardObjective['indicators'][number];

export type Completeness = Schemas['Completeness'];
export type CompletenessPart = NonNullable<Completeness['units']>;
/** One indicator at one unit over a window (a scorecard row, or the breakdown's `total`). */
export type WindowFigure = Pick<ScorecardIndicator, 'actual' | 'target' | 'score' | 'status' | 'gap' | 'gapPct'> & { completeness?: Completeness | null };
export type Series = Schemas['Series'];
export type SeriesPoint = Schemas['SeriesPoint'];
export type Breakdown = Schemas['Breakdown'];
export type BreakdownChild = Breakdown['children'][number];
export type Heatmap = Schemas['Heatmap'];
export type HeatmapColumn = Heatmap['columns'][number];
export type HeatmapRow = Heatmap['rows'][number];
export type HeatmapCell = HeatmapRow['cells'][string];
export type StrategyMap = Schemas['StrategyMap'];
export type StrategyObjective = StrategyMap['objectives'][number];
export type Revision = Schemas['Revision'];
export type Freshness = Schemas['Freshness'];
export type FreshnessSource = Freshness['sources'][number];
export type FreshnessMissing = Freshness['missing'][number];
export type IndicatorHit = Schemas['IndicatorHit'];

export type SurveyResult = Schemas['SurveyResult'];
export type SurveyFactor = SurveyResult['factors'][number];
export type SurveyLoyalty = SurveyResult['loyalty'][number];
export type SurveySegment = SurveyResult['segments'][number];
export type Quadrant = NonNullable<SurveyFactor['quadrant']>;
export type SurveyTrendPoint = Answer<'/api/v1/surveys/trend', 'get'>[number];

// Evaluation cycles (DESIGN.md §3 "Evaluation (CS평가 → 보상)", /api/v1/evaluations)
export type CycleDefinition = Schemas['CycleDefinition'];
export type EvaluationWindow = Schemas['EvaluationWindow'];
export type MissingRule = Schemas['MissingRule'];
export type GradingDefinition = Schemas['GradingDefinition'];
export type GradeBand = Schemas['GradeBand'];
export type GradeShare = Schemas['GradeShare'];
export type EvaluationAdjustment = Schemas['EvaluationAdjustment'];
export type EvaluationSummary = Schemas['EvaluationSummary'];
export type EvaluationCycle = Schemas['EvaluationCycle'];
export type EvaluationVersion = Schemas['EvaluationVersion'];
export type EvaluationResults = Schemas['EvaluationResults'];
export type EvaluationResultRow = EvaluationResults['results'][number];
export type GradingMethod = EvaluationResults['grading'];
export type EvaluationStatus = EvaluationResults['status'];
export type EvaluationBreakdown = Schemas['EvaluationBreakdown'];
export type EvaluationPerspective = Schemas['EvaluationPerspective'];
export type EvaluationObjective = Schemas['EvaluationObjective'];
export type EvaluationIndicator = Schemas['EvaluationIndicator'];
export type EvaluationReopened = Schemas['EvaluationReopened'];

// VOC (DESIGN.md §3 "VOC", /api/v1/voc)
export type VocConfig = Answer<'/api/v1/voc/config', 'get'>;
export type VocCategory = VocConfig['categories'][number];
export type VocList = Answer<'/api/v1/voc', 'get'>;
export type VocRecord = VocList['items'][number];
export type VocRecordDetail = Answer<'/api/v1/voc/{id}', 'get'>;
export type VocHistoryEntry = VocRecordDetail['history'][number];
export type VocSummary = Answer<'/api/v1/voc/summary', 'get'>;
export type VocMonth = VocSummary['months'][number];
export type VocWriteResult = Answer<'/api/v1/voc', 'post'>;
export type VocListQuery = NonNullable<paths['/api/v1/voc']['get']['parameters']['query']>;
export type VocRecordInput = NonNullable<paths['/api/v1/voc']['post']['requestBody']>['content']['application/json']['records'][number];
export type VocTransition = NonNullable<paths['/api/v1/voc/{id}/transition']['post']['requestBody']>['content']['application/json'];

// Client-only
export type Locale = 'en' | 'ko';
/** The reward export's formats (GET /evaluations/:code/export answers a file, not JSON). */
export type ExportFormat = 'csv' | 'xlsx' | 'json';

// Issue 19: exceptions first, period comparison, the overview's child units
export type Comparison = Schemas['Comparison'];
export type Change = Comparison['previous'];
export type Exceptions = Schemas['Exceptions'];
export type ExceptionItem = Exceptions['items'][number];
export type ChildTotal = Schemas['ChildTotal'];
