/**
 * People and pay (DESIGN.md §3 "People and pay (인사/급여 반영)"): an employee's payout from
 * the grades of the units they belonged to during an evaluation cycle's span.
 *
 *   payout = base × Σ over assignments inside the span (rate of the unit's grade / 100
 *                                                        × days in that unit / days in the span)
 *
 * rounded half up to a multiple of the policy's `rounding`.
 *
 * Days are counted inclusively in calendar days: an assignment `from` 2026-02-15 `to`
 * 2026-03-31 covers 45 days (14 in February, 31 in March); `to` empty means still there. The
 * span runs from the first day of the cycle's first month to the last day of its last month
 * (2026-01..2026-06 is 181 days). A transfer is two rows: the old one ends the day before the
 * new one starts, so no day counts twice.
 *
 * Pay is money: the sum and the rounding are done in integers (base and rates to 1/100), so no
 * binary noise can push a payout across a rounding step. Pure: no I/O, no clock.
 */
import { tidy } from './numbers.ts';

export interface PayPolicy {
  /** Grade → % of the employee's base. */
  rates: Record<string, number>;
  proration: 'days';
  /** Payouts are rounded (half up) to a multiple of this (e.g. 1000 won). */
  rounding: number;
}

export interface Span {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  days: number;
}

export interface RosterAssignment {
  unit: string;
  from: string;
  /** null: still there. */
  to: string | null;
}

export interface RosterEmployee {
  employee: string;
  name: string;
  base: number;
  eligible: boolean;
  assignments: RosterAssignment[];
}

/** The grade that holds for a unit: its own, or that of the evaluated unit above it. */
export interface UnitGrade {
  grade: string | null;
  /** The evaluated unit the grade belongs to; null when no evaluated unit covers this one. */
  gradedUnit: string | null;
}

export interface PayoutPart {
  unit: string;
  /** The assignment clipped to the span. */
  from: string;
  to: string;
  days: number;
  grade: string | null;
  gradedUnit: string | null;
  /** % of base for this part's grade; null when the unit has no grade. */
  rate: number | null;
  /** This part's share of the (rounded) payout, in whole currency units; the parts add up to it. */
  amount: number;
}

export interface PayoutRow {
  employee: string;
  name: string;
  base: number;
  parts: PayoutPart[];
  /** Days inside the span, all units together. */
  days: number;
  /** Effective rate: Σ rate × days / days in the span (what the base is multiplied by, in %). */
  rate: number;
  payout: number;
  warnings: string[];
}

export interface UnitTotal {
  unit: string;
  employees: number;
  days: number;
  payout: number;
}

export interface PayoutTotals {
  units: UnitTotal[];
  overall: { employees: number; base: number; payout: number };
}

// ---------------------------------------------------------------------------------------------
// Days

const DAY_MS = 86_400_000;

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Calendar days from `from` to `to`, both counted (the same day is 1). */
export function inclusiveDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** The span of a cycle: the first day of `fromMonth` to the last day of `toMonth` (YYYY-MM). */
export function spanOfMonths(fromMonth: string, toMonth: string): Span {
  const from = `${fromMonth}-01`;
  const [y, m] = toMonth.split('-').map(Number);
  const to = dateOf(Math.round(Date.UTC(y, m, 0) / DAY_MS));
  return { from, to, days: inclusiveDays(from, to) };
}

/** An assignment's days inside the span, or null when it lies outside it. */
export function clipToSpan(a: Pick<RosterAssignment, 'from' | 'to'>, span: Span): { from: string; to: string; days: number } | null {
  const from = Math.max(dayNumber(a.from), dayNumber(span.from));
  const to = Math.min(a.to === null ? Number.POSITIVE_INFINITY : dayNumber(a.to), dayNumber(span.to));
  if (to < from) return null;
  return { from: dateOf(from), to: dateOf(to), days: to - from + 1 };
}

/** Two assignments share at least one day. */
export function overlaps(a: Pick<RosterAssignment, 'from' | 'to'>, b: Pick<RosterAssignment, 'from' | 'to'>): boolean {
  const aEnd = a.to === null ? Number.POSITIVE_INFINITY : dayNumber(a.to);
  const bEnd = b.to === null ? Number.POSITIVE_INFINITY : dayNumber(b.to);
  return dayNumber(a.from) <= bEnd && dayNumber(b.from) <= aEnd;
}

// ---------------------------------------------------------------------------------------------
// Exact money

/** A number with at most two decimals as an integer count of hundredths; null otherwise. */
export function hundredths(value: number): bigint | null {
  if (!Number.isFinite(value)) return null;
  const scaled = Math.round(value * 100);
  if (Math.abs(scaled - value * 100) > 1e-6 * Math.max(1, Math.abs(value))) return null;
  return BigInt(scaled);
}

