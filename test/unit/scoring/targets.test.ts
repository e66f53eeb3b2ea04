import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cascadeTarget, decimalsOf, findGaps, phaseTarget12, splitValue, sumMonths, TargetPlanError, yearlyOf } from '../../../server/scoring/targets.ts';
import { preciseSum, tidy } from '../../../server/scoring/numbers.ts';

const kids = (...entries: [string, number | null][]) => entries.map(([code, lastYear]) => ({ code, lastYear }));

describe('cascading a yearly target to the children', () => {
  it('by equal parts: 100 over three stores is 33, 33 and 34 (the last child takes the remainder)', () => {
    const r = cascadeTarget({ target: 100, summed: true, by: 'equal', children: kids(['A', null], ['B', null], ['C', null]) });
    expect(r.children.map((c) => c.target)).toEqual([33, 33, 34]);
    expect(r.decimals).toBe(0);
  });

  it('rounds to the decimals the target is written with: 10.0 → whole, 10.5 over 4 → 2.6, 2.6, 2.6, 2.7', () => {
    expect(cascadeTarget({ target: 10.5, summed: true, by: 'equal', children: kids(['A', 1], ['B', 1], ['C', 1], ['D', 1]) }).children.map((c) => c.target)).toEqual([2.6, 2.6, 2.6, 2.7]);
    expect(cascadeTarget({ target: 10.5, summed: true, by: 'equal', decimals: 2, children: kids(['A', 1], ['B', 1], ['C', 1], ['D', 1]) }).children.map((c) => c.target)).toEqual([2.62, 2.62, 2.62, 2.64]);
  });

  it('by last year’s shares: 1,000 with last year 300 / 200 / 500 gives 300 / 200 / 500; 1,001 gives 300 / 200 / 501', () => {
    expect(cascadeTarget({ target: 1000, summed: true, by: 'last_year', children: kids(['A', 300], ['B', 200], ['C', 500]) }).children.map((c) => c.target)).toEqual([300, 200, 500]);
    const r = cascadeTarget({ target: 1001, summed: true, by: 'last_year', children: kids(['A', 300], ['B', 200], ['C', 500]) });
    // 1001 × 0.3 = 300.3 → 300; 1001 × 0.2 = 200.2 → 200; the rest, 501, to C.
    expect(r.children.map((c) => c.target)).toEqual([300, 200, 501]);
    expect(r.children.map((c) => c.share)).toEqual([30, 20, 50]);
  });

  it('a child with no last-year data gets no share, and the planner is told', () => {
    const r = cascadeTarget({ target: 900, summed: true, by: 'last_year', children: kids(['OLD', 200], ['NEW', null], ['BIG', 400]) });
    // 900 × 200/600 = 300; NEW 0; BIG takes 600.
    expect(r.children.map((c) => c.target)).toEqual([300, 0, 600]);
    expect(r.warnings.join()).toMatch(/no actuals last year for NEW/);
  });

  it('with no usable last year at all, falls back to equal parts with a warning', () => {
    const r = cascadeTarget({ target: 90, summed: true, by: 'last_year', children: kids(['A', null], ['B', null], ['C', 0]) });
    expect(r.by).toBe('equal');
    expect(r.children.map((c) => c.target)).toEqual([30, 30, 30]);
    expect(r.warnings.join()).toMatch(/equal parts/);
  });

  it('by given shares (percent): 64,000 by A=40, B=35, C=25 → 25,600 / 22,400 / 16,000; shares must add up to 100 and name every child', () => {
    expect(cascadeTarget({ target: 64000, summed: true, by: 'shares', shares: { A: 40, B: 35, C: 25 }, children: kids(['A', null], ['B', null], ['C', null]) }).children.map((c) => c.target)).toEqual([25600, 22400, 16000]);
    expect(() => cascadeTarget({ target: 1, summed: true, by: 'shares', shares: { A: 40, B: 50 }, children: kids(['A', null], ['B', null]) })).toThrow(/add up to 90, not 100/);
    expect(() => cascadeTarget({ target: 1, summed: true, by: 'shares', shares: { A: 100 }, children: kids(['A', null], ['B', null]) })).toThrow(/no share for B/);
    expect(() => cascadeTarget({ target: 1, summed: true, by: 'shares', shares: { A: 50, X: 50 }, children: kids(['A', null], ['B', null]) })).toThrow(TargetPlanError);
  });

  it('an indicator that does not sum over units copies the parent’s target to every child', () => {
    const r = cascadeTarget({ target: 85.5, summed: false, by: 'last_year', children: kids(['A', 80], ['B', 90]) });
    expect(r.by).toBe('copy');
    expect(r.children.map((c) => c.target)).toEqual([85.5, 85.5]);
  });

  it('negative targets (a planned loss) still add up exactly', () => {
    expect(cascadeTarget({ target: -100, summed: true, by: 'equal', children: kids(['A', null], ['B', null], ['C', null]) }).children.map((c) => c.target)).toEqual([-33, -33, -34]);
  });

  it('property: the children’s targets add up to the parent’s exactly, whatever the method', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.option(fc.integer({ min: 0, max: 1e7 }), { nil: null }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('equal' as const, 'last_year' as const),
        (units, decimals, lastYears, by) => {
          const target = units / 10 ** decimals;
          const r = cascadeTarget({ target, summed: true, by, decimals, children: lastYears.map((v, i) => ({ code: `U${i}`, lastYear: v })) });
          expect(tidy(preciseSum(r.children.map((c) => c.target)))).toBe(tidy(target));
          for (const c of r.children) expect(decimalsOf(c.target)).toBeLessThanOrEqual(decimals);
        },
      ),
    );
  });
});

