/**
 * Small numeric helpers shared by the scoring modules.
 *
 * Binary floating point turns decimal data into near-misses (0.1 + 0.2 = 0.30000000000000004),
 * and a met target must score exactly 100, not 99.99999999999999 (which would read `at_risk`
 * and could change a pay grade). So every figure the engine hands out is passed through
 * `tidy`, which rounds to 15 significant digits: every decimal with up to 15 significant digits
 * survives exactly, while the last-bit noise of a few operations disappears.
 */

const SIGNIFICANT_DIGITS = 15;

/**
 * The largest magnitude a stored figure may have. Beyond it nothing real is being measured (a
 * company's revenue in won is below 1e15) and sums of such values lose every decimal, so
 * values such as 1e308 are refused at every write path instead of stored silently.
 */
export const MAX_ABS_VALUE = 1e15;

/** A finite number no larger in magnitude than MAX_ABS_VALUE. */
export function isPlausibleValue(value: unknown): value is number {
  return isFiniteNumber(value) && Math.abs(value) <= MAX_ABS_VALUE;
}

/** The row error's reason for a value outside the plausible range. */
export const IMPLAUSIBLE_VALUE = `is outside the plausible range (at most ${MAX_ABS_VALUE.toExponential()} in magnitude)`;

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Round away binary noise (see the module comment). Non-finite values pass through unchanged. */
export function tidy(value: number): number {
  if (value === 0) return 0; // also turns -0 into 0, which would print as "-0" in places
  if (!Number.isFinite(value)) return value;
  if (isTidy(value)) return value;
  const rounded = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  // Near Number.MAX_VALUE rounding up can overflow to Infinity: keep the value as it was.
  return Number.isFinite(rounded) ? rounded : value;
}

/** Powers of ten the fast path of `tidy` tries: most figures have at most four decimals. */
const SCALES = [1, 10, 100, 1000, 10000];

/**
 * Whether `tidy` would return `value` itself, decided without formatting it (toPrecision and
 * parsing back were two thirds of a scorecard's CPU time). True when value = n / 10^k for an
 * integer n below 10^15 and k ≤ 4: value is then the double nearest to the decimal
 * d = n·10^-k, which has at most 15 significant digits; its distance from d (half an ulp,
 * ≤ |value|·2^-53) is far below half the 15-digit spacing (≥ |value|·10^-15 / 2), so rounding
 * value to 15 digits gives d back, and d parses to value. Anything else takes the slow path.
 */
function isTidy(value: number): boolean {
  if (Math.abs(value) >= MAX_ABS_VALUE) return false;
  for (const scale of SCALES) {
    const n = value * scale;
    if (Number.isInteger(n)) return Math.abs(n) < MAX_ABS_VALUE && n / scale === value;
  }
  return false;
}

/** `tidy` for optional values; anything non-finite becomes null so NaN/Infinity never leak out. */
export function tidyOrNull(value: number | null | undefined): number | null {
  return isFiniteNumber(value) ? tidy(value) : null;
}

/**
 * Neumaier (compensated) summation: the error does not grow with the number of terms, so
 * summing twelve monthly values gives the same total as adding them by hand.
 */
export function preciseSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/**
 * Round half away from zero to `digits` decimals (negative digits round to tens, hundreds…).
 * Scaling goes through `tidy` so that 1.005 rounds to 1.01 as written, not to 1.00 as stored.
 */
export function roundHalfAwayFromZero(value: number, digits: number): number {
  const scale = 10 ** Math.abs(digits);
  const scaled = tidy(digits >= 0 ? value * scale : value / scale);
  const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
  return tidy(digits >= 0 ? rounded / scale : rounded * scale);
}
