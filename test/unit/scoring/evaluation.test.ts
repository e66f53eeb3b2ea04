/**
 * Evaluation math (DESIGN.md §3 "Evaluation (CS평가 → 보상)"): worked examples of both grading
 * rules, ranks and ties, missing data under both rules, adjustments; and properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildScorecard,
  evaluateUnitScore,
  gradeByBands,
  gradeByDistribution,
  gradeEvaluation,
  gradeForRank,
  monthsInWindow,
  rankTotals,
  sumAdjustments,
  totalOf,
  unreachableGrades,
} from '../../../server/scoring/index.ts';
import type { GradeBand, GradeInput, GradeShare, ScorecardModel } from '../../../server/scoring/index.ts';
import { indicator, model, months, series } from './factories.ts';

const BANDS: GradeBand[] = [
  { grade: 'S', from: 95 },
  { grade: 'A', from: 90 },
  { grade: 'B', from: 80 },
  { grade: 'C', from: 70 },
  { grade: 'D', from: 0 },
];
const DISTRIBUTION: GradeShare[] = [
  { grade: 'S', share: 10 },
  { grade: 'A', share: 20 },
  { grade: 'B', share: 40 },
  { grade: 'C', share: 20 },
  { grade: 'D', share: 10 },
];
const GRADE_ORDER = ['S', 'A', 'B', 'C', 'D'];

const unitsWith = (totals: Record<string, number | null>): GradeInput[] =>
  Object.entries(totals).map(([unit, score]) => ({ unit, score, coverage: 1, perspectives: {} }));
const gradesOf = (results: { unit: string; grade: string | null }[]) => Object.fromEntries(results.map((r) => [r.unit, r.grade]));
const ranksOf = (results: { unit: string; rank: number | null }[]) => Object.fromEntries(results.map((r) => [r.unit, r.rank]));

describe('ranks', () => {
  it('when totals tie, then they share a rank and the next rank skips (1, 2, 2, 4); ties list by unit code', () => {
    const ranked = rankTotals([
      { unit: 'D', total: 80 },
      { unit: 'C', total: 90 },
      { unit: 'B', total: 95 },
      { unit: 'A', total: 90 },
    ]);
    expect(ranked.map((r) => [r.unit, r.rank])).toEqual([['B', 1], ['A', 2], ['C', 2], ['D', 4]]);
  });

  it('when a unit has no total, then it has no rank and comes last', () => {
    const ranked = rankTotals([{ unit: 'A', total: null }, { unit: 'B', total: 10 }, { unit: 'C', total: 10 }]);
    expect(ranked.map((r) => [r.unit, r.rank])).toEqual([['B', 1], ['C', 1], ['A', null]]);
  });
});

describe('totals and adjustments', () => {
  it('total = score + adjustment points, without binary noise; several adjustments add up', () => {
    expect(totalOf(96.5, -1.5)).toBe(95);
    expect(totalOf(64.1, -0.1)).toBe(64); // 63.99999999999999 in raw floating point
    expect(totalOf(2.3, -0.3)).toBe(2);
    expect(sumAdjustments([0.1, 0.2])).toBe(0.3);
    expect(sumAdjustments([])).toBe(0);
    expect(totalOf(null, 2)).toBeNull();
  });
});

describe('grading by absolute bands', () => {
  it('takes the first band from the top whose `from` ≤ total; `from` is inclusive', () => {
    expect(gradeByBands(95, BANDS)).toBe('S'); // exactly on the boundary
    expect(gradeByBands(94.99, BANDS)).toBe('A');
    expect(gradeByBands(90, BANDS)).toBe('A');
    expect(gradeByBands(89.999999, BANDS)).toBe('B');
    expect(gradeByBands(80, BANDS)).toBe('B');
    expect(gradeByBands(70, BANDS)).toBe('C');
    expect(gradeByBands(0, BANDS)).toBe('D');
    expect(gradeByBands(130, BANDS)).toBe('S');
  });

  it('when the total is below every band, then there is no grade (and the cycle warns)', () => {
    expect(gradeByBands(-0.5, BANDS)).toBeNull();
    const { results, warnings } = gradeEvaluation(unitsWith({ A: 0.5 }), new Map([['A', -1]]), { method: 'bands', bands: BANDS });
    expect(results[0]).toMatchObject({ total: -0.5, grade: null, rank: 1 });
    expect(warnings.join('\n')).toMatch(/A: total -0.5 is below every band/);
  });

  it('reads bands in any order', () => {
    expect(gradeByBands(91, [...BANDS].reverse())).toBe('A');
  });

  it('worked example: an adjustment moves a unit across a boundary onto it exactly', () => {
    const { results } = gradeEvaluation(
      unitsWith({ SEOUL: 100, BUSAN: 90, INCHEON: 93.5, DAEGU: 79.99 }),
      new Map([['BUSAN', -1.5], ['INCHEON', 1.5], ['DAEGU', 0.01]]),
      { method: 'bands', bands: BANDS },
    );
    expect(results).toEqual([
      { unit: 'SEOUL', score: 100, adjustment: 0, total: 100, coverage: 1, rank: 1, grade: 'S', perspectives: {} },
      { unit: 'INCHEON', score: 93.5, adjustment: 1.5, total: 95, coverage: 1, rank: 2, grade: 'S', perspectives: {} },
      { unit: 'BUSAN', score: 90, adjustment: -1.5, total: 88.5, coverage: 1, rank: 3, grade: 'B', perspectives: {} },
      { unit: 'DAEGU', score: 79.99, adjustment: 0.01, total: 80, coverage: 1, rank: 4, grade: 'B', perspectives: {} },
    ]);
  });
});

describe('grading by relative distribution', () => {
  it('ten units with distinct totals get S 1, A 2, B 4, C 2, D 1 (rank 3 is exactly at the 30 % cut-off: A)', () => {
    const totals = Object.fromEntries([...'ABCDEFGHIJ'].map((u, i) => [u, 100 - i]));
    const { results } = gradeEvaluation(unitsWith(totals), new Map(), { method: 'distribution', distribution: DISTRIBUTION });
    expect(results.map((r) => r.grade).join('')).toBe('SAABBBBCCD');
  });

  it('compares the cut-off in integers: rank 11 of 20 at a cumulative 55 % is inside it (11 / 20 × 100 is 55.00000000000001 in floating point)', () => {
    expect((11 / 20) * 100).toBeGreaterThan(55);
    const shares: GradeShare[] = [{ grade: 'S', share: 10 }, { grade: 'A', share: 20 }, { grade: 'B', share: 25 }, { grade: 'C', share: 35 }, { grade: 'D', share: 10 }];
    expect(gradeForRank(11, 20, shares)).toBe('B');
    expect(gradeForRank(12, 20, shares)).toBe('C');
    expect(gradeForRank(7, 25, [{ grade: 'S', share: 8 }, { grade: 'A', share: 20 }, { grade: 'B', share: 72 }])).toBe('A'); // 28.000000000000004
  });

  it('when totals tie across a cut-off, then all of them get the grade of the best rank among them', () => {
    // Ranks 1, 2, 3, 3, 5…: the tie at ranks 3-4 straddles the A/B cut-off (30 %): both A.
    const totals = { A: 99, B: 98, C: 97, D: 97, E: 96, F: 95, G: 94, H: 93, I: 92, J: 91 };
    const { results } = gradeEvaluation(unitsWith(totals), new Map(), { method: 'distribution', distribution: DISTRIBUTION });
    expect(ranksOf(results)).toMatchObject({ C: 3, D: 3, E: 5 });
    expect(gradesOf(results)).toEqual({ A: 'S', B: 'A', C: 'A', D: 'A', E: 'B', F: 'B', G: 'B', H: 'C', I: 'C', J: 'D' });
    // A tie for the top: both S, though S is 10 % of ten units.
    const top = gradeEvaluation(unitsWith({ ...totals, B: 99 }), new Map(), { method: 'distribution', distribution: DISTRIBUTION });
    expect(gradesOf(top.results)).toMatchObject({ A: 'S', B: 'S', C: 'A', D: 'A' });
    // A tie at the very bottom: rank 9 of 10 is C, so both last units get C and nobody gets D.
    const bottom = gradeEvaluation(unitsWith({ ...totals, J: 92 }), new Map(), { method: 'distribution', distribution: DISTRIBUTION });
    expect(gradesOf(bottom.results)).toMatchObject({ I: 'C', J: 'C' });
  });

  it('when the group is too small for the distribution, then the rule applies literally and warns, unless minUnits names fallback bands', () => {
    const three = unitsWith({ A: 99, B: 97, C: 96 });
    // rank 1 of 3 → 33.3 % → B (S reaches 10 %, A 30 %); rank 2 → 66.7 % → B; rank 3 → 100 % → D.
    const literal = gradeEvaluation(three, new Map(), { method: 'distribution', distribution: DISTRIBUTION });
    expect(gradesOf(literal.results)).toEqual({ A: 'B', B: 'B', C: 'D' });
    expect(literal.gradedBy).toBe('distribution');
    expect(literal.warnings).toEqual(['with 3 ranked units the distribution cannot award S, A, C (consider minUnits with fallback bands)']);
    expect(unreachableGrades(1, DISTRIBUTION)).toEqual(['S', 'A', 'B', 'C']);
    expect(gradeForRank(1, 1, DISTRIBUTION)).toBe('D');

    const fallback = gradeEvaluation(three, new Map(), { method: 'distribution', distribution: DISTRIBUTION, minUnits: 5, bands: BANDS });
    expect(gradesOf(fallback.results)).toEqual({ A: 'S', B: 'S', C: 'S' });
    expect(fallback.gradedBy).toBe('bands');
    expect(fallback.warnings[0]).toMatch(/3 ranked units: fewer than minUnits 5, graded by the fallback bands/);
    // At minUnits the distribution applies.
    const five = gradeEvaluation(unitsWith({ A: 99, B: 97, C: 96, D: 90, E: 50 }), new Map(), { method: 'distribution', distribution: DISTRIBUTION, minUnits: 5, bands: BANDS });
    expect(five.gradedBy).toBe('distribution');
    expect(gradesOf(five.results)).toEqual({ A: 'A', B: 'B', C: 'B', D: 'C', E: 'D' });
  });

  it('units without a score are neither ranked nor counted in n', () => {
    const { results, warnings } = gradeEvaluation(unitsWith({ A: 90, B: null, C: 80 }), new Map([['B', 5]]), { method: 'distribution', distribution: [{ grade: 'X', share: 50 }, { grade: 'Y', share: 50 }] });
    expect(results.map((r) => [r.unit, r.total, r.rank, r.grade])).toEqual([['A', 90, 1, 'X'], ['C', 80, 2, 'Y'], ['B', null, null, null]]);
    expect(warnings).toContain('B: no score in the window, not ranked or graded');
  });
});

describe('grading properties', () => {
  const code = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/);
  const total = fc.oneof(fc.integer({ min: 0, max: 120 }), fc.double({ min: -10, max: 130, noNaN: true, noDefaultInfinity: true }));
  const groups = fc.uniqueArray(fc.record({ unit: code, score: total }), { selector: (u) => u.unit, minLength: 1, maxLength: 40 });
  const distribution = fc
    .array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 })
    .filter((parts) => parts.some((p) => p > 0))
    .map((parts) => {
      // Whole percentages that add up to 100 exactly.
      const sum = parts.reduce((a, b) => a + b, 0);
      const shares = parts.map((p) => Math.floor((p * 100) / sum));
      shares[shares.length - 1] += 100 - shares.reduce((a, b) => a + b, 0);
      return shares.map((share, i) => ({ grade: `G${i}`, share }));
    });
  const rules = fc.oneof(
    fc.constant({ method: 'bands' as const, bands: BANDS }),
    distribution.map((d) => ({ method: 'distribution' as const, distribution: d })),
  );
  const order = (grading: { method: string; distribution?: GradeShare[] }) => (grade: string | null) =>
    grade === null ? Infinity : grading.method === 'bands' ? GRADE_ORDER.indexOf(grade) : grading.distribution!.findIndex((d) => d.grade === grade);

  it('equal totals share rank and grade; a higher total never gets a worse rank or grade', () => {
    fc.assert(
      fc.property(groups, rules, (units, grading) => {
        const { results } = gradeEvaluation(units.map((u) => ({ ...u, coverage: 1, perspectives: {} })), new Map(), grading);
        const rankOfGrade = order(grading);
        for (const a of results) {
          for (const b of results) {
            if (a.total === null || b.total === null) continue;
            if (a.total === b.total) {
              expect(a.rank).toBe(b.rank);
              expect(a.grade).toBe(b.grade);
            }
            if (a.total > b.total) {
              expect(a.rank!).toBeLessThan(b.rank!);
              expect(rankOfGrade(a.grade)).toBeLessThanOrEqual(rankOfGrade(b.grade));
            }
          }
          if (a.total !== null) expect(a.rank).toBe(1 + results.filter((b) => b.total !== null && b.total > a.total!).length);
        }
      }),
    );
  });

  it('the order units are given in changes nothing', () => {
    fc.assert(
      fc.property(groups, rules, fc.integer(), (units, grading, seed) => {
        const shuffled = [...units].sort((a, b) => ((hash(a.unit, seed) - hash(b.unit, seed)) || (a.unit < b.unit ? -1 : 1)));
        const one = gradeEvaluation(units.map((u) => ({ ...u, coverage: 1, perspectives: {} })), new Map(), grading);
        const two = gradeEvaluation(shuffled.map((u) => ({ ...u, coverage: 1, perspectives: {} })), new Map(), grading);
        expect(two.results).toEqual(one.results);
      }),
    );
  });

  it('with distinct totals, exactly ⌊cumulative × n / 100⌋ units get a grade at or above each grade', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), distribution, (n, shares) => {
        const ranked = Array.from({ length: n }, (_, i) => ({ unit: `U${String(i).padStart(3, '0')}`, total: n - i, rank: i + 1 }));
        const grades = gradeByDistribution(ranked, shares);
        let cumulative = 0;
        shares.forEach((s, g) => {
          cumulative += s.share;
          const atOrAbove = grades.filter((grade) => shares.findIndex((d) => d.grade === grade) <= g).length;
          expect(atOrAbove).toBe(Math.floor((cumulative * n) / 100));
        });
      }),
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761);
  return h;
}

// ---------------------------------------------------------------------------------------------
// A unit's evaluated score

/** Two perspectives of equal weight: SALES alone in financial; CSAT (weight 2) and NPS (weight 1) in customer. */
const twoPerspectives: ScorecardModel = model({
  perspectives: [{ code: 'financial', weight: 50 }, { code: 'customer', weight: 50 }],
  objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }, { code: 'C1', perspective: 'customer', weight: 1 }],
  indicators: [
    indicator('SALES', { objective: 'F1', weight: 1 }),
    indicator('CSAT', { objective: 'C1', weight: 2, aggregation: { time: 'avg' } }),
    indicator('NPS', { objective: 'C1', weight: 1, aggregation: { time: 'avg' } }),
  ],
});
const Q1 = ['2026-01', '2026-02', '2026-03'];

