/**
 * Payout math (DESIGN.md §3 "People and pay"): worked examples computed by hand, and properties.
 * The span is 2026-01..2026-06 = 31 + 28 + 31 + 30 + 31 + 30 = 181 days unless said otherwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipToSpan, computePayouts, inclusiveDays, overlaps, payoutOf, spanOfMonths, type PayPolicy, type RosterEmployee, type UnitGrade } from '../../../server/scoring/index.ts';

const H1 = spanOfMonths('2026-01', '2026-06');
const POLICY: PayPolicy = { rates: { S: 150, A: 120, B: 100, C: 80, D: 50 }, proration: 'days', rounding: 1000 };
const GRADES: Record<string, string> = { SEOUL: 'A', BUSAN: 'B', DAEGU: 'C', INCHEON: 'S' };
/** SEOUL-TEAM1 sits under SEOUL and takes its grade; HQ is not evaluated. */
const gradeOf = (unit: string): UnitGrade => {
  const graded = unit.startsWith('SEOUL') ? 'SEOUL' : GRADES[unit] ? unit : null;
  return { grade: graded ? GRADES[graded] : null, gradedUnit: graded };
};
const employee = (over: Partial<RosterEmployee>): RosterEmployee => ({ employee: 'E1', name: '김민준', base: 3_000_000, eligible: true, assignments: [], ...over });

describe('days', () => {
  it('counts both ends: the span of H1 2026 is 181 days, Q1 90, a leap February 29', () => {
    expect(H1).toEqual({ from: '2026-01-01', to: '2026-06-30', days: 181 });
    expect(spanOfMonths('2026-01', '2026-03').days).toBe(90);
    expect(spanOfMonths('2028-02', '2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29', days: 29 });
    expect(inclusiveDays('2026-03-01', '2026-03-01')).toBe(1);
  });

  it('clips an assignment to the span and leaves out one outside it', () => {
    expect(clipToSpan({ from: '2025-07-01', to: null }, H1)).toEqual({ from: '2026-01-01', to: '2026-06-30', days: 181 });
    expect(clipToSpan({ from: '2025-01-01', to: '2025-12-31' }, H1)).toBeNull();
    expect(clipToSpan({ from: '2026-07-01', to: null }, H1)).toBeNull();
  });

  it('a transfer (old row ends the day before the new one starts) does not overlap; sharing one day does', () => {
    expect(overlaps({ from: '2026-01-01', to: '2026-03-31' }, { from: '2026-04-01', to: null })).toBe(false);
    expect(overlaps({ from: '2026-01-01', to: '2026-04-01' }, { from: '2026-04-01', to: null })).toBe(true);
    expect(overlaps({ from: '2026-01-01', to: null }, { from: '2030-01-01', to: null })).toBe(true);
  });
});

