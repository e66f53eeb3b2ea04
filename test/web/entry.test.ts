// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { cellError, pastedColumn, type EntryGrid } from '../../web/src/views/ns-entry-view.ts';
import '../../web/src/views/ns-entry-view.ts';
import { jsonResponse, useFetchMock } from './fixtures.ts';

describe('entry cell rules', () => {
  it('checks the number format and asks for a note on a jump of more than 3× last month', () => {
    expect(cellError('', '', 10, 3)).toBeNull();
    expect(cellError('1,000', '', null, 3)).toBe('format');
    expect(cellError('-2.5', '', null, 3)).toBeNull();
    expect(cellError('31', '', 10, 3)).toBe('note');
    expect(cellError('31', 'campaign', 10, 3)).toBeNull();
    expect(cellError('4', '', 10, 3)).toBeNull();
    expect(cellError('3', '', 10, 3)).toBe('note'); // a drop to less than a third counts too
  });
  it('reads a pasted spreadsheet column', () => {
    expect(pastedColumn('1\r\n2\r\n3\r\n')).toEqual(['1', '2', '3']);
    expect(pastedColumn('4\tx\n5\ty')).toEqual(['4', '5']);
  });
});

const grid = (): EntryGrid => ({
  unit: { code: 'SEOUL', name: 'Seoul', leaf: true },
  period: '2026-02',
  jumpFactor: 3,
  workflow: { state: 'draft', comment: null, submittedBy: null, submittedAt: null, reviewedBy: null, reviewedAt: null, deadline: '2026-03-06', late: true, locked: false, lockedAt: null },
  rows: [
    { indicator: 'SALES', name: { en: 'Sales', ko: '매출' }, unit: 'KRW', direction: 'increase', frequency: 'monthly', target: 100, lastMonth: 100, lastYear: 80, value: null, note: null, revision: 0 },
    { indicator: 'CLAIMS', name: 'Claims', unit: 'count', direction: 'decrease', frequency: 'monthly', target: null, lastMonth: null, lastYear: null, value: 4, note: null, revision: 2 },
    { indicator: 'ORDERS', name: 'Orders', unit: 'count', direction: 'increase', frequency: 'monthly', target: null, lastMonth: null, lastYear: null, value: null, note: null, revision: 0 },
  ],
  can: { write: true, submit: true, review: false, lock: false, reopen: false },
});

describe('<ns-entry-view>', () => {
  const fetchMock = useFetchMock();
  const json = jsonResponse;

  async function mount() {
    fetchMock.mockImplementation(async () => json(grid()));
    const el = document.createElement('ns-entry-view');
    Object.assign(el, { unit: 'SEOUL', period: '2026-02', window: 'ytd' });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="entry-grid"]')).toBeTruthy());
    return el;
  }
  const input = (el: Element, id: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;

  it('renders the grid with labels, the workflow state, deadline and late flag', async () => {
    const el = await mount();
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/entry/SEOUL/2026-02');
    expect(el.shadowRoot!.querySelector('[data-view="entry"] h1')!.textContent).toContain('Enter data');
    expect(input(el, 'value-SALES').getAttribute('aria-label')).toBe('Sales value');
    expect(input(el, 'value-CLAIMS').value).toBe('4');
    expect(el.shadowRoot!.querySelector('[data-testid="workflow-state"]')!.textContent).toBe('Draft');
    expect(el.shadowRoot!.querySelector('[data-testid="late-flag"]')).toBeTruthy();
    expect(el.shadowRoot!.querySelector('[data-testid="workflow-approve"]')).toBeNull();
  });

  it('a pasted column fills the cells downward, and arrows move between cells', async () => {
    const el = await mount();
    const first = input(el, 'value-SALES');
    const paste = new Event('paste', { bubbles: true, cancelable: true }) as ClipboardEvent;
    Object.defineProperty(paste, 'clipboardData', { value: { getData: () => '110\n5\n70\n99\n' } });
    first.dispatchEvent(paste);
    await (el as any).updateComplete;
    expect(['SALES', 'CLAIMS', 'ORDERS'].map((c) => input(el, `value-${c}`).value)).toEqual(['110', '5', '70']);
    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(el.shadowRoot!.activeElement).toBe(input(el, 'value-CLAIMS'));
  });

  it('flags a bad number and a 3× jump without a note, and saves only changed rows with their revisions', async () => {
    const el = await mount();
    const sales = input(el, 'value-SALES');
    sales.value = '12x';
    sales.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    expect(sales.getAttribute('aria-invalid')).toBe('true');
    sales.value = '400';
    sales.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    expect(el.shadowRoot!.textContent).toContain('add a note');
    const note = input(el, 'note-SALES');
    note.value = 'campaign';
    note.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    fetchMock.mockImplementation(async (url: string, init: RequestInit) => (init?.method === 'PUT' ? json({ changed: 1 }) : json(grid())));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="entry-save"]')!.click();
    await vi.waitFor(() => expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find((c) => c[1]?.method === 'PUT')!;
    expect(JSON.parse(put[1].body)).toEqual({ rows: [{ indicator: 'SALES', value: 400, note: 'campaign', expectedRevision: 0 }] });
  });

  it('shows the current value when a save conflicts', async () => {
    const el = await mount();
    const claims = input(el, 'value-CLAIMS');
    claims.value = '6';
    claims.dispatchEvent(new Event('input'));
    fetchMock.mockImplementation(async () =>
      json({ error: { code: 'conflict', message: '1 value was changed by someone else', details: [{ row: 1, indicator: 'CLAIMS', current: { value: 9, note: null, revision: 3 } }] } }, 409),
    );
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="entry-save"]')!.click();
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="conflict-CLAIMS"]')).toBeTruthy());
    expect(el.shadowRoot!.querySelector('[data-testid="conflict-CLAIMS"]')!.textContent).toContain('9');
    expect(el.shadowRoot!.querySelector('[data-testid="entry-message"]')!.textContent).toContain('changed by someone else');
  });
});
