import { describe, expect, it } from 'vitest';
import { computeSurvey, surveyFeeds, toHundredPoints } from '../../../server/surveys/index.ts';
import { definitionOf, respondent, respondentsOf } from './factories.ts';

/** Rows of [OV, A1, A2, B1] on the 1-5 scale: A and B both rise with the overall answer. */
const AGREEING = [
  [1, 1, 2, 2],
  [2, 2, 2, 1],
  [3, 3, 4, 3],
  [4, 4, 4, 5],
  [5, 5, 4, 4],
] as const;

const factor = (result: ReturnType<typeof computeSurvey>, code: string) => result.factors.find((f) => f.code === code)!;

describe('100-point conversion', () => {
  it('when an answer sits at the scale ends or between, then it maps linearly onto 0-100', () => {
    expect(toHundredPoints(1, { min: 1, max: 5 })).toBe(0);
    expect(toHundredPoints(5, { min: 1, max: 5 })).toBe(100);
    expect(toHundredPoints(4, { min: 1, max: 7 })).toBe(50);
  });
});

describe('survey indices on hand-made answers', () => {
  it('when both factors correlate positively, then weights split the importance and the CSI is their weighted mean', () => {
    const result = computeSurvey(definitionOf(), respondentsOf(AGREEING));
    const [a, b] = result.factors;
    expect(a.satisfaction).toBeCloseTo(52.5, 12); // A per respondent: 12.5, 25, 62.5, 75, 87.5
    expect(b.satisfaction).toBeCloseTo(50, 12); // B: 25, 0, 50, 100, 75
    expect(a.weight + b.weight).toBeCloseTo(1, 12);
    expect(a.weight / b.weight).toBeCloseTo(a.importance / b.importance, 12);
    expect(result.csi).toBeCloseTo(a.weight * 52.5 + b.weight * 50, 12);
    expect(result.overall).toBe(50);
    expect(result.warnings).toEqual([]);
    expect(result.segments).toEqual([]);
    expect(result.competitiveIndex).toBeNull();
    expect(result).not.toHaveProperty('byUnit');
  });

  it('when a factor’s scores do not vary, then its weight is 0 and a warning names it', () => {
    const rows = AGREEING.map(([ov, a1, a2]) => [ov, a1, a2, 3]);
    const result = computeSurvey(definitionOf(), respondentsOf(rows));
    expect(factor(result, 'B')).toMatchObject({ satisfaction: 50, importance: 0, weight: 0, correlation: null });
    expect(factor(result, 'A').weight).toBe(1);
    expect(result.csi).toBeCloseTo(factor(result, 'A').satisfaction!, 12);
    expect(result.warnings).toEqual(['factor B: importance counts as 0 because its scores do not vary across respondents']);
  });

  it('when every correlation is negative, then every weight is 0 and the CSI is null with a warning', () => {
    const rows = AGREEING.map(([ov, a1, a2, b1]) => [6 - ov, a1, a2, b1]);
    const result = computeSurvey(definitionOf(), respondentsOf(rows));
    expect(result.csi).toBeNull();
    expect(result.factors.map((f) => [f.importance, f.weight, f.quadrant])).toEqual([[0, 0, null], [0, 0, null]]);
    expect(result.factors.every((f) => f.correlation! < 0)).toBe(true);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^factor A: its correlation with the overall question is negative \(r = -0\.\d{3}\); importance counts as 0$/),
      expect.stringMatching(/^factor B: its correlation with the overall question is negative/),
      'no factor has a positive importance (correlation with the overall question); every weight is 0 and the CSI cannot be computed',
    ]);
  });

  it('when there is a single respondent, then satisfaction is theirs but importance cannot be derived', () => {
    const result = computeSurvey(definitionOf(), respondentsOf([[4, 5, 3, 2]]));
    expect(result.respondents).toBe(1);
    expect(result.overall).toBe(75);
    expect(result.factors.map((f) => f.satisfaction)).toEqual([75, 25]);
    expect(result.csi).toBeNull();
    expect(result.warnings).toContain('factor A: importance counts as 0 because fewer than 2 respondents answered both its items and the overall question');
  });

  it('when there are no respondents, then every figure is null and nothing is NaN', () => {
    const result = computeSurvey(definitionOf({ loyalty: [{ code: 'L', item: 'L1', topBox: 4 }], nps: 'REC' }), []);
    expect(result).toMatchObject({ respondents: 0, csi: null, overall: null, nps: null, loyalty: [{ code: 'L', rate: null }] });
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
    expect(result.warnings[0]).toBe('no respondents');
  });

  it('when one item of a factor is never answered, then the factor score rests on its other items', () => {
    const rows = AGREEING.map(([ov, a1, , b1]) => [ov, a1, null, b1]);
    const result = computeSurvey(definitionOf(), respondentsOf(rows));
    expect(factor(result, 'A').satisfaction).toBe(50); // A1 alone: 0, 25, 50, 75, 100
    expect(result.warnings).toEqual([]);
  });

  it('when every item of a factor is missing, then it has no satisfaction, weight 0 and stays out of the CSI', () => {
    const rows = AGREEING.map(([ov, a1, a2]) => [ov, a1, a2, null]);
    const result = computeSurvey(definitionOf(), respondentsOf(rows));
    expect(factor(result, 'B')).toMatchObject({ satisfaction: null, importance: 0, weight: 0, quadrant: null, respondents: 0 });
    expect(factor(result, 'A').weight).toBe(1);
    expect(result.csi).toBeCloseTo(52.5, 12);
    expect(result.warnings).toEqual(['factor B: no respondent answered any of its items; it has no satisfaction and is left out of the CSI']);
  });

  it('when nobody answered the overall question, then overall is null and no weights can be derived', () => {
    const rows = AGREEING.map(([, a1, a2, b1]) => [null, a1, a2, b1]);
    const result = computeSurvey(definitionOf(), respondentsOf(rows));
    expect(result.overall).toBeNull();
    expect(result.csi).toBeNull();
    expect(result.warnings[0]).toBe('overall question OV: nobody answered it; overall satisfaction is missing');
  });

  it('when correlations are computed, then only respondents with both values count (pairwise deletion)', () => {
    const withStrays = [...AGREEING, [null, 5, 5, 5], [1, null, null, null]];
    const plain = computeSurvey(definitionOf(), respondentsOf(AGREEING));
    const result = computeSurvey(definitionOf(), respondentsOf(withStrays));
    expect(factor(result, 'A').correlation).toBeCloseTo(factor(plain, 'A').correlation!, 12);
    expect(factor(result, 'A').respondents).toBe(6);
  });
});

