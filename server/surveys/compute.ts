/**
 * Survey indices exactly as DESIGN.md §3 "Survey indices" defines them: 100-point conversion,
 * factor satisfaction, derived importance (Pearson correlation with the overall question),
 * weights, CSI, loyalty rates, NPS, segments with a competitive index, the CS portfolio and
 * optional per-unit results. Pure functions: no I/O. Numbers are not rounded.
 *
 * Whatever cannot be computed (no answers, no variance, a zero denominator) is null plus a
 * warning a user can read; NaN and Infinity never leave this module.
 */
import type { SurveyDefinition, SurveyFactor } from './definition.ts';
import type { Respondent } from './responses.ts';
import { mean, pearson, type Correlation } from './statistics.ts';

export type Quadrant = 'keep_up' | 'concentrate' | 'low_priority' | 'possible_overkill';

export interface FactorResult {
  code: string;
  /** Mean factor score (0-100) over the respondents who have one. */
  satisfaction: number | null;
  /** The correlation counted as importance: negative or not computable counts as 0. */
  importance: number;
  weight: number;
  /** null when the factor has no satisfaction or no factor has a positive importance. */
  quadrant: Quadrant | null;
  /** Pearson's r as computed, negative included; null when it cannot be computed. */
  correlation: number | null;
  /** Respondents with a factor score (at least one item answered). */
  respondents: number;
}

export interface LoyaltyResult {
  code: string;
  item: string;
  /** Share (%) of the respondents who answered the item that answered at or above the top box. */
  rate: number | null;
  respondents: number;
}

export interface GroupResult {
  respondents: number;
  csi: number | null;
  overall: number | null;
  factors: FactorResult[];
  loyalty: LoyaltyResult[];
  nps: number | null;
  warnings: string[];
}

export interface SegmentResult extends GroupResult {
  value: string;
  own: boolean;
}

export interface UnitResult extends GroupResult {
  unit: string;
}

/** Every respondent pooled, own customers and competitors' alike (DESIGN.md §3 "Segments"). */
export interface MarketResult {
  csi: number | null;
  overall: number | null;
  respondents: number;
}

export interface SurveyResult extends GroupResult {
  segments: SegmentResult[];
  competitiveIndex: number | null;
  /** With a segment column: the pooled sample; the top level is then the own segment's. Null without segments. */
  market: MarketResult | null;
  byUnit?: UnitResult[];
}

type Scale = SurveyDefinition['scale'];

export function toHundredPoints(answer: number, scale: Scale): number {
  return ((answer - scale.min) / (scale.max - scale.min)) * 100;
}

function answered(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => typeof value === 'number');
}

/** A respondent's factor score: the mean of the items they answered, on 100 points. */
function factorScore(respondent: Respondent, factor: SurveyFactor, scale: Scale): number | null {
  const answers = answered(factor.items.map((item) => respondent.answers[item]));
  return mean(answers.map((answer) => toHundredPoints(answer, scale)));
}

function overallScore(respondent: Respondent, definition: SurveyDefinition): number | null {
  const answer = respondent.answers[definition.overall];
  return typeof answer === 'number' ? toHundredPoints(answer, definition.scale) : null;
}

/** Pairwise deletion: only respondents who have both a factor score and an overall score count. */
function correlateWithOverall(factorScores: readonly (number | null)[], overallScores: readonly (number | null)[]): Correlation {
  const xs: number[] = [];
  const ys: number[] = [];
  factorScores.forEach((x, i) => {
    const y = overallScores[i];
    if (x !== null && y !== null) {
      xs.push(x);
      ys.push(y);
    }
  });
  return pearson(xs, ys);
}

const CORRELATION_PROBLEMS = {
  too_few_pairs: 'fewer than 2 respondents answered both its items and the overall question',
  constant_x: 'its scores do not vary across respondents',
  constant_y: 'the overall question’s answers do not vary across respondents',
} as const;

