import { isPlausibleYear, MAX_YEAR, MIN_YEAR } from '../scoring/period.ts';
import { IMPLAUSIBLE_VALUE, isPlausibleValue } from '../scoring/numbers.ts';
import { z } from 'zod';
import { surveyDefinitionSchema } from '../surveys/definition.ts';
import { ownerEntrySchema } from '../owners/schema.ts';
import { benchmarkInputSchema, initiativeInputSchema, priorityInputSchema } from '../initiatives/schema.ts';

/**
 * The model file (scorecard as code, DESIGN.md §2). Strict objects: an unknown key is a typo
 * the user wants to hear about, not silently ignored.
 */
export const codeSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');

export const localizedSchema = z.union([
  z.string().min(1),
  z.record(z.string().regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'a locale such as en or ko'), z.string().min(1)).refine((m) => Object.keys(m).length > 0, 'at least one locale'),
]);
export type Localized = z.infer<typeof localizedSchema>;

const finite = z.number().refine(Number.isFinite, 'must be a finite number').refine(isPlausibleValue, IMPLAUSIBLE_VALUE);
const weight = finite.refine((w) => w >= 0, 'must not be negative');

export interface UnitInput {
  code: string;
  name: Localized;
  parent?: string | null;
  children?: UnitInput[];
}
export const unitSchema: z.ZodType<UnitInput> = z.lazy(() =>
  z
    .object({
      code: codeSchema,
      name: localizedSchema,
      parent: codeSchema.nullable().optional(),
      children: z.array(unitSchema).optional(),
    })
    .strict(),
);

export const perspectiveSchema = z
  .object({ code: codeSchema, name: localizedSchema.optional(), weight: weight.default(25) })
  .strict();

export const objectiveSchema = z
  .object({
    code: codeSchema,
    name: localizedSchema,
    description: localizedSchema.optional(),
    perspective: codeSchema,
    weight: weight.default(1),
    drives: z.array(codeSchema).default([]),
  })
  .strict();

const bandFrom = z.object({ from: finite, score: finite }).strict();
const bandUpTo = z.object({ upTo: finite, score: finite }).strict();

export const scoringSchema = z
  .object({
    method: z.enum(['ratio', 'progress', 'threshold', 'bands', 'binary']).default('ratio'),
    cap: finite.refine((c) => c > 0, 'must be positive').optional(),
    on: z.enum(['ratio', 'value']).optional(),
    steps: z.array(z.union([bandFrom, bandUpTo])).min(1).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.method === 'bands' && !s.steps) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'bands scoring needs steps' });
    if (s.method !== 'bands' && s.steps) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'steps only apply to bands scoring' });
  });

const orgAggregation = z
  .string()
  .regex(/^(sum|avg|none|weighted:[A-Za-z0-9][A-Za-z0-9_.-]*)$/, 'one of sum, avg, none or weighted:<INDICATOR>');

export const indicatorSchema = z
  .object({
    code: codeSchema,
    name: localizedSchema.optional(),
    description: localizedSchema.optional(),
    objective: codeSchema.nullable().optional(),
    weight: weight.default(1),
    kind: z.enum(['kpi', 'sqi', 'index']).default('kpi'),
    unit: z.string().max(32).default(''),
    direction: z.enum(['increase', 'decrease', 'maintain']).default('increase'),
    tolerance: finite.refine((t) => t >= 0, 'must not be negative').optional(),
    scoring: scoringSchema.default({ method: 'ratio' }),
    aggregation: z
      .object({ time: z.enum(['sum', 'avg', 'last', 'min', 'max']).optional(), org: orgAggregation.default('sum') })
      .strict()
      .default({ org: 'sum' }),
    formula: z.string().min(1).max(1000).nullable().optional(),
    thresholds: z.object({ onTrack: finite.optional(), atRisk: finite.optional() }).strict().nullable().optional(),
    appliesTo: z.array(codeSchema).nullable().optional(),
    frequency: z.enum(['monthly', 'quarterly', 'yearly']).default('monthly'),
  })
  .strict();

export const periodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'a period: YYYY-MM, YYYY-Qn or YYYY')
  .refine(isPlausibleYear, `a year from ${MIN_YEAR} to ${MAX_YEAR}`);

