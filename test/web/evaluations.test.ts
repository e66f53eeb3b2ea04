// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gradeDistribution, gradeDistributionOption } from '../../web/src/charts/grades.ts';
import { buildCycle, emptyCycleForm, errorsAt, formFromDefinition, parseNumber, serverFieldErrors, type CycleForm } from '../../web/src/components/evaluation-form-model.ts';
import { evaluationAccess } from '../../web/src/views/ns-evaluation-access.ts';
import { applyLocale } from '../../web/src/i18n.ts';
import { formatRoute, parseRoute } from '../../web/src/router.ts';
import type { CycleDefinition, EvaluationCycle, EvaluationResults, Grant, Unit } from '../../web/src/types.ts';

// No canvas here: the chart wrapper gets a stub instance.
vi.mock('../../web/src/charts/echarts.ts', () => ({ init: () => ({ setOption() {}, resize() {}, dispose() {}, on() {} }) }));

/* eslint-disable @typescript-eslint/no-explicit-any */

// ---------------------------------------------------------------------------------------------
// Fixtures

const units: Unit[] = [
  { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
  { code: 'SEOUL', name: { en: 'Seoul', ko: '서울' }, parent: 'HQ', depth: 2 },
  { code: 'BUSAN', name: { en: 'Busan', ko: '부산' }, parent: 'HQ', depth: 2 },
  { code: 'DAEGU', name: 'Daegu', parent: 'HQ', depth: 2 },
];

function definition(over: Partial<CycleDefinition> = {}): CycleDefinition {
  return {
    code: '2026-H1',
    name: { ko: '2026 상반기 CS평가', en: '2026 first half' },
    from: '2026-01',
    to: '2026-06',
    window: 'ytd',
    units: ['SEOUL', 'BUSAN', 'DAEGU'],
    missing: 'exclude',
    adjustments: [{ unit: 'BUSAN', points: -1.5, reason: 'Complaint audit finding' }],
    grading: {
      method: 'bands',
      bands: [
        { grade: 'S', from: 95 },
        { grade: 'A', from: 90 },
        { grade: 'B', from: 80 },
        { grade: 'C', from: 70 },
        { grade: 'D', from: 0 },
      ],
    },
    ...over,
  };
}

function results(over: Partial<EvaluationResults> = {}): EvaluationResults {
  return {
    cycle: '2026-H1',
    version: 1,
    provisional: true,
    status: 'provisional',
    name: { ko: '2026 상반기 CS평가', en: '2026 first half' },
    from: '2026-01',
    to: '2026-06',
    window: 'ytd',
    months: { from: '2026-01', to: '2026-06' },
    missing: 'exclude',
    grading: 'bands',
    gradedBy: 'bands',
    perspectives: [
      { code: 'financial', name: { en: 'Financial', ko: '재무' }, weight: 30 },
      { code: 'customer', name: 'customer', weight: 30 },
    ],
    results: [
      { unit: 'SEOUL', name: { en: 'Seoul', ko: '서울' }, score: 96.2, adjustment: 0, total: 96.2, coverage: 1, rank: 1, grade: 'S', perspectives: { financial: 99, customer: 93.4 } },
      { unit: 'BUSAN', name: { en: 'Busan', ko: '부산' }, score: 92, adjustment: -1.5, total: 90.5, coverage: 0.9, rank: 2, grade: 'A', perspectives: { financial: 90, customer: 94 }, complete: false, completeness: { leftOut: [], partial: [{ indicator: 'REVENUE', completeness: { units: null, months: { reported: 5, expected: 6, missing: ['2026-04'] } } }] } },
      { unit: 'DAEGU', name: 'Daegu', score: null, adjustment: 0, total: null, coverage: 0, rank: null, grade: null, perspectives: { financial: null, customer: null }, complete: false, completeness: { leftOut: ['CSAT', 'REVENUE'], partial: [] } },
    ],
    fingerprint: 'f'.repeat(64),
    inputsChanged: false,
    finalizedBy: null,
    finalizedAt: null,
    reopenedReason: null,
    warnings: ['DAEGU: no score in the window, not ranked or graded'],
    confirmToken: 'token-1',
    ...over,
  };
}

function cycle(over: Partial<EvaluationCycle> = {}): EvaluationCycle {
  return {
    code: '2026-H1',
    name: { ko: '2026 상반기 CS평가', en: '2026 first half' },
    definition: definition(),
    from: '2026-01',
    to: '2026-06',
    window: 'ytd',
    units: ['SEOUL', 'BUSAN', 'DAEGU'],
    missing: 'exclude',
    grading: 'bands',
    status: 'provisional',
    version: 1,
    createdAt: '2026-07-01T00:00:00Z',
    createdBy: 'admin',
    updatedAt: '2026-07-01T00:00:00Z',
    updatedBy: 'admin',
    versions: [{ version: 1, status: 'provisional', fingerprint: null, inputsChanged: null, finalizedBy: null, finalizedAt: null, reopenedReason: null, reopenedBy: null, supersededAt: null, createdAt: '2026-07-01T00:00:00Z' }],
    ...over,
  };
}

/** A cycle finalised as version 1, reopened as version 2 and finalised again. */
function twoVersions(): EvaluationCycle {
  const base = { fingerprint: 'x', reopenedBy: null, supersededAt: null, createdAt: '2026-07-01T00:00:00Z' };
  return cycle({
    status: 'final',
    version: 2,
    versions: [
      { ...base, version: 1, status: 'superseded', inputsChanged: true, finalizedBy: 'admin', finalizedAt: '2026-07-02T00:00:00Z', reopenedReason: null, supersededAt: '2026-07-03T00:00:00Z' },
      { ...base, version: 2, status: 'final', inputsChanged: true, finalizedBy: 'admin', finalizedAt: '2026-07-04T00:00:00Z', reopenedReason: 'Late data from Busan' },
    ],
  });
}

const breakdown = {
  cycle: '2026-H1',
  version: 1,
  provisional: true,
  status: 'provisional',
  window: 'ytd',
  missing: 'exclude',
  months: ['2026-01', '2026-06'],
  fingerprint: 'f',
  unit: 'BUSAN',
  name: { en: 'Busan', ko: '부산' },
  score: 92,
  adjustment: -1.5,
  total: 90.5,
  coverage: 0.9,
  rank: 2,
  grade: 'A',
  adjustments: [{ points: -1.5, reason: 'Complaint audit finding', approvedBy: null }],
  perspectives: [
    {
      code: 'customer',
      name: { en: 'Customer', ko: '고객' },
      weight: 30,
      score: 94,
      coverage: 1,
      applies: true,
      objectives: [
        {
          code: 'C1',
          name: 'Satisfy customers',
          weight: 1,
          score: 94,
          coverage: 1,
          applies: true,
          indicators: [{ code: 'CSI', name: 'CSI', unit: 'points', weight: 1, actual: 75.2, target: 80, score: 94, status: 'at_risk', counted: 'score', warning: null }],
        },
      ],
    },
  ],
  warnings: [],
};

// ---------------------------------------------------------------------------------------------
// Pure pieces

describe('grade distribution', () => {
  const rows = results().results;

  it('counts the units per grade, best grade first, with the grades nobody got and the ungraded last', () => {
    const counts = gradeDistribution(rows, ['S', 'A', 'B', 'C', 'D']);
    expect(counts.map((c) => [c.grade, c.count])).toEqual([
      ['S', 1],
      ['A', 1],
      ['B', 0],
      ['C', 0],
      ['D', 0],
      [null, 1],
    ]);
    expect(counts[0].share).toBeCloseTo(1 / 3);
  });

  it('orders grades outside the given order by their best rank', () => {
    const counts = gradeDistribution([
      { grade: 'low', rank: 3 },
      { grade: 'top', rank: 1 },
      { grade: 'top', rank: 2 },
    ]);
    expect(counts.map((c) => [c.grade, c.count])).toEqual([
      ['top', 2],
      ['low', 1],
    ]);
    expect(gradeDistribution([])).toEqual([]);
  });

  it('builds a bar chart with one bar per grade and the count and share written on each bar', () => {
    const counts = gradeDistribution(rows, ['S', 'A', 'B']);
    const option: any = gradeDistributionOption({ counts, labels: { units: 'Units', ungraded: 'Not graded' }, formatCount: String, formatShare: (s) => `${Math.round(s * 100)}%` });
    expect(option.xAxis.type).toBe('category');
    expect(option.xAxis.data).toEqual(['S', 'A', 'B', 'Not graded']);
    expect(option.yAxis.minInterval).toBe(1);
    const series = option.series[0];
    expect(series.type).toBe('bar');
    expect(series.data.map((d: any) => d.value)).toEqual([1, 1, 0, 1]);
    // the numbers are on the bars (not colour alone)
    expect(series.data[0].label.show).toBe(true);
    expect(series.data[0].label.formatter()).toBe('1 · 33%');
    expect(option.tooltip.formatter({ dataIndex: 3 })).toContain('Not graded');
    expect(option.tooltip.formatter({ dataIndex: 0 })).toContain('<b>1</b>');
  });
});

describe('cycle form → cycle JSON', () => {
  const filled = (): CycleForm => ({
    ...emptyCycleForm(),
    code: '2026-H1',
    nameKo: '2026 상반기 CS평가',
    nameEn: '2026 first half',
    from: '2026-01',
    to: '2026-06',
    units: ['SEOUL', 'BUSAN'],
    adjustments: [{ unit: 'BUSAN', points: '-1.5', reason: ' Complaint audit finding ', approvedBy: '' }],
  });

  it('builds the DESIGN.md §3 example from a filled-in form', () => {
    const { definition: d, errors } = buildCycle(filled());
    expect(errors).toEqual([]);
    expect(d).toEqual({
      code: '2026-H1',
      name: { ko: '2026 상반기 CS평가', en: '2026 first half' },
      from: '2026-01',
      to: '2026-06',
      window: 'ytd',
      units: ['SEOUL', 'BUSAN'],
      missing: 'exclude',
      adjustments: [{ unit: 'BUSAN', points: -1.5, reason: 'Complaint audit finding' }],
      grading: {
        method: 'bands',
        bands: [
          { grade: 'S', from: 95 },
          { grade: 'A', from: 90 },
          { grade: 'B', from: 80 },
          { grade: 'C', from: 70 },
          { grade: 'D', from: 0 },
        ],
      },
    });
  });

  it('builds a tree level, the span window, zero for missing data, weights and a distribution with fallback bands', () => {
    const { definition: d, errors } = buildCycle({
      ...filled(),
      unitsMode: 'level',
      level: '2',
      window: 'span',
      missing: 'zero',
      weights: { financial: '40', customer: '', process: '0' },
      adjustments: [{ unit: 'BUSAN', points: '2', reason: 'Award', approvedBy: 'CEO' }],
      method: 'distribution',
      minUnits: '5',
      bands: [{ grade: 'A', from: '90' }, { grade: 'B', from: '0' }],
    });
    expect(errors).toEqual([]);
    expect(d!.units).toEqual({ level: 2 });
    expect(d!.window).toBe('span');
    expect(d!.missing).toBe('zero');
    expect(d!.perspectiveWeights).toEqual({ financial: 40, process: 0 });
    expect(d!.adjustments).toEqual([{ unit: 'BUSAN', points: 2, reason: 'Award', approvedBy: 'CEO' }]);
    expect(d!.grading).toEqual({
      method: 'distribution',
      distribution: [
        { grade: 'S', share: 10 },
        { grade: 'A', share: 20 },
        { grade: 'B', share: 40 },
        { grade: 'C', share: 20 },
        { grade: 'D', share: 10 },
      ],
      minUnits: 5,
      bands: [{ grade: 'A', from: 90 }, { grade: 'B', from: 0 }],
    });
  });

  it('reports every problem with the path the server would use, and builds nothing', () => {
    const { definition: d, errors } = buildCycle({
      ...emptyCycleForm(),
      code: 'bad code',
      from: '2026-06',
      to: '2026-01',
      adjustments: [{ unit: 'BUSAN', points: 'abc', reason: '', approvedBy: '' }],
      bands: [{ grade: 'S', from: '90' }, { grade: 'S', from: '90' }],
    });
    expect(d).toBeNull();
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['code', 'name', 'to', 'units', 'adjustments[0].unit', 'adjustments[0].points', 'adjustments[0].reason', 'grading.bands[1].grade', 'grading.bands[1].from']),
    );
  });

  it('checks that the shares add up to 100 and that a cycle spans at most 36 months', () => {
    const { errors } = buildCycle({ ...filled(), from: '2023-01', to: '2026-01', method: 'distribution', distribution: [{ grade: 'A', share: '50' }, { grade: 'B', share: '40' }] });
    expect(errorsAt(errors, 'grading.distribution')[0].message).toContain('90');
    expect(errorsAt(errors, 'to')).toHaveLength(1);
    expect(buildCycle({ ...filled(), weights: { financial: '0' } }).errors.map((e) => e.path)).toEqual(['perspectiveWeights']);
  });

  it('reads a stored definition back into the form (and round-trips)', () => {
    const d = definition({ perspectiveWeights: { financial: 40 }, grading: { method: 'distribution', distribution: [{ grade: 'A', share: 30 }, { grade: 'B', share: 70 }] } });
    const form = formFromDefinition(d);
    expect(form.nameKo).toBe('2026 상반기 CS평가');
    expect(form.units).toEqual(['SEOUL', 'BUSAN', 'DAEGU']);
    expect(form.adjustments[0]).toEqual({ unit: 'BUSAN', points: '-1.5', reason: 'Complaint audit finding', approvedBy: '' });
    expect(form.method).toBe('distribution');
    expect(buildCycle(form).definition).toEqual(d);
    expect(buildCycle(formFromDefinition(definition({ units: { level: 3 } }))).definition!.units).toEqual({ level: 3 });
  });

  it('parses numbers strictly and reads the server details', () => {
    expect(parseNumber(' -1.5 ')).toBe(-1.5);
    expect(parseNumber('1,5')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(serverFieldErrors([{ path: 'grading.bands[2].from', message: 'two bands start at 80' }, 'junk', { message: 'whole' }])).toEqual([
      { path: 'grading.bands[2].from', message: 'two bands start at 80' },
      { path: '', message: 'whole' },
    ]);
    expect(serverFieldErrors(undefined)).toEqual([]);
    expect(errorsAt([{ path: 'units[1]', message: 'x' }], 'units', true)).toHaveLength(1);
    expect(errorsAt([{ path: 'units[1]', message: 'x' }], 'units')).toHaveLength(0);
  });
});

