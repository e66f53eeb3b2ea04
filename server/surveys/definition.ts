/**
 * Survey definition (DESIGN.md §3 "Survey indices"): which columns hold the overall question,
 * the factors' items, loyalty and NPS items, and which indicators the results feed.
 *
 * The schema is strict so that a misspelt key (`factor:` for `factors:`) is an error rather than
 * a silently ignored setting. Cross-field rules (duplicate codes, an item in two factors, feeds
 * naming unknown factors) run after the shape is valid, so every message names one field path.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const SURVEY_KINDS = ['csi', 'esi', 'icsi', 'coi'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** The fixed 0-10 scale of a net-promoter question, whatever the survey's own scale. */
export const NPS_SCALE = { min: 0, max: 10 } as const;

const code = z.string().trim().min(1, 'must not be empty');
/** A column of the responses file. Strings only: YAML would turn `1.0` into 1 and lose the name. */
const column = z.string().trim().min(1, 'must not be empty');
const indicatorCode = z.string().trim().min(1, 'must not be empty');

const localizedName = z.union([z.string(), z.record(z.string().min(1), z.string())], {
  error: 'must be a string or a map of locales such as { en: …, ko: … }',
});

// zod 4 numbers reject Infinity and NaN already.
const finiteNumber = z.number({ error: 'must be a number' });

const scaleSchema = z
  .strictObject({ min: finiteNumber, max: finiteNumber })
  .refine((scale) => scale.min < scale.max, { error: 'min must be below max' });

const factorSchema = z.strictObject({
  code,
  name: localizedName.optional(),
  items: z.array(column).min(1, 'must not be empty'),
});

const loyaltySchema = z.strictObject({
  code,
  item: column,
  topBox: finiteNumber,
  name: localizedName.optional(),
});

/** YAML reads `own: 1` as a number; the segment column is compared as text, so accept both. */
const segmentValue = z.union([z.string().trim().min(1), finiteNumber], { error: 'must be a string or a number' }).transform(String);

const segmentSchema = z.strictObject({ column, own: segmentValue });

const feedsSchema = z.strictObject({
  csi: indicatorCode.optional(),
  overall: indicatorCode.optional(),
  competitiveIndex: indicatorCode.optional(),
  nps: indicatorCode.optional(),
  factors: z.record(code, indicatorCode).optional(),
  loyalty: z.record(code, indicatorCode).optional(),
});

const baseSchema = z.strictObject({
  code,
  name: localizedName.optional(),
  kind: z.enum(SURVEY_KINDS, { error: `must be one of ${SURVEY_KINDS.join(', ')}` }).default('csi'),
  scale: scaleSchema,
  overall: column,
  factors: z.array(factorSchema).min(1, 'must not be empty'),
  loyalty: z.array(loyaltySchema).default([]),
  nps: column.nullable().default(null),
  missing: z.array(finiteNumber).default([]),
  segment: segmentSchema.nullable().default(null),
  unitColumn: column.nullable().default(null),
  feeds: feedsSchema.default({}),
});

type BaseDefinition = z.output<typeof baseSchema>;
type IssueSink = z.RefinementCtx;

/** Column names are matched case-insensitively against the file header, so compare them so. */
const columnKey = (name: string) => name.toLowerCase();

function report(ctx: IssueSink, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', message, path });
}

function checkFactors(definition: BaseDefinition, ctx: IssueSink): void {
  const codes = new Map<string, number>();
  const owners = new Map<string, string>(); // item column → factor code that uses it
  definition.factors.forEach((factor, index) => {
    const previous = codes.get(factor.code);
    if (previous !== undefined) report(ctx, ['factors', index, 'code'], `duplicate factor code ${factor.code} (also factors[${previous}])`);
    codes.set(factor.code, index);
    factor.items.forEach((item, itemIndex) => {
      const owner = owners.get(columnKey(item));
      if (owner === factor.code) report(ctx, ['factors', index, 'items', itemIndex], `item ${item} is listed twice`);
      else if (owner !== undefined) report(ctx, ['factors', index, 'items', itemIndex], `item ${item} is already used by factor ${owner}`);
      owners.set(columnKey(item), factor.code);
    });
  });
  // The overall question is what importance is correlated with; inside a factor it would
  // correlate with itself and inflate that factor's weight.
  const overallOwner = owners.get(columnKey(definition.overall));
  if (overallOwner !== undefined) report(ctx, ['overall'], `${definition.overall} is also an item of factor ${overallOwner}`);
}

function checkLoyalty(definition: BaseDefinition, ctx: IssueSink): void {
  const { min, max } = definition.scale;
  const codes = new Set<string>();
  definition.loyalty.forEach((entry, index) => {
    if (codes.has(entry.code)) report(ctx, ['loyalty', index, 'code'], `duplicate loyalty code ${entry.code}`);
    codes.add(entry.code);
    // A top box outside the scale would make the rate always 0 % or 100 %: surely a typo.
    if (entry.topBox < min || entry.topBox > max) report(ctx, ['loyalty', index, 'topBox'], `must lie within the scale (${min}-${max})`);
  });
}