describe('a unit’s evaluated score', () => {
  const data = series({
    SALES: months(2026, [100, 80, 90], [100, 100, 100]), // 270 / 300 → 90
    CSAT: months(2026, [80, 70, null], [80, 80, 80]), // avg 75 / 80 → 93.75
    // NPS: no data at all
  });

  it('missing: exclude lists what it left out and what counted from part of its data', () => {
    const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: Q1, series: data, missing: 'exclude' });
    expect(evaluated).toMatchObject({ complete: false, leftOut: ['NPS'] });
    expect(evaluated.partial).toEqual([{ indicator: 'CSAT', completeness: { units: null, months: { reported: 2, expected: 3, missing: ['2026-03'] } } }]);
  });

  it('missing: exclude leaves indicators without data out and renormalises, exactly as the scorecard does', () => {
    const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: Q1, series: data, missing: 'exclude' });
    const card = buildScorecard({ model: twoPerspectives, unit: 'U', period: '2026-03', window: 'ytd', series: data });
    // customer = CSAT alone = 93.75, coverage 2/3; total = (90 + 93.75) / 2 = 91.875
    expect(evaluated.perspectives.map((p) => [p.code, p.score, p.coverage])).toEqual([['financial', 90, 1], ['customer', 93.75, 0.666666666666667]]);
    expect(evaluated.score).toBe(91.875);
    expect(evaluated.score).toBe(card.score);
    expect(evaluated.coverage).toBe(card.coverage);
    expect(evaluated.perspectives[1].objectives[0].indicators.find((i) => i.code === 'NPS')).toMatchObject({ score: null, counted: 'left_out' });
    expect(evaluated.warnings).toContain('NPS: no data in the window, left out');
  });

  it('missing: zero counts every due month without an actual as 0 against its target, and an indicator without data as 0 with its full weight', () => {
    const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: Q1, series: data, missing: 'zero' });
    // CSAT: March counts as 0 → (80 + 70 + 0) / 3 = 50 against 80 → 62.5 (DESIGN.md §3: every due month)
    // customer = (2 × 62.5 + 1 × 0) / 3 = 41.67; total = (90 + 41.67) / 2 = 65.83, coverage 1
    expect(evaluated.perspectives[1]).toMatchObject({ score: 41.6666666666667, coverage: 1 });
    expect(evaluated).toMatchObject({ score: 65.8333333333333, coverage: 1, complete: false, leftOut: [] });
    expect(evaluated.perspectives[1].objectives[0].indicators.find((i) => i.code === 'CSAT')).toMatchObject({ score: 62.5, counted: 'score', completeness: { months: { reported: 2, expected: 3, missing: ['2026-03'] } } });
    expect(evaluated.warnings).toContain('CSAT: no actual for 2026-03, counted as 0 against the target');
    expect(evaluated.perspectives[1].objectives[0].indicators.find((i) => i.code === 'NPS')).toMatchObject({ score: 0, counted: 'zero', status: 'no_data' });
  });

  it('missing: zero for formulas: comparable months keep the formula over aggregated inputs, a due month with a target but no formula value counts as 0 (worked example)', () => {
    const formulas: ScorecardModel = model({
      perspectives: [{ code: 'financial', weight: 100 }],
      objectives: [{ code: 'F1', perspective: 'financial', weight: 1 }],
      indicators: [
        indicator('REV', { objective: null, weight: 0 }),
        indicator('COST', { objective: null, weight: 0 }),
        indicator('HEAD', { objective: null, weight: 0, aggregation: { time: 'avg' } }),
        indicator('REVAVG', { objective: null, weight: 0, aggregation: { time: 'avg' } }),
        indicator('PROFIT', { objective: 'F1', weight: 1, formula: 'REV - COST', aggregation: { time: 'sum' } }),
        indicator('PPE', { objective: 'F1', weight: 1, formula: 'REVAVG / HEAD', aggregation: { time: 'avg' } }),
      ],
    });
    const data = series({
      REV: months(2026, [100, 120, null]),
      COST: months(2026, [60, 70, 50]),
      REVAVG: months(2026, [100, 120, null]),
      HEAD: months(2026, [10, 10, 10]),
      PROFIT: months(2026, [null, null, null], [50, 50, 50]),
      PPE: months(2026, [null, null, null], [10, 10, 12]),
    });
    const indicatorsOf = (missing: 'exclude' | 'zero') => evaluateUnitScore({ model: formulas, unit: 'U', months: Q1, series: data, missing }).perspectives[0].objectives[0].indicators;
    // exclude: PROFIT over Jan-Feb = (220 - 130) = 90 against 100 → 90; PPE = avg 110 / avg 10 = 11 against 10 → 110
    expect(indicatorsOf('exclude').map((i) => [i.code, i.actual, i.target, i.score])).toEqual([['PROFIT', 90, 100, 90], ['PPE', 11, 10, 110]]);
    // zero: March has targets but no formula value (REV missing) → a month of 0.
    // PROFIT (sum): 90 + 0 = 90 against 100 + 50 = 150 → 60.
    // PPE (avg): (11 × 2 + 0) / 3 = 7.3333 against (10 × 2 + 12) / 3 = 10.6667 → 22 / 32 = 68.75.
    const zero = indicatorsOf('zero');
    expect(zero.map((i) => [i.code, i.counted])).toEqual([['PROFIT', 'score'], ['PPE', 'score']]);
    expect(zero[0].score).toBe(60);
    expect(zero[1].score).toBeCloseTo(68.75, 9); // 22/3 ÷ 32/3 in binary floating point
    expect([zero[0].actual, zero[0].target]).toEqual([90, 150]);
    expect(zero[1].actual).toBeCloseTo(22 / 3, 12);
    expect(zero[1].target).toBeCloseTo(32 / 3, 12);
    expect(zero[0].warning).toContain('no actual for 2026-03, counted as 0 against the target');
    // Inputs are never zeroed: REV stays missing, so nothing divides by a zeroed head count.
    expect(indicatorsOf('zero').every((i) => Number.isFinite(i.score))).toBe(true);
  });

  it('an actual without a target is left out under both rules, with its warning (a target gap is not the unit’s missing data)', () => {
    const noTarget = series({ SALES: months(2026, [100]), CSAT: months(2026, [80], [80]), NPS: months(2026, [10], [20]) });
    for (const missing of ['exclude', 'zero'] as const) {
      const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: ['2026-01'], series: noTarget, missing });
      expect(evaluated.perspectives[0]).toMatchObject({ score: null, coverage: 0 });
      expect(evaluated.score).toBe(tidyMean([100, 50], [2, 1]));
      expect(evaluated.warnings).toContain('SALES: no target for the period, no score');
    }
  });

  it('perspective weights of the cycle override the model’s', () => {
    const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: Q1, series: data, missing: 'exclude', perspectiveWeights: { financial: 1, customer: 3 } });
    // (1 × 90 + 3 × 93.75) / 4 = 92.8125
    expect(evaluated.score).toBe(92.8125);
    expect(evaluated.perspectives.map((p) => p.weight)).toEqual([1, 3]);
  });

  it('the window is exactly the months given: a span differs from the year to date', () => {
    const span = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: ['2026-02', '2026-03'], series: data, missing: 'exclude' });
    // SALES 170 / 200 → 85; CSAT 70 / 80 → 87.5 (March has no actual): (85 + 87.5) / 2
    expect(span.score).toBe(86.25);
    expect(monthsInWindow('2026-03', 'ytd')).toEqual(Q1);
  });

  it('indicators that do not apply to the unit are not in the rollup, nor in its coverage, under either rule', () => {
    // exclude: customer = CSAT like for like (75 / 80 → 93.75), (90 + 93.75) / 2 = 91.875;
    // zero: CSAT with March as 0 → 62.5, (90 + 62.5) / 2 = 76.25. NPS counts in neither.
    for (const [missing, total] of [['exclude', 91.875], ['zero', 76.25]] as const) {
      const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: Q1, series: data, missing, applies: (code) => code !== 'NPS' });
      expect(evaluated).toMatchObject({ score: total, coverage: 1 });
      expect(evaluated.perspectives[1].objectives[0].indicators.find((i) => i.code === 'NPS')).toMatchObject({ counted: 'not_applicable', score: null });
    }
    // A perspective none of whose indicators apply is left out whole.
    const financeOnly = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: Q1, series: data, missing: 'zero', applies: (code) => code === 'SALES' });
    expect(financeOnly).toMatchObject({ score: 90, coverage: 1 });
    expect(financeOnly.perspectives[1]).toMatchObject({ applies: false, score: null });
  });

  it('property: with missing: exclude, scores and coverage equal buildScorecard’s for the same months', () => {
    const value = fc.option(fc.integer({ min: 0, max: 200 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value, value), { minLength: 3, maxLength: 3 }), fc.integer({ min: 1, max: 12 }), (rows, month) => {
        const codes = ['SALES', 'CSAT', 'NPS'];
        const data = new Map(codes.map((code, i) => [code, new Map(Array.from({ length: month }, (_, m) => [`2026-${String(m + 1).padStart(2, '0')}`, { actual: rows[i][m % 3], target: rows[(i + 1) % 3][m % 3] }] as const))]));
        const period = `2026-${String(month).padStart(2, '0')}`;
        const card = buildScorecard({ model: twoPerspectives, unit: 'U', period, window: 'ytd', series: data });
        const evaluated = evaluateUnitScore({ model: twoPerspectives, unit: 'U', months: monthsInWindow(period, 'ytd'), series: data, missing: 'exclude' });
        expect(evaluated.score).toBe(card.score);
        expect(evaluated.coverage).toBe(card.coverage);
        expect(evaluated.perspectives.map((p) => p.score)).toEqual(card.perspectives.map((p) => p.score));
      }),
    );
  });
});

function tidyMean(scores: number[], weights: number[]): number {
  // customer: CSAT 80/80 = 100 (weight 2), NPS 10/20 = 50 (weight 1); financial has no score
  return Number(((scores[0] * weights[0] + scores[1] * weights[1]) / (weights[0] + weights[1])).toPrecision(15));
}
