import { describe, expect, it } from 'vitest';
import {
  buildIndicatorSeries,
  buildScorecard,
  indicatorTrend,
  indicatorWindowValue,
} from '../../../server/scoring/index.ts';
import type { ScorecardModel } from '../../../server/scoring/index.ts';
import { indicator, model, months, series } from './factories.ts';

/**
 * A small company: four perspectives, five objectives, one formula indicator fed by two
 * supporting measures, one indicator without data.
 */
const company: ScorecardModel = model({
  perspectives: [
    { code: 'financial', weight: 30 },
    { code: 'customer', weight: 30 },
    { code: 'process', weight: 20 },
    { code: 'infrastructure', weight: 20 },
  ],
  objectives: [
    { code: 'F1', perspective: 'financial', weight: 1 },
    { code: 'C1', perspective: 'customer', weight: 1 },
    { code: 'C2', perspective: 'customer', weight: 2 },
    { code: 'P1', perspective: 'process', weight: 1 },
    { code: 'I1', perspective: 'infrastructure', weight: 1 },
  ],
  indicators: [
    indicator('SALES', { objective: 'F1', weight: 2, unit: 'KRW', scoring: { method: 'ratio', cap: 120 } }),
    indicator('MARGIN', { objective: 'F1', weight: 1, unit: '%', aggregation: { time: 'avg' } }),
    indicator('CLAIM_RATE', {
      objective: 'C1',
      kind: 'sqi',
      unit: '%',
      direction: 'decrease',
      formula: 'CLAIMS / ORDERS * 100',
      aggregation: {},
    }),
    indicator('CLAIMS'),
    indicator('ORDERS'),
    indicator('NPS', { objective: 'C2', kind: 'index', scoring: { method: 'threshold' }, aggregation: { time: 'last' } }),
    indicator('DELIVERY_DAYS', { objective: 'P1', unit: 'days', direction: 'decrease', scoring: { method: 'progress' }, aggregation: { time: 'avg' } }),
    indicator('TRAINING_HOURS', { objective: 'I1', unit: 'hours' }),
  ],
});

const data = {
  SALES: months(2026, [1000, 1100], [1000, 1000]),
  MARGIN: months(2026, [9, 12], [12, 12]),
  CLAIM_RATE: months(2026, [null, null], [2.5, 2.5]),
  CLAIMS: months(2026, [2, 2]),
  ORDERS: months(2026, [4, 100]),
  NPS: months(2026, [35, 38], [40, 40], { redFlag: 30 }),
  DELIVERY_DAYS: months(2026, [6, 5], [4, 4], { baseline: 10 }),
  TRAINING_HOURS: months(2026, [null, null], [10, 10]),
};

const card = buildScorecard({ model: company, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: series(data) });
const perspective = (code: string) => card.perspectives.find((p) => p.code === code)!;
const objective = (code: string) => card.perspectives.flatMap((p) => p.objectives).find((o) => o.code === code)!;
const result = (code: string) => card.perspectives.flatMap((p) => p.objectives).flatMap((o) => o.indicators).find((i) => i.code === code)!;

