/**
 * Properties that must hold for any data, checked with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateTime,
  buildScorecard,
  evaluateFormula,
  FormulaError,
  indicatorWindowValue,
  parseFormula,
  rollupScores,
  scoreIndicator,
} from '../../../server/scoring/index.ts';
import type { BandStep, Direction, Scoring, ScoringMethod } from '../../../server/scoring/index.ts';
import { indicator, model } from './factories.ts';

/** Business-sized numbers: wide, but far from overflow. */
const amount = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
const positive = fc.double({ min: 1e-3, max: 1e9, noNaN: true, noDefaultInfinity: true });
const nonZero = fc.oneof(positive, positive.map((x) => -x));
const score = fc.double({ min: 0, max: 200, noNaN: true, noDefaultInfinity: true });
const weight = fc.double({ min: 1e-3, max: 1e3, noNaN: true, noDefaultInfinity: true });
const scale = fc.double({ min: 1e-2, max: 1e2, noNaN: true, noDefaultInfinity: true });

function closeTo(a: number | null, b: number | null, relative = 1e-9): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= relative * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('rollup properties', () => {
  it('when every weight is scaled by the same positive constant, then the rolled-up score and coverage do not change', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ weight, score: fc.option(score) }), { maxLength: 12 }), scale, (items, c) => {
        const before = rollupScores(items);
        const after = rollupScores(items.map((item) => ({ ...item, weight: item.weight * c })));
        expect(closeTo(after.score, before.score)).toBe(true);
        expect(closeTo(after.coverage, before.coverage)).toBe(true);
      }),
    );
  });

  it('when scores roll up, then the result lies between the lowest and highest score and coverage within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ weight: fc.double({ min: -10, max: 10, noNaN: true }), score: fc.option(score) }), { maxLength: 12 }), (items) => {
        const { score: rolled, coverage } = rollupScores(items);
        expect(coverage).toBeGreaterThanOrEqual(0);
        expect(coverage).toBeLessThanOrEqual(1);
        if (rolled === null) return;
        const scores = items.filter((i) => i.weight > 0 && i.score !== null).map((i) => i.score!);
        expect(rolled).toBeGreaterThanOrEqual(Math.min(...scores) - 1e-9);
        expect(rolled).toBeLessThanOrEqual(Math.max(...scores) + 1e-9);
      }),
    );
  });

  it('when every weight of a whole scorecard is scaled (each level by its own constant), then no rolled-up score changes', () => {
    const build = (k: [number, number, number]) =>
      buildScorecard({
        model: model({
          perspectives: [{ code: 'financial', weight: 30 * k[0] }, { code: 'customer', weight: 70 * k[0] }],
          objectives: [
            { code: 'F1', perspective: 'financial', weight: 1 * k[1] },
            { code: 'C1', perspective: 'customer', weight: 2 * k[1] },
            { code: 'C2', perspective: 'customer', weight: 3 * k[1] },
          ],
          indicators: [
            indicator('A', { objective: 'F1', weight: 2 * k[2] }),
            indicator('B', { objective: 'F1', weight: 1 * k[2] }),
            indicator('C', { objective: 'C1', weight: 1 * k[2] }),
            indicator('D', { objective: 'C2', weight: 5 * k[2] }),
          ],
        }),
        unit: 'HQ',
        period: '2026-01',
        window: 'month',
        series: new Map(
          ['A', 'B', 'C', 'D'].map((code, i) => [code, new Map([['2026-01', { actual: i === 1 ? null : 80 + i * 10, target: 100 }]])]),
        ),
      });
    fc.assert(
      fc.property(fc.tuple(scale, scale, scale), (k) => {
        const base = build([1, 1, 1]);
        const scaled = build(k);
        expect(closeTo(scaled.score, base.score)).toBe(true);
        expect(closeTo(scaled.coverage, base.coverage)).toBe(true);
        scaled.perspectives.forEach((p, i) => expect(closeTo(p.score, base.perspectives[i].score)).toBe(true));
      }),
    );
  });
});

type Case = {
  method: ScoringMethod;
  direction: 'increase' | 'decrease';
  on?: 'ratio' | 'value';
};