describe('CS portfolio', () => {
  it('when factors sit on all sides of the crosshairs, then each lands in its quadrant', () => {
    // Four single-item factors: importance from how closely each follows OV, satisfaction from its level.
    const definition = definitionOf({
      scale: { min: 1, max: 10 },
      factors: ['HH', 'HL', 'LL', 'LH'].map((code) => ({ code, items: [code] })),
    });
    const overall = [2, 4, 6, 8, 10, 3];
    const answers = {
      HH: [6, 7, 8, 9, 10, 6], // follows OV closely, high level
      HL: [1, 2, 3, 4, 5, 1], // follows OV closely, low level
      LL: [3, 1, 2, 1, 3, 3], // loosely related, low level
      LH: [9, 10, 8, 10, 10, 10], // loosely related, high level
    };
    const respondents = overall.map((OV, i) => respondent({ OV, ...Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, v[i]])) }));
    const result = computeSurvey(definition, respondents);
    expect(Object.fromEntries(result.factors.map((f) => [f.code, f.quadrant]))).toEqual({
      HH: 'keep_up',
      HL: 'concentrate',
      LL: 'low_priority',
      LH: 'possible_overkill',
    });
  });

  it('when factors sit exactly on the crosshairs, then they count as high', () => {
    // Three factors answered identically: equal weights (1/3) and satisfaction, all on both crosshairs.
    const definition = definitionOf({ factors: ['A', 'B', 'C'].map((code) => ({ code, items: [`${code}1`] })) });
    const respondents = [1, 2, 4, 5, 5].map((v) => respondent({ OV: v, A1: v, B1: v, C1: v }));
    const result = computeSurvey(definition, respondents);
    expect(result.factors.map((f) => f.quadrant)).toEqual(['keep_up', 'keep_up', 'keep_up']);
  });
});

describe('loyalty and NPS', () => {
  it('when loyalty items are answered, then the rate is the share at or above the top box among answerers', () => {
    const definition = definitionOf({ loyalty: [{ code: 'REUSE', item: 'L1', topBox: 4 }] });
    const answers = [5, 4, 3, null, 1];
    const result = computeSurvey(definition, answers.map((L1) => respondent({ OV: 3, L1 })));
    expect(result.loyalty).toEqual([{ code: 'REUSE', item: 'L1', rate: 50, respondents: 4 }]);
  });

  it('when a 0-10 recommendation item is given, then NPS is % 9-10 minus % 0-6 among answerers', () => {
    const answers = [10, 9, 8, 7, 6, 0, null, 10];
    const result = computeSurvey(definitionOf({ nps: 'REC' }), answers.map((REC) => respondent({ OV: 3, REC })));
    expect(result.nps).toBeCloseTo(((3 - 2) / 7) * 100, 12);
  });
});

