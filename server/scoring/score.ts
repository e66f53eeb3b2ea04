/**
 * Indicator scores, status and gap (DESIGN.md §3 "Indicator score", "Status", "Gap and trend").
 *
 * Scores run from 0 upward; 100 means the target is met. Every method's raw result is clamped
 * to [0, cap]. Whenever a score cannot be computed honestly (zero target, zero range, a missing
 * parameter, inconsistent settings) the result is `score: null` plus a warning that says why:
 * never NaN or Infinity, and never a silently wrong number.
 */
import { isFiniteNumber, tidy, tidyOrNull } from './numbers.ts';
import type { BandStep, Direction, Scoring, Status, StatusThresholds } from './types.ts';

export const DEFAULT_CAP = 120;
export const DEFAULT_TOLERANCE = 5;
export const DEFAULT_THRESHOLDS: StatusThresholds = { onTrack: 100, atRisk: 90 };

/**
 * No business figure comes near 1e100, while differences and ratios of figures beyond it can
 * overflow to Infinity halfway through a formula and come out as a plausible-looking but wrong
 * score. Refusing them up front keeps every intermediate result finite.
 */
export const MAX_MAGNITUDE = 1e100;

export type ScoreInput = {
  actual: number | null;
  target: number | null;
  baseline?: number | null;
  redFlag?: number | null;
  direction: Direction;
  /** Percent of the target; only `maintain` reads it (default 5). */
  tolerance?: number | null;
  scoring: Scoring;
};

export type ScoreResult = { score: number | null; warning: string | null };

/** What a method computes before clamping: a raw score, or the reason there is none. */
type Raw = { score: number } | { warning: string };

const noScore = (reason: string): Raw => ({ warning: `${reason}, no score` });
const raw = (score: number): Raw => ({ score });

export function scoreIndicator(input: ScoreInput): ScoreResult {
  const { actual, target } = input;
  // Missing data is normal (the month is not entered yet): status no_data, nothing to warn about.
  if (actual === null || actual === undefined) return { score: null, warning: null };
  if (!isFiniteNumber(actual)) return { score: null, warning: 'actual is not a finite number, no score' };
  // An actual without a target is worth telling the user: someone forgot to set the target.
  if (target === null || target === undefined) return { score: null, warning: 'no target for the period, no score' };
  if (!isFiniteNumber(target)) return { score: null, warning: 'target is not a finite number, no score' };

  const outOfRange = firstOutOfRange(input);
  if (outOfRange) return { score: null, warning: `${outOfRange} is out of range (beyond ±1e100), no score` };

  const cap = input.scoring?.cap ?? DEFAULT_CAP;
  if (!isFiniteNumber(cap) || cap < 0) {
    return { score: null, warning: `cap must be a number ≥ 0 (got ${String(cap)}), no score` };
  }
  // Read every figure as the decimal it stands for (see numbers.ts): 0.1 + 0.2 meets a 0.3 target.
  const result = rawScore({
    ...input,
    actual: tidy(actual),
    target: tidy(target),
    baseline: tidyOrNull(input.baseline) ?? input.baseline,
    redFlag: tidyOrNull(input.redFlag) ?? input.redFlag,
  });
  if ('warning' in result) return { score: null, warning: result.warning };
  // A raw score that overflowed cannot be trusted to be "large": refuse it rather than cap it.
  if (!Number.isFinite(result.score)) return { score: null, warning: 'the numbers are too large to score, no score' };
  // Clamp after tidying so that the cap itself is never rounded past.
  return { score: Math.min(cap, Math.max(0, tidy(result.score))), warning: null };
}

function firstOutOfRange(input: ScoreInput): string | null {
  const named: [string, number | null | undefined][] = [
    ['actual', input.actual],
    ['target', input.target],
    ['baseline', input.baseline],
    ['red flag', input.redFlag],
  ];
  const hit = named.find(([, value]) => isFiniteNumber(value) && Math.abs(value) > MAX_MAGNITUDE);
  return hit ? hit[0] : null;
}

type Known = ScoreInput & { actual: number; target: number };

function rawScore(input: Known): Raw {
  const { direction } = input;
  if (direction === 'maintain') return maintainScore(input);
  if (direction !== 'increase' && direction !== 'decrease') {
    return noScore(`unknown direction ${JSON.stringify(direction)}`);
  }
  const method = input.scoring?.method ?? 'ratio';
  switch (method) {
    case 'ratio':
      return ratioScore(input.actual, input.target, direction);
    case 'progress':
      return progressScore(input);
    case 'threshold':
      return thresholdScore(input);
    case 'bands':
      return bandsScore({ ...input, direction });
    case 'binary':
      return binaryScore(input.actual, input.target, direction);
    default:
      return noScore(`unknown scoring method ${JSON.stringify(method)}`);
  }
}

