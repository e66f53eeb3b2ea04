/**
 * Improvement initiatives, benchmarks and improvement priorities (개선활동 전개표 / 향상도,
 * 벤치마킹 결과 정리표, 개선 우선순위). Pure functions, no I/O.
 *
 * Every comparison is read with the indicator's direction, and every sign is "positive = good":
 * - improvement rate: positive when the after value is better than the before value;
 * - benchmark gap: positive when our value is better than the other's (`favourable: true`);
 * - priority shortfall: how far (in % of the expected level) we are short of the expected level,
 *   0 when we already meet it.
 * A value that cannot be computed honestly is null with a warning, never NaN or Infinity.
 */
import { isFiniteNumber, tidy } from './numbers.ts';
import type { Direction } from './types.ts';

export interface ImprovementRate {
  /** after − before, as measured (not read with the direction). */
  change: number | null;
  /** Percent improvement of the before value, positive = better, read with the direction. */
  rate: number | null;
  /** true when after is better than before, false when worse, null when it cannot be said. */
  improved: boolean | null;
  warning: string | null;
}

/**
 * 향상도: increase (A − B) / |B| × 100; decrease (B − A) / |B| × 100. For `maintain` the
 * improvement is the reduction of the distance to `target`: (|B − T| − |A − T|) / |B| × 100.
 */
export function improvementRate(before: number | null | undefined, after: number | null | undefined, direction: Direction, target?: number | null): ImprovementRate {
  if (!isFiniteNumber(before) || !isFiniteNumber(after)) return { change: null, rate: null, improved: null, warning: null };
  const change = tidy(after - before);
  if (before === 0) return { change, rate: null, improved: better(after, before, direction, target), warning: 'the before value is 0, no improvement rate' };
  let gain: number;
  if (direction === 'increase') gain = after - before;
  else if (direction === 'decrease') gain = before - after;
  else {
    if (!isFiniteNumber(target)) return { change, rate: null, improved: null, warning: 'a maintain indicator needs a target to read the improvement rate' };
    gain = Math.abs(before - target) - Math.abs(after - target);
  }
  const rate = tidy((gain / Math.abs(before)) * 100);
  return { change, rate, improved: rate > 0 ? true : rate < 0 ? false : null, warning: null };
}

function better(after: number, before: number, direction: Direction, target?: number | null): boolean | null {
  const gain = direction === 'increase' ? after - before : direction === 'decrease' ? before - after : isFiniteNumber(target) ? Math.abs(before - target) - Math.abs(after - target) : 0;
  return gain > 0 ? true : gain < 0 ? false : null;
}

export interface BenchmarkGap {
  /** Our advantage in the indicator's unit: own − other for increase, other − own for decrease. */
  gap: number | null;
  /** gap / |other| × 100. */
  gapPct: number | null;
  /** true when we are at least as good as the other; null when it cannot be said. */
  favourable: boolean | null;
  warning: string | null;
}

/**
 * The gap of our value to another's (a competitor or best in class), positive = we are better.
 * For `maintain` there is no better side: the gap is |own − other| shown as a shortfall
 * (≤ 0) and favourable only when both are equal.
 */
export function benchmarkGap(own: number | null | undefined, other: number | null | undefined, direction: Direction): BenchmarkGap {
  if (!isFiniteNumber(own) || !isFiniteNumber(other)) return { gap: null, gapPct: null, favourable: null, warning: null };
  const gap = tidy(direction === 'increase' ? own - other : direction === 'decrease' ? other - own : -Math.abs(own - other));
  const gapPct = other === 0 ? null : tidy((gap / Math.abs(other)) * 100);
  return { gap, gapPct, favourable: gap >= 0, warning: other === 0 ? 'the benchmark value is 0, no gap percent' : null };
}

export interface PriorityInput {
  key: string;
  direction: Direction;
  /** The level expected (best in class or a stated level). */
  expected: number | null;
  /** Our current level. */
  current: number | null;
  /** Importance weight (survey-derived or the indicator's weight). */
  importance: number | null;
}

export interface PriorityResult {
  key: string;
  /** expected − current read with the direction, positive = we are short of it. */
  gap: number | null;
  /** |gap| / max(|current|, |expected|) × 100 when we are short of the expected level, else 0 (see shortfallPercent). */
  shortfallPct: number | null;
  /** importance × shortfallPct; null when either is unknown. */
  priority: number | null;
  /** 1 = most urgent; rows without a priority come last, unranked (null). */
  rank: number | null;
  warning: string | null;
}

/**
 * How far short of the expected level we are, on one scale for both directions:
 * shortfall = |gap| / max(|current|, |expected|) × 100 when we are short (0 when we meet or beat
 * it), so it lies in [0, 100] whichever way the indicator reads: 15 days against 1 expected is
 * 14 / 15 = 93.3, 60 points against 95 is 35 / 95 = 36.8. (A denominator of |expected| alone
 * would give the first 1,400 and cap only the second.) For `maintain` every distance counts.
 * Both zero: no shortfall to measure (null).
 */
export function shortfallPercent(current: number, expected: number, direction: Direction): number | null {
  const short = direction === 'increase' ? expected - current : direction === 'decrease' ? current - expected : Math.abs(current - expected);
  const scale = Math.max(Math.abs(current), Math.abs(expected));
  if (scale === 0) return null;
  return short <= 0 ? 0 : tidy((short / scale) * 100);
}

/** Improvement priorities: priority = importance × shortfall(%), ranked high to low. */
export function rankPriorities(rows: readonly PriorityInput[]): PriorityResult[] {
  const results = rows.map((row): PriorityResult => {
    const g = benchmarkGap(row.current, row.expected, row.direction);
    const gap = g.gap === null ? null : tidy(-g.gap);
    let warning = g.warning;
    if (row.expected === null || row.current === null) warning = row.expected === null ? 'no expected level' : 'no current value';
    const shortfallPct = isFiniteNumber(row.current) && isFiniteNumber(row.expected) ? shortfallPercent(row.current, row.expected, row.direction) : null;
    if (shortfallPct === null && warning === null) warning = 'current and expected are both 0, no shortfall';
    if (!isFiniteNumber(row.importance) && warning === null) warning = 'no importance';
    const priority = shortfallPct === null || !isFiniteNumber(row.importance) ? null : tidy(row.importance * shortfallPct);
    return { key: row.key, gap, shortfallPct, priority, rank: null, warning };
  });
  const ranked = results.filter((r) => r.priority !== null).sort((a, b) => b.priority! - a.priority! || a.key.localeCompare(b.key));
  ranked.forEach((r, i) => (r.rank = i + 1));
  return results;
}
