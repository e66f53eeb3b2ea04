// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildRows, findRow, parseSort, formatSort, visibleRows, ancestry, lastChange } from '../../web/src/views/scorecard-rows.ts';
import { furthestOffTarget } from '../../web/src/views/ns-overview-view.ts';
import '../../web/src/views/ns-scorecard-view.ts';
import { scorecard } from './fixtures.ts';

const nameOf = (r: { code: string }) => r.code;

describe('scorecard tree rows', () => {
  const card = scorecard();
  const rows = buildRows(card);

  it('flattens perspectives → objectives → indicators with levels and parents', () => {
    const all = visibleRows(card, rows, new Set(rows.keys()), null, nameOf);
    expect(all.map((r) => `${r.level}:${r.code}`)).toEqual(['1:financial', '2:F1', '3:SALES', '3:NEW_CUST', '1:customer', '2:C1', '3:CLAIM_RATE', '2:C2', '3:RETENTION']);
    const sales = findRow(rows, 'SALES')!;
    expect(ancestry(rows, sales.key)).toEqual([sales.key, 'o:F1', 'p:financial']);
  });

  it('hides the children of collapsed rows', () => {
    const open = new Set([...rows.keys()].filter((k) => k !== 'p:financial'));
    expect(visibleRows(card, rows, open, null, nameOf).map((r) => r.code)).toEqual(['financial', 'customer', 'C1', 'CLAIM_RATE', 'C2', 'RETENTION']);
  });

  it('sorts siblings within each level, rows without a value last', () => {
    const all = new Set(rows.keys());
    const asc = visibleRows(card, rows, all, { key: 'score', descending: false }, nameOf).map((r) => r.code);
    expect(asc).toEqual(['customer', 'C1', 'CLAIM_RATE', 'C2', 'RETENTION', 'financial', 'F1', 'NEW_CUST', 'SALES']);
    const desc = visibleRows(card, rows, all, { key: 'score', descending: true }, nameOf).map((r) => r.code);
    expect(desc).toEqual(['financial', 'F1', 'SALES', 'NEW_CUST', 'customer', 'C1', 'CLAIM_RATE', 'C2', 'RETENTION']);
    const worst = visibleRows(card, rows, all, { key: 'status', descending: false }, nameOf).map((r) => r.code);
    expect(worst.slice(0, 2)).toEqual(['customer', 'C1']);
  });

  it('reads and writes the sort parameter', () => {
    expect(parseSort('-score')).toEqual({ key: 'score', descending: true });
    expect(parseSort('name')).toEqual({ key: 'name', descending: false });
    expect(parseSort('bogus')).toBeNull();
    expect(formatSort({ key: 'gap', descending: true })).toBe('-gap');
    expect(formatSort(null)).toBeUndefined();
  });

  it('gives group rows a trend from their own history', () => {
    expect(lastChange([{ period: 'a', score: 101 }, { period: 'b', score: 104.5 }])).toBeCloseTo(3.5);
    expect(lastChange([{ period: 'a', score: null }, { period: 'b', score: 104.5 }])).toBeNull();
  });

  it('lists the indicators off target, off track first', () => {
    expect(furthestOffTarget(card).map((r) => r.indicator.code)).toEqual(['NEW_CUST', 'CLAIM_RATE']);
    expect(furthestOffTarget(card, 1)).toHaveLength(1);
  });
});

