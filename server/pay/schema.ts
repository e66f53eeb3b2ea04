/**
 * The `pay:` and `fairness:` parts of an evaluation cycle file (DESIGN.md §3 "People and pay").
 *
 * ```yaml
 * pay:
 *   rates: { S: 150, A: 120, B: 100, C: 80, D: 50 }   # % of base, by the unit's grade
 *   proration: days
 *   rounding: 1000                                    # half up to a multiple of 1,000
 * fairness:
 *   minCoverage: 0.8        # units scored on less than 80 % of the weight are listed …
 *   minCompleteness: 0.9    # … and so are units with less than 90 % of their data in
 * ```
 * Listed units block finalising until someone acknowledges them with a reason.
 */
import { z } from 'zod';
import { hundredths } from '../scoring/payout.ts';

const percent = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .refine((r) => r >= 0 && r <= 1000, 'a percentage from 0 to 1000')
  .refine((r) => hundredths(r) !== null, 'at most two decimals');

export const payPolicySchema = z
  .object({
    rates: z.record(z.string().min(1).max(16), percent).refine((r) => Object.keys(r).length > 0, 'name a rate for each grade'),
    /** Only `days`: an employee in several units during the span gets Σ rate × share of days. */
    proration: z.literal('days').default('days'),
    rounding: z.number().int('a whole amount (1, 10, 100, 1000 …)').min(1).max(1_000_000).default(1),
  })
  .strict();

const share = z.number().min(0, 'a share from 0 to 1').max(1, 'a share from 0 to 1 (0.8 is 80 %)');

export const fairnessSchema = z
  .object({
    minCoverage: share.optional(),
    minCompleteness: share.optional(),
  })
  .strict();

export type PayPolicyDefinition = z.output<typeof payPolicySchema>;
export type FairnessDefinition = z.output<typeof fairnessSchema>;

/** Every grade a grading rule can give (bands, distribution and its fallback bands). */
export function gradesOf(grading: { method: string; bands?: { grade: string }[]; distribution?: { grade: string }[] }): string[] {
  return [...new Set([...(grading.distribution ?? []), ...(grading.bands ?? [])].map((g) => g.grade))];
}