describe('phasing a yearly target into months', () => {
  it('evenly: 64,000 → 5,333 in January to November and 5,337 in December', () => {
    const r = phaseTarget12({ yearly: 64000, summed: true, frequency: 'monthly', by: 'even' });
    expect(r.months).toEqual([5333, 5333, 5333, 5333, 5333, 5333, 5333, 5333, 5333, 5333, 5333, 5337]);
  });

  it('by last year’s profile: a December twice as strong as the other months gets two thirteenths', () => {
    const lastYear = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 20];
    const r = phaseTarget12({ yearly: 1300, summed: true, frequency: 'monthly', by: 'last_year', lastYear });
    expect(r.months).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200]);
    expect(r.warnings).toEqual([]);
  });

  it('evenly, with a warning, where last year is incomplete', () => {
    const lastYear = [10, 10, null, 10, 10, 10, 10, 10, 10, 10, 10, 20];
    const r = phaseTarget12({ yearly: 120, summed: true, frequency: 'monthly', by: 'last_year', lastYear });
    expect(r.by).toBe('even');
    expect(r.months.every((m) => m === 10)).toBe(true);
    expect(r.warnings.join()).toMatch(/incomplete \(no actual for month 3\)/);
  });

  it('by a 12-value profile', () => {
    const r = phaseTarget12({ yearly: 240, summed: true, frequency: 'monthly', by: 'profile', profile: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0] });
    expect(r.months).toEqual([40, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 0]);
    expect(() => phaseTarget12({ yearly: 1, summed: true, frequency: 'monthly', by: 'profile', profile: [1, 2] })).toThrow(/12 values/);
  });

  it('a quarterly indicator: each quarter takes its three months’ weight and lands on the quarter’s last month', () => {
    const even = phaseTarget12({ yearly: 1000, summed: true, frequency: 'quarterly', by: 'even' });
    expect(even.months).toEqual([null, null, 250, null, null, 250, null, null, 250, null, null, 250]);
    // Q1 = 1+1+2 = 4, Q2 = 2, Q3 = 2, Q4 = 2 of 10 → 400, 200, 200, 200.
    const profiled = phaseTarget12({ yearly: 1000, summed: true, frequency: 'quarterly', by: 'profile', profile: [1, 1, 2, 1, 0, 1, 0, 1, 1, 1, 1, 0] });
    expect(profiled.months).toEqual([null, null, 400, null, null, 200, null, null, 200, null, null, 200]);
    // last year of a quarterly indicator: its quarter-end actuals 30, 10, 30, 30 → 300, 100, 300, 300.
    const lastYear = [null, null, 30, null, null, 10, null, null, 30, null, null, 30];
    expect(phaseTarget12({ yearly: 1000, summed: true, frequency: 'quarterly', by: 'last_year', lastYear }).months).toEqual([null, null, 300, null, null, 100, null, null, 300, null, null, 300]);
  });

  it('a rate (not summed over time) repeats the yearly target in every due month', () => {
    expect(phaseTarget12({ yearly: 82.5, summed: false, frequency: 'monthly', by: 'last_year' }).months).toEqual(Array(12).fill(82.5));
    expect(phaseTarget12({ yearly: 70, summed: false, frequency: 'quarterly', by: 'even' }).months).toEqual([null, null, 70, null, null, 70, null, null, 70, null, null, 70]);
  });

  it('property: the months add up to the yearly figure exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e10, max: 1e10 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('monthly' as const, 'quarterly' as const, 'yearly' as const),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom('even' as const, 'last_year' as const),
        (units, decimals, frequency, lastYear, by) => {
          const yearly = units / 10 ** decimals;
          const r = phaseTarget12({ yearly, summed: true, frequency, by, lastYear, decimals });
          expect(yearlyOf(r.months, 'sum') ?? 0).toBe(tidy(yearly));
        },
      ),
    );
  });
});

describe('helpers', () => {
  it('counts decimals as written', () => {
    expect([64000, 97.5, 0.125, 1e-7, -3.25].map(decimalsOf)).toEqual([0, 1, 3, 6, 2]);
  });

  it('splits 0.3 into three tenths without losing one to binary noise', () => {
    expect(splitValue(0.3, [1, 1, 1], 1)).toEqual([0.1, 0.1, 0.1]);
  });

  it('sums children month by month and finds parents whose children do not add up', () => {
    expect(sumMonths([[1, null, 3], [2, null, null]]).slice(0, 3)).toEqual([3, null, 3]);
    expect(
      findGaps([
        { unit: 'OK', target: 100, children: [{ unit: 'A', target: 60 }, { unit: 'B', target: 40 }] },
        { unit: 'SHORT', target: 100, children: [{ unit: 'C', target: 60 }, { unit: 'D', target: 30 }] },
        { unit: 'HOLE', target: 100, children: [{ unit: 'E', target: 100 }, { unit: 'F', target: null }] },
      ]),
    ).toEqual([
      { unit: 'SHORT', target: 100, childrenTotal: 90, gap: -10, missing: [] },
      { unit: 'HOLE', target: 100, childrenTotal: 100, gap: 0, missing: ['F'] },
    ]);
  });
});
