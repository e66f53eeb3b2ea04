/**
 * Aggregation over time (DESIGN.md §3): monthly values → quarter, year to date, year; and the
 * phasing of quarterly / yearly targets down to months.
 */
import { isFiniteNumber, preciseSum, tidy } from './numbers.ts';
import { monthKey, monthRange, parsePeriod } from './period.ts';
import type { MonthKey, TimeAggregation } from './types.ts';

/**
 * Aggregate monthly values given in month order. Nulls are months without data and are left
 * out (not counted as zero); `last` is the last month with data. No data at all → null.
 */
export function aggregateTime(values: readonly (number | null | undefined)[], method: TimeAggregation): number | null {
  const present = values.filter(isFiniteNumber);
  if (present.length === 0) return null;
  const result = aggregatePresent(present, method);
  // A sum of huge values can overflow; an overflowed total is no total.
  return Number.isFinite(result) ? tidy(result) : null;
}

function aggregatePresent(values: number[], method: TimeAggregation): number {
  switch (method) {
    case 'sum':
      return preciseSum(values);
    case 'avg':
      return preciseSum(values) / values.length;
    case 'last':
      return values[values.length - 1];
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    default:
      throw new Error(`Unknown time aggregation ${JSON.stringify(method)}: expected sum, avg, last, min or max`);
  }
}

/**
 * The monthly share of a quarterly or yearly figure: `sum` indicators split it evenly over the
 * 3 or 12 months (so the months add back up to it), all others repeat it in every month.
 */
export function phaseTarget(value: number, fromPeriodKind: 'quarter' | 'year', method: TimeAggregation): number {
  if (method !== 'sum') return value;
  return tidy(value / (fromPeriodKind === 'quarter' ? 3 : 12));
}

export type TargetRow = {
  period: string;
  target: number;
  baseline?: number | null;
  stretch?: number | null;
  redFlag?: number | null;
};

export type MonthTarget = { target: number; baseline: number | null; stretch: number | null; redFlag: number | null };

const PRECEDENCE = { year: 0, quarter: 1, month: 2 } as const;

/**
 * The target of every month of `year` that has one. A month row wins over a quarter row, which
 * wins over a year row. The winning row is taken whole: its baseline, stretch and red flag come
 * with it (a row restates the target; mixing a month's target with a year row's red flag would
 * pair numbers nobody entered together). Baseline, stretch and red flag are phased like the
 * target. Rows of other years are ignored; of two rows for the same period, the later wins.
 */
export function monthlyTargets(rows: readonly TargetRow[], method: TimeAggregation, year: number): Map<MonthKey, MonthTarget> {
  const winners = new Map<MonthKey, { rank: number; value: MonthTarget }>();
  for (const row of rows) {
    if (!isFiniteNumber(row.target)) continue;
    const period = parsePeriod(row.period);
    if (period.year !== year) continue;
    const rank = PRECEDENCE[period.kind];
    const value = phaseRow(row, period.kind, method);
    for (const month of monthRange(period.firstMonth, period.lastMonth)) {
      const current = winners.get(month);
      if (!current || current.rank <= rank) winners.set(month, { rank, value });
    }
  }
  return sortedByMonth(winners, year);
}

function phaseRow(row: TargetRow, kind: 'month' | 'quarter' | 'year', method: TimeAggregation): MonthTarget {
  const phase = (value: number | null | undefined): number | null => {
    if (!isFiniteNumber(value)) return null;
    return kind === 'month' ? value : phaseTarget(value, kind, method);
  };
  return { target: phase(row.target)!, baseline: phase(row.baseline), stretch: phase(row.stretch), redFlag: phase(row.redFlag) };
}

function sortedByMonth(winners: Map<MonthKey, { value: MonthTarget }>, year: number): Map<MonthKey, MonthTarget> {
  const result = new Map<MonthKey, MonthTarget>();
  for (let month = 1; month <= 12; month++) {
    const winner = winners.get(monthKey(year, month));
    if (winner) result.set(monthKey(year, month), winner.value);
  }
  return result;
}