describe('evaluation access and routes', () => {
  const g = (role: Grant['role'], unit: string | null = null): Grant => ({ role, unit });
  it('lets reviewers, managers and admins read, and only company-wide admins write', () => {
    expect(evaluationAccess([g('viewer')], units)).toEqual({ read: false, write: false });
    expect(evaluationAccess([g('reviewer', 'SEOUL')], units)).toEqual({ read: true, write: false });
    expect(evaluationAccess([g('manager', 'SEOUL')], units)).toEqual({ read: true, write: false });
    expect(evaluationAccess([g('admin')], units)).toEqual({ read: true, write: true });
    expect(evaluationAccess([g('admin', 'HQ')], units)).toEqual({ read: true, write: true });
    expect(evaluationAccess([g('admin', 'SEOUL')], units)).toEqual({ read: true, write: false });
    expect(evaluationAccess(undefined)).toEqual({ read: false, write: false });
  });

  it('routes /evaluations and /evaluations/:code through the URL', () => {
    expect(parseRoute('/evaluations', '?new=1')).toMatchObject({ name: 'evaluations', params: { new: '1' } });
    expect(parseRoute('/evaluations/2026-H1', '?version=2&drill=BUSAN')).toMatchObject({ name: 'evaluations', code: '2026-H1', params: { version: '2', drill: 'BUSAN' } });
    expect(formatRoute(parseRoute('/evaluations/2026%20H1', '?version=2'))).toBe('/evaluations/2026%20H1?version=2');
    expect(formatRoute({ name: 'evaluations', params: {} })).toBe('/evaluations');
  });
});

