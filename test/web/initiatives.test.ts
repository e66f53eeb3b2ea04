// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { priorityBody, prioritySetting, surveyBenchmarks } from '../../web/src/views/ns-initiatives-view.ts';
import { surveyResult } from './fixtures.ts';
import '../../web/src/views/ns-initiatives-view.ts';
import { jsonResponse, useFetchMock } from './fixtures.ts';

const item = (over: Record<string, unknown> = {}) => ({
  indicator: 'CSI', name: { en: 'Customer satisfaction', ko: '고객만족도' }, expected: 85, expectedSource: 'TOP', current: 78, gap: -7,
  importance: 2, importanceSource: 'weight', priority: 16.5, rank: 1, cause: null, target: null, ...over,
});

describe('priority settings', () => {
  it('leaves levels that come from TOP or the indicator weight empty, so that they keep applying', () => {
    expect(prioritySetting(item() as any)).toEqual({ indicator: 'CSI', isNew: false, expected: '', importance: '', cause: '', target: '' });
    expect(prioritySetting(item({ expectedSource: 'stated', expected: 90, importanceSource: 'stated', importance: 3, cause: 'wait times', target: 88 }) as any)).toEqual({
      indicator: 'CSI', isNew: false, expected: '90', importance: '3', cause: 'wait times', target: '88',
    });
    expect(prioritySetting(null)).toMatchObject({ indicator: '', isNew: true });
  });
  it('sends empty fields as null and numbers as numbers', () => {
    expect(priorityBody({ indicator: 'CSI', isNew: false, expected: '', importance: '2.5', cause: '  ', target: '-1' })).toEqual({ expected: null, importance: 2.5, cause: null, target: -1 });
  });
});

describe('benchmarks from the survey of the same month', () => {
  const survey = {
    period: '2026-10',
    segments: [
      { value: '1', own: true, respondents: 130, csi: 76.1, overall: 74, factors: [], loyalty: [] },
      { value: '2', name: { en: 'Rival A', ko: '경쟁사 A' }, own: false, respondents: 60, csi: 72.345, overall: 70, factors: [], loyalty: [] },
      { value: '3', own: false, respondents: 60, csi: null, overall: null, factors: [], loyalty: [] },
    ],
  };
  it('takes each competitor segment with a CSI (never the own one), named, rounded, for the chosen indicator', () => {
    expect(surveyBenchmarks(survey as any, 'CSI')).toEqual([{ indicator: 'CSI', period: '2026-10', competitor: 'Rival A', value: 72.35 }]);
    expect(surveyBenchmarks(null, 'CSI')).toEqual([]);
    expect(surveyBenchmarks(survey as any, '')).toEqual([]);
  });
});

describe('<ns-initiatives-view>', () => {
  const fetchMock = useFetchMock();
  const json = jsonResponse;

  async function mount() {
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (url.startsWith('/api/v1/initiatives')) return json([]);
      if (url.startsWith('/api/v1/priorities/') && (init?.method ?? 'GET') === 'GET') return json({ unit: 'HQ', period: '2026-10', items: [item()] });
      if (url.startsWith('/api/v1/priorities/')) return json({ outcome: 'created' });
      if (url === '/api/v1/benchmarks/import') return json({ rows: 3, created: 3 });
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    });
    const el = document.createElement('ns-initiatives-view');
    Object.assign(el, { unit: 'HQ', period: '2026-10', window: 'ytd' });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('section[aria-labelledby="prio-title"] tbody tr')).toBeTruthy());
    return el;
  }

  it('edits a priority setting: the form sends the PUT and the ranked table is read again', async () => {
    const el = await mount();
    const edit = el.shadowRoot!.querySelector<HTMLButtonElement>('section[aria-labelledby="prio-title"] tbody button')!;
    expect(edit.getAttribute('aria-label')).toContain('CSI');
    edit.click();
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="priority-form"]')).toBeTruthy());
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[data-testid="priority-form"]')!;
    const expected = form.querySelector<HTMLInputElement>('input[name="expected"]')!;
    expected.value = '90';
    expected.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    const cause = form.querySelector<HTMLTextAreaElement>('textarea[name="cause"]')!;
    cause.value = 'long waits at the counter';
    cause.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="priority-message"]')?.textContent).toBe('Saved'));
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT')!;
    expect(put[0]).toBe('/api/v1/priorities/HQ/CSI');
    expect(JSON.parse(put[1].body)).toEqual({ expected: 90, importance: null, cause: 'long waits at the counter', target: null });
    expect(fetchMock.mock.calls.filter(([url, init]) => String(url).startsWith('/api/v1/priorities/HQ?') && (init?.method ?? 'GET') === 'GET').length).toBe(2);
  });

  it('imports a benchmark CSV and reports how many values it stored', async () => {
    const el = await mount();
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid="benchmark-import"]')!;
    const file = new File(['indicator,period,competitor,value\nCSI,2026-10,TOP,85\n'], 'bench.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="benchmark-message"]')?.textContent).toContain('3'));
    const post = fetchMock.mock.calls.find(([url]) => url === '/api/v1/benchmarks/import')!;
    expect(post[1].method).toBe('POST');
    expect(post[1].headers['content-type']).toBe('text/csv');
    expect(post[1].body).toContain('CSI,2026-10,TOP,85');
  });

  it('states the priority shortfall formula in its help text', async () => {
    const el = await mount();
    expect(el.shadowRoot!.querySelector('[data-testid="priority-help"]')!.textContent).toContain('|gap| ÷ max(|current|, |expected|) × 100');
  });

  it('offers the competitor CSI of this month’s survey as benchmarks, without retyping', async () => {
    const survey = surveyResult({ period: '2026-10', segments: [{ value: '2', name: 'Rival A', own: false, respondents: 60, csi: 72.3, overall: 70, factors: [], loyalty: [], nps: null, warnings: [] } as never] });
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (String(url).startsWith('/api/v1/surveys/results')) return json(survey);
      if (url === '/api/v1/benchmarks' && init?.method === 'PUT') return json({ created: 1, updated: 0 });
      if (String(url).startsWith('/api/v1/initiatives')) return json([]);
      if (String(url).startsWith('/api/v1/priorities/')) return json({ unit: 'HQ', period: '2026-10', items: [] });
      return json({ error: { code: 'not_found', message: 'no' } }, 404);
    });
    const el = document.createElement('ns-initiatives-view');
    Object.assign(el, { unit: 'HQ', period: '2026-10', window: 'ytd', params: { indicator: 'CSI' } });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="survey-benchmarks"]')).toBeTruthy());
    expect(el.shadowRoot!.querySelector('[data-testid="survey-benchmarks"]')!.textContent).toContain('Rival A 72.3');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="survey-benchmarks-take"]')!.click();
    await vi.waitFor(() => expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/v1/benchmarks' && init?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find(([url, init]) => url === '/api/v1/benchmarks' && init?.method === 'PUT')!;
    expect(JSON.parse(put[1].body)).toEqual([{ indicator: 'CSI', period: '2026-10', competitor: 'Rival A', value: 72.3 }]);
  });
});
