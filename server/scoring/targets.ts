/**
 * Target setting (DESIGN.md §3 "Target setting"): cascading a parent's yearly target to its
 * children and phasing a yearly target into months. Pure functions, no I/O.
 *
 * Rounding: every figure is a whole number of *rounding units*, 10^-decimals, where `decimals`
 * defaults to the number of decimals the given target is written with (64000 → whole numbers,
 * 97.5 → tenths; at most 6). The split is done in integers: each share but the last is cut
 * toward zero, and the last child (or the last due month) takes what is left, so the parts
 * always add up to the whole exactly and no unit is ever lost.
 */
import { aggregateTime } from './aggregate.ts';
import { isFiniteNumber, preciseSum, tidy } from './numbers.ts';
import type { TimeAggregation } from './types.ts';

export type CascadeMethod = 'equal' | 'last_year' | 'shares';
export type PhasingMethod = 'even' | 'last_year' | 'profile';
export type Frequency = 'monthly' | 'quarterly' | 'yearly';

export const MAX_DECIMALS = 6;

export class TargetPlanError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** How many decimals `value` is written with (its shortest representation), at most MAX_DECIMALS. */
export function decimalsOf(value: number): number {
  if (!isFiniteNumber(value)) return 0;
  const text = String(tidy(Math.abs(value)));
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Math.min(MAX_DECIMALS, Number(exp[1]) + (text.split('e')[0].split('.')[1]?.length ?? 0));
  return Math.min(MAX_DECIMALS, text.split('.')[1]?.length ?? 0);
}

/** `value` as a whole number of rounding units; refuses what integers cannot carry exactly. */
function toUnits(value: number, decimals: number): number {
  const units = Math.round(tidy(value * 10 ** decimals));
  if (!Number.isSafeInteger(units)) throw new TargetPlanError(`${value} is too large to split exactly at ${decimals} decimals`, 'target');
  return units;
}

const fromUnits = (units: number, decimals: number) => tidy(units / 10 ** decimals);

/**
 * Splits `total` units by `weights` (non-negative, positive sum): each part but the last is
 * total × weight / Σweights cut toward zero; the last takes the remainder.
 */
export function splitUnits(total: number, weights: readonly number[]): number[] {
  const sum = preciseSum(weights);
  if (weights.length === 0) return [];
  const parts = weights.map((w) => Math.trunc(tidy((total * w) / sum)));
  parts[parts.length - 1] = total - preciseSum(parts.slice(0, -1));
  return parts;
}

/** Splits `value` by `weights` at `decimals`, exactly (see the module comment). */
export function splitValue(value: number, weights: readonly number[], decimals: number): number[] {
  return splitUnits(toUnits(value, decimals), weights).map((u) => fromUnits(u, decimals));
}

export interface CascadeChild {
  code: string;
  /** The child's actual over the previous year (its yearly aggregate); null when it has none. */
  lastYear: number | null;
}

export interface CascadeInput {
  target: number;
  /** Whether the indicator sums over the org tree (aggregation.org = sum); others copy. */
  summed: boolean;
  by: CascadeMethod;
  children: readonly CascadeChild[];
  /** Percent by child code, summing to 100 (for `by: shares`). */
  shares?: Readonly<Record<string, number>>;
  decimals?: number;
}

export interface CascadeResult {
  /** The method actually used (`last_year` falls back to `equal` when last year cannot say). */
  by: CascadeMethod | 'copy';
  decimals: number;
  children: { code: string; target: number; share: number | null }[];
  warnings: string[];
}

/**
 * A parent's yearly target split over its children (DESIGN.md §3): by equal parts, by each
 * child's share of last year's actuals, or by given percentages; the last child takes the
 * rounding remainder. A child without last-year data gets no share (and a warning); when no
 * child has usable last-year data the split falls back to equal parts. Indicators that do not
 * sum over the org tree copy the target to every child.
 */
