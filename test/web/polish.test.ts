// @vitest-environment happy-dom
/** Issue 19 in the web app: exceptions filter, period comparison, export what you see, copy last month, progress. */
import { describe, expect, it, vi } from 'vitest';
import { exceptionsOnly, heatmapExceptions, formatScoreDelta, formatActualDelta, parseFilter, parseCompare, changeFor } from '../../web/src/views/polish.ts';
import { tableExport, roundShown } from '../../web/src/export-table.ts';
import { copyLastMonth, entryProgress } from '../../web/src/views/ns-entry-view.ts';
import '../../web/src/views/ns-scorecard-view.ts';
import { heatmap, jsonResponse, scorecard, useFetchMock } from './fixtures.ts';

describe('exceptions filter', () => {
  it('keeps only indicators below target, and the objectives and perspectives that hold them', () => {
    const card = scorecard();
    const below = exceptionsOnly(card, 'below');
    const codes = below.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators.map((i) => `${i.code}:${i.status}`)));
    expect(codes.every((c) => c.endsWith(':off_track') || c.endsWith(':at_risk'))).toBe(true);
    expect(codes.length).toBeGreaterThan(0);
    const off = exceptionsOnly(card, 'off').perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators.map((i) => i.status)));
    expect(off.every((s) => s === 'off_track')).toBe(true);
    expect(exceptionsOnly(card, 'all')).toBe(card);
  });

  it('filters heatmap rows to those with a cell below target', () => {
    const data = heatmap();
    const rows = heatmapExceptions(data.rows, 'below');
    for (const r of rows) expect([r.status, ...Object.values(r.cells).map((c) => c.status)].some((s) => s === 'off_track' || s === 'at_risk')).toBe(true);
    expect(heatmapExceptions(data.rows, 'all')).toHaveLength(data.rows.length);
  });

  it('reads the URL options safely', () => {
    expect(parseFilter('below')).toBe('below');
    expect(parseFilter('nonsense')).toBe('all');
    expect(parseCompare('year')).toBe('year');
    expect(parseCompare(undefined)).toBe('month');
    const compare = { previous: { period: '2026-02', score: 90, scoreDelta: 2 }, lastYear: { period: '2025-03', score: 80, scoreDelta: 12 } };
    expect(changeFor(compare, 'year')?.scoreDelta).toBe(12);
    expect(changeFor(undefined, 'month')).toBeNull();
  });
});

describe('comparison formatting', () => {
  it('shows score changes in points and a rate’s change in pp / %p', () => {
    expect(formatScoreDelta(2.34, 'en')).toBe('+2.3 pts');
    expect(formatScoreDelta(-1, 'ko')).toBe('-1.0점');
    expect(formatScoreDelta(null, 'en')).toBe('–');
    expect(formatActualDelta(1.25, '%', 'en')).toBe('+1.3pp');
    expect(formatActualDelta(-0.5, '%', 'ko')).toBe('-0.5%p');
    expect(formatActualDelta(-120, 'KRW mn', 'ko')).toMatch(/억원|백만원/);
  });
});

describe('export what you see', () => {
  it('rounds numbers as shown and keeps text as shown', () => {
    const t = tableExport('csv', 'scorecard-HQ-2026-03', 'Scorecard', [
      { label: 'Name', value: (r: { n: string; s: number | null; c: number }) => r.n },
      { label: 'Score', value: (r) => r.s, digits: 1 },
      { label: 'Coverage', value: (r) => r.c, digits: 0, percent: true },
    ], [{ n: 'Sales', s: 104.25, c: 0.6666 }, { n: 'Claims', s: null, c: 1 }]);
    expect(t.columns).toEqual([{ label: 'Name' }, { label: 'Score', digits: 1 }, { label: 'Coverage', digits: 0, percent: true }]);
    expect(t.rows).toEqual([['Sales', 104.3, 0.67], ['Claims', null, 1]]);
    expect(roundShown(-0.04, 1)).toBe(0);
    expect(Object.is(roundShown(-0.04, 1), -0)).toBe(false);
  });
});

