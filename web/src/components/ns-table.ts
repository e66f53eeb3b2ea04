/**
 * `<ns-table>`: the one table of the web app. Columns are data (key, label, alignment, numeric,
 * sortable, render function); the element draws
 *   - a focusable, labelled scroll region (keyboard users can scroll a wide table: axe
 *     `scrollable-region-focusable`),
 *   - sortable headers (a button per header, `aria-sort`, none → ascending → descending),
 *   - a sticky first column and sticky header row,
 *   - card mode below a width (600 px by default, measured on the table's own box with a
 *     container query): every row becomes a card, the first column its title and the other
 *     columns label: value pairs, so status, score and gap stay visible without sideways
 *     scrolling on a phone. Columns with `card: false` are left out of the cards.
 *
 * The element renders into the light DOM of whichever view uses it, so the view's own styles
 * (baseStyles: `.sort` header buttons, `.sr-only`, links, badges) reach the cells; its own small
 * stylesheet is adopted into that root once (no inline `<style>`, so the content security
 * policy stays strict).
 *
 *   <ns-table .columns=${cols} .rows=${rows} label="Indicators" sort="score" sort-dir="desc"
 *             @ns-sort=${(e) => …}></ns-table>
 *
 * Sorting is done by the element unless `external-sort` is set (then the view sorts the rows it
 * passes, e.g. to keep the sort in the URL, and listens to `ns-sort`).
 */
import { LitElement, css, html, nothing, unsafeCSS, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';
import { msg } from '@lit/localize';

export type SortDir = 'asc' | 'desc';

export interface Column<R> {
  /** Identifies the column (sort key, `data-col`); also the row field read when there is no `value`. */
  key: string;
  /** Header text (also the label in card mode). */
  label: string;
  /** Extra words for screen readers after the label (e.g. ", last 12 months"). */
  srLabel?: string;
  align?: 'start' | 'end' | 'center';
  /** Tabular figures, right-aligned, no wrapping. */
  numeric?: boolean;
  sortable?: boolean;
  /** The sortable / default value of a cell; `row[key]` when left out. */
  value?: (row: R) => unknown;
  /** The cell's content; the formatted `value` when left out. */
  render?: (row: R, index: number) => unknown;
  /** Left out of the cards in card mode (still in the table). */
  card?: boolean;
  /** Extra class on the cells of this column. */
  class?: string | ((row: R) => string);
  /** Header cell title (tooltip). */
  title?: string;
  /** Header content instead of the label (e.g. a "select all" checkbox); the label still names the column in cards. */
  header?: unknown;
}

export interface SortDetail {
  key: string | null;
  dir: SortDir;
}

/**
 * Card mode: below `width` px of the table's own box every row becomes a card (the first cell its
 * title, the others label: value pairs from `data-label`).
 */
function cardRules(h: string, width: number) {
  return unsafeCSS(`
  @container (max-width: ${width}px) {
    ${h} .nt-sortbar {
      display: flex;
      align-items: center;
      gap: 6px;
      margin-bottom: 8px;
      font-size: 0.8125rem;
      color: var(--ns-text-muted);
    }
    ${h} .nt-sortbar select {
      min-height: 32px;
      font: inherit;
    }
    ${h} table,
    ${h} tbody,
    ${h} tr,
    ${h} td {
      display: block;
      width: auto;
    }
    ${h} thead {
      display: none;
    }
    ${h} .nt-scroll {
      overflow: visible;
    }
    ${h} tbody tr {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(96px, 1fr));
      gap: 4px 12px;
      padding: 10px 12px;
      margin-bottom: 8px;
      border: 1px solid var(--ns-border);
      border-radius: var(--ns-radius);
      background: var(--ns-surface);
    }
    ${h} tbody td {
      position: static !important;
      padding: 0;
      border: 0;
      background: none !important;
      text-align: left;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    ${h} tbody td:first-child {
      grid-column: 1 / -1;
      font-weight: 600;
    }
    ${h} tbody td:not(:first-child)::before {
      content: attr(data-label);
      display: block;
      font-size: 0.75rem;
      font-weight: 400;
      color: var(--ns-text-muted);
    }
    ${h} tbody td.nt-nocard {
      display: none;
    }
  }
`);
}

const tableStyles = css`
  ns-table {
    display: block;
    container-type: inline-size;
    min-width: 0;
  }
  ns-table .nt-scroll {
    overflow: auto;
    max-width: 100%;
  }
  ns-table .nt-scroll:focus-visible {
    outline: 3px solid var(--ns-focus);
    outline-offset: -3px;
  }
  ns-table table {
    border-collapse: separate;
    border-spacing: 0;
    width: 100%;
  }
  ns-table th {
    position: sticky;
    top: 0;
    z-index: 2;
    background: var(--ns-surface);
    vertical-align: bottom;
  }
  ns-table[sticky-first] tr > :first-child {
    position: sticky;
    left: 0;
    z-index: 1;
    background: var(--ns-surface);
  }
  ns-table[sticky-first] thead tr > :first-child {
    z-index: 3;
  }
  ns-table tbody tr:hover > :first-child {
    background: var(--ns-surface-alt);
  }
  ns-table .nt-num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  ns-table .nt-center {
    text-align: center;
  }
  ns-table th.nt-num .sort {
    flex-direction: row-reverse;
  }
  ns-table .nt-empty {
    padding: 16px;
    color: var(--ns-text-muted);
  }
  ns-table .nt-sortbar {
    display: none;
  }
  ${cardRules('ns-table:not([no-cards]):not([narrow-cards])', 600)}
  ${cardRules('ns-table[narrow-cards]:not([no-cards])', 420)}
`;

/** Adopts the table stylesheet into a document or shadow root (once). */
function adopt(root: Node) {
  const sheet = tableStyles.styleSheet;
  if (!sheet) return;
  const target = root instanceof ShadowRoot ? root : root instanceof Document ? root : null;
  if (!target || target.adoptedStyleSheets.includes(sheet)) return;
  target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
}

/** Sets a row's extra attributes (`data-unit`, …) from a record; removes the ones that went away. */
class AttrsDirective extends Directive {
  private names: string[] = [];
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('attrs() goes on an element');
  }
  render(_attrs: Record<string, string | null | undefined>) {
    return nothing;
  }
  override update(part: ElementPart, [attrs]: [Record<string, string | null | undefined>]) {
    const el = part.element;
    for (const name of this.names) if (!(name in attrs)) el.removeAttribute(name);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined) el.removeAttribute(name);
      else el.setAttribute(name, value);
    }
    this.names = Object.keys(attrs);
    return nothing;
  }
}
const attrs = directive(AttrsDirective);

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Compares two cell values: numbers numerically, strings by locale; blanks always last. */
export function compareValues(a: unknown, b: unknown): number {
  const blankA = a === null || a === undefined || a === '' || (typeof a === 'number' && !Number.isFinite(a));
  const blankB = b === null || b === undefined || b === '' || (typeof b === 'number' && !Number.isFinite(b));
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** The rows sorted by a column (stable; blanks last in both directions). */
export function sortRows<R>(rows: readonly R[], column: Column<R> | undefined, dir: SortDir): R[] {
  if (!column) return [...rows];
  const get = column.value ?? ((r: R) => (r as Record<string, unknown>)[column.key]);
  const sign = dir === 'desc' ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: get(row) }))
    .sort((x, y) => {
      const blankX = x.v === null || x.v === undefined || x.v === '';
      const blankY = y.v === null || y.v === undefined || y.v === '';
      if (blankX || blankY) return blankX === blankY ? x.i - y.i : blankX ? 1 : -1;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.row);
}

