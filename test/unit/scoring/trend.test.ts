import { describe, expect, it } from 'vitest';
import { trendOf } from '../../../server/scoring/index.ts';
import type { TrendPoint } from '../../../server/scoring/index.ts';

const points = (entries: Record<string, number | null>): TrendPoint[] =>
  Object.entries(entries).map(([period, actual]) => ({ period, actual }));

describe('trend of a sum indicator (sales) as of June', () => {
  const sales = points({
    '2025-06': 80,
    '2026-01': 100,
    '2026-02': 110,
    '2026-03': 120,
    '2026-04': null,
    '2026-05': 130,
    '2026-06': 140,
  });
  const trend = trendOf(sales, { method: 'sum', asOf: '2026-06', yearTarget: 1300, direction: 'increase' });

  it('when the previous month has data, then change is June − May = 140 − 130 = 10', () => {
    expect(trend.current).toBe(140);
    expect(trend.previous).toBe(130);
    expect(trend.change).toBe(10);
  });

  it('when June last year has data, then the year-on-year change is 140 − 80 = 60', () => {
    expect(trend.sameLastYear).toBe(80);
    expect(trend.changeYoY).toBe(60);
  });

  it('when April is missing, then the 3-month moving average is over May and June: 135', () => {
    expect(trend.movingAverage3).toBe(135);
  });

  it('when the slope is fitted over January-June without April, then it is 130 / 17.2 per month', () => {
    // x = 1, 2, 3, 5, 6 (x̄ = 3.4); y = 100, 110, 120, 130, 140 (ȳ = 120)
    // Σ(x − x̄)(y − ȳ) = 48 + 14 + 0 + 16 + 52 = 130; Σ(x − x̄)² = 5.76 + 1.96 + 0.16 + 2.56 + 6.76 = 17.2
    expect(trend.slope6).toBeCloseTo(130 / 17.2, 12);
  });

  it('when the forecast is a run rate, then it is the YTD 600 over the 5 months that have an actual × 12 = 1440', () => {
    // April has no data: a month not yet entered is not a month of nothing sold (DESIGN.md §3,
    // like for like), so the run rate is over January-March, May and June.
    expect(trend.forecast).toBe(1440);
  });

  it('when the run rate 1440 is below the year target 1500, then the indicator is at risk', () => {
    expect(trendOf(sales, { method: 'sum', asOf: '2026-06', yearTarget: 1500, direction: 'increase' }).atRisk).toBe(true);
    expect(trend.atRisk).toBe(false); // 1440 ≥ 1300
    expect(trendOf(sales, { method: 'sum', asOf: '2026-06', yearTarget: 1440, direction: 'increase' }).atRisk).toBe(false);
  });

  it('when the points come in any order, then the figures are the same', () => {
    expect(trendOf([...sales].reverse(), { method: 'sum', asOf: '2026-06', yearTarget: 1300, direction: 'increase' })).toEqual(trend);
  });
});

describe('trend of a rate (linear projection)', () => {
  const rate = points({ '2026-01': 10, '2026-02': 12, '2026-03': 14, '2026-04': 16 });

  it('when months rise by 2, then the line y = 8 + 2x reaches 32 in December', () => {
    const trend = trendOf(rate, { method: 'avg', asOf: '2026-04', yearTarget: 30, direction: 'decrease' });
    expect(trend.slope6).toBe(2);
    expect(trend.forecast).toBe(32);
    expect(trend.atRisk).toBe(true); // a decrease indicator heading for 32 misses 30
    expect(trend.movingAverage3).toBe(14); // (12 + 14 + 16) / 3
  });

  it('when the indicator is maintained, then the forecast is at risk only beyond the tolerance', () => {
    // 32 vs 31: 1 is within 5 % of 31 (1.55)
    expect(trendOf(rate, { method: 'last', asOf: '2026-04', yearTarget: 31, direction: 'maintain' }).atRisk).toBe(false);
    expect(trendOf(rate, { method: 'last', asOf: '2026-04', yearTarget: 28, direction: 'maintain' }).atRisk).toBe(true);
  });

  it('when only one month of the year has data, then the forecast is that value', () => {
    const trend = trendOf(points({ '2026-01': 5 }), { method: 'avg', asOf: '2026-01', yearTarget: 4, direction: 'increase' });
    expect(trend.forecast).toBe(5);
    expect(trend.slope6).toBeNull();
    expect(trend.atRisk).toBe(false);
  });

  it('when the last six months cross a year end, then the slope uses them all', () => {
    const trend = trendOf(points({ '2025-11': 1, '2025-12': 2, '2026-01': 3, '2026-02': 4 }), {
      method: 'avg',
      asOf: '2026-02',
      yearTarget: null,
      direction: 'increase',
    });
    expect(trend.slope6).toBe(1);
    expect(trend.forecast).toBe(14); // this year's line: 3 at x = 1, 4 at x = 2 → 14 at x = 12
    expect(trend.atRisk).toBeNull(); // no year target
  });
});

describe('trend with missing data', () => {
  it('when there is no data at all, then every figure is null', () => {
    expect(trendOf([], { method: 'sum', asOf: '2026-03', yearTarget: 10, direction: 'increase' })).toEqual({
      current: null,
      previous: null,
      change: null,
      sameLastYear: null,
      changeYoY: null,
      movingAverage3: null,
      slope6: null,
      forecast: null,
      atRisk: null,
    });
  });

  it('when the asOf month is missing, then there is no change but there is still a forecast', () => {
    const trend = trendOf(points({ '2026-01': 10, '2026-02': 20 }), { method: 'sum', asOf: '2026-03', yearTarget: 100, direction: 'increase' });
    expect(trend.change).toBeNull();
    expect(trend.previous).toBe(20);
    expect(trend.forecast).toBe(180); // 30 over the 2 months with an actual × 12
    expect(trend.atRisk).toBe(false);
  });

  it('when a month key is not YYYY-MM, then it throws', () => {
    expect(() => trendOf([{ period: '2026-Q1', actual: 1 }], { method: 'sum', asOf: '2026-03', yearTarget: null, direction: 'increase' })).toThrow();
  });
});