function importanceOf(code: string, correlation: Correlation, warnings: string[]): number {
  if (correlation.value === null) {
    warnings.push(`factor ${code}: importance counts as 0 because ${CORRELATION_PROBLEMS[correlation.problem]}`);
    return 0;
  }
  if (correlation.value < 0) {
    warnings.push(`factor ${code}: its correlation with the overall question is negative (r = ${correlation.value.toFixed(3)}); importance counts as 0`);
    return 0;
  }
  return correlation.value;
}

function analyseFactor(factor: SurveyFactor, scores: (number | null)[], overallScores: (number | null)[], warnings: string[]): FactorResult {
  const present = answered(scores);
  const satisfaction = mean(present);
  if (satisfaction === null) {
    // No scores also means no correlation: the factor gets weight 0 and stays out of the CSI.
    warnings.push(`factor ${factor.code}: no respondent answered any of its items; it has no satisfaction and is left out of the CSI`);
    return { code: factor.code, satisfaction, importance: 0, weight: 0, quadrant: null, correlation: null, respondents: 0 };
  }
  const correlation = correlateWithOverall(scores, overallScores);
  const importance = importanceOf(factor.code, correlation, warnings);
  return { code: factor.code, satisfaction, importance, weight: 0, quadrant: null, correlation: correlation.value, respondents: present.length };
}

/** weight = importance / Σ importance; false when no factor has a positive importance. */
function assignWeights(factors: FactorResult[], warnings: string[]): boolean {
  const total = factors.reduce((sum, factor) => sum + factor.importance, 0);
  if (total <= 0) {
    warnings.push('no factor has a positive importance (correlation with the overall question); every weight is 0 and the CSI cannot be computed');
    return false;
  }
  for (const factor of factors) factor.weight = factor.importance / total;
  return true;
}

/** Σ weight × satisfaction over factors with a satisfaction, weights renormalised over them. */
function csiOf(factors: readonly FactorResult[]): number | null {
  const scored = factors.filter((factor) => factor.satisfaction !== null && factor.weight > 0);
  const weightTotal = scored.reduce((sum, factor) => sum + factor.weight, 0);
  if (weightTotal <= 0) return null;
  return scored.reduce((sum, factor) => sum + factor.weight * factor.satisfaction!, 0) / weightTotal;
}

/**
 * "Equal counts as high" must survive binary rounding: the mean of three identical values may
 * differ from them in the last bit, so values within a relative 1e-12 of a crosshair are equal.
 */
function atOrAbove(value: number, crosshair: number): boolean {
  return value >= crosshair - 1e-12 * Math.max(1, Math.abs(crosshair));
}

function quadrantOf(highImportance: boolean, highSatisfaction: boolean): Quadrant {
  if (highImportance) return highSatisfaction ? 'keep_up' : 'concentrate';
  return highSatisfaction ? 'possible_overkill' : 'low_priority';
}

/** CS portfolio: crosshairs at the mean weight and mean satisfaction of the factors placed. */
function assignQuadrants(factors: FactorResult[]): void {
  const placed = factors.filter((factor) => factor.satisfaction !== null);
  const weightCrosshair = mean(placed.map((factor) => factor.weight));
  const satisfactionCrosshair = mean(placed.map((factor) => factor.satisfaction!));
  if (weightCrosshair === null || satisfactionCrosshair === null) return;
  for (const factor of placed) {
    factor.quadrant = quadrantOf(atOrAbove(factor.weight, weightCrosshair), atOrAbove(factor.satisfaction!, satisfactionCrosshair));
  }
}

function percentage(count: number, of: number): number {
  return (count / of) * 100;
}

function loyaltyRates(definition: SurveyDefinition, respondents: readonly Respondent[], warnings: string[]): LoyaltyResult[] {
  return definition.loyalty.map((entry) => {
    const answers = answered(respondents.map((respondent) => respondent.answers[entry.item]));
    if (answers.length === 0) {
      warnings.push(`loyalty ${entry.code}: nobody answered ${entry.item}; the rate is missing`);
      return { code: entry.code, item: entry.item, rate: null, respondents: 0 };
    }
    const topBox = answers.filter((answer) => answer >= entry.topBox).length;
    return { code: entry.code, item: entry.item, rate: percentage(topBox, answers.length), respondents: answers.length };
  });
}