export function cascadeTarget(input: CascadeInput): CascadeResult {
  if (!isFiniteNumber(input.target)) throw new TargetPlanError('the target is not a number', 'target');
  if (input.children.length === 0) throw new TargetPlanError('the unit has no children to cascade to', 'unit');
  const decimals = input.decimals ?? decimalsOf(input.target);
  if (!input.summed) {
    return { by: 'copy', decimals, children: input.children.map((c) => ({ code: c.code, target: tidy(input.target), share: null })), warnings: ['the indicator does not add up over units: every child receives the parent’s target'] };
  }
  const warnings: string[] = [];
  let by = input.by;
  let weights: number[];
  if (by === 'shares') weights = sharesOf(input.children, input.shares);
  else if (by === 'last_year') {
    const usable = lastYearWeights(input.children);
    warnings.push(...usable.warnings);
    if (usable.weights) weights = usable.weights;
    else {
      by = 'equal';
      weights = input.children.map(() => 1);
    }
  } else weights = input.children.map(() => 1);
  const targets = splitValue(input.target, weights, decimals);
  const total = preciseSum(weights);
  return { by, decimals, children: input.children.map((c, i) => ({ code: c.code, target: targets[i], share: tidy((weights[i] / total) * 100) })), warnings };
}

function sharesOf(children: readonly CascadeChild[], shares: Readonly<Record<string, number>> | undefined): number[] {
  if (!shares) throw new TargetPlanError('by shares needs the shares (e.g. A=40,B=60)', 'shares');
  const codes = new Set(children.map((c) => c.code));
  const unknown = Object.keys(shares).filter((code) => !codes.has(code));
  if (unknown.length) throw new TargetPlanError(`${unknown.join(', ')} ${unknown.length > 1 ? 'are not children' : 'is not a child'} of the unit (children: ${[...codes].join(', ')})`, 'shares');
  const missing = children.filter((c) => shares[c.code] === undefined).map((c) => c.code);
  if (missing.length) throw new TargetPlanError(`no share for ${missing.join(', ')} (give every child a share; 0 is allowed)`, 'shares');
  const weights = children.map((c) => shares[c.code]);
  const bad = children.filter((_, i) => !isFiniteNumber(weights[i]) || weights[i] < 0).map((c) => c.code);
  if (bad.length) throw new TargetPlanError(`the share of ${bad.join(', ')} is not a percentage ≥ 0`, 'shares');
  const sum = tidy(preciseSum(weights));
  if (sum !== 100) throw new TargetPlanError(`the shares add up to ${sum}, not 100`, 'shares');
  return weights;
}

function lastYearWeights(children: readonly CascadeChild[]): { weights: number[] | null; warnings: string[] } {
  const negative = children.filter((c) => isFiniteNumber(c.lastYear) && c.lastYear < 0).map((c) => c.code);
  if (negative.length) return { weights: null, warnings: [`last year’s actual is negative for ${negative.join(', ')}: split into equal parts instead`] };
  const weights = children.map((c) => (isFiniteNumber(c.lastYear) ? c.lastYear : 0));
  if (preciseSum(weights) <= 0) return { weights: null, warnings: ['no child has last year’s actuals: split into equal parts instead'] };
  const without = children.filter((c) => !isFiniteNumber(c.lastYear)).map((c) => c.code);
  return { weights, warnings: without.length ? [`no actuals last year for ${without.join(', ')}: no share of the target (set one by hand or cascade by shares)`] : [] };
}

/** The months (1-12) a figure of `frequency` is due in: every month, quarter ends, December. */
export function dueMonths(frequency: Frequency): number[] {
  if (frequency === 'quarterly') return [3, 6, 9, 12];
  if (frequency === 'yearly') return [12];
  return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
}

export interface PhaseInput {
  yearly: number;
  /** Whether the indicator sums over time (aggregation.time = sum); others repeat the target. */
  summed: boolean;
  frequency: Frequency;
  by: PhasingMethod;
  /** The unit's actuals of the previous year, January to December (for `last_year`). */
  lastYear?: readonly (number | null)[];
  /** Twelve relative weights, January to December (for `profile`). */
  profile?: readonly number[];
  decimals?: number;
}

export interface PhaseResult {
  by: PhasingMethod | 'copy';
  /** Twelve monthly targets; null in months the indicator is not due (quarterly, yearly). */
  months: (number | null)[];
  warnings: string[];
}

/**
 * A yearly target spread over the months it is due in. Sum indicators split it by equal parts,
 * by the unit's last-year profile (even, with a warning, when last year is incomplete), or by a
 * 12-value profile; a quarterly indicator's quarter takes the weight of its three months and
 * lands on the quarter's last month, where its actual is entered. December takes the remainder.
 * Other indicators carry the yearly target in every due month.
 */
