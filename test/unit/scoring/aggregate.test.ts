import { describe, expect, it } from 'vitest';
import { aggregateTime, monthlyTargets, phaseTarget } from '../../../server/scoring/index.ts';

describe('aggregation over time', () => {
  const months = [10, null, 20, 30];

  it('when months are summed, then missing months are left out', () => {
    expect(aggregateTime(months, 'sum')).toBe(60);
  });

  it('when months are averaged, then the mean is over the months with data only', () => {
    expect(aggregateTime(months, 'avg')).toBe(20); // 60 / 3, not 60 / 4
  });

  it('when last is asked for, then it is the last month with data', () => {
    expect(aggregateTime(months, 'last')).toBe(30);
    expect(aggregateTime([1, 2, null], 'last')).toBe(2);
  });

  it('when min and max are asked for, then they ignore missing months', () => {
    expect(aggregateTime(months, 'min')).toBe(10);
    expect(aggregateTime(months, 'max')).toBe(30);
    expect(aggregateTime([null, -5, 3], 'min')).toBe(-5);
  });

  it('when every month is missing, then there is no value for any method', () => {
    for (const method of ['sum', 'avg', 'last', 'min', 'max'] as const) {
      expect(aggregateTime([null, null], method)).toBeNull();
      expect(aggregateTime([], method)).toBeNull();
    }
  });

  it('when decimal months are added, then the total is the decimal total', () => {
    expect(aggregateTime(Array(12).fill(0.1), 'sum')).toBe(1.2);
    expect(aggregateTime([0.1, 0.2], 'avg')).toBe(0.15);
  });

  it('when a zero is entered, then it counts (it is data, not a missing month)', () => {
    expect(aggregateTime([0, 10], 'avg')).toBe(5);
    expect(aggregateTime([5, 0], 'last')).toBe(0);
  });

  it('when the total overflows, then there is no value rather than Infinity', () => {
    expect(aggregateTime([1.7e308, 1.7e308], 'sum')).toBeNull();
  });

  it('when the method is unknown, then it throws naming the accepted ones', () => {
    expect(() => aggregateTime([1], 'median' as never)).toThrow(/sum, avg, last, min or max/);
  });
});

describe('target phasing', () => {
  it('when a yearly sum target is phased, then each month gets a twelfth', () => {
    expect(phaseTarget(1200, 'year', 'sum')).toBe(100);
    expect(phaseTarget(1000, 'year', 'sum')).toBeCloseTo(83.3333333, 6);
  });

  it('when a quarterly sum target is phased, then each month gets a third', () => {
    expect(phaseTarget(330, 'quarter', 'sum')).toBe(110);
  });

  it('when a rate or stock target is phased, then every month repeats it', () => {
    for (const method of ['avg', 'last', 'min', 'max'] as const) {
      expect(phaseTarget(95, 'year', method)).toBe(95);
      expect(phaseTarget(95, 'quarter', method)).toBe(95);
    }
  });

  it('when a yearly 1000 is split into twelfths, then the twelve months add back to 1000', () => {
    const monthly = Array(12).fill(phaseTarget(1000, 'year', 'sum'));
    expect(aggregateTime(monthly, 'sum')).toBe(1000);
  });
});

describe('monthly targets', () => {
  const rows = [
    { period: '2026', target: 1200, baseline: 600 },
    { period: '2026-Q2', target: 330 },
    { period: '2026-05', target: 150, redFlag: 90 },
    { period: '2025', target: 9999 },
    { period: '2027-01', target: 9999 },
  ];

  it('when month, quarter and year rows overlap, then the month row wins over the quarter, the quarter over the year', () => {
    const targets = monthlyTargets(rows, 'sum', 2026);
    expect([...targets.keys()]).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(targets.get('2026-01')).toEqual({ target: 100, baseline: 50, stretch: null, redFlag: null });
    expect(targets.get('2026-04')).toEqual({ target: 110, baseline: null, stretch: null, redFlag: null });
    expect(targets.get('2026-05')).toEqual({ target: 150, baseline: null, stretch: null, redFlag: 90 });
    expect(targets.get('2026-06')?.target).toBe(110);
    expect(targets.get('2026-07')?.target).toBe(100);
  });

  it('when the row order is reversed, then the same row still wins (precedence is by kind, not order)', () => {
    expect(monthlyTargets([...rows].reverse(), 'sum', 2026)).toEqual(monthlyTargets(rows, 'sum', 2026));
  });

  it('when the indicator is a rate, then yearly baseline, stretch and red flag repeat like the target', () => {
    const targets = monthlyTargets([{ period: '2026', target: 95, baseline: 80, stretch: 98, redFlag: 85 }, { period: '2026-03', target: 97 }], 'avg', 2026);
    expect(targets.get('2026-01')).toEqual({ target: 95, baseline: 80, stretch: 98, redFlag: 85 });
    expect(targets.get('2026-03')).toEqual({ target: 97, baseline: null, stretch: null, redFlag: null });
  });

  it('when a sum indicator has a yearly stretch, then it is split like the target', () => {
    expect(monthlyTargets([{ period: '2026-Q1', target: 300, stretch: 360 }], 'sum', 2026).get('2026-02')).toEqual({ target: 100, baseline: null, stretch: 120, redFlag: null });
  });

  it('when only some months have rows, then only those months have targets', () => {
    const targets = monthlyTargets([{ period: '2026-Q3', target: 10 }], 'avg', 2026);
    expect([...targets.keys()]).toEqual(['2026-07', '2026-08', '2026-09']);
  });

  it('when a row has a bad period, then it throws a clear error', () => {
    expect(() => monthlyTargets([{ period: '2026-H1', target: 1 }], 'sum', 2026)).toThrow(/Invalid period "2026-H1"/);
  });
});
