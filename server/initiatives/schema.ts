import { isPlausibleYear, MAX_YEAR, MIN_YEAR } from '../scoring/period.ts';
import { IMPLAUSIBLE_VALUE, isPlausibleValue } from '../scoring/numbers.ts';
import { z } from 'zod';

/** Shapes shared by the API and the model file's `initiatives:`, `benchmarks:` and `priorities:` sections. */
const code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');
const finite = z.number().refine(Number.isFinite, 'must be a finite number').refine(isPlausibleValue, IMPLAUSIBLE_VALUE);
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date: YYYY-MM-DD');

export const INITIATIVE_STATUSES = ['planned', 'in_progress', 'done', 'on_hold'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

export const actionItemSchema = z
  .object({ title: z.string().min(1).max(500), due: date.nullable().optional(), done: z.boolean().default(false) })
  .strict();

export const initiativeInputSchema = z
  .object({
    code,
    title: z.string().min(1).max(500),
    unit: code,
    indicators: z.array(code).max(20).default([]),
    owner: z.string().max(200).nullable().optional(),
    start: date.nullable().optional(),
    end: date.nullable().optional(),
    evaluation: z.string().max(2000).nullable().optional(),
    target: finite.nullable().optional(),
    baseline: finite.nullable().optional(),
    current: finite.nullable().optional(),
    status: z.enum(INITIATIVE_STATUSES).default('planned'),
    actions: z.array(actionItemSchema).max(100).default([]),
  })
  .strict()
  .refine((i) => !i.start || !i.end || i.start <= i.end, { message: 'end is before start', path: ['end'] })
  .meta({ id: 'InitiativeInput' });
export type InitiativeInput = z.infer<typeof initiativeInputSchema>;

export const benchmarkPeriodSchema = z
  .union([z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, 'a period: YYYY-MM, YYYY-Qn or YYYY').refine(isPlausibleYear, `a year from ${MIN_YEAR} to ${MAX_YEAR}`), z.number().int().min(MIN_YEAR).max(MAX_YEAR).transform(String)]);

/** One benchmark value: `competitor` is a name (A사, B사, …) or `TOP` (best in class). */
export const benchmarkInputSchema = z
  .object({ indicator: code, period: benchmarkPeriodSchema, competitor: z.string().trim().min(1).max(100), value: finite })
  .strict();
export type BenchmarkInput = z.infer<typeof benchmarkInputSchema>;

/** Improvement priority settings: expected null means best in class (TOP); importance null means the indicator's weight. */
export const priorityInputSchema = z
  .object({
    unit: code,
    indicator: code,
    expected: finite.nullable().optional(),
    importance: finite.refine((v) => v >= 0, 'must not be negative').nullable().optional(),
    cause: z.string().max(2000).nullable().optional(),
    target: finite.nullable().optional(),
  })
  .strict();
export type PriorityInput = z.infer<typeof priorityInputSchema>;

export const TOP = 'TOP';
