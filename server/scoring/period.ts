/**
 * Periods: `YYYY-MM` (month), `YYYY-Qn` (quarter), `YYYY` (year). Months are the base grain;
 * every other period is a run of months.
 */
import type { MonthKey, Window } from './types.ts';

export type PeriodKind = 'month' | 'quarter' | 'year';

export type ParsedPeriod = {
  kind: PeriodKind;
  year: number;
  firstMonth: MonthKey;
  lastMonth: MonthKey;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;

function badPeriod(period: unknown): Error {
  return new Error(
    `Invalid period ${JSON.stringify(period)}: expected YYYY-MM (e.g. 2026-03), YYYY-Qn (e.g. 2026-Q1) or YYYY (e.g. 2026), years ${MIN_YEAR} to ${MAX_YEAR}`,
  );
}

/**
 * The years a period may name. Year 0000 does not exist in the calendar the data uses, and
 * months such as 0001-01 or 9999-12 are typing mistakes that would sit at either end of every
 * chart and trend: they are refused wherever a period is read or written.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

function checkedYear(text: string, period: string): number {
  const year = Number(text);
  if (year < MIN_YEAR || year > MAX_YEAR) throw badPeriod(period);
  return year;
}

/** Whether a period's year (its first four digits) lies in MIN_YEAR..MAX_YEAR. */
export function isPlausibleYear(period: string): boolean {
  const year = Number(period.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

export function monthKey(year: number, month: number): MonthKey {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function parsePeriod(period: string): ParsedPeriod {
  if (typeof period !== 'string') throw badPeriod(period);
  let match = MONTH.exec(period);
  if (match) {
    const key = monthKey(checkedYear(match[1], period), Number(match[2]));
    return { kind: 'month', year: Number(match[1]), firstMonth: key, lastMonth: key };
  }
  match = QUARTER.exec(period);
  if (match) {
    const year = checkedYear(match[1], period);
    const first = (Number(match[2]) - 1) * 3 + 1;
    return { kind: 'quarter', year, firstMonth: monthKey(year, first), lastMonth: monthKey(year, first + 2) };
  }
  match = YEAR.exec(period);
  if (match) {
    const year = checkedYear(match[1], period);
    return { kind: 'year', year, firstMonth: monthKey(year, 1), lastMonth: monthKey(year, 12) };
  }
  throw badPeriod(period);
}

export function isValidPeriod(period: unknown): period is string {
  if (typeof period !== 'string') return false;
  try {
    parsePeriod(period);
    return true;
  } catch {
    return false;
  }
}

export function isMonth(period: unknown): period is MonthKey {
  return isValidPeriod(period) && parsePeriod(period).kind === 'month';
}

function parseMonth(month: MonthKey): { year: number; month: number } {
  const parsed = parsePeriod(month);
  if (parsed.kind !== 'month') throw new Error(`Expected a month (YYYY-MM), got ${JSON.stringify(month)}`);
  return { year: parsed.year, month: Number(month.slice(5, 7)) };
}

/** 1 for January … 12 for December. */
export function monthIndex(month: MonthKey): number {
  return parseMonth(month).month;
}

/** Months counted from January of year 0: makes month arithmetic and least-squares x simple. */
export function monthOrdinal(month: MonthKey): number {
  const { year, month: m } = parseMonth(month);
  return year * 12 + (m - 1);
}

function fromOrdinal(ordinal: number): MonthKey {
  const year = Math.floor(ordinal / 12);
  if (year < 1 || year > 9999) throw new Error(`Month arithmetic left the years 0001-9999 (year ${year})`);
  return monthKey(year, (ordinal % 12) + 1);
}

export function addMonths(month: MonthKey, n: number): MonthKey {
  if (!Number.isInteger(n)) throw new Error(`addMonths needs a whole number of months, got ${n}`);
  return fromOrdinal(monthOrdinal(month) + n);
}

/** Every month from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthRange(first: MonthKey, last: MonthKey): MonthKey[] {
  const months: MonthKey[] = [];
  for (let ordinal = monthOrdinal(first); ordinal <= monthOrdinal(last); ordinal++) {
    months.push(fromOrdinal(ordinal));
  }
  return months;
}

export function monthsOfYear(year: number): MonthKey[] {
  return monthRange(monthKey(year, 1), monthKey(year, 12));
}

/** `month`: the months of the period itself; `ytd`: January of its year through its last month. */
export function monthsInWindow(period: string, window: Window): MonthKey[] {
  const parsed = parsePeriod(period);
  if (window === 'month') return monthRange(parsed.firstMonth, parsed.lastMonth);
  if (window === 'ytd') return monthRange(monthKey(parsed.year, 1), parsed.lastMonth);
  throw new Error(`Invalid window ${JSON.stringify(window)}: expected "month" or "ytd"`);
}

function formatPeriod(kind: PeriodKind, year: number, index: number): string {
  if (year < 1 || year > 9999) throw new Error(`Period arithmetic left the years 0001-9999 (year ${year})`);
  const yyyy = String(year).padStart(4, '0');
  if (kind === 'year') return yyyy;
  if (kind === 'quarter') return `${yyyy}-Q${index}`;
  return monthKey(year, index);
}

/** The period of the same kind just before: 2026-01 → 2025-12, 2026-Q1 → 2025-Q4, 2026 → 2025. */
export function previousPeriod(period: string): string {
  const parsed = parsePeriod(period);
  if (parsed.kind === 'year') return formatPeriod('year', parsed.year - 1, 0);
  const index = parsed.kind === 'month' ? monthIndex(parsed.firstMonth) : Number(period.slice(6));
  const last = parsed.kind === 'month' ? 12 : 4;
  return index === 1
    ? formatPeriod(parsed.kind, parsed.year - 1, last)
    : formatPeriod(parsed.kind, parsed.year, index - 1);
}

export function samePeriodLastYear(period: string): string {
  const parsed = parsePeriod(period);
  if (parsed.year - 1 < 1) throw new Error(`There is no year before ${parsed.year}`);
  return String(parsed.year - 1).padStart(4, '0') + period.slice(4);
}