/** NPS = % promoters (9-10) − % detractors (0-6) among those who answered the 0-10 item. */
function netPromoterScore(definition: SurveyDefinition, respondents: readonly Respondent[], warnings: string[]): number | null {
  if (definition.nps === null) return null;
  const column = definition.nps;
  const answers = answered(respondents.map((respondent) => respondent.answers[column]));
  if (answers.length === 0) {
    warnings.push(`NPS: nobody answered ${column}; NPS is missing`);
    return null;
  }
  const promoters = answers.filter((answer) => answer >= 9).length;
  const detractors = answers.filter((answer) => answer <= 6).length;
  return percentage(promoters - detractors, answers.length);
}

/** One full result (CSI, factors, loyalty, NPS) computed on the given respondents alone. */
export function computeGroup(definition: SurveyDefinition, respondents: readonly Respondent[]): GroupResult {
  const warnings: string[] = [];
  if (respondents.length === 0) warnings.push('no respondents');
  const overallScores = respondents.map((respondent) => overallScore(respondent, definition));
  const overall = mean(answered(overallScores));
  if (overall === null && respondents.length > 0) warnings.push(`overall question ${definition.overall}: nobody answered it; overall satisfaction is missing`);
  const factors = definition.factors.map((factor) => {
    const scores = respondents.map((respondent) => factorScore(respondent, factor, definition.scale));
    return analyseFactor(factor, scores, overallScores, warnings);
  });
  const weighted = assignWeights(factors, warnings);
  if (weighted) assignQuadrants(factors);
  const csi = weighted ? csiOf(factors) : null;
  return {
    respondents: respondents.length,
    csi,
    overall,
    factors,
    loyalty: loyaltyRates(definition, respondents, warnings),
    nps: netPromoterScore(definition, respondents, warnings),
    warnings,
  };
}