describe('segments and competitive index', () => {
  const own = respondentsOf(AGREEING, { segment: '1', unit: 'SEOUL' });
  const rival = respondentsOf(
    AGREEING.map(([ov, a1, a2, b1]) => [ov, Math.max(1, a1 - 1), Math.max(1, a2 - 1), b1]),
    { segment: '2', unit: 'BUSAN' },
  );
  const definition = definitionOf({ segment: { column: 'brand', own: '1' }, unitColumn: 'branch' });

  it('when respondents belong to segments, then each segment gets its own full result, the top level is the own segment and market pools them', () => {
    const result = computeSurvey(definition, [...rival, ...own]);
    // DESIGN.md §3: with segment.own, the headline (CSI, overall, factors, loyalty, NPS) is the company's customers'.
    const ownAlone = computeSurvey(definitionOf(), own);
    const everyone = computeSurvey(definitionOf(), [...rival, ...own]);
    expect(result.respondents).toBe(5);
    expect(result.csi).toBeCloseTo(ownAlone.csi!, 12);
    expect(result.overall).toBeCloseTo(ownAlone.overall!, 12);
    expect(result.factors.map((f) => f.quadrant)).toEqual(ownAlone.factors.map((f) => f.quadrant));
    expect(result.market).toEqual({ csi: everyone.csi, overall: everyone.overall, respondents: 10 });
    expect(everyone.market).toBeNull();
    expect(result.segments.map((s) => [s.value, s.own, s.respondents])).toEqual([['1', true, 5], ['2', false, 5]]);
    expect(result.segments[0].csi).toBeCloseTo(computeSurvey(definitionOf(), own).csi!, 12);
    expect(result.segments[1].csi).toBeCloseTo(computeSurvey(definitionOf(), rival).csi!, 12);
  });

  it('when own and competitor CSI exist, then the competitive index is their ratio × 100', () => {
    const result = computeSurvey(definition, [...own, ...rival]);
    expect(result.competitiveIndex).toBeCloseTo((result.segments[0].csi! / result.segments[1].csi!) * 100, 12);
    expect(result.competitiveIndex).toBeGreaterThan(100);
  });

  it('when the own segment has no respondents, then the competitive index is null with a warning', () => {
    const result = computeSurvey(definition, rival);
    expect(result.competitiveIndex).toBeNull();
    expect(result.warnings).toContain('competitive index: no respondent is in the own segment 1; it is missing');
  });

  it('when respondents lack a segment value, then they count only in the pooled result', () => {
    const result = computeSurvey(definition, [...own, ...respondentsOf(AGREEING)]);
    expect(result.respondents).toBe(5);
    expect(result.market?.respondents).toBe(10);
    expect(result.segments.map((s) => s.value)).toEqual(['1']);
    expect(result.warnings).toContain('5 respondents have no value in segment column brand; they count only in the pooled result');
    expect(result.warnings).toContain('competitive index: no respondent is in another segment; it is missing');
  });

  it('when segment values are numbers, then they are ordered numerically', () => {
    const labelled = ['10', '2', '1'].flatMap((segment) => respondentsOf(AGREEING, { segment }));
    expect(computeSurvey(definition, labelled).segments.map((s) => s.value)).toEqual(['1', '2', '10']);
  });

  it('when a unit column is set, then each unit gets a result on its respondents alone', () => {
    const result = computeSurvey(definition, [...own, ...rival]);
    expect(result.byUnit?.map((u) => [u.unit, u.respondents])).toEqual([['BUSAN', 5], ['SEOUL', 5]]);
    expect(result.byUnit?.[1].csi).toBeCloseTo(result.segments[0].csi!, 12);
  });

  it('when a segment has a problem, then its warning is repeated at the top level with its name', () => {
    const lone = respondentsOf([[3, 3, 3, 3]], { segment: '3' });
    const result = computeSurvey(definition, [...own, ...rival, ...lone]);
    expect(result.segments[2].warnings).toContain('no factor has a positive importance (correlation with the overall question); every weight is 0 and the CSI cannot be computed');
    expect(result.warnings).toContain('segment 3: no factor has a positive importance (correlation with the overall question); every weight is 0 and the CSI cannot be computed');
  });
});

describe('feeding indicators', () => {
  it('when the definition links indicators, then each available result becomes a measurement', () => {
    const definition = definitionOf({
      loyalty: [{ code: 'REUSE', item: 'L1', topBox: 4 }],
      segment: { column: 'brand', own: '1' },
      feeds: { csi: 'CSI', overall: 'OVERALL_SAT', competitiveIndex: 'COMP', factors: { B: 'B_SAT' }, loyalty: { REUSE: 'REUSE_RATE' } },
    });
    const respondents = AGREEING.map(([OV, A1, A2, B1], i) => respondent({ OV, A1, A2, B1, L1: i === 0 ? null : 5 }, { segment: '1' }));
    const result = computeSurvey(definition, respondents);
    expect(surveyFeeds(definition, result)).toEqual([
      { indicator: 'CSI', value: result.csi, respondents: 5 },
      { indicator: 'OVERALL_SAT', value: 50, respondents: 5 },
      // COMP has no value (no competitor respondents), so it feeds nothing.
      { indicator: 'B_SAT', value: 50, respondents: 5 },
      { indicator: 'REUSE_RATE', value: 100, respondents: 4 },
    ]);
  });
});