describe('payouts worked by hand', () => {
  it('someone in one unit all span long gets base × rate', () => {
    // 3,000,000 × 120 % = 3,600,000
    const row = payoutOf(employee({ assignments: [{ unit: 'SEOUL', from: '2020-03-02', to: null }] }), H1, gradeOf, POLICY)!;
    expect(row).toMatchObject({ days: 181, rate: 120, payout: 3_600_000 });
    expect(row.parts).toEqual([{ unit: 'SEOUL', from: '2026-01-01', to: '2026-06-30', days: 181, grade: 'A', gradedUnit: 'SEOUL', rate: 120, amount: 3_600_000 }]);
  });

  it('a transfer mid-span splits the payout by days', () => {
    // SEOUL (A, 120 %) 2026-01-01..03-31 = 90 days; BUSAN (B, 100 %) 04-01..06-30 = 91 days.
    // 4,000,000 × (120 × 90 + 100 × 91) / 100 / 181 = 4,000,000 × 19,900 / 18,100 = 4,397,790.05… → 4,398,000
    const row = payoutOf(employee({ base: 4_000_000, assignments: [{ unit: 'SEOUL', from: '2019-01-01', to: '2026-03-31' }, { unit: 'BUSAN', from: '2026-04-01', to: null }] }), H1, gradeOf, POLICY)!;
    expect(row.payout).toBe(4_398_000);
    expect(row.days).toBe(181);
    expect(row.rate).toBe(109.9448); // shown to four decimals
    expect(row.parts.map((p) => [p.unit, p.days, p.grade, p.rate])).toEqual([['SEOUL', 90, 'A', 120], ['BUSAN', 91, 'B', 100]]);
    // The parts add up to the payout: SEOUL 4,398,000 × 10,800 / 19,900 = 2,386,854.27, BUSAN × 9,100 / 19,900 =
    // 2,011,145.73; the won left over goes to the larger remainder: 2,386,854 and 2,011,146
    expect(row.parts.map((p) => p.amount)).toEqual([2_386_854, 2_011_146]);
  });

  it('a joiner gets the days since joining', () => {
    // Joined BUSAN (B) on 2026-04-01: 91 of 181 days. 3,000,000 × 100 % × 91 / 181 = 1,508,287.29 → 1,508,000
    const row = payoutOf(employee({ assignments: [{ unit: 'BUSAN', from: '2026-04-01', to: null }] }), H1, gradeOf, POLICY)!;
    expect(row).toMatchObject({ days: 91, payout: 1_508_000 });
  });

  it('a leaver gets the days until leaving', () => {
    // Left DAEGU (C, 80 %) after 2026-02-28: 59 days. 2,500,000 × 80 % × 59 / 181 = 651,933.70 → 652,000
    const row = payoutOf(employee({ base: 2_500_000, assignments: [{ unit: 'DAEGU', from: '2024-05-01', to: '2026-02-28' }] }), H1, gradeOf, POLICY)!;
    expect(row).toMatchObject({ days: 59, payout: 652_000 });
  });

  it('an ineligible employee has no row, and neither has someone who left before the span', () => {
    expect(payoutOf(employee({ eligible: false, assignments: [{ unit: 'SEOUL', from: '2020-01-01', to: null }] }), H1, gradeOf, POLICY)).toBeNull();
    expect(payoutOf(employee({ assignments: [{ unit: 'SEOUL', from: '2020-01-01', to: '2025-12-31' }] }), H1, gradeOf, POLICY)).toBeNull();
    const { rows, ineligible } = computePayouts(
      [employee({ employee: 'E2', eligible: false, assignments: [{ unit: 'SEOUL', from: '2020-01-01', to: null }] }), employee({ employee: 'E1', assignments: [{ unit: 'SEOUL', from: '2020-01-01', to: null }] })],
      H1,
      gradeOf,
      POLICY,
    );
    expect(rows.map((r) => r.employee)).toEqual(['E1']);
    expect(ineligible).toBe(1);
  });

  it('rounds half up to the policy’s step, exactly at the half', () => {
    // 1,001 × 150 % = 1,501.5: to 1 → 1,502 (half up, not to even); 2,333 × 150 % = 3,499.5 → 3,500.
    const one = { ...POLICY, rounding: 1 };
    const at = (base: number, policy: PayPolicy) => payoutOf(employee({ base, assignments: [{ unit: 'INCHEON', from: '2026-01-01', to: null }] }), H1, gradeOf, policy)!.payout;
    expect(at(1_001, one)).toBe(1_502);
    expect(at(2_333, one)).toBe(3_500);
    // 3,000 × 150 % = 4,500: to 1,000 → 5,000 (half up); 2,999 × 150 % = 4,498.5 → 4,000.
    expect(at(3_000, POLICY)).toBe(5_000);
    expect(at(2_999, POLICY)).toBe(4_000);
    // 0.1 + 0.2 style noise cannot move a payout: 1,000.10 × 100 % to 0.. the step is 1: 1,000.10 → 1,000
    expect(payoutOf(employee({ base: 1000.1, assignments: [{ unit: 'BUSAN', from: '2026-01-01', to: null }] }), H1, gradeOf, one)!.payout).toBe(1_000);
  });

  it('a grade that changes after a reopen gives a different payout; the first computation stands as it was', () => {
    const e = employee({ assignments: [{ unit: 'BUSAN', from: '2020-01-01', to: null }] });
    const version1 = payoutOf(e, H1, gradeOf, POLICY)!; // BUSAN B: 3,000,000
    const version2 = payoutOf(e, H1, (u) => (u === 'BUSAN' ? { grade: 'A', gradedUnit: 'BUSAN' } : gradeOf(u)), POLICY)!; // reopened, now A: 3,600,000
    expect([version1.payout, version2.payout]).toEqual([3_000_000, 3_600_000]);
    expect(version1.parts[0].grade).toBe('B');
  });

  it('a unit below an evaluated one takes its grade; days in an unevaluated unit count at 0 % with a warning', () => {
    // SEOUL-TEAM1 (A via SEOUL) 2026-01-01..03-31 = 90 days, then HQ (no grade) 91 days.
    // 3,000,000 × 120 % × 90 / 181 = 1,790,055.2 → 1,790,000
    const row = payoutOf(employee({ assignments: [{ unit: 'SEOUL-TEAM1', from: '2026-01-01', to: '2026-03-31' }, { unit: 'HQ', from: '2026-04-01', to: null }] }), H1, gradeOf, POLICY)!;
    expect(row.payout).toBe(1_790_000);
    expect(row.parts.map((p) => [p.unit, p.gradedUnit, p.grade, p.amount])).toEqual([['SEOUL-TEAM1', 'SEOUL', 'A', 1_790_000], ['HQ', null, null, 0]]);
    expect(row.warnings).toEqual(['HQ: no grade in this evaluation; 91 days count at 0 %']);
  });

  it('totals per unit add up to the overall total', () => {
    const { rows, totals } = computePayouts(
      [
        employee({ employee: 'E1', base: 4_000_000, assignments: [{ unit: 'SEOUL', from: '2019-01-01', to: '2026-03-31' }, { unit: 'BUSAN', from: '2026-04-01', to: null }] }),
        employee({ employee: 'E2', assignments: [{ unit: 'BUSAN', from: '2026-04-01', to: null }] }),
      ],
      H1,
      gradeOf,
      POLICY,
    );
    expect(rows.map((r) => r.payout)).toEqual([4_398_000, 1_508_000]);
    expect(totals).toEqual({
      units: [
        { unit: 'BUSAN', employees: 2, days: 182, payout: 2_011_146 + 1_508_000 },
        { unit: 'SEOUL', employees: 1, days: 90, payout: 2_386_854 },
      ],
      overall: { employees: 2, base: 7_000_000, payout: 5_906_000 },
    });
  });
});