describe('entry grid helpers', () => {
  const rows = [
    { lastMonth: 100, readOnly: false, value: null },
    { lastMonth: 1234.5, readOnly: false, value: null },
    { lastMonth: null, readOnly: false, value: null },
    { lastMonth: 7, readOnly: true, value: 7 },
  ];
  it('copy last month fills only empty editable cells', () => {
    const cells = [{ value: '', note: '' }, { value: '99', note: '' }, { value: '', note: '' }, { value: '', note: '' }];
    const { cells: next, filled } = copyLastMonth(rows, cells);
    expect(filled).toBe(1);
    expect(next.map((c) => c.value)).toEqual(['100', '99', '', '']);
    expect(copyLastMonth(rows, [{ value: '', note: '' }, { value: '', note: '' }, { value: '', note: '' }, { value: '', note: '' }]).cells[1].value).toBe('1,234.5');
  });
  it('counts entered values, fed rows by their value', () => {
    expect(entryProgress(rows, [{ value: '1' }, { value: ' ' }, { value: '' }, { value: '' }])).toEqual({ entered: 2, total: 4 });
  });
});

describe('<ns-scorecard-view> exceptions and comparison', () => {
  const fetchMock = useFetchMock();
  const withCompare = () => {
    const card = scorecard();
    for (const p of card.perspectives)
      for (const o of p.objectives)
        for (const i of o.indicators) i.compare = { previous: { period: '2026-02', score: 90, scoreDelta: 3.2, actual: 10, actualDelta: 1.5 }, lastYear: { period: '2025-03', score: 80, scoreDelta: -4, actual: 9, actualDelta: -2 } };
    return card;
  };

  it('`show=below` leaves only indicators below target; `vs=year` compares with last year', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(withCompare()));
    const el = document.createElement('ns-scorecard-view');
    Object.assign(el, { unit: 'HQ', period: '2026-03', window: 'ytd', params: { show: 'below', vs: 'year' } });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelectorAll('tbody tr').length).toBeGreaterThan(0));
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('tbody tr[data-kind="indicator"]')];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => ['off_track', 'at_risk'].includes(r.querySelector('ns-status-badge')!.getAttribute('status')!))).toBe(true);
    expect(rows[0].querySelector('[data-figure="change"]')!.textContent).toContain('-4.0 pts');
    expect(el.shadowRoot!.querySelector('[data-testid="exception-filter"] [aria-pressed="true"]')!.getAttribute('data-filter')).toBe('below');
    expect(el.shadowRoot!.querySelector('ns-export-buttons')).toBeTruthy();
  });
});

describe('<ns-entry-view> at a parent unit', () => {
  const fetchMock = useFetchMock();
  it('lists the children’s months (state, late) instead of a Save / Submit form with nothing to save', async () => {
    const parent = {
      unit: { code: 'RETAIL', name: 'Retail', leaf: false },
      period: '2026-02',
      jumpFactor: 3,
      workflow: { state: 'draft', comment: null, submittedBy: null, submittedAt: null, reviewedBy: null, reviewedAt: null, deadline: '2026-03-06', late: false, locked: false, lockedAt: null },
      rows: [],
      can: { write: true, submit: true, review: true, lock: true, reopen: false },
    };
    const periods = {
      unit: 'RETAIL',
      period: '2026-02',
      units: [
        { unit: 'RETAIL', name: 'Retail', state: 'draft', late: false, locked: false, submittedBy: null, submittedAt: null },
        { unit: 'S1', name: 'Store 1', state: 'submitted', late: true, locked: false, submittedBy: 'kim', submittedAt: '2026-03-09T01:00:00Z' },
        { unit: 'S2', name: { en: 'Store 2', ko: '2호점' }, state: 'draft', late: true, locked: false, submittedBy: null, submittedAt: null },
      ],
    };
    fetchMock.mockImplementation(async (url: string) => jsonResponse(String(url).startsWith('/api/v1/periods?') ? periods : parent));
    const el = document.createElement('ns-entry-view');
    Object.assign(el, { unit: 'RETAIL', period: '2026-02', window: 'ytd', units: [{ code: 'RETAIL', name: 'Retail', parent: null, depth: 0 }, { code: 'S1', name: 'Store 1', parent: 'RETAIL', depth: 1 }, { code: 'S2', name: 'Store 2', parent: 'RETAIL', depth: 1 }] });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="entry-children"]')).toBeTruthy());
    const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid="entry-children"] tbody tr')];
    expect(rows.map((r) => [r.dataset.unit, r.dataset.state])).toEqual([['S1', 'submitted'], ['S2', 'draft']]);
    expect(rows[0].querySelector('[data-testid="child-late"]')).toBeTruthy();
    expect(el.shadowRoot!.querySelector('[data-testid="children-progress"]')!.textContent).toContain('1 of 2 submitted');
    expect(el.shadowRoot!.querySelector('[data-testid="entry-save"]')).toBeNull();
    expect(el.shadowRoot!.querySelector('[data-testid="entry-submit"]')).toBeNull();
  });
});