/**
 * increase: A / T × 100; decrease: (2 − A / T) × 100.
 * Rule for negative targets: a ratio to a negative target reverses its meaning (a larger
 * actual gives a smaller ratio, and A = −2·T would "exceed" a target of −1 as 200 %), so a
 * negative target has no ratio score. Such indicators should use progress, threshold, binary
 * or bands on value, which measure distances rather than ratios.
 */
function ratioScore(actual: number, target: number, direction: 'increase' | 'decrease'): Raw {
  if (target === 0) return noScore('target is 0');
  if (target < 0) return noScore(`ratio scoring needs a positive target (target is ${target})`);
  const ratio = (actual / target) * 100;
  return raw(direction === 'increase' ? ratio : 200 - ratio);
}

/**
 * (A − B) / (T − B) × 100 for both directions: 0 at the baseline, 100 at the target.
 * The baseline must lie on the "bad" side of the target (below it for increase, above it for
 * decrease); otherwise the formula would reward moving the wrong way, so we refuse to score.
 */
function progressScore({ actual, target, baseline, direction }: Known): Raw {
  if (baseline === null || baseline === undefined) return noScore('progress scoring needs a baseline');
  if (!isFiniteNumber(baseline)) return noScore('baseline is not a finite number');
  if (baseline === target) return noScore(`target equals baseline (${target}): zero range`);
  if (direction === 'increase' && baseline > target) {
    return noScore(`baseline ${baseline} is above target ${target} for an increase indicator`);
  }
  if (direction === 'decrease' && baseline < target) {
    return noScore(`baseline ${baseline} is below target ${target} for a decrease indicator`);
  }
  return raw(((actual - baseline) / (target - baseline)) * 100);
}

/**
 * 100 + 50 × (A − T) / (T − R): the goal scores 100, the red flag 50, one goal-to-red-flag gap
 * beyond the red flag 0. Same side rule as progress: the red flag lies on the bad side.
 */
function thresholdScore({ actual, target, redFlag, direction }: Known): Raw {
  if (redFlag === null || redFlag === undefined) return noScore('threshold scoring needs a red flag');
  if (!isFiniteNumber(redFlag)) return noScore('red flag is not a finite number');
  if (redFlag === target) return noScore(`target equals red flag (${target}): zero range`);
  if (direction === 'increase' && redFlag > target) {
    return noScore(`red flag ${redFlag} is above target ${target} for an increase indicator`);
  }
  if (direction === 'decrease' && redFlag < target) {
    return noScore(`red flag ${redFlag} is below target ${target} for a decrease indicator`);
  }
  return raw(100 + 50 * ((actual - target) / (target - redFlag)));
}

function binaryScore(actual: number, target: number, direction: 'increase' | 'decrease'): Raw {
  const met = direction === 'increase' ? actual >= target : actual <= target;
  return raw(met ? 100 : 0);
}

/**
 * Bands. `on: ratio` (default): the ratio score of the direction picks the last step whose
 * `from` ≤ it. `on: value`: increase picks the last step whose `from` ≤ A; decrease picks the
 * first step whose `upTo` ≥ A. Steps are sorted first, so the order they are written in does
 * not matter. A reading below the lowest `from` (or above the highest `upTo`) falls outside
 * every band and scores 0: the floor of the scale.
 */
function bandsScore({ actual, target, direction, scoring }: Known & { direction: 'increase' | 'decrease' }): Raw {
  const steps = scoring.steps ?? [];
  if (steps.length === 0) return noScore('bands scoring needs steps');
  if (!steps.every(isWellFormedStep)) return noScore('every band step needs a finite score and a finite from or upTo');
  const on = scoring.on ?? 'ratio';
  if (on !== 'ratio' && on !== 'value') return noScore(`unknown bands basis on: ${JSON.stringify(on)}`);

  if (on === 'value' && direction === 'decrease') {
    const upToSteps = steps.filter(isUpToStep);
    if (upToSteps.length !== steps.length) return noScore('bands on value for a decrease indicator need upTo steps');
    return raw(firstUpTo(upToSteps, actual));
  }
  const fromSteps = steps.filter(isFromStep);
  if (fromSteps.length !== steps.length) {
    return noScore(on === 'ratio' ? 'bands on ratio need from steps' : 'bands on value for an increase indicator need from steps');
  }
  if (on === 'value') return raw(lastFrom(fromSteps, actual));
  const ratio = ratioScore(actual, target, direction);
  return 'warning' in ratio ? ratio : raw(lastFrom(fromSteps, ratio.score));
}