const CASES: Case[] = [
  { method: 'ratio', direction: 'increase' },
  { method: 'ratio', direction: 'decrease' },
  { method: 'progress', direction: 'increase' },
  { method: 'progress', direction: 'decrease' },
  { method: 'threshold', direction: 'increase' },
  { method: 'threshold', direction: 'decrease' },
  { method: 'bands', direction: 'increase', on: 'ratio' },
  { method: 'bands', direction: 'decrease', on: 'ratio' },
  { method: 'bands', direction: 'increase', on: 'value' },
  { method: 'bands', direction: 'decrease', on: 'value' },
  { method: 'binary', direction: 'increase' },
  { method: 'binary', direction: 'decrease' },
];

const RATIO_BANDS: BandStep[] = [
  { from: 0, score: 0 },
  { from: 80, score: 60 },
  { from: 90, score: 80 },
  { from: 100, score: 100 },
];

/** Scoring parameters that fit the direction: baseline and red flag on the bad side of T. */
function settingsFor(c: Case, target: number, distance: number) {
  const bad = c.direction === 'increase' ? target - distance : target + distance;
  const valueSteps: BandStep[] =
    c.direction === 'increase'
      ? [{ from: target - distance, score: 50 }, { from: target, score: 100 }, { from: target + distance, score: 110 }]
      : [{ upTo: target - distance, score: 110 }, { upTo: target, score: 100 }, { upTo: target + distance, score: 50 }];
  const scoring: Scoring = c.method === 'bands' ? { method: 'bands', on: c.on, steps: c.on === 'value' ? valueSteps : RATIO_BANDS } : { method: c.method };
  return { baseline: bad, redFlag: bad, scoring };
}

/** Ratio-based methods need a positive target; the others work with any non-zero one. */
const targetFor = (c: Case) => (c.method === 'ratio' || (c.method === 'bands' && c.on === 'ratio') ? positive : nonZero);

