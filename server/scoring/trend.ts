/**
 * Trend figures for one monthly series (DESIGN.md §3 "Gap and trend").
 */
import { isFiniteNumber, preciseSum, tidy, tidyOrNull } from './numbers.ts';
import { addMonths, monthIndex, monthKey, monthOrdinal, monthRange, parsePeriod } from './period.ts';
import { DEFAULT_TOLERANCE } from './score.ts';
import type { Direction, MonthKey, TimeAggregation } from './types.ts';

export type TrendPoint = { period: MonthKey; actual: number | null };

export type TrendOptions = {
  method: TimeAggregation;
  asOf: MonthKey;
  /** The target for the whole year, aggregated the indicator's way (e.g. the sum of 12 months). */
  yearTarget: number | null;
  direction: Direction;
  /** Percent of the year target a `maintain` forecast may miss by (default 5). */
  tolerance?: number;
};

export type Trend = {
  /** The actual of the `asOf` month itself. */
  current: number | null;
  previous: number | null;
  change: number | null;
  sameLastYear: number | null;
  changeYoY: number | null;
  movingAverage3: number | null;
  slope6: number | null;
  forecast: number | null;
  atRisk: boolean | null;
};

/**
 * - change: actual of `asOf` − actual of the month before (absolute, in the indicator's unit);
 *   changeYoY likewise against the same month a year earlier. Null when either month is missing.
 * - movingAverage3: mean of the months with data among `asOf` and the two months before.
 * - slope6: least-squares slope (per month) over the months with data among the last six up to
 *   `asOf`; x is the month's position in time, so gaps keep their width. Fewer than 2 points → null.
 * - forecast (year end): for `sum`, the run rate YTD actual / months elapsed × 12, where months
 *   elapsed counts every month from January to `asOf` whether or not it has data (a month
 *   without data is read as nothing happening, the same way the YTD sum reads it). Otherwise the
 *   least-squares line through this year's months with data, extended to December; with a
 *   single month of data, that month's value.
 * - atRisk: the forecast misses the year target read with the direction (increase: below,
 *   decrease: above, maintain: further than the tolerance). Null when either is missing.
 */
export function trendOf(points: readonly TrendPoint[], opts: TrendOptions): Trend {
  const values = valuesByMonth(points);
  const at = (offset: number): number | null => values.get(addMonths(opts.asOf, offset)) ?? null;
  const current = at(0);
  const previous = at(-1);
  const sameLastYear = at(-12);
  const forecast = forecastYearEnd(values, opts);
  return {
    current,
    previous,
    change: difference(current, previous),
    sameLastYear,
    changeYoY: difference(current, sameLastYear),
    movingAverage3: mean(presentValues(values, monthRange(addMonths(opts.asOf, -2), opts.asOf))),
    slope6: slopeOver(values, monthRange(addMonths(opts.asOf, -5), opts.asOf)),
    forecast,
    atRisk: missesTarget(forecast, opts),
  };
}

function valuesByMonth(points: readonly TrendPoint[]): Map<MonthKey, number> {
  const values = new Map<MonthKey, number>();
  for (const point of points) {
    monthOrdinal(point.period); // throws a clear error for anything that is not YYYY-MM
    if (isFiniteNumber(point.actual)) values.set(point.period, point.actual);
  }
  return values;
}

function presentValues(values: Map<MonthKey, number>, months: MonthKey[]): number[] {
  return months.map((month) => values.get(month)).filter(isFiniteNumber);
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : tidyOrNull(a - b);
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : tidyOrNull(preciseSum(values) / values.length);
}

type Line = { slope: number; at: (x: number) => number };

/** Ordinary least squares through (x, y); null with fewer than two distinct x. */
function leastSquares(points: { x: number; y: number }[]): Line | null {
  if (points.length < 2) return null;
  const meanX = preciseSum(points.map((p) => p.x)) / points.length;
  const meanY = preciseSum(points.map((p) => p.y)) / points.length;
  const sxx = preciseSum(points.map((p) => (p.x - meanX) ** 2));
  if (sxx === 0) return null;
  const slope = preciseSum(points.map((p) => (p.x - meanX) * (p.y - meanY))) / sxx;
  return { slope, at: (x) => meanY + slope * (x - meanX) };
}

function slopeOver(values: Map<MonthKey, number>, months: MonthKey[]): number | null {
  const points = months.filter((m) => values.has(m)).map((m) => ({ x: monthOrdinal(m), y: values.get(m)! }));
  const line = leastSquares(points);
  return line ? tidyOrNull(line.slope) : null;
}

function forecastYearEnd(values: Map<MonthKey, number>, opts: TrendOptions): number | null {
  const year = parsePeriod(opts.asOf).year;
  const ytdMonths = monthRange(monthKey(year, 1), opts.asOf).filter((m) => values.has(m));
  if (ytdMonths.length === 0) return null;
  const ytd = ytdMonths.map((m) => values.get(m)!);
  // Run rate over the months that have an actual: a month not yet in is not a month of zero.
  if (opts.method === 'sum') return tidyOrNull((preciseSum(ytd) / ytdMonths.length) * 12);
  const line = leastSquares(ytdMonths.map((m, i) => ({ x: monthIndex(m), y: ytd[i] })));
  return tidyOrNull(line ? line.at(12) : ytd[ytd.length - 1]);
}

function missesTarget(forecast: number | null, opts: TrendOptions): boolean | null {
  if (forecast === null || !isFiniteNumber(opts.yearTarget)) return null;
  const target = opts.yearTarget;
  switch (opts.direction) {
    case 'increase':
      return forecast < target;
    case 'decrease':
      return forecast > target;
    case 'maintain': {
      const tolerance = isFiniteNumber(opts.tolerance) && opts.tolerance >= 0 ? opts.tolerance : DEFAULT_TOLERANCE;
      return Math.abs(tidy(forecast - target)) > tidy((Math.abs(target) * tolerance) / 100);
    }
    default:
      return null;
  }
}
