// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { parseShares, workingMonths, type TargetGrid, type TargetGridRow } from '../../web/src/views/ns-targets-view.ts';
import '../../web/src/views/ns-targets-view.ts';
import { jsonResponse, useFetchMock } from './fixtures.ts';

const months = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}`);
const row = (over: Partial<TargetGridRow>): TargetGridRow => ({
  unit: 'S1',
  name: { en: 'Store 1', ko: '1호점' },
  depth: 1,
  parent: 'RETAIL',
  status: 'none',
  plan: null,
  approved: { months: Array(12).fill(null), yearly: null },
  lastYear: { months: Array(12).fill(100), yearly: 1200 },
  lockedMonths: [],
  can: { edit: true, approve: true },
  ...over,
});

const grid = (): TargetGrid => ({
  indicator: { code: 'REV', name: 'Revenue', unit: 'KRW', frequency: 'monthly', summedOverUnits: true, summedOverTime: true, scoringMethod: 'ratio', uses: { baseline: false, stretch: true, redFlag: false } },
  year: 2027,
  unit: 'RETAIL',
  months,
  dueMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  rows: [
    row({ unit: 'RETAIL', name: 'Retail', depth: 0, parent: 'HQ', status: 'draft', plan: { months: Array(12).fill(250), yearly: 3000, baseline: null, stretch: null, redFlag: null, updatedBy: 'm', approvedBy: null }, can: { edit: true, approve: false } }),
    row({ unit: 'S1', status: 'draft', plan: { months: Array(12).fill(125), yearly: 1500, baseline: null, stretch: null, redFlag: null, updatedBy: 'm', approvedBy: null }, lockedMonths: ['2027-01'] }),
  ],
  gaps: [{ unit: 'RETAIL', target: 3000, childrenTotal: 1500, gap: -1500, missing: [] }],
});

describe('target plan helpers', () => {
  it('reads shares written as UNIT=PERCENT and refuses anything else', () => {
    expect(parseShares('A=40, B=60')).toEqual({ A: 40, B: 60 });
    expect(parseShares('A=40;B')).toBeNull();
    expect(parseShares('A=x')).toBeNull();
  });
  it('shows the plan where there is one, else what is approved', () => {
    expect(workingMonths(row({ approved: { months: Array(12).fill(7), yearly: 84 } }))[0]).toBe(7);
    expect(workingMonths(grid().rows[1])[0]).toBe(125);
  });
});

describe('<ns-targets-view>', () => {
  const fetchMock = useFetchMock();
  const json = jsonResponse;

  async function mount() {
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (url.startsWith('/api/v1/model')) return json({ indicators: [{ code: 'REV', name: 'Revenue', formula: null }] });
      if (init?.method === 'POST' && url.startsWith('/api/v1/targets/approve')) return json({ indicator: 'REV', year: 2027, approved: ['S1'], unchanged: [], keptLocked: [{ unit: 'S1', period: '2027-01', kept: 150, planned: 125 }] });
      if (init?.method === 'PUT') return json({ status: 'draft' });
      return json(grid());
    });
    const el = document.createElement('ns-targets-view');
    Object.assign(el, { unit: 'RETAIL', period: '2027-01', window: 'ytd', params: { indicator: 'REV', year: '2027' } });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="targets-grid"]')).toBeTruthy());
    return el;
  }
  const q = <T extends Element>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

  it('renders units × months with last year, status, locks and the consistency gap; only approvable drafts count', async () => {
    const el = await mount();
    expect(fetchMock.mock.calls.some((c) => c[0] === '/api/v1/targets/grid?indicator=REV&unit=RETAIL&year=2027')).toBe(true);
    expect(q<HTMLInputElement>(el, '[data-cell="S1|0"]').value).toBe('125');
    expect(q<HTMLInputElement>(el, '[data-cell="S1|0"]').getAttribute('aria-label')).toBe('Store 1 2027-01');
    expect(q(el, 'tr[data-unit="S1"]').textContent).toContain('locked');
    expect(q(el, 'tr[data-unit="S1"] [data-testid="plan-status"]').textContent).toBe('Draft');
    expect(q(el, '[data-testid="targets-consistency"]').textContent).toContain('gap');
    expect(q(el, '[data-testid="approve-targets"]').textContent!.trim()).toBe('Approve 1 draft(s)');
  });

  it('saves edited cells as a draft with the reason, and reports months kept because they are locked', async () => {
    const el = await mount();
    const cell = q<HTMLInputElement>(el, '[data-cell="S1|11"]');
    cell.value = '200';
    cell.dispatchEvent(new Event('input'));
    const reason = q<HTMLInputElement>(el, '[data-testid="targets-reason"]');
    reason.value = 'Christmas';
    reason.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    q<HTMLButtonElement>(el, '[data-testid="save-targets"]').click();
    await vi.waitFor(() => expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find((c) => c[1]?.method === 'PUT')!;
    expect(JSON.parse(put[1].body)).toEqual({ indicator: 'REV', unit: 'S1', year: 2027, months: { '2027-12': 200 }, reason: 'Christmas' });
    await vi.waitFor(() => expect(q<HTMLButtonElement>(el, '[data-testid="approve-targets"]').disabled).toBe(false));
    q<HTMLButtonElement>(el, '[data-testid="approve-targets"]').click();
    await vi.waitFor(() => expect(q(el, '[data-testid="targets-message"]').textContent).toContain('Locked months keep their targets: S1 2027-01'));
  });
});