@customElement('ns-table')
export class NsTable<R = Record<string, unknown>> extends LitElement {
  @property({ attribute: false }) columns: Column<R>[] = [];
  @property({ attribute: false }) rows: readonly R[] = [];
  /** The accessible name of the table and of its scroll region. */
  @property() label = '';
  /** The sorted column key (initial, or controlled with `external-sort`). */
  @property({ reflect: true }) sort: string | null = null;
  @property({ reflect: true, attribute: 'sort-dir' }) sortDir: SortDir = 'asc';
  /** The view sorts the rows itself (and listens to `ns-sort`). */
  @property({ type: Boolean, attribute: 'external-sort' }) externalSort = false;
  /** Keeps the first column in view while scrolling sideways (on by default). */
  @property({ type: Boolean, reflect: true, attribute: 'sticky-first' }) stickyFirst = true;
  /** Turns into cards only below 420 px (a short table in a narrow column stays a table). */
  @property({ type: Boolean, reflect: true, attribute: 'narrow-cards' }) narrowCards = false;
  /** Never turns into cards (e.g. a matrix that must stay a grid). */
  @property({ type: Boolean, reflect: true, attribute: 'no-cards' }) noCards = false;
  /** `data-testid` of the table element. */
  @property({ attribute: 'table-testid' }) tableTestid = '';
  /** `data-testid` of every body row. */
  @property({ attribute: 'row-testid' }) rowTestid = '';
  /** A stable key per row (`data-key`). */
  @property({ attribute: false }) rowKey?: (row: R, index: number) => string;
  /** Extra class per row. */
  @property({ attribute: false }) rowClass?: (row: R) => string;
  /** Extra attributes per row (`{ 'data-unit': row.unit }`). */
  @property({ attribute: false }) rowAttrs?: (row: R) => Record<string, string | null | undefined>;
  /** Shown instead of an empty body. */
  @property() empty = '';