// ---------------------------------------------------------------------------------------------
// The view, with the API stubbed

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Server {
  cycle: EvaluationCycle;
  preview: EvaluationResults;
  byVersion: Record<number, EvaluationResults>;
  list: unknown[];
  /** Overrides by "METHOD path". */
  answers: Record<string, () => Response>;
}

function stubApi(server: Server) {
  return vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const key = `${method} ${url.pathname}`;
    if (server.answers[key]) return server.answers[key]();
    const p = url.pathname.replace('/api/v1', '');
    if (method === 'GET' && p === '/evaluations') return json(200, server.list);
    if (method === 'GET' && p === '/model') return json(200, { perspectives: [{ code: 'financial', name: 'Financial', weight: 30 }, { code: 'customer', name: 'Customer', weight: 30 }], objectives: [], indicators: [] });
    if (method === 'GET' && p === `/evaluations/${server.cycle.code}`) return json(200, server.cycle);
    if (method === 'GET' && p.endsWith('/preview')) return json(200, server.preview);
    if (method === 'GET' && p.endsWith('/results')) {
      const v = Number(url.searchParams.get('version') ?? server.cycle.version);
      return server.byVersion[v] ? json(200, server.byVersion[v]) : json(404, { error: { code: 'not_found', message: 'no version' } });
    }
    if (method === 'GET' && p.includes('/breakdown/')) return json(200, breakdown);
    return json(404, { error: { code: 'not_found', message: key } });
  });
}

