// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { html } from 'lit';
import { sortRows, type Column, type NsTable } from '../../web/src/components/ns-table.ts';
import '../../web/src/components/ns-table.ts';

interface Row {
  name: string;
  score: number | null;
  status: string;
}
const rows: Row[] = [
  { name: '강남점', score: 92.5, status: 'on_track' },
  { name: 'Busan', score: null, status: 'no_data' },
  { name: 'Amsa', score: 71, status: 'off_track' },
];
const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', sortable: true },
  { key: 'score', label: 'Score', numeric: true, sortable: true, render: (r) => (r.score === null ? '–' : r.score.toFixed(1)) },
  { key: 'status', label: 'Status', render: (r) => html`<b>${r.status}</b>`, card: false },
];

async function mount(props: Partial<NsTable<Row>>) {
  const el = document.createElement('ns-table') as unknown as NsTable<Row>;
  Object.assign(el, props);
  document.body.append(el as unknown as Node);
  await el.updateComplete;
  return el as unknown as NsTable<Row> & HTMLElement;
}
const names = (el: Element) => [...el.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')!.textContent!.trim());

afterEach(() => {
  document.body.innerHTML = '';
});

describe('<ns-table>', () => {
  it('draws a labelled, focusable scroll region with a header per column and a labelled cell per value', async () => {
    const el = await mount({ columns, rows, label: 'Stores', rowTestid: 'store-row' });
    const region = el.querySelector('[role="region"]')!;
    expect(region.getAttribute('aria-label')).toBe('Stores');
    expect(region.getAttribute('tabindex')).toBe('0');
    expect([...el.querySelectorAll('th')].map((th) => th.textContent!.replace(/[↕▲▼]/g, '').trim())).toEqual(['Name', 'Score', 'Status']);
    expect(el.querySelectorAll('[data-testid="store-row"]').length).toBe(3);
    const cell = el.querySelector('tbody tr td[data-col="score"]')!;
    expect(cell.getAttribute('data-label')).toBe('Score');
    expect(cell.className).toContain('nt-num');
    expect(el.querySelector('tbody td[data-col="status"]')!.className).toContain('nt-nocard');
  });

  it('sorts by a header: none → ascending → descending → none, with aria-sort and blanks last', async () => {
    const el = await mount({ columns, rows, label: 'Stores' });
    const th = () => el.querySelector<HTMLElement>('th[data-col="score"]')!;
    expect(th().getAttribute('aria-sort')).toBe('none');
    const events: unknown[] = [];
    el.addEventListener('ns-sort', (e) => events.push((e as CustomEvent).detail));
    th().querySelector('button')!.click();
    await el.updateComplete;
    expect(th().getAttribute('aria-sort')).toBe('ascending');
    expect(names(el)).toEqual(['Amsa', '강남점', 'Busan']);
    th().querySelector('button')!.click();
    await el.updateComplete;
    expect(th().getAttribute('aria-sort')).toBe('descending');
    expect(names(el)).toEqual(['강남점', 'Amsa', 'Busan']);
    th().querySelector('button')!.click();
    await el.updateComplete;
    expect(names(el)).toEqual(['강남점', 'Busan', 'Amsa']);
    expect(events).toEqual([
      { key: 'score', dir: 'asc' },
      { key: 'score', dir: 'desc' },
      { key: null, dir: 'asc' },
    ]);
  });

  it('leaves the order to the view with external-sort', async () => {
    const el = await mount({ columns, rows, label: 'Stores', externalSort: true, sort: 'score', sortDir: 'desc' });
    expect(names(el)).toEqual(['강남점', 'Busan', 'Amsa']);
    expect(el.querySelector('th[data-col="score"]')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('sortRows compares numbers as numbers and text naturally', () => {
    const r = [{ v: 'Store 10' }, { v: 'Store 9' }, { v: null }, { v: 'Store 1' }];
    expect(sortRows(r, { key: 'v', label: 'v' }, 'asc').map((x) => x.v)).toEqual(['Store 1', 'Store 9', 'Store 10', null]);
    expect(sortRows(r, { key: 'v', label: 'v' }, 'desc').map((x) => x.v)).toEqual(['Store 10', 'Store 9', 'Store 1', null]);
  });
});