/** Labels in a stable order: numerically when both are numbers ("2" before "10"), else as text. */
function compareLabels(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy(respondents: readonly Respondent[], label: (respondent: Respondent) => string | null): Map<string, Respondent[]> {
  const groups = new Map<string, Respondent[]>();
  for (const respondent of respondents) {
    const value = label(respondent);
    if (value === null) continue;
    const group = groups.get(value);
    if (group) group.push(respondent);
    else groups.set(value, [respondent]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compareLabels(a, b)));
}

function warnUnlabelled(respondents: readonly Respondent[], label: (respondent: Respondent) => string | null, what: string, warnings: string[]): void {
  const unlabelled = respondents.filter((respondent) => label(respondent) === null).length;
  if (unlabelled > 0) warnings.push(`${unlabelled} respondent${unlabelled > 1 ? 's have' : ' has'} no ${what}; they count only in the pooled result`);
}

function computeSegments(definition: SurveyDefinition, respondents: readonly Respondent[], warnings: string[]): SegmentResult[] {
  const segment = definition.segment;
  if (segment === null) return [];
  warnUnlabelled(respondents, (r) => r.segment, `value in segment column ${segment.column}`, warnings);
  return [...groupBy(respondents, (r) => r.segment)].map(([value, members]) => {
    const result = computeGroup(definition, members);
    for (const warning of result.warnings) warnings.push(`segment ${value}: ${warning}`);
    return { value, own: value === segment.own, ...result };
  });
}

/** Own CSI / CSI of every other segment's respondents pooled (with their own weights) × 100. */
function competitiveIndexOf(definition: SurveyDefinition, respondents: readonly Respondent[], segments: readonly SegmentResult[], warnings: string[]): number | null {
  if (definition.segment === null) return null;
  const own = definition.segment.own;
  const ownResult = segments.find((segment) => segment.own);
  const others = respondents.filter((respondent) => respondent.segment !== null && respondent.segment !== own);
  const problem = (reason: string) => {
    warnings.push(`competitive index: ${reason}; it is missing`);
    return null;
  };
  if (!ownResult) return problem(`no respondent is in the own segment ${own}`);
  if (others.length === 0) return problem('no respondent is in another segment');
  const othersCsi = computeGroup(definition, others).csi;
  if (ownResult.csi === null) return problem(`the own segment ${own} has no CSI`);
  if (othersCsi === null) return problem('the other segments pooled have no CSI');
  if (othersCsi === 0) return problem('the other segments pooled have a CSI of 0');
  return (ownResult.csi / othersCsi) * 100;
}

function computeUnits(definition: SurveyDefinition, respondents: readonly Respondent[], warnings: string[]): UnitResult[] {
  warnUnlabelled(respondents, (r) => r.unit, `value in unit column ${definition.unitColumn}`, warnings);
  return [...groupBy(respondents, (r) => r.unit)].map(([unit, members]) => {
    const result = computeGroup(definition, members);
    for (const warning of result.warnings) warnings.push(`unit ${unit}: ${warning}`);
    return { unit, ...result };
  });
}

/**
 * The survey result of DESIGN.md §4 "Survey JSON". With a segment column, the top level (CSI,
 * overall, factors, weights, quadrants, loyalty, NPS) is the own segment's: the company's
 * customers, the one CSI every screen and report shows; `market` holds every respondent pooled.
 * Without segments (or when no respondent is in the own segment, with a warning) the top level
 * pools everyone. Segment and unit warnings are repeated at the top with a `segment X:` /
 * `unit X:` prefix so one list shows everything.
 */
export function computeSurvey(definition: SurveyDefinition, respondents: readonly Respondent[]): SurveyResult {
  const pooled = computeGroup(definition, respondents);
  const warnings = [...pooled.warnings];
  const segments = computeSegments(definition, respondents, warnings);
  const competitiveIndex = competitiveIndexOf(definition, respondents, segments, warnings);
  const byUnit = definition.unitColumn === null ? undefined : computeUnits(definition, respondents, warnings);
  const ownSegment = segments.find((segment) => segment.own);
  if (definition.segment !== null && !ownSegment) warnings.push(`no respondent is in the own segment ${definition.segment.own}: the headline pools every respondent`);
  const headline: GroupResult = ownSegment ?? pooled;
  const market = definition.segment === null ? null : { csi: pooled.csi, overall: pooled.overall, respondents: pooled.respondents };
  const { respondents: count, csi, overall, factors, loyalty, nps } = headline;
  return { respondents: count, csi, overall, factors, loyalty, nps, segments, competitiveIndex, market, warnings, ...(byUnit ? { byUnit } : {}) };
}

export interface SurveyFeed {
  indicator: string;
  value: number;
  /** How many respondents the value rests on (answerers of the item for factors and loyalty). */
  respondents: number;
}

/** The measurements a survey result gives the indicators its definition links; null values feed nothing. */
export function surveyFeeds(definition: SurveyDefinition, result: SurveyResult): SurveyFeed[] {
  const { feeds } = definition;
  const out: SurveyFeed[] = [];
  const feed = (indicator: string | undefined, value: number | null, respondents: number) => {
    if (indicator !== undefined && value !== null) out.push({ indicator, value, respondents });
  };
  // With own and competitor respondents, the company's indicators are its own customers'
  // results; the pooled sample only serves the comparison (the competitive index).
  const own: GroupResult = result.segments.find((segment) => segment.own) ?? result;
  feed(feeds.csi, own.csi, own.respondents);
  feed(feeds.overall, own.overall, own.respondents);
  feed(feeds.competitiveIndex, result.competitiveIndex, result.market?.respondents ?? result.respondents);
  feed(feeds.nps, own.nps, own.respondents);
  for (const factor of own.factors) feed(feeds.factors?.[factor.code], factor.satisfaction, factor.respondents);
  for (const loyalty of own.loyalty) feed(feeds.loyalty?.[loyalty.code], loyalty.rate, loyalty.respondents);
  return out;
}
