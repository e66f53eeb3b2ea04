/** Fixture factories for the web tests (shapes of the /api/v1 contract). */
import { afterEach, beforeEach, vi } from 'vitest';
import type { Heatmap, Scorecard, ScorecardIndicator, SeriesPoint, StrategyMap, SurveyResult } from '../../web/src/types.ts';

export function indicator(over: Partial<ScorecardIndicator> = {}): ScorecardIndicator {
  return {
    code: 'SALES',
    name: { en: 'Sales', ko: '매출액' },
    unit: 'KRW',
    direction: 'increase',
    actual: 3126,
    target: 3000,
    score: 104.2,
    status: 'on_track',
    weight: 2,
    gap: 126,
    gapPct: 4.2,
    favourable: true,
    completeness: { units: null, months: null },
    warning: null,
    history: [
      { period: '2026-01', actual: 900, target: 1000, score: 90 },
      { period: '2026-02', actual: 1000, target: 1000, score: 100 },
      { period: '2026-03', actual: 1226, target: 1000, score: 122.6 },
    ],
    trend: { current: 1226, previous: 1000, change: 226, sameLastYear: null, changeYoY: null, movingAverage3: null, slope6: null, forecast: 12504, atRisk: false },
    ...over,
  } as ScorecardIndicator;
}

/** A scorecard with two perspectives, three objectives and four indicators. */
export function scorecard(over: Partial<Scorecard> = {}): Scorecard {
  return {
    unit: 'HQ',
    period: '2026-03',
    window: 'ytd',
    score: 97.4,
    coverage: 1,
    status: 'at_risk',
    complete: true,
    warnings: [],
    perspectives: [
      {
        code: 'financial',
        name: { en: 'Financial', ko: '재무' },
        score: 104.2,
        coverage: 1,
        status: 'on_track',
        weight: 30,
        complete: true,
        history: [
          { period: '2026-02', score: 101 },
          { period: '2026-03', score: 104.2 },
        ],
        objectives: [
          {
            code: 'F1',
            name: 'Grow revenue',
            score: 104.2,
            coverage: 1,
            status: 'on_track',
            weight: 1,
            complete: true,
            owner: 'kim',
            updaters: [],
            indicators: [indicator({ owner: 'kim', updaters: ['lee'] }), indicator({ code: 'NEW_CUST', owner: 'park', updaters: [], name: 'New customers', unit: 'count', actual: 870, target: 1000, score: 87, status: 'off_track', gap: -130, gapPct: -13, favourable: false })],
          },
        ],
      },
      {
        code: 'customer',
        name: { en: 'Customer', ko: '고객' },
        score: 90.5,
        coverage: 0.5,
        status: 'at_risk',
        weight: 30,
        complete: true,
        objectives: [
          {
            code: 'C1',
            name: { en: 'Satisfy customers' },
            score: 92,
            coverage: 1,
            status: 'at_risk',
            weight: 1,
            complete: true,
            indicators: [indicator({ code: 'CLAIM_RATE', owner: 'lee', updaters: [], name: 'Claim rate', unit: '%', direction: 'decrease', actual: 2.6, target: 2.5, score: 96, status: 'at_risk', gap: 0.1, gapPct: 4, favourable: false })],
          },
          {
            code: 'C2',
            name: 'Retain customers',
            score: null,
            coverage: 0,
            status: 'no_data',
            weight: 1,
            complete: true,
            indicators: [indicator({ code: 'RETENTION', name: 'Retention', unit: '%', actual: null, score: null, status: 'no_data', gap: null, gapPct: null, favourable: null })],
          },
        ],
      },
    ],
    ...over,
  };
}

export function seriesPoints(): SeriesPoint[] {
  return [
    { period: '2026-01', actual: 90, target: 100, score: 90, status: 'at_risk', gap: -10, gapPct: -10, favourable: false },
    { period: '2026-02', actual: 105, target: 100, score: 105, status: 'on_track', gap: 5, gapPct: 5, favourable: true },
    { period: '2026-03', actual: null, target: 100, score: null, status: 'no_data', gap: null, gapPct: null, favourable: null },
    { period: '2026-04', actual: 100, target: null, score: null, status: 'no_data', gap: null, gapPct: null, favourable: null },
  ];
}

