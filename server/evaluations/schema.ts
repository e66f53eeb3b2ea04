/**
 * The evaluation cycle file (DESIGN.md §3 "Evaluation (CS평가 → 보상)"), YAML or JSON, and the
 * same definition as the API's request body. Strict objects: an unknown key is a typo the user
 * wants to hear about.
 */
import YAML from 'yaml';
import { z } from 'zod';
import { codeSchema, localizedSchema } from '../model/schema.ts';
import { DomainError } from '../http/errors.ts';
import { shareUnits } from '../scoring/evaluation.ts';
import type { GradingRule } from '../scoring/evaluation.ts';
import { fairnessSchema, gradesOf, payPolicySchema } from '../pay/schema.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
/** YAML reads `code: 2026` as a number; a code is text. */
const cycleCode = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), codeSchema);
const gradeName = z.string().min(1).max(16);

const bandSchema = z.object({ grade: gradeName, from: finite }).strict();
const bandsSchema = z
  .array(bandSchema)
  .min(1)
  .max(20)
  .superRefine((bands, ctx) => {
    const grades = new Set<string>();
    const froms = new Set<number>();
    bands.forEach((band, i) => {
      if (grades.has(band.grade)) ctx.addIssue({ code: 'custom', path: [i, 'grade'], message: `grade ${band.grade} is listed twice` });
      if (froms.has(band.from)) ctx.addIssue({ code: 'custom', path: [i, 'from'], message: `two bands start at ${band.from}` });
      grades.add(band.grade);
      froms.add(band.from);
    });
  });

const shareSchema = z
  .object({
    grade: gradeName,
    share: finite.refine((s) => shareUnits(s) !== null, 'a percentage ≥ 0 with at most 4 decimals'),
  })
  .strict();

const distributionSchema = z
  .array(shareSchema)
  .min(1)
  .max(20)
  .superRefine((shares, ctx) => {
    const grades = new Set<string>();
    shares.forEach((s, i) => {
      if (grades.has(s.grade)) ctx.addIssue({ code: 'custom', path: [i, 'grade'], message: `grade ${s.grade} is listed twice` });
      grades.add(s.grade);
    });
    const total = shares.reduce((sum, s) => sum + (shareUnits(s.share) ?? 0), 0);
    if (total !== 100 * 10_000) ctx.addIssue({ code: 'custom', path: [], message: `the shares must add up to 100 (they add up to ${total / 10_000})` });
  });

export const gradingSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('bands'), bands: bandsSchema }).strict(),
  z
    .object({
      method: z.literal('distribution'),
      /** From the best grade down; cumulative shares decide (DESIGN.md §3). */
      distribution: distributionSchema,
      /** A group with fewer ranked units than this is graded by `bands` instead. */
      minUnits: z.number().int().min(1).max(100_000).optional(),
      bands: bandsSchema.optional(),
    })
    .strict()
    .superRefine((g, ctx) => {
      if (g.minUnits !== undefined && !g.bands) ctx.addIssue({ code: 'custom', path: ['bands'], message: 'minUnits needs fallback bands for the groups that are too small' });
      if (g.minUnits === undefined && g.bands) ctx.addIssue({ code: 'custom', path: ['minUnits'], message: 'fallback bands need minUnits (the smallest group the distribution grades)' });
    }),
]);

export const adjustmentSchema = z
  .object({
    unit: codeSchema,
    /** Points added to the score (negative to deduct). */
    points: finite.refine((p) => Math.abs(p) <= 1000, 'at most ±1000 points'),
    reason: z.string().trim().min(1, 'say why').max(500),
    /** Who approved it; when left out, whoever finalises the cycle is recorded as approving it. */
    approvedBy: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

export const cycleDefinitionSchema = z
  .object({
    code: cycleCode,
    name: localizedSchema,
    from: month,
    to: month,
    /** `ytd`: scored as of `to`, year to date; `span`: over the months from..to. */
    window: z.enum(['ytd', 'span']).default('ytd'),
    /** Unit codes, or every unit at a depth of the tree (company = 1). */
    units: z.union([
      z.array(codeSchema).min(1).max(10_000),
      z.object({ level: z.number().int().min(1).max(50) }).strict(),
    ]),
    /** `exclude`: indicators without data are left out (weights renormalised); `zero`: they count as 0. */
    missing: z.enum(['exclude', 'zero']).default('exclude'),
    /** perspective code → weight, overriding the model's for this evaluation. */
    perspectiveWeights: z.record(codeSchema, finite.refine((w) => w >= 0, 'must not be negative')).optional(),
    adjustments: z.array(adjustmentSchema).max(10_000).default([]),
    grading: gradingSchema,
    /** People and pay: % of base by grade, proration and rounding (server/pay/schema.ts). */
    pay: payPolicySchema.optional(),
    /** Fairness checks before finalising: thresholds below which units must be acknowledged. */
    fairness: fairnessSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.from > d.to) ctx.addIssue({ code: 'custom', path: ['to'], message: `the cycle ends (${d.to}) before it starts (${d.from})` });
    const months = (Number(d.to.slice(0, 4)) - Number(d.from.slice(0, 4))) * 12 + Number(d.to.slice(5)) - Number(d.from.slice(5)) + 1;
    if (months > 36) ctx.addIssue({ code: 'custom', path: ['to'], message: 'a cycle spans at most 36 months' });
    if (Array.isArray(d.units)) {
      const seen = new Set<string>();
      d.units.forEach((u, i) => {
        if (seen.has(u)) ctx.addIssue({ code: 'custom', path: ['units', i], message: `unit ${u} is listed twice` });
        seen.add(u);
      });
      d.adjustments.forEach((a, i) => {
        if (!seen.has(a.unit)) ctx.addIssue({ code: 'custom', path: ['adjustments', i, 'unit'], message: `unit ${a.unit} is not evaluated in this cycle` });
      });
    }
    if (d.pay) {
      for (const grade of gradesOf(d.grading)) {
        if (d.pay.rates[grade] === undefined) ctx.addIssue({ code: 'custom', path: ['pay', 'rates', grade], message: `grade ${grade} has no rate` });
      }
    }
    if (d.perspectiveWeights && Object.values(d.perspectiveWeights).every((w) => w === 0)) {
      ctx.addIssue({ code: 'custom', path: ['perspectiveWeights'], message: 'at least one perspective needs a weight above 0' });
    }
  });

export type CycleDefinition = z.output<typeof cycleDefinitionSchema>;
export type CycleDefinitionInput = z.input<typeof cycleDefinitionSchema>;
export type Adjustment = z.output<typeof adjustmentSchema>;

export function gradingRule(definition: CycleDefinition): GradingRule {
  return definition.grading as GradingRule;
}

/** The path of a zod issue in words, e.g. `grading.bands[2].from`. */
function issuePath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/** Validates a definition (parsed file or request body); a DomainError lists every problem. */
export function parseCycleDefinition(raw: unknown): CycleDefinition {
  const parsed = cycleDefinitionSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: i.message }));
    throw new DomainError('invalid_cycle', `The evaluation cycle is not valid: ${details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')}`, details, 422);
  }
  return parsed.data;
}

/** The text of a cycle file (YAML or JSON). */
export function parseCycleText(text: string): CycleDefinition {
  let raw: unknown;
  try {
    raw = YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    throw new DomainError('invalid_cycle', `The cycle file is not valid YAML or JSON: ${(err as Error).message}`, [{ path: '', message: (err as Error).message }], 400);
  }
  return parseCycleDefinition(raw);
}