export const targetSchema = z
  .object({
    indicator: codeSchema,
    unit: codeSchema,
    period: z.union([periodSchema, z.number().int().min(MIN_YEAR).max(MAX_YEAR).transform(String)]),
    target: finite,
    baseline: finite.nullable().optional(),
    stretch: finite.nullable().optional(),
    redFlag: finite.nullable().optional(),
  })
  .strict();

export const jobInputSchema = z
  .object({
    name: codeSchema,
    kind: z.string().min(1),
    schedule: z.string().min(1),
    timezone: z.string().default('UTC'),
    enabled: z.boolean().default(true),
    timeLimitSeconds: z.number().int().positive().default(600),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export interface VocCategoryInput {
  code: string;
  name: Localized;
  children?: VocCategoryInput[];
}
export const vocCategorySchema: z.ZodType<VocCategoryInput> = z.lazy(() =>
  z.object({ code: codeSchema, name: localizedSchema, children: z.array(vocCategorySchema).optional() }).strict(),
);
const vocTypes = ['complaint', 'inquiry', 'suggestion', 'praise'] as const;
const vocFeeds = ['received', 'complaints', 'slaDue', 'slaMet', 'resolved', 'resolutionHours', 'repeats'] as const;

export const vocSectionSchema = z
  .object({
    timezone: z
      .string()
      .default('UTC')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Asia/Seoul'),
    categories: z.array(vocCategorySchema).min(1),
    sla: z.partialRecord(z.enum(vocTypes), z.number().positive().max(24 * 365)).default({}),
    feeds: z.partialRecord(z.enum(vocFeeds), codeSchema).default({}),
  })
  .strict()
  .superRefine((voc, ctx) => {
    const seen = new Set<string>();
    const walk = (list: VocCategoryInput[], path: (string | number)[]) =>
      list.forEach((c, i) => {
        if (seen.has(c.code)) ctx.addIssue({ code: 'custom', path: [...path, i, 'code'], message: `duplicate category "${c.code}"` });
        seen.add(c.code);
        if (c.children) walk(c.children, [...path, i, 'children']);
      });
    walk(voc.categories, ['categories']);
  });
export type VocSection = z.infer<typeof vocSectionSchema>;

export const modelFileSchema = z
  .object({
    units: z.array(unitSchema).default([]),
    perspectives: z.array(perspectiveSchema).default([]),
    objectives: z.array(objectiveSchema).default([]),
    indicators: z.array(indicatorSchema).default([]),
    targets: z.array(targetSchema).default([]),
    jobs: z.array(jobInputSchema).default([]),
    /** Survey definitions (DESIGN.md §3 "Survey indices"), stored by code. */
    surveys: z.array(surveyDefinitionSchema).default([]),
    /** Improvement initiatives (개선활동 전개표), stored by code. */
    initiatives: z.array(initiativeInputSchema).default([]),
    /** Benchmark values by indicator, period and competitor (TOP = best in class). */
    benchmarks: z.array(benchmarkInputSchema).default([]),
    /** Improvement priority settings by unit and indicator. */
    priorities: z.array(priorityInputSchema).default([]),
    /** Owners and updaters of indicators and objectives, organisation-wide or per subtree (DESIGN.md §3). */
    owners: z.array(ownerEntrySchema).default([]),
    /** VOC (고객의 소리, DESIGN.md §3 "VOC"): time zone, category tree, SLA hours by type, feed indicators. */
    voc: vocSectionSchema.optional(),
  })
  .strict();

export type ModelFile = z.infer<typeof modelFileSchema>;
export type PerspectiveInput = z.infer<typeof perspectiveSchema>;
export type ObjectiveInput = z.infer<typeof objectiveSchema>;
export type IndicatorInput = z.infer<typeof indicatorSchema>;
export type TargetInput = z.infer<typeof targetSchema>;
export type JobInput = z.infer<typeof jobInputSchema>;

/** The default perspectives of DESIGN.md §1, used when a model names none. */
export const DEFAULT_PERSPECTIVES: PerspectiveInput[] = [
  { code: 'financial', name: { en: 'Financial', ko: '재무' }, weight: 25 },
  { code: 'customer', name: { en: 'Customer', ko: '고객' }, weight: 25 },
  { code: 'process', name: { en: 'Internal process', ko: '프로세스' }, weight: 25 },
  { code: 'infrastructure', name: { en: 'Learning and growth', ko: '학습과 성장' }, weight: 25 },
];