describe('<ns-scorecard-view>', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(scorecard()), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  async function mount(params: Record<string, string> = {}) {
    const el = document.createElement('ns-scorecard-view');
    Object.assign(el, { unit: 'HQ', period: '2026-03', window: 'ytd', params });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelectorAll('tbody tr').length).toBeGreaterThan(0));
    return el;
  }
  const rows = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('tbody tr')];
  const press = (row: HTMLElement, key: string) => row.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));

  it('loads the scorecard with 12 months of history in one request and renders a treegrid', async () => {
    const el = await mount();
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/scorecards/HQ?period=2026-03&window=ytd&history=12');
    const table = el.shadowRoot!.querySelector('table')!;
    expect(table.getAttribute('role')).toBe('treegrid');
    expect(el.shadowRoot!.querySelector('h1')!.textContent).toBe('Scorecard');
    expect(el.shadowRoot!.querySelector('[data-view="scorecard"]')).toBeTruthy();
    const first = rows(el)[0];
    expect(first.getAttribute('aria-level')).toBe('1');
    expect(first.getAttribute('aria-expanded')).toBe('true');
    expect(first.tabIndex).toBe(0);
    expect(rows(el).filter((r) => r.tabIndex === 0)).toHaveLength(1);
    const sales = rows(el).find((r) => r.dataset.code === 'SALES')!;
    expect(sales.textContent).toContain('Sales');
    expect(sales.querySelector('ns-status-badge')!.getAttribute('status')).toBe('on_track');
  });

  it('names the owner on objective and indicator rows', async () => {
    const el = await mount();
    const owner = (code: string) => rows(el).find((r) => r.dataset.code === code)!.querySelector<HTMLElement>('.owner')?.dataset.owner ?? null;
    expect(owner('F1')).toBe('kim');
    expect(owner('NEW_CUST')).toBe('park');
    expect(owner('RETENTION')).toBeNull();
    expect(rows(el).find((r) => r.dataset.code === 'SALES')!.textContent).toContain('Owner: kim');
  });

  it('collapses with ArrowLeft and expands with ArrowRight', async () => {
    const el = await mount();
    const financial = rows(el)[0];
    press(financial, 'ArrowLeft');
    await el.updateComplete;
    expect(rows(el)[0].getAttribute('aria-expanded')).toBe('false');
    expect(rows(el).map((r) => r.dataset.code)).not.toContain('SALES');
    press(rows(el)[0], 'ArrowRight');
    await el.updateComplete;
    expect(rows(el).map((r) => r.dataset.code)).toContain('SALES');
  });

  it('moves the focus with the arrow keys', async () => {
    const el = await mount();
    const first = rows(el)[0];
    first.focus();
    press(first, 'ArrowDown');
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-code')).toBe('F1');
    expect(rows(el).find((r) => r.dataset.code === 'F1')!.tabIndex).toBe(0);
  });

  it('drills into an indicator with Enter (an ns-navigate event that leaves the view)', async () => {
    const el = await mount();
    const seen = vi.fn();
    document.body.addEventListener('ns-navigate', (e) => seen((e as CustomEvent).detail.href));
    press(rows(el).find((r) => r.dataset.code === 'SALES')!, 'Enter');
    expect(seen).toHaveBeenCalledWith('/indicator/SALES?unit=HQ&period=2026-03&window=ytd');
  });

  it('links a VOC indicator row to its records (vocFeed from the same one request), by keyboard too', async () => {
    const card = scorecard();
    card.perspectives[1].objectives[0].indicators[0].vocFeed = 'slaDue';
    fetchMock.mockImplementation(async () => new Response(JSON.stringify(card), { status: 200 }));
    const el = await mount();
    expect(fetchMock).toHaveBeenCalledOnce();
    const links = el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[data-testid="voc-row-drill"]');
    expect(links).toHaveLength(1);
    const claim = rows(el).find((r) => r.dataset.code === 'CLAIM_RATE')!;
    const link = claim.querySelector<HTMLAnchorElement>('[data-testid="voc-row-drill"]')!;
    expect(link.getAttribute('href')).toBe('/voc?unit=HQ&period=2026-03&window=ytd&feed=slaDue&indicator=CLAIM_RATE');
    // a tab stop of its own, named with the indicator
    expect(link.tabIndex).toBe(0);
    expect(link.textContent!.replace(/\s+/g, ' ').trim()).toBe('VOC records: Claim rate');
    // Enter on the link is the link's, not the row's drill into the indicator
    const seen = vi.fn();
    document.body.addEventListener('ns-navigate', (e) => seen((e as CustomEvent).detail.href));
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(seen).not.toHaveBeenCalled();
  });

  it('sorts from the column headers through the URL', async () => {
    const el = await mount();
    const seen = vi.fn();
    document.body.addEventListener('ns-navigate', (e) => seen((e as CustomEvent).detail.href));
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-sort="score"]')!.click();
    expect(seen).toHaveBeenCalledWith('/scorecard?unit=HQ&period=2026-03&window=ytd&sort=score');
    el.params = { sort: 'score' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('th[aria-sort="ascending"]')).toBeTruthy();
    expect(rows(el)[0].dataset.code).toBe('customer');
  });

  it('"My indicators" keeps only what the signed-in user owns or updates, through the URL (`mine=1`)', async () => {
    const el = await mount();
    Object.assign(el, { username: 'lee' });
    await el.updateComplete;
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="mine-toggle"]')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    const seen = vi.fn();
    document.body.addEventListener('ns-navigate', (e) => seen((e as CustomEvent).detail.href));
    toggle.click();
    expect(seen).toHaveBeenCalledWith('/scorecard?unit=HQ&period=2026-03&window=ytd&mine=1');
    el.params = { mine: '1' };
    await el.updateComplete;
    // lee updates SALES and owns CLAIM_RATE; NEW_CUST (park) and RETENTION (nobody) go
    expect(rows(el).map((r) => r.dataset.code)).toEqual(['financial', 'F1', 'SALES', 'customer', 'C1', 'CLAIM_RATE']);
    expect(el.shadowRoot!.querySelector('[data-testid="mine-toggle"]')!.getAttribute('aria-pressed')).toBe('true');
    Object.assign(el, { username: 'nobody' });
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('[data-testid="mine-empty"]')).toBeTruthy());
  });

  it('has no "My indicators" toggle when the user is unknown', async () => {
    const el = await mount({ mine: '1' });
    expect(el.shadowRoot!.querySelector('[data-testid="mine-toggle"]')).toBeNull();
    expect(rows(el).some((r) => r.dataset.code === 'RETENTION')).toBe(true);
  });

  it('opens the tree at the row named by `focus`', async () => {
    const el = await mount({ focus: 'CLAIM_RATE' });
    await el.updateComplete;
    const row = rows(el).find((r) => r.dataset.code === 'CLAIM_RATE')!;
    expect(row.tabIndex).toBe(0);
  });

  it('shows the error state with a retry when the scorecard fails', async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ error: { code: 'internal', message: 'boom' } }), { status: 500 }));
    const el = document.createElement('ns-scorecard-view');
    Object.assign(el, { unit: 'HQ', period: '2026-03', window: 'ytd' });
    document.body.append(el);
    await vi.waitFor(() => expect(el.shadowRoot!.querySelector('ns-state[kind="error"]')).toBeTruthy());
  });
});

describe('names and series trimming', () => {
  it('uses the localized default perspective label when the API sends the code as the name', async () => {
    const { perspectiveName } = await import('../../web/src/labels.ts');
    expect(perspectiveName('financial', 'financial')).toBe('Financial');
    expect(perspectiveName('financial', null)).toBe('Financial');
    expect(perspectiveName('financial', { en: 'Money', ko: '돈' })).toBe('Money');
    expect(perspectiveName('esg', 'esg')).toBe('esg');
  });

  it('drops the months before an indicator has any actual or target', async () => {
    const { trimLeadingEmpty } = await import('../../web/src/views/ns-indicator-view.ts');
    const p = (period: string, actual: number | null, target: number | null) => ({ period, actual, target });
    expect(trimLeadingEmpty([p('a', null, null), p('b', null, 5), p('c', null, null), p('d', 1, 5)]).map((x) => x.period)).toEqual(['b', 'c', 'd']);
    expect(trimLeadingEmpty([p('a', null, null)])).toEqual([]);
  });
});