/** numerator / denominator rounded half up (both ≥ 0, denominator > 0). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** Splits `total` (whole units) over weights by largest remainder; ties go to the earlier part. */
function allocate(total: number, weights: bigint[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (sum === 0n) return weights.map(() => 0);
  const big = BigInt(total);
  const floors = weights.map((w) => (big * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: big * w - floors[i] * sum }));
  let left = Number(big - floors.reduce((s, f) => s + f, 0n));
  const out = floors.map(Number);
  for (const { i } of remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1))) {
    if (left <= 0) break;
    out[i]++;
    left--;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Payouts

/**
 * One employee's payout row, or null when they get none: `eligible: false`, or no day of the
 * span in any assignment. Days in a unit without a grade count at rate 0 and are named in a
 * warning (the reviewer sees them before signing).
 */
export function payoutOf(employee: RosterEmployee, span: Span, gradeOf: (unit: string) => UnitGrade, policy: PayPolicy): PayoutRow | null {
  if (!employee.eligible) return null;
  const warnings: string[] = [];
  const clipped = [...employee.assignments]
    .sort((a, b) => dayNumber(a.from) - dayNumber(b.from))
    .map((a) => ({ a, inside: clipToSpan(a, span) }))
    .filter((x): x is { a: RosterAssignment; inside: NonNullable<ReturnType<typeof clipToSpan>> } => x.inside !== null);
  if (clipped.length === 0) return null;

  const base100 = hundredths(employee.base);
  if (base100 === null || base100 < 0n) throw new RangeError(`employee ${employee.employee}: base ${employee.base} is not an amount with at most two decimals`);
  const parts = clipped.map(({ a, inside }) => {
    const { grade, gradedUnit } = gradeOf(a.unit);
    let rate: number | null = null;
    if (grade === null) warnings.push(`${a.unit}: no grade in this evaluation; ${inside.days} days count at 0 %`);
    else if (policy.rates[grade] === undefined) warnings.push(`${a.unit}: grade ${grade} has no rate in the pay policy; ${inside.days} days count at 0 %`);
    else rate = policy.rates[grade];
    const rate100 = rate === null ? 0n : hundredths(rate);
    if (rate100 === null || rate100 < 0n) throw new RangeError(`grade ${grade}: rate ${rate} is not a percentage with at most two decimals`);
    return { unit: a.unit, ...inside, grade, gradedUnit, rate, weight: rate100 * BigInt(inside.days) };
  });

  const rateDays = parts.reduce((s, p) => s + p.weight, 0n); // Σ rate × days, rate in hundredths of a %
  const rounding = BigInt(policy.rounding);
  // base100 / 100 × rateDays / 100 / 100 / spanDays, in steps of `rounding`
  const payout = Number(divideHalfUp(base100 * rateDays, 1_000_000n * BigInt(span.days) * rounding) * rounding);
  const amounts = allocate(payout, parts.map((p) => p.weight));
  return {
    employee: employee.employee,
    name: employee.name,
    base: employee.base,
    parts: parts.map(({ weight: _w, ...p }, i) => ({ ...p, amount: amounts[i] })),
    days: parts.reduce((s, p) => s + p.days, 0),
    // Shown to four decimals (100.6630 %): the payout itself is computed from the exact sum.
    rate: tidy(Math.round((Number(rateDays) * 100) / span.days) / 10_000),
    payout,
    warnings,
  };
}

/** Payout rows (ordered by employee) and totals per unit and overall. */
export function computePayouts(employees: RosterEmployee[], span: Span, gradeOf: (unit: string) => UnitGrade, policy: PayPolicy): { rows: PayoutRow[]; totals: PayoutTotals; ineligible: number } {
  const rows: PayoutRow[] = [];
  let ineligible = 0;
  for (const e of [...employees].sort((a, b) => (a.employee < b.employee ? -1 : a.employee > b.employee ? 1 : 0))) {
    if (!e.eligible) {
      ineligible++;
      continue;
    }
    const row = payoutOf(e, span, gradeOf, policy);
    if (row) rows.push(row);
  }
  return { rows, totals: totalsOf(rows), ineligible };
}

export function totalsOf(rows: PayoutRow[]): PayoutTotals {
  const byUnit = new Map<string, { employees: Set<string>; days: number; payout: number }>();
  for (const row of rows) {
    for (const part of row.parts) {
      const t = byUnit.get(part.unit) ?? { employees: new Set<string>(), days: 0, payout: 0 };
      t.employees.add(row.employee);
      t.days += part.days;
      t.payout += part.amount;
      byUnit.set(part.unit, t);
    }
  }
  const units = [...byUnit]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unit, t]) => ({ unit, employees: t.employees.size, days: t.days, payout: t.payout }));
  const base = rows.reduce((s, r) => s + Number(hundredths(r.base) ?? 0n), 0) / 100;
  return { units, overall: { employees: rows.length, base, payout: rows.reduce((s, r) => s + r.payout, 0) } };
}
