import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeSurvey, type Respondent, type SurveyResult } from '../../../server/surveys/index.ts';
import { definitionOf } from './factories.ts';

/** Three factors on a 1-5 scale; answers may be missing, segment labels 1-3. */
const definition = definitionOf({
  factors: [
    { code: 'A', items: ['A1', 'A2'] },
    { code: 'B', items: ['B1'] },
    { code: 'C', items: ['C1', 'C2', 'C3'] },
  ],
  loyalty: [{ code: 'L', item: 'A1', topBox: 4 }],
  segment: { column: 'brand', own: '1' },
});
const ITEMS = ['OV', 'A1', 'A2', 'B1', 'C1', 'C2', 'C3'];

const answer = fc.option(fc.integer({ min: 1, max: 5 }), { freq: 5 });
const respondentArb = fc.record({
  answers: fc.tuple(...ITEMS.map(() => answer)),
  segment: fc.constantFrom('1', '2', '3', null),
});
const respondentsArb = fc.array(respondentArb, { minLength: 0, maxLength: 40 }).map((rows) =>
  rows.map(({ answers, segment }, i): Respondent => ({
    row: i + 2,
    answers: Object.fromEntries(ITEMS.map((item, j) => [item, answers[j]])),
    segment,
    unit: null,
  })),
);

function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** The result with numbers rounded to 9 decimals (summation order may move the last bits). */
function comparable(result: SurveyResult): unknown {
  return JSON.parse(JSON.stringify(result, (_key, value) => (typeof value === 'number' ? Number(value.toFixed(9)) : value)));
}

describe('survey index properties', () => {
  it('whatever the answers, then weights sum to 1 when any importance is positive, else all are 0 and CSI is null', () => {
    fc.assert(
      fc.property(respondentsArb, (respondents) => {
        const result = computeSurvey(definition, respondents);
        const weights = result.factors.map((f) => f.weight);
        if (result.factors.some((f) => f.importance > 0)) {
          expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        } else {
          expect(weights).toEqual([0, 0, 0]);
          expect(result.csi).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('whatever the answers, then the CSI lies between the lowest and highest factor satisfaction', () => {
    fc.assert(
      fc.property(respondentsArb, (respondents) => {
        const result = computeSurvey(definition, respondents);
        const satisfactions = result.factors.flatMap((f) => (f.satisfaction === null ? [] : [f.satisfaction]));
        if (result.csi === null) return;
        expect(result.csi).toBeGreaterThanOrEqual(Math.min(...satisfactions) - 1e-9);
        expect(result.csi).toBeLessThanOrEqual(Math.max(...satisfactions) + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('whatever the answers, then no figure is NaN or infinite and every importance lies in 0..1', () => {
    fc.assert(
      fc.property(respondentsArb, (respondents) => {
        const result = computeSurvey(definition, respondents);
        expect(numbersIn(result).every(Number.isFinite)).toBe(true);
        for (const factor of result.factors) expect(factor.importance).toBeGreaterThanOrEqual(0);
        for (const factor of result.factors) expect(factor.importance).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('when respondents are put in another order, then nothing changes', () => {
    fc.assert(
      fc.property(
        respondentsArb.chain((respondents) => fc.tuple(fc.constant(respondents), fc.shuffledSubarray(respondents, { minLength: respondents.length }))),
        ([respondents, shuffled]) => {
          expect(comparable(computeSurvey(definition, shuffled))).toEqual(comparable(computeSurvey(definition, respondents)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