type FromStep = { from: number; score: number };
type UpToStep = { upTo: number; score: number };

function isFromStep(step: BandStep): step is FromStep {
  return 'from' in step;
}

function isUpToStep(step: BandStep): step is UpToStep {
  return 'upTo' in step;
}

function isWellFormedStep(step: BandStep): boolean {
  if (step === null || typeof step !== 'object' || !isFiniteNumber(step.score)) return false;
  if ('from' in step && 'upTo' in step) return false;
  return isFromStep(step) ? isFiniteNumber(step.from) : isUpToStep(step) && isFiniteNumber(step.upTo);
}

/** Step edges are read as decimals like the actual (see numbers.ts), so A = edge always hits the edge. */
function lastFrom(steps: FromStep[], reading: number): number {
  // Stable sort: among equal `from`, the one written last still wins ("the last step").
  const sorted = [...steps].sort((a, b) => a.from - b.from);
  const hit = sorted.filter((step) => tidy(step.from) <= tidy(reading)).at(-1);
  return hit ? hit.score : 0;
}

function firstUpTo(steps: UpToStep[], reading: number): number {
  const sorted = [...steps].sort((a, b) => a.upTo - b.upTo);
  const hit = sorted.find((step) => tidy(step.upTo) >= tidy(reading));
  return hit ? hit.score : 0;
}

/**
 * maintain, whatever the method: 100 inside T ± tolerance % of T, else
 * max(0, 100 − (|A − T| / T × 100 − tolerance)). The deviation is taken relative to |T| so a
 * negative target (a temperature, a net balance) keeps the same meaning.
 */
function maintainScore({ actual, target, tolerance }: Known): Raw {
  const allowed = tolerance ?? DEFAULT_TOLERANCE;
  if (!isFiniteNumber(allowed) || allowed < 0) {
    return noScore(`tolerance must be a number ≥ 0 (got ${String(allowed)})`);
  }
  if (target === 0) return noScore('target is 0');
  const deviationPct = (Math.abs(actual - target) / Math.abs(target)) * 100;
  if (tidy(deviationPct) <= allowed) return raw(100);
  return raw(Math.max(0, 100 - (deviationPct - allowed)));
}

/** on_track ≥ onTrack (100), at_risk ≥ atRisk (90), off_track below; no score → no_data. */
export function statusOf(score: number | null, thresholds?: Partial<StatusThresholds> | null): Status {
  if (!isFiniteNumber(score)) return 'no_data';
  const onTrack = thresholdOrDefault(thresholds?.onTrack, DEFAULT_THRESHOLDS.onTrack);
  const atRisk = thresholdOrDefault(thresholds?.atRisk, DEFAULT_THRESHOLDS.atRisk);
  if (score >= onTrack) return 'on_track';
  if (score >= atRisk) return 'at_risk';
  return 'off_track';
}

function thresholdOrDefault(value: number | undefined, fallback: number): number {
  return isFiniteNumber(value) ? value : fallback;
}

export type Gap = { gap: number | null; gapPct: number | null; favourable: boolean | null };

/**
 * gap = A − T, gapPct = gap / T × 100 (null when T = 0). favourable reads the sign with the
 * direction: increase → gap ≥ 0, decrease → gap ≤ 0, maintain → |gap| within tolerance % of |T|.
 */
export function gapOf(
  actual: number | null,
  target: number | null,
  direction: Direction,
  tolerance: number = DEFAULT_TOLERANCE,
): Gap {
  if (!isFiniteNumber(actual) || !isFiniteNumber(target)) return { gap: null, gapPct: null, favourable: null };
  // Tidy first so that binary noise in the inputs cannot flip `favourable` (see numbers.ts).
  const gap = tidy(tidy(actual) - tidy(target));
  if (!Number.isFinite(gap)) return { gap: null, gapPct: null, favourable: null };
  const pct = target === 0 ? null : tidy((gap / target) * 100);
  return { gap, gapPct: isFiniteNumber(pct) ? pct : null, favourable: isFavourable(gap, target, direction, tolerance) };
}

function isFavourable(gap: number, target: number, direction: Direction, tolerance: number): boolean | null {
  if (direction === 'increase') return gap >= 0;
  if (direction === 'decrease') return gap <= 0;
  if (direction === 'maintain') {
    const allowed = isFiniteNumber(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_TOLERANCE;
    return Math.abs(gap) <= tidy((Math.abs(target) * allowed) / 100);
  }
  return null;
}