describe('a full scorecard, year to date February 2026', () => {
  it('when sales are 1000 + 1100 against 1000 + 1000, then SALES scores 2100 / 2000 = 105', () => {
    expect(result('SALES')).toEqual({
      code: 'SALES',
      actual: 2100,
      target: 2000,
      score: 105,
      status: 'on_track',
      weight: 2,
      gap: 100,
      gapPct: 5,
      favourable: true,
      completeness: { units: null, months: { reported: 2, expected: 2, missing: [] } },
      warning: null,
    });
  });

  it('when the margin averages (9 + 12) / 2 = 10.5 against 12, then MARGIN scores 87.5, off track', () => {
    expect(result('MARGIN')).toMatchObject({ actual: 10.5, target: 12, score: 87.5, status: 'off_track', gap: -1.5, gapPct: -12.5, favourable: false });
  });

  it('when F1 weighs SALES 2 and MARGIN 1, then it scores (2 × 105 + 87.5) / 3 = 99.1667', () => {
    expect(objective('F1').score).toBeCloseTo(297.5 / 3, 10);
    expect(objective('F1')).toMatchObject({ coverage: 1, status: 'at_risk', weight: 1 });
    expect(perspective('financial')).toMatchObject({ coverage: 1, status: 'at_risk', weight: 30 });
    expect(perspective('financial').score).toBeCloseTo(297.5 / 3, 10);
  });

  it('when claims are 2 of 4 and then 2 of 100, then the YTD claim rate is 4 / 104 = 3.85 %, not the mean of the monthly rates', () => {
    const claimRate = result('CLAIM_RATE');
    expect(claimRate.actual).toBeCloseTo(400 / 104, 12); // 3.846…
    expect(claimRate.target).toBe(2.5); // a formula indicator's targets average by default
    // decrease ratio: (2 − (400 / 104) / 2.5) × 100 = (2 − 20 / 13) × 100 = 600 / 13 = 46.15
    expect(claimRate.score).toBeCloseTo(600 / 13, 10);
    expect(claimRate).toMatchObject({ status: 'off_track', favourable: false, warning: null });
    expect(claimRate.gap).toBeCloseTo(400 / 104 - 2.5, 12);
  });

  it('when NPS ends February at 38 against 40 with red flag 30, then it scores 100 + 50 × (−2 / 10) = 90, at risk', () => {
    expect(result('NPS')).toMatchObject({ actual: 38, target: 40, score: 90, status: 'at_risk' });
  });

  it('when C1 (46.15, weight 1) and C2 (90, weight 2) roll up, then customer scores (600/13 + 180) / 3 = 75.38', () => {
    expect(objective('C2').score).toBe(90);
    expect(perspective('customer').score).toBeCloseTo(2940 / 39, 10);
    expect(perspective('customer')).toMatchObject({ coverage: 1, status: 'off_track' });
  });

  it('when delivery averages 5.5 days from baseline 10 towards 4, then it scores (5.5 − 10) / (4 − 10) = 75', () => {
    expect(result('DELIVERY_DAYS')).toMatchObject({ actual: 5.5, target: 4, score: 75, favourable: false });
    expect(perspective('process').score).toBe(75);
  });

  it('when training hours have no data, then infrastructure has no score, coverage 0 and no data', () => {
    expect(result('TRAINING_HOURS')).toMatchObject({ actual: null, target: 20, score: null, status: 'no_data', gap: null, favourable: null, warning: null });
    expect(perspective('infrastructure')).toMatchObject({ score: null, coverage: 0, status: 'no_data' });
  });

  it('when infrastructure (weight 20 of 100) has no data, then the total renormalises over 80 and covers 0.8', () => {
    // (30 × 297.5/3 + 30 × 2940/39 + 20 × 75) / 80 = (2975 + 2261.538… + 1500) / 80 = 84.2067…
    expect(card.score).toBeCloseTo((2975 + (30 * 2940) / 39 + 1500) / 80, 10);
    expect(card.coverage).toBe(0.8);
    expect(card.status).toBe('off_track');
  });

  it('when the card is built, then it has the DESIGN.md shape, in model order, without supporting measures', () => {
    expect(Object.keys(card)).toEqual(['unit', 'period', 'window', 'score', 'coverage', 'status', 'complete', 'warnings', 'perspectives']);
    expect(card).toMatchObject({ unit: 'SEOUL', period: '2026-02', window: 'ytd', warnings: [] });
    expect(card.perspectives.map((p) => p.code)).toEqual(['financial', 'customer', 'process', 'infrastructure']);
    expect(perspective('customer').objectives.map((o) => o.code)).toEqual(['C1', 'C2']);
    const codes = card.perspectives.flatMap((p) => p.objectives).flatMap((o) => o.indicators).map((i) => i.code);
    expect(codes).toEqual(['SALES', 'MARGIN', 'CLAIM_RATE', 'NPS', 'DELIVERY_DAYS', 'TRAINING_HOURS']);
  });

  it('when the window is the month, then only February counts', () => {
    const february = buildScorecard({ model: company, unit: 'SEOUL', period: '2026-02', window: 'month', series: series(data) });
    const sales = february.perspectives[0].objectives[0].indicators[0];
    expect(sales).toMatchObject({ actual: 1100, target: 1000, score: 110 });
    const claimRate = february.perspectives[1].objectives[0].indicators[0];
    expect(claimRate.actual).toBe(2); // 2 / 100 × 100
    expect(claimRate.score).toBe(120); // (2 − 0.8) × 100 = 120
  });

  it('when the result is serialised, then it holds no NaN or Infinity (JSON would turn them into null silently)', () => {
    const text = JSON.stringify(card);
    expect(JSON.parse(text)).toEqual(card);
  });
});