export function phaseTarget12(input: PhaseInput): PhaseResult {
  if (!isFiniteNumber(input.yearly)) throw new TargetPlanError('the yearly target is not a number', 'target');
  const due = dueMonths(input.frequency);
  const months: (number | null)[] = Array.from({ length: 12 }, () => null);
  if (!input.summed) {
    for (const m of due) months[m - 1] = tidy(input.yearly);
    return { by: 'copy', months, warnings: [] };
  }
  const decimals = input.decimals ?? decimalsOf(input.yearly);
  const warnings: string[] = [];
  let by: PhasingMethod = input.by;
  let weights = due.map(() => 1);
  if (by === 'profile') weights = profileWeights(input.profile, due);
  else if (by === 'last_year') {
    const fromLastYear = lastYearProfile(input.lastYear, due);
    if (fromLastYear.weights) weights = fromLastYear.weights;
    else {
      by = 'even';
      warnings.push(fromLastYear.warning);
    }
  }
  const parts = splitValue(input.yearly, weights, decimals);
  due.forEach((m, i) => (months[m - 1] = parts[i]));
  return { by, months, warnings };
}

/** Weights of the due months: each takes the months since the previous due month (a quarter, its three). */
function slotSums(values: readonly number[], due: number[]): number[] {
  return due.map((m, i) => preciseSum(values.slice(i === 0 ? 0 : due[i - 1], m)));
}

function profileWeights(profile: readonly number[] | undefined, due: number[]): number[] {
  if (!profile || profile.length !== 12) throw new TargetPlanError('a profile has 12 values, January to December', 'profile');
  if (profile.some((v) => !isFiniteNumber(v) || v < 0)) throw new TargetPlanError('profile values are numbers ≥ 0', 'profile');
  const weights = slotSums(profile, due);
  if (preciseSum(weights) <= 0) throw new TargetPlanError('the profile adds up to 0', 'profile');
  return weights;
}

function lastYearProfile(lastYear: readonly (number | null)[] | undefined, due: number[]): { weights: number[]; warning?: undefined } | { weights?: undefined; warning: string } {
  const values = Array.from({ length: 12 }, (_, i) => lastYear?.[i] ?? null);
  const missing = due.filter((m) => !isFiniteNumber(values[m - 1]));
  if (missing.length) return { warning: `last year is incomplete (no actual for month${missing.length > 1 ? 's' : ''} ${missing.join(', ')}): phased evenly instead` };
  if (values.some((v) => isFiniteNumber(v) && v < 0)) return { warning: 'last year has negative months: phased evenly instead' };
  const weights = slotSums(values.map((v) => v ?? 0), due);
  if (preciseSum(weights) <= 0) return { warning: 'last year adds up to 0: phased evenly instead' };
  return { weights };
}

/** The year's figure of twelve monthly targets, aggregated the indicator's way (sum, avg, last…). */
export function yearlyOf(months: readonly (number | null)[], method: TimeAggregation): number | null {
  return aggregateTime(months, method);
}

/** Month-by-month sums of the children's plans (nulls stay null only where every child has none). */
export function sumMonths(plans: readonly (readonly (number | null)[])[]): (number | null)[] {
  return Array.from({ length: 12 }, (_, i) => {
    const present = plans.map((p) => p[i]).filter(isFiniteNumber);
    return present.length ? tidy(preciseSum(present)) : null;
  });
}

export interface ConsistencyParent {
  unit: string;
  target: number | null;
  children: { unit: string; target: number | null }[];
}

export interface ConsistencyGap {
  unit: string;
  target: number;
  childrenTotal: number;
  gap: number;
  /** Children without a yearly target (their part is unknown). */
  missing: string[];
}

/** Parents of a sum indicator whose children's yearly targets do not add up to their own. */
export function findGaps(parents: readonly ConsistencyParent[]): ConsistencyGap[] {
  const gaps: ConsistencyGap[] = [];
  for (const p of parents) {
    if (!isFiniteNumber(p.target) || p.children.length === 0) continue;
    const present = p.children.filter((c) => isFiniteNumber(c.target));
    const childrenTotal = tidy(preciseSum(present.map((c) => c.target as number)));
    const missing = p.children.filter((c) => !isFiniteNumber(c.target)).map((c) => c.unit);
    if (childrenTotal !== tidy(p.target) || missing.length) gaps.push({ unit: p.unit, target: p.target, childrenTotal, gap: tidy(childrenTotal - p.target), missing });
  }
  return gaps;
}