const admin: Grant[] = [{ role: 'admin', unit: null }];
const reviewer: Grant[] = [{ role: 'reviewer', unit: null }];

describe('<ns-evaluations-view>', () => {
  let server: Server;
  let fetchMock: ReturnType<typeof stubApi>;
  let navigations: string[];
  const onNavigate = (e: Event) => navigations.push((e as CustomEvent).detail.href);

  beforeEach(async () => {
    await import('../../web/src/views/ns-evaluations-view.ts');
    server = { cycle: cycle(), preview: results(), byVersion: {}, list: [], answers: {} };
    fetchMock = stubApi(server);
    vi.stubGlobal('fetch', fetchMock);
    navigations = [];
    document.body.addEventListener('ns-navigate', onNavigate);
  });
  afterEach(() => {
    document.body.removeEventListener('ns-navigate', onNavigate);
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  async function mount(props: { code?: string; params?: Record<string, string>; grants?: Grant[] }) {
    const el = document.createElement('ns-evaluations-view');
    Object.assign(el, { unit: 'HQ', period: '2026-06', window: 'ytd', units, code: props.code ?? '', params: props.params ?? {}, grants: props.grants ?? admin });
    document.body.append(el);
    await el.updateComplete;
    return el;
  }
  const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T & Element>(selector) as T | null;
  const calls = () => fetchMock.mock.calls.map((c) => `${((c[1] as RequestInit | undefined)?.method ?? 'GET').toUpperCase()} ${String(c[0])}`);

  it('lists the cycles with their status in words, and offers a new cycle to admins only', async () => {
    server.list = [
      { code: '2026-H1', name: { en: '2026 first half', ko: '2026 상반기' }, from: '2026-01', to: '2026-06', window: 'ytd', grading: 'bands', version: 2, status: 'final', finalizedAt: '2026-07-04T00:00:00Z', finalizedBy: 'admin', createdAt: '', updatedAt: '' },
    ];
    const el = await mount({});
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-list"]')).toBeTruthy());
    expect($(el, '[data-view="evaluations"] h1')!.textContent).toBe('Evaluations');
    const row = $(el, 'tr[data-code="2026-H1"]')!;
    expect(row.textContent).toContain('2026 first half');
    expect(row.querySelector('[data-status="final"]')!.textContent).toContain('Final');
    expect(row.querySelector('a')!.getAttribute('href')).toBe('/evaluations/2026-H1?unit=HQ&period=2026-06&window=ytd');
    expect($(el, '[data-testid="evaluation-new"]')).toBeTruthy();

    const asReviewer = await mount({ grants: reviewer });
    await vi.waitFor(() => expect($(asReviewer, '[data-testid="evaluation-list"]')).toBeTruthy());
    expect($(asReviewer, '[data-testid="evaluation-new"]')).toBeNull();
  });

  it('shows the empty state when there is no cycle, and a no-access state to viewers', async () => {
    const el = await mount({});
    await vi.waitFor(() => expect($(el, 'ns-state[kind="empty"]')).toBeTruthy());
    const viewer = await mount({ grants: [{ role: 'viewer', unit: null }] });
    expect($(viewer, 'ns-state[kind="empty"]')).toBeTruthy();
    expect($(viewer, 'h1')!.textContent).toBe('Evaluations');
  });

  it('previews an open cycle marked provisional: ranks, grades, perspective scores and the grade distribution in a table', async () => {
    const el = await mount({ code: '2026-H1' });
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-results"]')).toBeTruthy());
    expect(calls()).toEqual(['GET /api/v1/evaluations/2026-H1', 'GET /api/v1/evaluations/2026-H1/preview']);
    expect($(el, 'h1')!.textContent).toBe('2026 first half');
    expect($(el, '[data-testid="provisional-banner"]')!.textContent).toContain('Provisional');
    const rows = [...el.shadowRoot!.querySelectorAll('[data-testid="evaluation-results"] tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-unit'))).toEqual(['SEOUL', 'BUSAN', 'DAEGU']);
    expect(rows[1].textContent).toContain('-1.5');
    expect(rows[1].textContent).toContain('90.5');
    expect(rows[1].querySelector('.grade')!.textContent).toBe('A');
    expect(rows[2].textContent).toContain('Not graded');
    // the service's complete/completeness (declared in the EvaluationResults schema) drive the coverage badge
    const badge = (row: Element) => (row.querySelector('ns-completeness-badge') as HTMLElement & { updateComplete: Promise<boolean> } | null);
    await Promise.all(rows.map((r) => badge(r)?.updateComplete));
    expect(badge(rows[0])!.shadowRoot!.querySelector('button')).toBeNull();
    expect(badge(rows[1])!.shadowRoot!.querySelector('button')!.textContent).toContain('Partial');
    expect(badge(rows[1])!.shadowRoot!.querySelector('[role="tooltip"]')!.textContent).toContain('REVENUE (5 of 6 months)');
    expect(badge(rows[2])!.shadowRoot!.querySelector('button')!.textContent).toContain('2 left out');
    expect(badge(rows[2])!.shadowRoot!.querySelector('[role="tooltip"]')!.textContent).toContain('CSAT, REVENUE');
    const headers = [...el.shadowRoot!.querySelectorAll('[data-testid="evaluation-results"] thead th')].map((th) => th.textContent!.trim());
    expect(headers).toEqual(['Rank', 'Unit', 'Financial', 'Customer', 'Score', 'Adjustment', 'Total', 'Coverage', 'Grade']);
    const dist = [...el.shadowRoot!.querySelectorAll('[data-testid="grade-distribution"] tbody tr')].map((r) => [r.getAttribute('data-grade'), r.querySelector('td')!.textContent]);
    expect(dist).toEqual([
      ['S', '1'],
      ['A', '1'],
      ['B', '0'],
      ['C', '0'],
      ['D', '0'],
      ['', '1'],
    ]);
    expect($(el, 'ns-chart[data-testid="chart-grades"]')).toBeTruthy();
    expect($(el, '[data-testid="evaluation-warnings"]')!.textContent).toContain('DAEGU');
    const csv = $(el, '[data-testid="export-csv"]')!;
    expect(csv.getAttribute('href')).toBe('/api/v1/evaluations/2026-H1/export?format=csv&version=1&locale=en');
    expect($(el, '[data-testid="export-xlsx"]')!.getAttribute('href')).toContain('format=xlsx');
    expect($(el, '[data-testid="evaluation-finalize"]')).toBeTruthy();
    expect($(el, '[data-testid="evaluation-reopen"]')).toBeNull();
  });

  it('hides every control that changes something from reviewers, who keep the exports', async () => {
    const el = await mount({ code: '2026-H1', grants: reviewer });
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-results"]')).toBeTruthy());
    expect($(el, '[data-testid="evaluation-finalize"]')).toBeNull();
    expect($(el, '[data-testid="evaluation-edit"]')).toBeNull();
    expect($(el, '[data-testid="export-json"]')).toBeTruthy();
  });

  it('finalises through a modal dialog with the preview token; Esc cancels without a request', async () => {
    const finalized = results({ provisional: false, status: 'final', confirmToken: undefined, finalizedBy: 'admin', finalizedAt: '2026-07-02T00:00:00Z' });
    server.answers['POST /api/v1/evaluations/2026-H1/finalize'] = () => {
      server.cycle = cycle({ status: 'final', versions: [{ ...cycle().versions[0], status: 'final', inputsChanged: false, finalizedBy: 'admin', finalizedAt: '2026-07-02T00:00:00Z' }] });
      server.byVersion[1] = finalized;
      return json(200, finalized);
    };
    const el = await mount({ code: '2026-H1' });
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-finalize"]')).toBeTruthy());
    const open = $<HTMLButtonElement>(el, '[data-testid="evaluation-finalize"]')!;
    open.click();
    await el.updateComplete;
    let dialog = $<HTMLDialogElement>(el, 'dialog[data-testid="finalize-dialog"]')!;
    expect(dialog).toBeTruthy();
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute('aria-labelledby')).toBe('dialog-title');
    expect($(el, '#dialog-title')!.textContent).toContain('Finalise version 1?');
    // focus stays inside: Tab on the last button wraps to the first
    const [cancel, confirm] = [...dialog.querySelectorAll<HTMLButtonElement>('button')];
    confirm.focus();
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    expect(el.shadowRoot!.activeElement).toBe(cancel);
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect($(el, 'dialog')).toBeNull();
    expect(calls().some((c) => c.startsWith('POST'))).toBe(false);

    open.click();
    await el.updateComplete;
    dialog = $<HTMLDialogElement>(el, 'dialog')!;
    $<HTMLButtonElement>(el, '[data-testid="dialog-confirm"]')!.click();
    await vi.waitFor(() => expect(calls()).toContain('POST /api/v1/evaluations/2026-H1/finalize'));
    const post = fetchMock.mock.calls.find((c) => (c[1] as RequestInit | undefined)?.method === 'POST')!;
    expect(JSON.parse(String((post[1] as RequestInit).body))).toEqual({ confirmToken: 'token-1' });
    await vi.waitFor(() => expect($(el, '[data-testid="final-banner"]')).toBeTruthy());
    expect($(el, 'dialog')).toBeNull();
    expect($(el, '[data-testid="provisional-banner"]')).toBeNull();
    expect($(el, '[data-testid="evaluation-notice"]')!.textContent).toContain('Version 1 is final');
    expect($(el, '[data-testid="evaluation-reopen"]')).toBeTruthy();
  });

  it('keeps the dialog open with the reason when the inputs changed since the preview', async () => {
    server.answers['POST /api/v1/evaluations/2026-H1/finalize'] = () => json(409, { error: { code: 'inputs_changed', message: 'The inputs have changed', details: { confirmToken: 'token-2' } } });
    const el = await mount({ code: '2026-H1' });
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-finalize"]')).toBeTruthy());
    $<HTMLButtonElement>(el, '[data-testid="evaluation-finalize"]')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[data-testid="dialog-confirm"]')!.click();
    await vi.waitFor(() => expect($(el, '[data-testid="dialog-error"]')).toBeTruthy());
    expect($(el, '[data-testid="dialog-error"]')!.textContent).toContain('changed');
  });

  it('reads an old version with the inputs-changed banner, and reopens the latest only with a reason', async () => {
    server.cycle = twoVersions();
    const final = (version: number, status: 'final' | 'superseded') =>
      results({ version, provisional: false, status, confirmToken: undefined, inputsChanged: true, finalizedBy: 'admin', finalizedAt: '2026-07-04T00:00:00Z', reopenedReason: version === 2 ? 'Late data from Busan' : null });
    server.byVersion = { 1: final(1, 'superseded'), 2: final(2, 'final') };
    server.answers['POST /api/v1/evaluations/2026-H1/reopen'] = () => json(200, { cycle: '2026-H1', version: 3, status: 'provisional', superseded: 2, reason: 'Busan audit' });

    const old = await mount({ code: '2026-H1', params: { version: '1' } });
    await vi.waitFor(() => expect($(old, '[data-testid="final-banner"]')).toBeTruthy());
    expect(calls()).toContain('GET /api/v1/evaluations/2026-H1/results?version=1');
    expect($(old, '[data-testid="inputs-changed"]')).toBeTruthy();
    expect($(old, '[data-testid="final-banner"]')!.textContent).toContain('Superseded');
    expect($(old, '[data-testid="evaluation-reopen"]')).toBeNull();
    expect($(old, '[data-testid="export-csv"]')!.getAttribute('href')).toContain('version=1');
    const picker = $<HTMLSelectElement>(old, '[data-testid="evaluation-version"]')!;
    expect([...picker.options].map((o) => o.value)).toEqual(['2', '1']);
    picker.value = '2';
    picker.dispatchEvent(new Event('change'));
    expect(navigations.at(-1)).toBe('/evaluations/2026-H1?unit=HQ&period=2026-06&window=ytd');

    const el = await mount({ code: '2026-H1' });
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-reopen"]')).toBeTruthy());
    expect($(el, '[data-testid="reopened-reason"]')!.textContent).toContain('Late data from Busan');
    $<HTMLButtonElement>(el, '[data-testid="evaluation-reopen"]')!.click();
    await el.updateComplete;
    expect($(el, 'dialog[data-testid="reopen-dialog"]')).toBeTruthy();
    $<HTMLButtonElement>(el, '[data-testid="dialog-confirm"]')!.click();
    await el.updateComplete;
    expect($(el, '[data-testid="dialog-error"]')).toBeTruthy();
    expect(calls().some((c) => c.includes('/reopen'))).toBe(false);
    const reason = $<HTMLTextAreaElement>(el, '[data-testid="reopen-reason"]')!;
    reason.value = 'Busan audit';
    reason.dispatchEvent(new Event('input'));
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[data-testid="dialog-confirm"]')!.click();
    await vi.waitFor(() => expect(calls()).toContain('POST /api/v1/evaluations/2026-H1/reopen'));
    const post = fetchMock.mock.calls.find((c) => String(c[0]).endsWith('/reopen'))!;
    expect(JSON.parse(String((post[1] as RequestInit).body))).toEqual({ reason: 'Busan audit' });
    await vi.waitFor(() => expect($(el, '[data-testid="evaluation-notice"]')).toBeTruthy());
    expect($(el, '[data-testid="evaluation-notice"]')!.textContent).toContain('Version 2 was reopened as version 3');
  });

  it('drills into a unit down to its indicators and adjustments', async () => {
    const el = await mount({ code: '2026-H1' });
    await vi.waitFor(() => expect($(el, '[data-testid="drill-BUSAN"]')).toBeTruthy());
    $<HTMLButtonElement>(el, '[data-testid="drill-BUSAN"]')!.click();
    expect(navigations.at(-1)).toBe('/evaluations/2026-H1?unit=HQ&period=2026-06&window=ytd&drill=BUSAN');
    el.params = { drill: 'BUSAN' };
    await vi.waitFor(() => expect($(el, '[data-testid="breakdown-table"]')).toBeTruthy());
    expect(calls()).toContain('GET /api/v1/evaluations/2026-H1/breakdown/BUSAN');
    expect($(el, 'tr[data-indicator="CSI"]')!.textContent).toContain('75.2');
    expect($(el, '[data-testid="breakdown-adjustments"]')!.textContent).toContain('Complaint audit finding');
    await vi.waitFor(() => expect(el.shadowRoot!.activeElement?.id).toBe('breakdown-title'));
    expect($(el, '[data-testid="drill-BUSAN"]')!.getAttribute('aria-expanded')).toBe('true');
  });

  it('creates a cycle from the form and shows the server’s details next to the fields', async () => {
    server.answers['POST /api/v1/evaluations'] = () =>
      json(422, { error: { code: 'unknown_units', message: 'Unknown unit BUSAN', details: [{ path: 'units', message: 'unknown unit "BUSAN"' }] } });
    const el = await mount({ params: { new: '1' } });
    await vi.waitFor(() => expect($(el, 'ns-evaluation-form')).toBeTruthy());
    expect($(el, 'h1')!.textContent).toBe('New evaluation cycle');
    const form = $(el, 'ns-evaluation-form')! as HTMLElement & { updateComplete: Promise<unknown> };
    await form.updateComplete;
    const f = (sel: string) => form.shadowRoot!.querySelector<HTMLInputElement>(sel)!;
    const type = (sel: string, value: string) => {
      f(sel).value = value;
      f(sel).dispatchEvent(new Event('input'));
    };
    // submitting the empty form: client-side errors, no request
    f('[data-testid="evaluation-save"]').click();
    await form.updateComplete;
    expect(form.shadowRoot!.querySelector('[data-error-for="code"]')).toBeTruthy();
    expect(calls().some((c) => c.startsWith('POST'))).toBe(false);

    type('[data-testid="field-code"]', '2026-H1');
    type('[data-testid="field-name-en"]', '2026 first half');
    type('[data-testid="field-from"]', '2026-01');
    type('[data-testid="field-to"]', '2026-06');
    const busan = form.shadowRoot!.querySelector<HTMLInputElement>('[data-testid="field-units"] input[value="BUSAN"]')!;
    busan.checked = true;
    busan.dispatchEvent(new Event('change'));
    await form.updateComplete;
    f('[data-testid="evaluation-save"]').click();
    await vi.waitFor(() => expect(calls()).toContain('POST /api/v1/evaluations'));
    const post = fetchMock.mock.calls.find((c) => (c[1] as RequestInit | undefined)?.method === 'POST')!;
    const body = JSON.parse(String((post[1] as RequestInit).body));
    expect(body).toMatchObject({ code: '2026-H1', name: { en: '2026 first half' }, from: '2026-01', to: '2026-06', units: ['BUSAN'], grading: { method: 'bands' } });
    expect((post[1] as RequestInit & { headers: Record<string, string> }).headers['content-type']).toBe('application/json');
    await vi.waitFor(() => expect(form.shadowRoot!.querySelector('[data-error-for="units"]')).toBeTruthy());
    expect(form.shadowRoot!.querySelector('[data-error-for="units"]')!.textContent).toContain('unknown unit "BUSAN"');
    expect(form.shadowRoot!.querySelector('[data-testid="form-errors"]')!.textContent).toContain('Unknown unit BUSAN');

    // once the server accepts it, the view goes to the new cycle
    server.answers['POST /api/v1/evaluations'] = () => json(201, cycle());
    f('[data-testid="evaluation-save"]').click();
    await vi.waitFor(() => expect(navigations).toContain('/evaluations/2026-H1?unit=HQ&period=2026-06&window=ytd'));
  });

  it('edits the open version: the form starts from the stored definition and saves with PUT', async () => {
    server.answers['PUT /api/v1/evaluations/2026-H1'] = () => json(200, cycle());
    const el = await mount({ code: '2026-H1', params: { edit: '1' } });
    await vi.waitFor(() => expect($(el, 'ns-evaluation-form')).toBeTruthy());
    const form = $(el, 'ns-evaluation-form')! as HTMLElement & { updateComplete: Promise<unknown>; value: CycleForm };
    await form.updateComplete;
    expect(form.value.code).toBe('2026-H1');
    expect(form.shadowRoot!.querySelector<HTMLInputElement>('[data-testid="field-code"]')!.disabled).toBe(true);
    expect(form.shadowRoot!.querySelector('[data-testid="field-weight-financial"]')).toBeTruthy();
    form.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="evaluation-save"]')!.click();
    await vi.waitFor(() => expect(calls()).toContain('PUT /api/v1/evaluations/2026-H1'));
    const put = fetchMock.mock.calls.find((c) => (c[1] as RequestInit | undefined)?.method === 'PUT')!;
    expect(JSON.parse(String((put[1] as RequestInit).body))).toEqual(definition());
  });

  it('speaks Korean: 잠정, 순위, 등급, 가감점, and Korean unit names', async () => {
    await applyLocale('ko');
    try {
      const el = await mount({ code: '2026-H1' });
      await vi.waitFor(() => expect($(el, '[data-testid="evaluation-results"]')).toBeTruthy());
      expect($(el, 'h1')!.textContent).toBe('2026 상반기 CS평가');
      expect($(el, '[data-testid="provisional-banner"]')!.textContent).toContain('잠정');
      const headers = [...el.shadowRoot!.querySelectorAll('[data-testid="evaluation-results"] thead th')].map((th) => th.textContent!.trim());
      expect(headers).toEqual(expect.arrayContaining(['순위', '등급', '가감점', '재무']));
      expect($(el, 'tr[data-unit="BUSAN"]')!.textContent).toContain('부산');
      expect($(el, '[data-testid="evaluation-finalize"]')!.textContent).toBe('확정…');
      expect($(el, '[data-testid="grade-distribution"] h2')!.textContent).toBe('등급 분포');
    } finally {
      await applyLocale('en');
    }
  });

  it('shows the error state when the cycle cannot be loaded', async () => {
    const el = await mount({ code: 'NOPE' });
    await vi.waitFor(() => expect($(el, 'ns-state[kind="error"]')).toBeTruthy());
    expect($(el, 'h1')!.textContent).toBe('NOPE');
  });
});
