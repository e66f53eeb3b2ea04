// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { cellError, pastedColumn, valuesEditable, type EntryGrid } from '../../web/src/views/ns-entry-view.ts';
import { parseEntryNumber } from '../../web/src/format.ts';
import '../../web/src/views/ns-entry-view.ts';
import { jsonResponse, useFetchMock } from './fixtures.ts';

describe('entry cell rules', () => {
  it('checks the number format and asks for a note on a jump of more than 3× last month', () => {
    expect(cellError('', '', 10, 3)).toBeNull();
    expect(cellError('1,000', '', null, 3)).toBeNull(); // thousands separators, as the server reads them
    expect(cellError('1,00', '', null, 3)).toBe('format');
    expect(cellError('-2.5', '', null, 3)).toBeNull();
    expect(cellError('31', '', 10, 3)).toBe('note');
    expect(cellError('31', 'campaign', 10, 3)).toBeNull();
    expect(cellError('4', '', 10, 3)).toBeNull();
    expect(cellError('3', '', 10, 3)).toBe('note'); // a drop to less than a third counts too
  });
  it('reads numbers with thousands separators only in the 1,234,567.8 pattern', () => {
    expect(parseEntryNumber('6,210')).toBe(6210);
    expect(parseEntryNumber(' 1,234,567.8 ')).toBe(1234567.8);
    expect(parseEntryNumber('-1,000')).toBe(-1000);
    expect(parseEntryNumber('.5')).toBe(0.5);
    expect(parseEntryNumber('1000')).toBe(1000);
    for (const bad of ['1,00', '12,34,567', '1.000,5', '1e3', ',5', '1,,000', '', 'abc', '1 000']) expect(parseEntryNumber(bad), bad).toBeNull();
  });
  it('freezes the values once submitted, until returned', () => {
    const base = { can: { write: true, submit: true, review: false, lock: false, reopen: false } };
    const wf = (state: EntryGrid['workflow']['state'], locked = false) => ({ ...base, workflow: { ...grid().workflow, state, locked } });
    expect(valuesEditable(wf('draft'))).toBe(true);
    expect(valuesEditable(wf('returned'))).toBe(true);
    expect(valuesEditable(wf('submitted'))).toBe(false);
    expect(valuesEditable(wf('approved'))).toBe(false);
    expect(valuesEditable(wf('draft', true))).toBe(false);
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

  async function mount(g: EntryGrid = grid()) {
    fetchMock.mockImplementation(async () => json(g));
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

  it('sends 6,210 typed in the grid as 6210', async () => {
    const el = await mount();
    const orders = input(el, 'value-ORDERS');
    orders.value = '6,210';
    orders.dispatchEvent(new Event('input'));
    await (el as any).updateComplete;
    expect(orders.getAttribute('aria-invalid')).toBe('false');
    fetchMock.mockImplementation(async (_url: string, init: RequestInit) => (init?.method === 'PUT' ? json({ changed: 1 }) : json(grid())));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="entry-save"]')!.click();
    await vi.waitFor(() => expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find((c) => c[1]?.method === 'PUT')!;
    expect(JSON.parse(put[1].body).rows).toEqual([{ indicator: 'ORDERS', value: 6210, note: null, expectedRevision: 0 }]);
  });

  it('shows submitted values read-only to the contributor, with why', async () => {
    const g = grid();
    g.workflow.state = 'submitted';
    const el = await mount(g);
    expect(input(el, 'value-CLAIMS').readOnly).toBe(true);
    expect(el.shadowRoot!.querySelector('[data-testid="entry-save"]')).toBeNull();
    expect(el.shadowRoot!.querySelector('[data-testid="entry-frozen"]')!.textContent).toContain('returns the month');
  });

  it('says "Approve and lock", asks once more, and sends confirmLock: true only after the yes', async () => {
    const g = grid();
    g.workflow.state = 'submitted';
    g.can = { ...g.can, review: true };
    const el = await mount(g);
    const approve = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="workflow-approve"]')!;
    expect(approve.textContent).toBe('Approve and lock');
    const posted: { url: string; body: unknown }[] = [];
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push({ url: String(url), body: JSON.parse(String(init.body)) });
        return json({ ...g.workflow, state: 'locked', locked: true, lockedAt: 'SEOUL' });
      }
      return json({ ...g, workflow: { ...g.workflow, state: 'locked', locked: true, lockedAt: 'SEOUL' } });
    });
    approve.click();
    await (el as any).updateComplete;
    expect(posted).toHaveLength(0);
    const dialog = el.shadowRoot!.querySelector('[data-testid="approve-confirm"]')!;
    expect(dialog.textContent).toMatch(/nobody can change its values until an administrator reopens it/);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="workflow-approve-confirm"]')!.click();
    await vi.waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({ url: '/api/v1/periods/SEOUL/2026-02/approve', body: { confirmLock: true } });
    await vi.waitFor(() => expect(el.shadowRoot!.textContent).toContain('Approved and locked'));
  });

  it('shows survey-fed rows read-only and rounded, and never sends them', async () => {
    const g = grid();
    g.rows.push({ indicator: 'CSI', name: 'CSI', unit: 'points', direction: 'increase', frequency: 'monthly', target: 80, lastMonth: 78.1234, lastYear: null, value: 79.64696195197149, note: null, revision: 1, readOnly: true, source: 'survey:CSI-2026' });
    const el = await mount(g);
    const cell = el.shadowRoot!.querySelector('[data-testid="value-CSI"]')!;
    expect(cell.tagName).toBe('TD');
    expect(cell.textContent).toBe('79.6');
    expect(el.shadowRoot!.querySelector('tr[data-indicator="CSI"] input')).toBeNull();
    expect(el.shadowRoot!.querySelector('tr[data-indicator="CSI"]')!.textContent).toContain('From the survey');
    const orders = input(el, 'value-ORDERS');
    orders.value = '7';
    orders.dispatchEvent(new Event('input'));
    fetchMock.mockImplementation(async (_url: string, init: RequestInit) => (init?.method === 'PUT' ? json({ changed: 1 }) : json(g)));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="entry-save"]')!.click();
    await vi.waitFor(() => expect(fetchMock.mock.calls.some((c) => c[1]?.method === 'PUT')).toBe(true));
    const put = fetchMock.mock.calls.find((c) => c[1]?.method === 'PUT')!;
    expect(JSON.parse(put[1].body).rows.map((r: { indicator: string }) => r.indicator)).toEqual(['ORDERS']);
  });
});