export function heatmap(): Heatmap {
  return {
    unit: 'HQ',
    period: '2026-03',
    window: 'ytd',
    by: 'perspective',
    columns: [
      { code: 'financial', name: { en: 'Financial', ko: '재무' } },
      { code: 'customer', name: 'Customer' },
    ],
    rows: [
      { unit: 'HQ', name: { en: 'Company', ko: '전사' }, depth: 1, score: 97, status: 'at_risk', complete: true, cells: { financial: { score: 104, status: 'on_track' }, customer: { score: 85, status: 'off_track' } } },
      { unit: 'SEOUL', name: 'Seoul', depth: 2, score: null, status: 'no_data', complete: true, cells: { financial: { score: null, status: 'no_data' } } },
    ],
  };
}

export function strategyMap(): StrategyMap {
  return {
    unit: 'HQ',
    period: '2026-03',
    window: 'ytd',
    perspectives: [
      { code: 'financial', name: 'Financial', score: 104 },
      { code: 'customer', name: 'Customer', score: 86 },
      { code: 'process', name: 'Process', score: null },
    ],
    objectives: [
      { code: 'F1', name: 'Grow revenue', perspective: 'financial', score: 104, status: 'on_track', drives: [], complete: true },
      { code: 'C1', name: 'Satisfy', perspective: 'customer', score: 92, status: 'at_risk', drives: ['F1'], complete: true },
      { code: 'C2', name: 'Retain', perspective: 'customer', score: 80, status: 'off_track', drives: ['F1', 'GONE', 'C2'], complete: true },
      { code: 'P1', name: 'Fast claims', perspective: 'process', score: null, status: 'no_data', drives: ['C1', 'C2'], complete: true },
    ],
  };
}

export function surveyResult(over: Partial<SurveyResult> = {}): SurveyResult {
  const factors = [
    { code: 'IMAG', name: { en: 'Image', ko: '이미지' }, satisfaction: 72, importance: 0.55, weight: 0.4, quadrant: 'keep_up' as const, correlation: null, respondents: 250 },
    { code: 'PERQ', name: 'Quality', satisfaction: 60, importance: 0.4, weight: 0.3, quadrant: 'concentrate' as const, correlation: null, respondents: 250 },
    { code: 'PRICE', satisfaction: 58, importance: 0.2, weight: 0.1, quadrant: 'low_priority' as const, correlation: null, respondents: 250 },
    { code: 'SERV', satisfaction: 82, importance: 0.25, weight: 0.2, quadrant: 'possible_overkill' as const, correlation: null, respondents: 250 },
  ];
  return {
    code: 'CSI-2026',
    unit: 'HQ',
    period: '2026-03',
    kind: 'csi',
    computedAt: '2026-04-02T08:00:00Z',
    runId: 1,
    scope: 'pooled',
    fileName: 'csi-2026.csv',
    respondents: 250,
    csi: 71.03,
    overall: 77.64,
    factors,
    loyalty: [{ code: 'RECOMMEND', item: 'CUSL3', rate: 62.8, respondents: 250 }],
    nps: null,
    segments: [
      { value: '2', own: false, respondents: 120, csi: 69, overall: 75, factors: factors.map((f) => ({ ...f, satisfaction: f.satisfaction - 2 })), loyalty: [], nps: null, warnings: [] },
      { value: '1', own: true, respondents: 130, csi: 72, overall: 78, factors, loyalty: [], nps: null, warnings: [] },
    ],
    competitiveIndex: 103.5,
    market: { csi: 74.4, overall: 75.1, respondents: 250 },
    warnings: [],
    ...over,
  };
}

/** A stubbed global `fetch` for a describe block, reset before each test; the body emptied after. */
export function useFetchMock() {
  const fetchMock = vi.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });
  return fetchMock;
}

export const jsonResponse = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
