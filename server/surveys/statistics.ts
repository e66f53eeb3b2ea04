/**
 * The few statistics the survey indices need. Results are not rounded (rounding is the
 * caller's business); sums are compensated so a mean over hundreds of respondents does not
 * drift with the order of the rows.
 */

/** Neumaier (compensated) summation: the error does not grow with the number of terms. */
export function sum(values: readonly number[]): number {
  let total = 0;
  let compensation = 0;
  for (const value of values) {
    const next = total + value;
    compensation += Math.abs(total) >= Math.abs(value) ? total - next + value : value - next + total;
    total = next;
  }
  return total + compensation;
}

/** Arithmetic mean; null for no values (never NaN). */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

export function isConstant(values: readonly number[]): boolean {
  return values.every((value) => value === values[0]);
}

export type CorrelationProblem = 'too_few_pairs' | 'constant_x' | 'constant_y';
export type Correlation = { value: number; problem?: undefined } | { value: null; problem: CorrelationProblem };

/**
 * Pearson's r of paired values (two-pass: deviations from the means). Constancy is tested on
 * the data itself, not on a variance near zero, because a mean of identical thirds may differ
 * from them in the last bit and would otherwise yield a meaningless r.
 */
export function pearson(xs: readonly number[], ys: readonly number[]): Correlation {
  if (xs.length < 2) return { value: null, problem: 'too_few_pairs' };
  if (isConstant(xs)) return { value: null, problem: 'constant_x' };
  if (isConstant(ys)) return { value: null, problem: 'constant_y' };
  const meanX = sum(xs) / xs.length;
  const meanY = sum(ys) / ys.length;
  const dx = xs.map((x) => x - meanX);
  const dy = ys.map((y) => y - meanY);
  const covariance = sum(dx.map((d, i) => d * dy[i]));
  const r = covariance / Math.sqrt(sum(dx.map((d) => d * d)) * sum(dy.map((d) => d * d)));
  // Rounding can push a perfect correlation a hair past ±1.
  return { value: Math.max(-1, Math.min(1, r)) };
}