describe('scorecard coverage and warnings', () => {
  it('when one of two equally weighted indicators lacks data, then its objective covers 0.5 and the perspective counts that half', () => {
    const twoObjectives = model({
      perspectives: [{ code: 'financial', weight: 1 }],
      objectives: [
        { code: 'F1', perspective: 'financial', weight: 1 },
        { code: 'F2', perspective: 'financial', weight: 1 },
      ],
      indicators: [
        indicator('A', { objective: 'F1' }),
        indicator('B', { objective: 'F1' }),
        indicator('C', { objective: 'F2' }),
      ],
    });
    const data = series({ A: months(2026, [80], [100]), B: months(2026, [null], [100]), C: months(2026, [100], [100]) });
    const card = buildScorecard({ model: twoObjectives, unit: 'HQ', period: '2026-01', window: 'month', series: data });
    expect(card.perspectives[0].objectives[0]).toMatchObject({ score: 80, coverage: 0.5 });
    // perspective: score (80 + 100) / 2 = 90; coverage (1 × 0.5 + 1 × 1) / 2 = 0.75
    expect(card.perspectives[0]).toMatchObject({ score: 90, coverage: 0.75, status: 'at_risk' });
    expect(card).toMatchObject({ score: 90, coverage: 0.75 });
  });

  it('when the target is zero, then there is no score and the warning names the indicator', () => {
    const changed = series({ ...data, CLAIM_RATE: months(2026, [null, null], [0, 0]) });
    const card = buildScorecard({ model: company, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: changed });
    const claimRate = card.perspectives[1].objectives[0].indicators[0];
    expect(claimRate).toMatchObject({ score: null, status: 'no_data', warning: 'target is 0, no score', gapPct: null });
    expect(card.warnings).toContain('CLAIM_RATE: target is 0, no score');
    expect(card.perspectives[1].objectives[0]).toMatchObject({ score: null, coverage: 0 });
  });

  it('when a month is missing inside the window, then the card warns which one', () => {
    const changed = series({ ...data, SALES: months(2026, [1000, null], [1000, 1000]) });
    const card = buildScorecard({ model: company, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: changed });
    expect(card.warnings).toContain('SALES: no actual for 2026-02 (1 of 2 months have one), compared over the months that have one');
    // Like for like: January's 1000 against January's 1000, not against two months' 2000.
    expect(card.perspectives[0].objectives[0].indicators[0]).toMatchObject({
      actual: 1000,
      target: 1000,
      score: 100,
      completeness: { units: null, months: { reported: 1, expected: 2, missing: ['2026-02'] } },
    });
    expect(card.complete).toBe(false);
  });

  it('when a formula input has no data, then the formula indicator has no score and says which input', () => {
    const changed = series({ ...data, ORDERS: months(2026, [null, null]) });
    const card = buildScorecard({ model: company, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: changed });
    expect(card.perspectives[1].objectives[0].indicators[0]).toMatchObject({
      actual: null,
      score: null,
      warning: 'no data for formula input ORDERS, no value',
    });
  });

  it('when a formula divides by a zero input, then there is no score and a warning', () => {
    const changed = series({ ...data, ORDERS: months(2026, [0, 0]) });
    const card = buildScorecard({ model: company, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: changed });
    expect(card.warnings).toContain('CLAIM_RATE: the formula has no value for these inputs (division by zero), no value');
  });

  it('when an indicator has no time aggregation, then it has no value and the warning names it', () => {
    const broken = { ...company, indicators: company.indicators.map((i) => (i.code === 'SALES' ? { ...i, aggregation: {} } : i)) };
    const card = buildScorecard({ model: broken, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: series(data) });
    expect(card.warnings).toContain('SALES: aggregation.time is missing, no value');
    expect(card.perspectives[0].objectives[0].indicators[0].score).toBeNull();
  });

  it('when an indicator points at an unknown objective, then it is left out with a warning', () => {
    const stray = { ...company, indicators: [...company.indicators, indicator('STRAY', { objective: 'X9' })] };
    const card = buildScorecard({ model: stray, unit: 'SEOUL', period: '2026-02', window: 'ytd', series: series(data) });
    expect(card.warnings).toContain('STRAY: objective X9 is not in the model, left out');
  });
});