/** The NPS column is read on 0-10; it can share a column with scale items only if the scale is 0-10 too. */
function checkNps(definition: BaseDefinition, ctx: IssueSink): void {
  if (definition.nps === null) return;
  const sameScale = definition.scale.min === NPS_SCALE.min && definition.scale.max === NPS_SCALE.max;
  if (sameScale) return;
  const scaleItems = [definition.overall, ...definition.factors.flatMap((f) => f.items), ...definition.loyalty.map((l) => l.item)];
  if (scaleItems.some((item) => columnKey(item) === columnKey(definition.nps!))) {
    report(ctx, ['nps'], `${definition.nps} is also a ${definition.scale.min}-${definition.scale.max} scale item, but NPS answers are read on 0-10`);
  }
}

function checkFeeds(definition: BaseDefinition, ctx: IssueSink): void {
  const { feeds } = definition;
  const factorCodes = new Set(definition.factors.map((f) => f.code));
  const loyaltyCodes = new Set(definition.loyalty.map((l) => l.code));
  for (const factor of Object.keys(feeds.factors ?? {})) {
    if (!factorCodes.has(factor)) report(ctx, ['feeds', 'factors', factor], 'no factor has this code');
  }
  for (const loyalty of Object.keys(feeds.loyalty ?? {})) {
    if (!loyaltyCodes.has(loyalty)) report(ctx, ['feeds', 'loyalty', loyalty], 'no loyalty item has this code');
  }
  if (feeds.nps !== undefined && definition.nps === null) report(ctx, ['feeds', 'nps'], 'the definition has no nps column');
  if (feeds.competitiveIndex !== undefined && definition.segment === null) {
    report(ctx, ['feeds', 'competitiveIndex'], 'a competitive index needs a segment');
  }
}

export const surveyDefinitionSchema = baseSchema.superRefine((definition, ctx) => {
  checkFactors(definition, ctx);
  checkLoyalty(definition, ctx);
  checkNps(definition, ctx);
  checkFeeds(definition, ctx);
});

export type SurveyDefinition = z.output<typeof surveyDefinitionSchema>;
/** What a definition file may say: defaults (kind, loyalty, missing, …) may be left out. */
export type SurveyDefinitionInput = z.input<typeof surveyDefinitionSchema>;
export type SurveyFactor = SurveyDefinition['factors'][number];
export type SurveyLoyaltyItem = SurveyDefinition['loyalty'][number];

export class SurveyDefinitionError extends Error {
  /** One `path: problem` line per issue, e.g. `factors[1].items: must not be empty`. */
  readonly issues: string[];

  constructor(issues: string[], fileName?: string) {
    super(`${fileName ? `${fileName}: ` : ''}invalid survey definition: ${issues.join('; ')}`);
    this.name = 'SurveyDefinitionError';
    this.issues = issues;
  }
}

/** `factors[1].items` from ['factors', 1, 'items']; the root is called `definition`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text === '' ? 'definition' : text;
}

const ARTICLE_BEFORE = /^[aeiou]/;

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`);
    case 'invalid_type': {
      if (issue.input === undefined) return [`${at}: is required`];
      if (issue.message && !issue.message.startsWith('Invalid input')) return [`${at}: ${issue.message}`];
      const article = ARTICLE_BEFORE.test(issue.expected) ? 'an' : 'a';
      return [`${at}: must be ${article} ${issue.expected === 'record' ? 'map' : issue.expected}`];
    }
    default:
      return [`${at}: ${issue.message}`];
  }
}

/** Validate an already-parsed object; throws SurveyDefinitionError listing every problem. */
export function validateSurveyDefinition(data: unknown, fileName?: string): SurveyDefinition {
  const result = surveyDefinitionSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw new SurveyDefinitionError(result.error.issues.flatMap(describeIssue), fileName);
}

function parseText(text: string, fileName?: string): unknown {
  const isJson = fileName !== undefined && fileName.toLowerCase().endsWith('.json');
  try {
    // YAML 1.2 is a superset of JSON, but JSON.parse gives the clearer message for a .json file.
    return isJson ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SurveyDefinitionError([`definition: not valid ${isJson ? 'JSON' : 'YAML'} (${reason})`], fileName);
  }
}

/** Parse a YAML or JSON survey definition (JSON when `fileName` ends in .json, else YAML). */
export function parseSurveyDefinition(text: string, fileName?: string): SurveyDefinition {
  const data = parseText(text.replace(/^\uFEFF/, ''), fileName);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SurveyDefinitionError(['definition: must be a map of fields (code, scale, overall, factors, …)'], fileName);
  }
  return validateSurveyDefinition(data, fileName);
}
