/**
 * Exceptions first and period comparison (issue 19): which indicators are off target, for how
 * many months in a row, in which order a manager should read them, and how a figure moved since
 * last month and since the same month last year. Pure: the months and figures are passed in.
 */
import { addMonths } from './period.ts';
import { tidy } from './numbers.ts';
import type { Direction, MonthKey, Status } from './types.ts';

/** A status below target: off track or at risk (no data is not "below", it is unknown). */
export const isBelowTarget = (status: Status | null | undefined): boolean => status === 'off_track' || status === 'at_risk';

export type MonthStatus = { period: MonthKey; status: Status };

export type OffTargetSince = {
  /** Months in a row, ending with `asOf`, below target (0 when `asOf` itself is not). */
  months: number;
  /** The first month of that run, null when `months` is 0. */
  since: MonthKey | null;
};

/**
 * How many months in a row, ending with `asOf`, the indicator was below target. A month that is
 * missing from `points` or has no data ends the run: we cannot say it was below target, so the
 * count never bridges a gap (three bad months, a month without data, one bad month → 1).
 * `limit` bounds the look-back (the months the caller loaded); the answer is then "at least".
 */
export function offTargetSince(points: readonly MonthStatus[], asOf: MonthKey, limit = 24): OffTargetSince {
  const byMonth = new Map(points.map((p) => [p.period, p.status]));
  let months = 0;
  let month = asOf;
  while (months < limit && isBelowTarget(byMonth.get(month))) {
    months += 1;
    month = addMonths(month, -1);
  }
  return { months, since: months > 0 ? addMonths(asOf, -(months - 1)) : null };
}

/**
 * How far a figure is from its target in the unfavourable direction, in percent of the target:
 * positive is worse. Increase: −gap %; decrease: +gap %; maintain: |gap %|. Null without gap %.
 */
export function shortfallPct(gapPct: number | null | undefined, direction: Direction): number | null {
  if (typeof gapPct !== 'number' || !Number.isFinite(gapPct)) return null;
  if (direction === 'decrease') return tidy(gapPct);
  if (direction === 'maintain') return tidy(Math.abs(gapPct));
  return tidy(-gapPct);
}

export type ExceptionRow = {
  unit: string;
  indicator: string;
  status: Status;
  score: number | null;
  shortfall: number | null;
  offTargetMonths: number;
};

const STATUS_RANK: Partial<Record<Status, number>> = { off_track: 0, at_risk: 1 };

/**
 * The reading order of the exceptions list: the largest shortfall first (rows without a gap %
 * after those with one), then, on a tie, the longer run below target, the lower score, off track
 * before at risk, and finally unit and indicator code, so the order never depends on input order.
 */
export function compareExceptions(a: ExceptionRow, b: ExceptionRow): number {
  const sa = a.shortfall ?? Number.NEGATIVE_INFINITY;
  const sb = b.shortfall ?? Number.NEGATIVE_INFINITY;
  if (sa !== sb) return sb > sa ? 1 : -1;
  if (a.offTargetMonths !== b.offTargetMonths) return b.offTargetMonths - a.offTargetMonths;
  const ca = a.score ?? Number.POSITIVE_INFINITY;
  const cb = b.score ?? Number.POSITIVE_INFINITY;
  if (ca !== cb) return ca < cb ? -1 : 1;
  const ra = STATUS_RANK[a.status] ?? 9;
  const rb = STATUS_RANK[b.status] ?? 9;
  if (ra !== rb) return ra - rb;
  return a.unit.localeCompare(b.unit) || a.indicator.localeCompare(b.indicator);
}

export function sortExceptions<T extends ExceptionRow>(rows: readonly T[]): T[] {
  return [...rows].sort(compareExceptions);
}

/** A figure then and now: the score and the actual. */
export type Figure = { score: number | null; actual?: number | null };

export type Change = {
  /** The score then (null when there was none). */
  score: number | null;
  /** Score now − score then, in score points; null unless both exist. */
  scoreDelta: number | null;
  /** The actual then (absent for rolled-up rows, which have no actual). */
  actual?: number | null;
  /** Actual now − actual then, in the indicator's unit (percentage points for a `%` unit). */
  actualDelta?: number | null;
};

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const delta = (now: number | null | undefined, then: number | null | undefined) => (isNum(now) && isNum(then) ? tidy(now - then) : null);

/** The change from `then` to `now`; without `then` (no such row that month) every figure is null. */
export function changeOf(now: Figure, then: Figure | null | undefined): Change {
  const withActual = 'actual' in now;
  const out: Change = { score: then?.score ?? null, scoreDelta: delta(now.score, then?.score) };
  if (withActual) {
    out.actual = then?.actual ?? null;
    out.actualDelta = delta(now.actual, then?.actual);
  }
  return out;
}
