/** Survey indices (CSI, ESI, ICSI, COI): definitions, response files and the computation. */
export {
  formatPath,
  NPS_SCALE,
  parseSurveyDefinition,
  SURVEY_KINDS,
  SurveyDefinitionError,
  surveyDefinitionSchema,
  validateSurveyDefinition,
} from './definition.ts';
export type { SurveyDefinition, SurveyDefinitionInput, SurveyFactor, SurveyKind, SurveyLoyaltyItem } from './definition.ts';
export {
  detectDelimiter,
  extractAnswers,
  parseCsvResponses,
  parseResponses,
  parseXlsxResponses,
  SurveyResponsesError,
} from './responses.ts';
export type {
  Cell,
  Delimiter,
  DropReason,
  DroppedAnswer,
  ExtractedAnswers,
  ParseResponsesOptions,
  Respondent,
  ResponseTable,
} from './responses.ts';
export { computeGroup, computeSurvey, surveyFeeds, toHundredPoints } from './compute.ts';
export type {
  FactorResult,
  GroupResult,
  LoyaltyResult,
  Quadrant,
  SegmentResult,
  SurveyFeed,
  SurveyResult,
  UnitResult,
} from './compute.ts';
export { mean, pearson } from './statistics.ts';
export type { Correlation, CorrelationProblem } from './statistics.ts';
