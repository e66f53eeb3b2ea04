/**
 * The survey engine on real microdata (test/fixtures/external, see its NOTICE).
 *
 * Expected values were produced INDEPENDENTLY of the code under test by
 * `python3 test/fixtures/surveys/reference.py` (standard library only: csv, statistics.mean,
 * statistics.correlation), written from DESIGN.md §3 alone, run once and pasted here.
 * They are compared to 9 decimals (toBeCloseTo(x, 9)).
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeSurvey,
  extractAnswers,
  parseResponses,
  parseSurveyDefinition,
  surveyFeeds,
  type ExtractedAnswers,
  type ResponseTable,
  type SurveyDefinition,
  type SurveyResult,
} from '../../../server/surveys/index.ts';
import { externalDataPath } from './factories.ts';

const DIGITS = 9;

async function load(fileName: string): Promise<ResponseTable> {
  return parseResponses(await readFile(externalDataPath(fileName)), fileName);
}

function rawMean(table: ResponseTable, column: string): number {
  return table.rows.reduce((sum, row) => sum + Number(row[column]), 0) / table.rows.length;
}

const ECSI_DEFINITION = `
code: ECSI-MOBI
name: { en: Mobile provider satisfaction, ko: 이동통신 고객만족 }
scale: { min: 1, max: 10 }
overall: CUSA1
factors:
  - { code: IMAG, items: [IMAG1, IMAG2, IMAG3, IMAG4, IMAG5] }
  - { code: CUEX, items: [CUEX1, CUEX2, CUEX3] }
  - { code: PERQ, items: [PERQ1, PERQ2, PERQ3, PERQ4, PERQ5, PERQ6, PERQ7] }
  - { code: PERV, items: [PERV1, PERV2] }
loyalty:
  - { code: REUSE, item: CUSL1, topBox: 8 }
  - { code: RECOMMEND, item: CUSL3, topBox: 8 }
feeds: { csi: CSI, overall: OVERALL_SAT, factors: { PERQ: QUALITY_SAT }, loyalty: { RECOMMEND: RECOMMEND_RATE } }
`;

describe('ECSI mobile-provider survey (250 respondents, 1-10)', () => {
  let table: ResponseTable;
  let definition: SurveyDefinition;
  let extracted: ExtractedAnswers;
  let result: SurveyResult;

  beforeAll(async () => {
    table = await load('ecsi-mobi.csv');
    definition = parseSurveyDefinition(ECSI_DEFINITION, 'ecsi.yaml');
    extracted = extractAnswers(table, definition);
    result = computeSurvey(definition, extracted.respondents);
  });

  it('when the file is parsed, then the raw item means match those published in the README', () => {
    expect(table.rows).toHaveLength(250);
    const published = { IMAG1: 7.64, IMAG3: 6.744, CUEX1: 7.58, PERV1: 6.156, PERV2: 6.916, CUSA1: 7.988 };
    for (const [column, value] of Object.entries(published)) expect(rawMean(table, column)).toBeCloseTo(value, DIGITS);
  });

  it('when every answer is on the scale, then the validation report is empty', () => {
    expect(extracted.report).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('when the indices are computed, then CSI and overall satisfaction match the reference', () => {
    expect(result.respondents).toBe(250);
    expect(result.csi).toBeCloseTo(71.03178753060257, DIGITS);
    expect(result.overall).toBeCloseTo(77.64444444444445, DIGITS);
  });

  it('when the indices are computed, then each factor’s satisfaction, importance, weight and quadrant match the reference', () => {
    const reference = [
      { code: 'IMAG', satisfaction: 72.63111111111111, importance: 0.5576553672103577, weight: 0.2661656158433488, quadrant: 'keep_up' },
      { code: 'CUEX', satisfaction: 72.35555555555555, importance: 0.4967714057390664, weight: 0.23710606033139395, quadrant: 'possible_overkill' },
      { code: 'PERQ', satisfaction: 74.5904761904762, importance: 0.6390870721972972, weight: 0.30503248807565125, quadrant: 'keep_up' },
      { code: 'PERV', satisfaction: 61.51111111111111, importance: 0.4016304335138423, weight: 0.1916958357496061, quadrant: 'low_priority' },
    ];
    expect(result.factors.map((f) => f.code)).toEqual(reference.map((f) => f.code));
    result.factors.forEach((factor, i) => {
      expect(factor.satisfaction).toBeCloseTo(reference[i].satisfaction, DIGITS);
      expect(factor.importance).toBeCloseTo(reference[i].importance, DIGITS);
      expect(factor.correlation).toBeCloseTo(reference[i].importance, DIGITS);
      expect(factor.weight).toBeCloseTo(reference[i].weight, DIGITS);
      expect(factor.quadrant).toBe(reference[i].quadrant);
    });
  });

  it('when loyalty is computed, then the top-box rates match the reference', () => {
    expect(result.loyalty.map((l) => l.code)).toEqual(['REUSE', 'RECOMMEND']);
    expect(result.loyalty[0].rate).toBeCloseTo(59.199999999999996, DIGITS);
    expect(result.loyalty[1].rate).toBeCloseTo(62.8, DIGITS);
  });

  it('when results feed indicators, then the linked codes get the computed values', () => {
    expect(surveyFeeds(definition, result)).toEqual([
      { indicator: 'CSI', value: result.csi, respondents: 250 },
      { indicator: 'OVERALL_SAT', value: result.overall, respondents: 250 },
      { indicator: 'QUALITY_SAT', value: result.factors[2].satisfaction, respondents: 250 },
      { indicator: 'RECOMMEND_RATE', value: result.loyalty[1].rate, respondents: 250 },
    ]);
  });
});

const REPUTATION_DEFINITION = {
  code: 'REPUTATION',
  scale: { min: 1, max: 7 },
  overall: 'cusa',
  factors: [
    { code: 'QUAL', items: ['qual_1', 'qual_2', 'qual_3', 'qual_4', 'qual_5', 'qual_6', 'qual_7', 'qual_8'] },
    { code: 'PERF', items: ['perf_1', 'perf_2', 'perf_3', 'perf_4', 'perf_5'] },
    { code: 'CSOR', items: ['csor_1', 'csor_2', 'csor_3', 'csor_4', 'csor_5'] },
    { code: 'ATTR', items: ['attr_1', 'attr_2', 'attr_3'] },
  ],
  loyalty: [
    { code: 'RECOMMEND', item: 'cusl_1', topBox: 6 },
    { code: 'CHOOSE_AGAIN', item: 'cusl_2', topBox: 6 },
    { code: 'REMAIN', item: 'cusl_3', topBox: 6 },
  ],
  missing: [-99],
  segment: { column: 'serviceprovider', own: '1' },
  feeds: { competitiveIndex: 'COMPETITIVE_INDEX' },
};

describe('corporate reputation survey (344 respondents, 4 operators, 1-7, -99 missing)', () => {
  let definition: SurveyDefinition;
  let extracted: ExtractedAnswers;
  let result: SurveyResult;

  beforeAll(async () => {
    const table = await load('corporate-reputation.csv');
    definition = parseSurveyDefinition(JSON.stringify(REPUTATION_DEFINITION), 'reputation.json');
    extracted = extractAnswers(table, definition);
    result = computeSurvey(definition, extracted.respondents);
  });

  it('when -99 answers are read, then each is null and listed in the validation report', () => {
    const reference = [
      [179, 'cusa'], [179, 'cusl_2'], [179, 'cusl_3'], [200, 'cusl_2'], [200, 'cusl_3'], [205, 'cusl_1'],
      [219, 'cusl_1'], [280, 'cusl_2'], [283, 'cusl_1'], [301, 'cusl_2'], [339, 'cusl_3'],
    ];
    expect(extracted.report.map((d) => [d.row, d.column])).toEqual(reference);
    expect(extracted.report.every((d) => d.value === '-99' && d.reason === 'missing_code')).toBe(true);
    const row179 = extracted.respondents.find((r) => r.row === 179)!;
    expect(row179.answers.cusa).toBeNull();
  });

  it('when every respondent is pooled, then CSI, overall, factors and loyalty match the reference', () => {
    // With segment.own the headline is operator 1's; the pooled sample is `market`, and in full without the segment column.
    expect(result.respondents).toBe(130);
    expect(result.market).toMatchObject({ respondents: 344 });
    expect(result.market!.csi).toBeCloseTo(56.957218174962335, DIGITS);
    const pooled = computeSurvey({ ...definition, segment: null }, extracted.respondents);
    expect(pooled.respondents).toBe(344);
    expect(pooled.csi).toBeCloseTo(56.957218174962335, DIGITS);
    expect(pooled.overall).toBeCloseTo(74.00388726919338, DIGITS);
    const reference = [
      ['QUAL', 62.687742248062015, 0.5292703549797924, 0.3004229421730091, 'keep_up'],
      ['PERF', 64.3313953488372, 0.41343447122362187, 0.23467250540696713, 'possible_overkill'],
      ['CSOR', 44.689922480620154, 0.3998605156919516, 0.22696769515379192, 'low_priority'],
      ['ATTR', 54.150516795865634, 0.41918544568261323, 0.2379368572662319, 'low_priority'],
    ] as const;
    pooled.factors.forEach((factor, i) => {
      const [code, satisfaction, importance, weight, quadrant] = reference[i];
      expect(factor.code).toBe(code);
      expect(factor.satisfaction).toBeCloseTo(satisfaction, DIGITS);
      expect(factor.importance).toBeCloseTo(importance, DIGITS);
      expect(factor.weight).toBeCloseTo(weight, DIGITS);
      expect(factor.quadrant).toBe(quadrant);
    });
    expect(pooled.loyalty.map((l) => l.respondents)).toEqual([341, 340, 341]);
    [43.401759530791786, 54.41176470588235, 64.80938416422288].forEach((rate, i) => expect(pooled.loyalty[i].rate).toBeCloseTo(rate, DIGITS));
  });

  it('when respondents are split by operator, then each segment has its own CSI and weights', () => {
    const reference = {
      '1': [130, 57.90367749649752, 71.53846153846153, [0.27966765319191494, 0.22711006697231703, 0.24743579724126405, 0.24578648259450386]],
      '2': [127, 58.43966004704222, 76.9028871391076, [0.33253210212594286, 0.2122051935046447, 0.23755975573476307, 0.21770294863464937]],
      '3': [44, 54.95027932977642, 77.51937984496124, [0.3066606235132351, 0.2807018749436048, 0.1840287910226726, 0.22860871052048742]],
      '4': [43, 52.599447115896325, 69.37984496124031, [0.31678655987708326, 0.2793403061114934, 0.13491972754838066, 0.2689534064630428]],
    } as const;
    expect(result.segments.map((s) => [s.value, s.own])).toEqual([['1', true], ['2', false], ['3', false], ['4', false]]);
    for (const segment of result.segments) {
      const [respondents, csi, overall, weights] = reference[segment.value as keyof typeof reference];
      expect(segment.respondents).toBe(respondents);
      expect(segment.csi).toBeCloseTo(csi, DIGITS);
      expect(segment.overall).toBeCloseTo(overall, DIGITS);
      segment.factors.forEach((factor, i) => expect(factor.weight).toBeCloseTo(weights[i], DIGITS));
    }
  });

  it('when operator 1 is compared with the other three pooled, then the competitive index matches the reference', () => {
    // Reference: own CSI 57.90367749649752 / others pooled 56.544770101542994 × 100.
    expect(result.competitiveIndex).toBeCloseTo(102.403241524396, DIGITS);
    expect(surveyFeeds(definition, result)).toEqual([{ indicator: 'COMPETITIVE_INDEX', value: result.competitiveIndex, respondents: 344 }]);
    expect(result.warnings).toEqual([]);
  });
});