describe('formula indicators built on formula indicators', () => {
  const nested = model({
    perspectives: [{ code: 'customer', weight: 1 }],
    objectives: [{ code: 'C1', perspective: 'customer', weight: 1 }],
    indicators: [
      indicator('CLAIM_RATE', { formula: 'CLAIMS / ORDERS * 100', aggregation: {} }),
      indicator('QUALITY', { objective: 'C1', formula: '100 - CLAIM_RATE', aggregation: {} }),
      indicator('CLAIMS'),
      indicator('ORDERS'),
    ],
  });

  it('when a formula reads another formula, then the inner one is resolved over the window first', () => {
    const data = series({ CLAIMS: months(2026, [2, 2]), ORDERS: months(2026, [4, 100]), QUALITY: months(2026, [null, null], [95, 97]) });
    const value = indicatorWindowValue(nested, 'QUALITY', data, ['2026-01', '2026-02']);
    expect(value.actual).toBeCloseTo(100 - 400 / 104, 12);
    expect(value.target).toBe(96);
    expect(value.warnings).toEqual([]);
  });

  it('when formulas feed each other in a cycle, then there is no value and the cycle is named', () => {
    const cyclic = model({
      indicators: [indicator('A', { formula: 'B + 1', aggregation: {} }), indicator('B', { formula: 'A * 2', aggregation: {} })],
    });
    const value = indicatorWindowValue(cyclic, 'A', new Map(), ['2026-01']);
    expect(value.actual).toBeNull();
    expect(value.warnings).toEqual(['A: formula cycle A → B → A, no value']);
  });

  it('when a formula does not parse or names an unknown indicator, then the warning says so', () => {
    const broken = model({
      indicators: [indicator('A', { formula: 'B +', aggregation: {} }), indicator('C', { formula: 'NOPE * 2', aggregation: {} })],
    });
    expect(indicatorWindowValue(broken, 'A', new Map(), ['2026-01']).warnings[0]).toMatch(/^A: Formula error at column 4/);
    expect(indicatorWindowValue(broken, 'C', new Map(), ['2026-01']).warnings).toEqual(['NOPE: not an indicator of the model, no value']);
  });
});

describe('indicator series and trend', () => {
  it('when the claim rate is charted by month, then each month applies the formula to that month alone', () => {
    const points = buildIndicatorSeries(company, 'CLAIM_RATE', series(data), ['2026-01', '2026-02']);
    // January: 2 / 4 = 50 % against 2.5 → (2 − 20) × 100 floored to 0; February: 2 % → (2 − 0.8) × 100 = 120
    expect(points).toEqual([
      { period: '2026-01', actual: 50, target: 2.5, score: 0, status: 'off_track', gap: 47.5, gapPct: 1900, favourable: false, completeness: { units: null, months: null }, warning: null },
      { period: '2026-02', actual: 2, target: 2.5, score: 120, status: 'on_track', gap: -0.5, gapPct: -20, favourable: true, completeness: { units: null, months: null }, warning: null },
    ]);
  });

  it('when sales run at 2100 in two months against 1000 a month, then the forecast 12600 meets the year target 12000', () => {
    const fullYear = series({ ...data, SALES: { ...months(2026, [1000, 1100], Array(12).fill(1000)) } });
    const trend = indicatorTrend(company, 'SALES', fullYear, '2026-02');
    expect(trend).toMatchObject({ current: 1100, previous: 1000, change: 100, forecast: 12600, atRisk: false });
  });

  it('when the series does not hold targets for the whole year, then the year target is unknown unless given', () => {
    expect(indicatorTrend(company, 'SALES', series(data), '2026-02').atRisk).toBeNull();
    expect(indicatorTrend(company, 'SALES', series(data), '2026-02', 13000).atRisk).toBe(true);
  });
});