  @state() private sortState: SortDetail | null = null;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    adopt(this.getRootNode());
  }

  private get current(): SortDetail {
    if (this.externalSort || !this.sortState) return { key: this.sort, dir: this.sortDir };
    return this.sortState;
  }

  /** none → ascending → descending → none (the order the rows came in). */
  private toggle(key: string) {
    const { key: k, dir } = this.current;
    const next: SortDetail = k !== key ? { key, dir: 'asc' } : dir === 'asc' ? { key, dir: 'desc' } : { key: null, dir: 'asc' };
    if (!this.externalSort) this.sortState = next;
    this.dispatchEvent(new CustomEvent<SortDetail>('ns-sort', { detail: next, bubbles: true, composed: true }));
  }

  private cellText(column: Column<R>, row: R, index: number): unknown {
    if (column.render) return column.render(row, index);
    const v = column.value ? column.value(row) : (row as Record<string, unknown>)[column.key];
    return v === null || v === undefined ? '' : v;
  }

  private alignClass(c: Column<R>): string {
    return c.numeric || c.align === 'end' ? 'nt-num' : c.align === 'center' ? 'nt-center' : '';
  }

  private header(c: Column<R>): TemplateResult {
    const cls = this.alignClass(c);
    const sr = c.srLabel ? html`<span class="sr-only">${c.srLabel}</span>` : nothing;
    if (!c.sortable) return html`<th scope="col" class=${cls} data-col=${c.key} title=${c.title ?? nothing}>${c.header ?? c.label}${sr}</th>`;
    const { key, dir } = this.current;
    const active = key === c.key;
    const ariaSort = active ? (dir === 'desc' ? 'descending' : 'ascending') : 'none';
    const ind = active ? (dir === 'desc' ? '▼' : '▲') : '↕';
    return html`<th scope="col" class=${cls} data-col=${c.key} aria-sort=${ariaSort} title=${c.title ?? nothing}>
      <button type="button" class="sort" data-sort=${c.key} @click=${() => this.toggle(c.key)}>${c.label}${sr}<span class="ind" aria-hidden="true">${ind}</span></button>
    </th>`;
  }

  /** Card mode has no header row: a select sorts instead. */
  private sortBar() {
    const sortable = this.columns.filter((c) => c.sortable);
    if (!sortable.length || this.noCards) return nothing;
    const { key, dir } = this.current;
    const value = key ? `${key}:${dir}` : '';
    return html`<label class="nt-sortbar"
      >${msg('Sort by')}
      <select
        @change=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          const [k, d] = v ? v.split(':') : [null, 'asc'];
          const next: SortDetail = { key: k, dir: d === 'desc' ? 'desc' : 'asc' };
          if (!this.externalSort) this.sortState = next;
          this.dispatchEvent(new CustomEvent<SortDetail>('ns-sort', { detail: next, bubbles: true, composed: true }));
        }}
      >
        <option value="" ?selected=${!value}>—</option>
        ${sortable.flatMap((c) => [
          html`<option value="${c.key}:asc" ?selected=${value === `${c.key}:asc`}>${c.label} ▲</option>`,
          html`<option value="${c.key}:desc" ?selected=${value === `${c.key}:desc`}>${c.label} ▼</option>`,
        ])}
      </select></label
    >`;
  }

  override render() {
    const { key, dir } = this.current;
    const rows = this.externalSort || !key ? this.rows : sortRows(this.rows, this.columns.find((c) => c.key === key), dir);
    return html`${this.sortBar()}
      <div class="nt-scroll" role="region" aria-label=${this.label || nothing} tabindex="0">
        <table aria-label=${this.label || nothing} data-testid=${this.tableTestid || nothing}>
          <thead>
            <tr>
              ${this.columns.map((c) => this.header(c))}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row, i) =>
                html`<tr data-testid=${this.rowTestid || nothing} data-key=${this.rowKey ? this.rowKey(row, i) : nothing} class=${this.rowClass ? this.rowClass(row) : ''} ${attrs(this.rowAttrs ? this.rowAttrs(row) : {})}>
                  ${this.columns.map((c) => {
                    const extra = typeof c.class === 'function' ? c.class(row) : (c.class ?? '');
                    return html`<td class="${this.alignClass(c)} ${c.card === false ? 'nt-nocard' : ''} ${extra}" data-col=${c.key} data-label=${c.label}>${this.cellText(c, row, i)}</td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
        ${rows.length === 0 && this.empty ? html`<p class="nt-empty">${this.empty}</p>` : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-table': NsTable;
  }
  interface HTMLElementEventMap {
    'ns-sort': CustomEvent<SortDetail>;
  }
}
