/**
 * DESIGN.md §3 "Incomplete data", worked examples with hand-computed numbers, and the
 * properties that keep it honest.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applicableIndicators,
  buildScorecard,
  indicatorTrend,
  indicatorWindowValue,
  likeForLikeInputs,
  type FormulaTree,
  type Scorecard,
} from '../../../server/scoring/index.ts';
import { buildScorecard as legacyBuildScorecard } from './legacy-scorecard.ts';
import { indicator, model, months, series } from './factories.ts';

const result = (card: Scorecard, code: string) => card.perspectives.flatMap((p) => p.objectives).flatMap((o) => o.indicators).find((i) => i.code === code);

describe('like-for-like windows: year to date with a missing month', () => {
  // A store's operating profit: 10 months of targets of 100, October not entered yet.
  const profit = model({
    perspectives: [{ code: 'financial', weight: 1 }],
    objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }],
    indicators: [indicator('OP', { objective: 'F1' })],
  });
  const data = series({ OP: months(2026, [100, 100, 100, 100, 100, 100, 100, 100, 100, null], Array(10).fill(100)) });
  const card = buildScorecard({ model: profit, unit: 'S1', period: '2026-10', window: 'ytd', series: data });

  it('when October has no actual, then 9 months of actuals are compared with 9 months of targets: 900 / 900 = 100', () => {
    // Before: 900 against 1000 → 90, −10 % (the store looked at risk until October was entered).
    expect(result(card, 'OP')).toMatchObject({ actual: 900, target: 900, score: 100, gap: 0, status: 'on_track' });
  });

  it('when a month is missing, then completeness says 9 of 10 months and names October', () => {
    expect(result(card, 'OP')!.completeness).toEqual({ units: null, months: { reported: 9, expected: 10, missing: ['2026-10'] } });
    expect(card.complete).toBe(false);
    expect(result(card, 'OP')!.warning).toMatch(/no actual for 2026-10 \(9 of 10 months have one\)/);
  });

  it('when a month has an actual but no target, then it is left out and named', () => {
    const noTarget = series({ OP: months(2026, [100, 120, 90], [100, null, 100]) });
    const value = indicatorWindowValue(profit, 'OP', noTarget, ['2026-01', '2026-02', '2026-03']);
    // January and March: 190 against 200
    expect(value).toMatchObject({ actual: 190, target: 200 });
    expect(value.warnings).toContain('OP: actual but no target for 2026-02, left out of the comparison');
  });

  it('when the month window is asked, then months completeness is null', () => {
    const month = buildScorecard({ model: profit, unit: 'S1', period: '2026-09', window: 'month', series: data });
    expect(result(month, 'OP')!.completeness).toEqual({ units: null, months: null });
    expect(month.complete).toBe(true);
  });
});

describe('like-for-like formulas over time: a formula with one input missing in a month', () => {
  const rates = model({
    perspectives: [{ code: 'process', weight: 1 }],
    objectives: [{ code: 'P1', perspective: 'process', weight: 1 }],
    indicators: [
      indicator('CLAIM_RATE', { objective: 'P1', direction: 'decrease', formula: 'CLAIMS / ORDERS * 100', aggregation: { time: 'avg' } }),
      indicator('CLAIMS'),
      indicator('ORDERS'),
    ],
  });
  // January 2 of 100, February 3 claims but no orders yet, March 4 of 100; target 3 % each month.
  const data = series({
    CLAIMS: months(2026, [2, 3, 4]),
    ORDERS: months(2026, [100, null, 100]),
    CLAIM_RATE: months(2026, [null, null, null], [3, 3, 3]),
  });

  it('when February has no orders, then the rate is over January and March only: 6 / 200 = 3 % against 3 %', () => {
    // Before: 9 claims / 200 orders = 4.5 % → (2 − 1.5) × 100 = 50, off track.
    const value = indicatorWindowValue(rates, 'CLAIM_RATE', data, ['2026-01', '2026-02', '2026-03']);
    expect(value).toMatchObject({ actual: 3, target: 3 });
    expect(value.completeness.months).toEqual({ reported: 2, expected: 3, missing: ['2026-02'] });
    expect(value.warnings).toContain('CLAIM_RATE: no data for formula input ORDERS in 2026-02, month left out');
  });
});

describe('applicability: a formula applies where all its inputs apply', () => {
  const shops = model({
    perspectives: [{ code: 'financial', weight: 1 }, { code: 'customer', weight: 1 }],
    objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }, { code: 'C1', perspective: 'customer', weight: 1 }],
    indicators: [
      indicator('PPE', { objective: 'F1', formula: 'PROFIT / HEADCOUNT', aggregation: { time: 'sum' } }),
      indicator('PROFIT', { appliesTo: ['RETAIL'] }),
      indicator('HEADCOUNT', { aggregation: { time: 'last', org: 'sum' } }),
      indicator('CSAT', { objective: 'C1', aggregation: { time: 'avg', org: 'avg' } }),
    ],
  });
  const callCentre = (roots: readonly string[]) => roots.includes('CALL') || roots.includes('HQ');

  it('when profit does not apply at the call centre, then neither does profit per employee', () => {
    expect([...applicableIndicators(shops, callCentre)].sort()).toEqual(['CSAT', 'HEADCOUNT']);
  });

  it('when the call centre is scored, then profit per employee is absent: the financial perspective is left out, not scored 0', () => {
    const data = series({ HEADCOUNT: months(2026, [40]), CSAT: months(2026, [80], [80]) });
    const card = buildScorecard({ model: shops, unit: 'CALL', period: '2026-01', window: 'month', series: data, inScope: callCentre });
    expect(card.perspectives.map((p) => p.code)).toEqual(['customer']);
    expect(card).toMatchObject({ score: 100, coverage: 1, complete: true });
  });
});

describe('like-for-like formula inputs over the org tree: profit per employee at a division', () => {
  // DIV has areas A (stores S1-S3) and B (S4, S5). S3 reported its headcount but no profit.
  const children: Record<string, string[]> = { DIV: ['A', 'B'], A: ['S1', 'S2', 'S3'], B: ['S4', 'S5'] };
  const own: Record<string, Record<string, number>> = {
    S1: { PROFIT: 300, HEADCOUNT: 10 },
    S2: { PROFIT: 280, HEADCOUNT: 10 },
    S3: { HEADCOUNT: 10 },
    S4: { PROFIT: 312, HEADCOUNT: 10 },
    S5: { PROFIT: 290, HEADCOUNT: 10 },
  };
  const tree = (values = own): FormulaTree => ({
    inputs: ['PROFIT', 'HEADCOUNT'],
    children: (unit) => children[unit] ?? [],
    applies: () => true,
    own: (unit, input) => values[unit]?.[input],
    method: () => 'sum',
  });

  it('when S3 has no profit, then both inputs are summed over the four stores that reported both: 1182 / 40 = 29.55', () => {
    // Before: 1182 / 50 = 23.64, below every store (28-31.2).
    const lfl = likeForLikeInputs(tree(), 'DIV');
    expect(lfl).toEqual({ values: { PROFIT: 1182, HEADCOUNT: 40 }, reported: ['S1', 'S2', 'S4', 'S5'], missing: ['S3'] });
    expect(lfl.values!.PROFIT / lfl.values!.HEADCOUNT).toBe(29.55);
  });

  it('when an area reports its own figures, then it is the entering unit and its stores are not asked', () => {
    const lfl = likeForLikeInputs(tree({ ...own, A: { PROFIT: 900, HEADCOUNT: 30 } }), 'DIV');
    expect(lfl).toEqual({ values: { PROFIT: 1502, HEADCOUNT: 50 }, reported: ['A', 'S4', 'S5'], missing: [] });
  });
});

describe('properties', () => {
  const value = fc.integer({ min: 0, max: 10_000 });
  const store = fc.record({ profit: fc.option(value, { nil: undefined }), headcount: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }) });

  it('when a late store adds its value, then the like-for-like inputs of its reporting siblings are what they are without it', () => {
    fc.assert(
      fc.property(fc.array(store, { minLength: 1, maxLength: 8 }), fc.nat(), (stores, pick) => {
        const late = pick % stores.length;
        const codes = stores.map((_, i) => `S${i}`);
        const make = (include: (i: number) => boolean, values: typeof stores): FormulaTree => ({
          inputs: ['PROFIT', 'HEADCOUNT'],
          children: (unit) => (unit === 'AREA' ? codes.filter((_, i) => include(i)) : []),
          applies: () => true,
          own: (unit, input) => {
            const s = values[codes.indexOf(unit)];
            return input === 'PROFIT' ? s?.profit : s?.headcount;
          },
          method: () => 'sum',
        });
        const withoutLate = stores.map((s, i) => (i === late ? { profit: undefined, headcount: s.headcount } : s));
        const whileLate = likeForLikeInputs(make(() => true, withoutLate), 'AREA');
        const siblingsAlone = likeForLikeInputs(make((i) => i !== late, stores), 'AREA');
        expect(whileLate.values).toEqual(siblingsAlone.values);
        expect(whileLate.reported).toEqual(siblingsAlone.reported);
      }),
    );
  });

  it('when every month of the window has its actuals and targets, then the card equals the one before this change', () => {
    const card = model({
      perspectives: [{ code: 'financial', weight: 2 }, { code: 'process', weight: 1 }],
      objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }, { code: 'P1', perspective: 'process', weight: 1 }],
      indicators: [
        indicator('SALES', { objective: 'F1', weight: 2 }),
        indicator('MARGIN', { objective: 'F1', aggregation: { time: 'avg', org: 'avg' } }),
        indicator('STOCK', { objective: 'F1', aggregation: { time: 'last', org: 'sum' }, direction: 'decrease' }),
        indicator('RATE', { objective: 'P1', direction: 'decrease', formula: 'CLAIMS / ORDERS * 100', aggregation: { time: 'avg' } }),
        indicator('CLAIMS'),
        indicator('ORDERS'),
      ],
    });
    const positive = fc.integer({ min: 1, max: 100_000 });
    const month = fc.record({ sales: positive, salesT: positive, margin: positive, marginT: positive, stock: positive, stockT: positive, claims: value, orders: positive, rateT: positive });
    fc.assert(
      fc.property(fc.array(month, { minLength: 12, maxLength: 12 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('month' as const, 'ytd' as const), (rows, last, window) => {
        const at = (pick: (r: (typeof rows)[number]) => number) => rows.map(pick);
        const data = series({
          SALES: months(2026, at((r) => r.sales), at((r) => r.salesT)),
          MARGIN: months(2026, at((r) => r.margin), at((r) => r.marginT)),
          STOCK: months(2026, at((r) => r.stock), at((r) => r.stockT)),
          CLAIMS: months(2026, at((r) => r.claims)),
          ORDERS: months(2026, at((r) => r.orders)),
          RATE: months(2026, Array(12).fill(null), at((r) => r.rateT)),
        });
        const period = `2026-${String(last).padStart(2, '0')}`;
        const now = buildScorecard({ model: card, unit: 'S1', period, window, series: data });
        const before = legacyBuildScorecard({ model: card, unit: 'S1', period, window, series: data });
        expect(now.complete).toBe(true);
        expect(strip(now)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });
});

/** The card without the fields this change added. */
function strip(card: Scorecard) {
  const { complete: _c, ...rest } = card;
  return {
    ...rest,
    perspectives: card.perspectives.map(({ complete: _p, ...p }) => ({
      ...p,
      objectives: p.objectives.map(({ complete: _o, ...o }) => ({ ...o, indicators: o.indicators.map(({ completeness: _i, ...i }) => i) })),
    })),
  };
}