describe('payout properties', () => {
  /** Non-overlapping assignments: sorted cut points, each row ending the day before the next starts. */
  const assignments = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 2, maxLength: 7 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const at = (n: number) => new Date(Date.UTC(2025, 11, 1) + n * 86_400_000).toISOString().slice(0, 10);
    return sorted.slice(0, -1).map((c, i) => ({ unit: ['SEOUL', 'BUSAN', 'DAEGU', 'INCHEON', 'HQ'][i % 5], from: at(c), to: at(sorted[i + 1] - 1) }));
  });

  it('shares of days over non-overlapping assignments add up to at most 1', () => {
    fc.assert(
      fc.property(assignments, (list) => {
        const days = list.map((a) => clipToSpan(a, H1)?.days ?? 0).reduce((s, d) => s + d, 0);
        expect(days).toBeLessThanOrEqual(H1.days);
        for (let i = 1; i < list.length; i++) expect(overlaps(list[i - 1], list[i])).toBe(false);
      }),
    );
  });

  it('a payout never falls when a rate rises, and never exceeds base × the highest rate', () => {
    fc.assert(
      fc.property(assignments, fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom('S', 'A', 'B', 'C', 'D'), fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 10, 1000), (list, base, grade, bump, rounding) => {
        const policy = { ...POLICY, rounding };
        const higher = { ...policy, rates: { ...policy.rates, [grade]: policy.rates[grade] + bump } };
        const e = employee({ base, assignments: list });
        const before = payoutOf(e, H1, gradeOf, policy)?.payout ?? 0;
        const after = payoutOf(e, H1, gradeOf, higher)?.payout ?? 0;
        expect(after).toBeGreaterThanOrEqual(before);
        expect(after).toBeLessThanOrEqual(Math.ceil((base * 250) / 100 / rounding) * rounding);
      }),
    );
  });

  it('the parts of a payout add up to it', () => {
    fc.assert(
      fc.property(assignments, fc.integer({ min: 0, max: 10_000_000 }), (list, base) => {
        const row = payoutOf(employee({ base, assignments: list }), H1, gradeOf, POLICY);
        if (row) expect(row.parts.reduce((s, p) => s + p.amount, 0)).toBe(row.payout);
      }),
    );
  });
});