describe('score properties', () => {
  it('when the actual equals the target, then every method in every direction scores exactly 100', () => {
    for (const c of CASES) {
      fc.assert(
        fc.property(targetFor(c), positive, (target, distance) => {
          const settings = settingsFor(c, target, distance);
          fc.pre(settings.baseline !== target); // the distance must survive floating point
          const result = scoreIndicator({ actual: target, target, direction: c.direction, ...settings });
          expect(result).toEqual({ score: 100, warning: null });
        }),
        { numRuns: 50 },
      );
    }
  });

  it('when a maintain indicator meets its target, then it scores 100 whatever the method', () => {
    fc.assert(
      fc.property(nonZero, fc.constantFrom<ScoringMethod>('ratio', 'progress', 'threshold', 'bands', 'binary'), (target, method) => {
        expect(scoreIndicator({ actual: target, target, direction: 'maintain', scoring: { method } }).score).toBe(100);
      }),
    );
  });

  it('when a ratio target is negative, then there is never a score, always a warning', () => {
    fc.assert(
      fc.property(amount, positive, fc.constantFrom<'increase' | 'decrease'>('increase', 'decrease'), (actual, t, direction) => {
        const result = scoreIndicator({ actual, target: -t, direction, scoring: { method: 'ratio' } });
        expect(result.score).toBeNull();
        expect(result.warning).toMatch(/positive target/);
      }),
    );
  });

  it('when the actual rises, then an increase score never falls and a decrease score never rises', () => {
    for (const c of CASES) {
      fc.assert(
        fc.property(targetFor(c), positive, amount, amount, (target, distance, a, b) => {
          const settings = settingsFor(c, target, distance);
          fc.pre(settings.baseline !== target);
          const [low, high] = a <= b ? [a, b] : [b, a];
          const lowScore = scoreIndicator({ actual: low, target, direction: c.direction, ...settings }).score!;
          const highScore = scoreIndicator({ actual: high, target, direction: c.direction, ...settings }).score!;
          if (c.direction === 'increase') expect(highScore).toBeGreaterThanOrEqual(lowScore);
          else expect(highScore).toBeLessThanOrEqual(lowScore);
        }),
        { numRuns: 50 },
      );
    }
  });

  const anyNumber = fc.oneof(
    amount,
    fc.double(), // NaN, ±Infinity, ±0, subnormals, ±1.7e308
    fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE, Number.MAX_VALUE),
  );
  const anyStep: fc.Arbitrary<BandStep> = fc.oneof(
    fc.record({ from: anyNumber, score: anyNumber }),
    fc.record({ upTo: anyNumber, score: anyNumber }),
  );

  it('when inputs are anything at all, then the score is null (with a reason) or a finite number in [0, cap]', () => {
    fc.assert(
      fc.property(
        fc.record({
          actual: fc.option(anyNumber),
          target: fc.option(anyNumber),
          baseline: fc.option(anyNumber),
          redFlag: fc.option(anyNumber),
          tolerance: fc.option(anyNumber),
          direction: fc.constantFrom<Direction>('increase', 'decrease', 'maintain'),
          method: fc.constantFrom<ScoringMethod>('ratio', 'progress', 'threshold', 'bands', 'binary'),
          on: fc.constantFrom<'ratio' | 'value' | undefined>('ratio', 'value', undefined),
          steps: fc.option(fc.array(anyStep, { maxLength: 5 }), { nil: undefined }),
          cap: fc.option(anyNumber, { nil: undefined }),
        }),
        (input) => {
          const result = scoreIndicator({ ...input, scoring: { method: input.method, on: input.on, steps: input.steps, cap: input.cap } });
          if (result.score === null) {
            if (input.actual !== null) expect(typeof result.warning).toBe('string');
            return;
          }
          expect(Number.isFinite(result.score)).toBe(true);
          expect(result.warning).toBeNull();
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(input.cap ?? 120);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('formula properties', () => {
  const formulas = ['CLAIMS / ORDERS * 100', '(ORDERS - CLAIMS) / ORDERS', 'max(CLAIMS, 1) / abs(ORDERS)', 'round(CLAIMS * 100 / ORDERS, 2)'];
  const month = fc.option(fc.integer({ min: 0, max: 1_000_000 }));

  it('when a formula indicator is evaluated year to date, then it equals the formula over the inputs summed over the months where both have an actual', () => {
    fc.assert(
      fc.property(fc.constantFrom(...formulas), fc.array(fc.tuple(month, month), { minLength: 1, maxLength: 12 }), (text, rows) => {
        const monthKeys = rows.map((_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
        const rateModel = model({ indicators: [indicator('RATE', { formula: text, aggregation: {} }), indicator('CLAIMS'), indicator('ORDERS')] });
        const data = new Map([
          ['CLAIMS', new Map(rows.map(([claims], i) => [monthKeys[i], { actual: claims, target: null }]))],
          ['ORDERS', new Map(rows.map(([, orders], i) => [monthKeys[i], { actual: orders, target: null }]))],
        ]);
        // Integers add exactly, so a plain reduce is an independent oracle for the YTD sums.
        const total = (values: (number | null)[]) => (values.every((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0));
        // Like for like (DESIGN.md §3): only months in which every input has an actual count.
        const both = rows.filter(([claims, orders]) => claims !== null && orders !== null);
        const expected =
          both.length === 0
            ? null
            : evaluateFormula(parseFormula(text), {
                CLAIMS: total(both.map(([claims]) => claims)),
                ORDERS: total(both.map(([, orders]) => orders)),
              });
        expect(indicatorWindowValue(rateModel, 'RATE', data, monthKeys).actual).toBe(expected);
      }),
    );
  });

  it('when any text is parsed, then it either parses or throws a FormulaError with a position inside the text', () => {
    const alphabet = fc.constantFrom(...'AB_ 019.+-*/(),xminaboundc$^"−'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet })), (text) => {
        try {
          parseFormula(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FormulaError);
          expect((error as FormulaError).position).toBeGreaterThanOrEqual(0);
          expect((error as FormulaError).position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('when a formula is evaluated with any values, then the result is null or a finite number', () => {
    const anyValue = fc.option(fc.double(), { nil: undefined });
    fc.assert(
      fc.property(fc.constantFrom(...formulas, 'CLAIMS * ORDERS * 1e300', '-CLAIMS - ORDERS'), anyValue, anyValue, (text, claims, orders) => {
        const result = evaluateFormula(parseFormula(text), { CLAIMS: claims, ORDERS: orders });
        if (result !== null) expect(Number.isFinite(result)).toBe(true);
      }),
    );
  });
});

describe('aggregation properties', () => {
  const months = (value: fc.Arbitrary<number>) => fc.array(fc.option(value), { maxLength: 12 });

  it('when whole-number months are split into two disjoint ranges, then the sum of the whole is the sum of the parts', () => {
    fc.assert(
      fc.property(months(fc.integer({ min: -1e9, max: 1e9 })), months(fc.integer({ min: -1e9, max: 1e9 })), (a, b) => {
        const whole = aggregateTime([...a, ...b], 'sum');
        const left = aggregateTime(a, 'sum');
        const right = aggregateTime(b, 'sum');
        if (left === null && right === null) expect(whole).toBeNull();
        else expect(whole).toBe((left ?? 0) + (right ?? 0));
      }),
    );
  });

  it('when decimal months are split into two disjoint ranges, then the sums agree to 15 significant digits', () => {
    fc.assert(
      fc.property(months(amount), months(amount), (a, b) => {
        const whole = aggregateTime([...a, ...b], 'sum');
        const parts = (aggregateTime(a, 'sum') ?? 0) + (aggregateTime(b, 'sum') ?? 0);
        // Each total is exact to 15 significant digits of the terms' size, so allow that much.
        const size = [...a, ...b].reduce<number>((s, v) => s + Math.abs(v ?? 0), 0);
        if (whole !== null) expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1e-13 * (size + 1));
      }),
    );
  });

  it('when any months are aggregated, then avg, min and max lie within the values and nothing is NaN', () => {
    fc.assert(
      fc.property(months(amount), fc.constantFrom('avg', 'min', 'max', 'last') as fc.Arbitrary<'avg' | 'min' | 'max' | 'last'>, (values, method) => {
        const result = aggregateTime(values, method);
        const present = values.filter((v): v is number => v !== null);
        if (present.length === 0) {
          expect(result).toBeNull();
          return;
        }
        expect(result!).toBeGreaterThanOrEqual(Math.min(...present) - 1e-6);
        expect(result!).toBeLessThanOrEqual(Math.max(...present) + 1e-6);
      }),
    );
  });
});

describe('scorecard properties', () => {
  const fuzzModel = model({
    perspectives: [{ code: 'financial', weight: 1 }, { code: 'customer', weight: 1 }],
    objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }, { code: 'C1', perspective: 'customer', weight: 1 }],
    indicators: [
      indicator('SALES', { objective: 'F1', weight: 2 }),
      indicator('DAYS', { objective: 'F1', direction: 'decrease', scoring: { method: 'progress' }, aggregation: { time: 'avg' } }),
      indicator('NPS', { objective: 'C1', scoring: { method: 'threshold', cap: 150 }, aggregation: { time: 'last' } }),
      indicator('STOCK', { objective: 'C1', direction: 'maintain', aggregation: { time: 'max' } }),
      indicator('RATE', { objective: 'C1', direction: 'decrease', formula: 'CLAIMS / ORDERS * 100', aggregation: {} }),
      indicator('CLAIMS'),
      indicator('ORDERS'),
    ],
  });
  const value = fc.option(fc.oneof(amount, fc.constantFrom(0, -1, 1)));
  const monthValues = fc.record({ actual: value, target: value, baseline: value, redFlag: value });

  it('when the data is anything, then every score is null or within [0, cap], coverage within [0, 1], and the card survives JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.array(monthValues, { minLength: 3, maxLength: 3 }), { minLength: 7, maxLength: 7 }), (rows) => {
        const codes = ['SALES', 'DAYS', 'NPS', 'STOCK', 'RATE', 'CLAIMS', 'ORDERS'];
        const data = new Map(codes.map((code, i) => [code, new Map(rows[i].map((row, m) => [`2026-0${m + 1}`, row]))]));
        const card = buildScorecard({ model: fuzzModel, unit: 'HQ', period: '2026-Q1', window: 'ytd', series: data });
        expect(JSON.parse(JSON.stringify(card))).toEqual(card); // NaN or Infinity would come back as null
        const levels = [card, ...card.perspectives, ...card.perspectives.flatMap((p) => p.objectives)];
        for (const level of levels) {
          expect(level.coverage).toBeGreaterThanOrEqual(0);
          expect(level.coverage).toBeLessThanOrEqual(1);
          if (level.score !== null) expect(level.score).toBeLessThanOrEqual(150);
        }
        for (const result of card.perspectives.flatMap((p) => p.objectives).flatMap((o) => o.indicators)) {
          if (result.score === null) continue;
          expect(result.score).toBeGreaterThanOrEqual(0);
          expect(result.score).toBeLessThanOrEqual(result.code === 'NPS' ? 150 : 120);
        }
      }),
      { numRuns: 200 },
    );
  });
});