describe('year-end forecast on the same basis', () => {
  it('when the last month is partial at a parent, then the run rate reads the months every unit reported', () => {
    const sales = model({ indicators: [indicator('SALES')] });
    const data = series({
      SALES: {
        '2026-01': { actual: 400, target: 400 },
        '2026-02': { actual: 400, target: 400 },
        // March: 3 of 4 stores; 300 would drag the run rate to (1100 / 3) × 12 = 4400.
        '2026-03': { actual: 300, target: 300, units: { reported: 3, expected: 4, missing: ['S4'] } },
      },
    });
    expect(indicatorTrend(sales, 'SALES', data, '2026-03', 4800).forecast).toBe(4800); // 800 / 2 × 12
  });
});

describe('comparable periods for quarterly and yearly indicators (DESIGN.md §3 "Over time")', () => {
  const quarterly = model({
    perspectives: [{ code: 'financial', weight: 100 }],
    objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }],
    indicators: [indicator('AUDIT', { objective: 'F1', frequency: 'quarterly' }), indicator('LICENCES', { objective: 'F1', frequency: 'yearly' })],
  });

  it('a ytd window compares the quarters that have an actual and a target: Q1 300 + Q2 330 against 300 + 300 (not Q3’s 300 too)', () => {
    // A quarter's value lands on its last month; Q3 (September) is due but not reported.
    const data = series({ AUDIT: { '2026-03': { actual: 300, target: 300 }, '2026-06': { actual: 330, target: 300 }, '2026-09': { actual: null, target: 300 } } });
    const card = buildScorecard({ model: quarterly, unit: 'U', period: '2026-09', window: 'ytd', series: data });
    const audit = card.perspectives[0].objectives[0].indicators.find((i) => i.code === 'AUDIT')!;
    // 630 / 600 × 100 = 105 (the old rule compared 630 with 900: 70)
    expect([audit.actual, audit.target, audit.score]).toEqual([630, 600, 105]);
    expect(audit.completeness.months).toEqual({ reported: 2, expected: 3, missing: ['2026-09'] });
    expect(audit.warning).toContain('no actual for 2026-09 (2 of 3 periods have one)');
  });

  it('a quarter with an actual but no target is left out of the comparison and named', () => {
    const data = series({ AUDIT: { '2026-03': { actual: 300, target: 300 }, '2026-06': { actual: 330, target: null } } });
    const audit = indicatorWindowValue(quarterly, 'AUDIT', data, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect([audit.actual, audit.target]).toEqual([300, 300]);
    expect(audit.warnings.join('; ')).toContain('actual but no target for 2026-06');
  });

  it('a two-year span compares the years that have both: 2025 100 against 100, not against 100 + 120', () => {
    const span = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const data = series({ LICENCES: { '2025-12': { actual: 100, target: 100 }, '2026-12': { actual: null, target: 120 } } });
    const licences = indicatorWindowValue(quarterly, 'LICENCES', data, span);
    expect([licences.actual, licences.target]).toEqual([100, 100]);
    expect(licences.completeness.months).toEqual({ reported: 1, expected: 2, missing: ['2026-12'] });
  });
});
