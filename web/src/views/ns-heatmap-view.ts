import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api } from '../api.ts';
import { heatmapOption } from '../charts/heatmap.ts';
import { statusLook } from '../status.ts';
import { completenessNote, rollupNote, type CompletenessNote } from '../completeness.ts';
import '../components/ns-completeness-badge.ts';
import { formatPeriod, formatScore } from '../format.ts';
import { localName } from '../i18n.ts';
import { perspectiveName, statusLabel, windowLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { Heatmap, HeatmapCell, Status } from '../types.ts';
import { ViewElement } from './view-element.ts';
import '../components/ns-chart.ts';
import { renderTask } from '../components/ns-state.ts';
import '../components/ns-exceptions-list.ts';
import '../components/ns-export-buttons.ts';
import { tableExport, type ExportColumn } from '../export-table.ts';
import { exportName, formatScoreDelta, heatmapExceptions, parseFilter, renderFilterControls, type CompareWith } from './polish.ts';

type By = 'perspective' | 'indicator';
type Display = 'table' | 'chart' | 'list';

/** The matrix shown: a Total column first, then the API's columns. */
export function heatmapMatrix(data: Heatmap, labels: { total: string; column: (code: string, name: unknown) => string; unit: (code: string, name: unknown) => string }) {
  const columns: { code: string; label: string; owner?: string | null }[] = [{ code: '__total', label: labels.total }, ...data.columns.map((c) => ({ code: c.code, label: labels.column(c.code, c.name), owner: c.owner ?? null }))];
  const rows = data.rows.map((r) => ({
    unit: r.unit,
    label: labels.unit(r.unit, r.name),
    depth: r.depth,
    cells: [{ score: r.score, status: r.status, ...(r.complete === false ? { complete: false } : {}), previous: r.previous, lastYear: r.lastYear }, ...data.columns.map((c): HeatmapCell => r.cells[c.code] ?? { score: null, status: 'no_data' })],
  }));
  return { columns, rows };
}

/**
 * Org heatmap: the unit and its descendants × perspectives (or × indicators), coloured by
 * score with the score and status icon in every cell. The table is a keyboard grid (arrow keys
 * move, Enter drills into the unit); the chart shows the same matrix. URL options:
 * `by=perspective|indicator`, `display=table|chart`.
 */
@localized()
@customElement('ns-heatmap-view')
export class NsHeatmapView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .toolbar {
        gap: 16px;
      }
      .toolbar .label {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
        margin-right: 6px;
      }
      .grid-wrap {
        overflow-x: auto;
      }
      table {
        border-collapse: separate;
        border-spacing: 3px;
        font-size: 0.875rem;
      }
      th,
      td {
        border: 0;
        padding: 0;
      }
      thead th {
        padding: 6px 8px;
        text-align: center;
        vertical-align: bottom;
        white-space: normal;
        min-width: 84px;
      }
      thead th:first-child {
        text-align: left;
      }
      tbody th {
        padding: 6px 12px 6px 0;
        font-weight: 500;
        white-space: nowrap;
        color: var(--ns-text);
        font-size: 0.875rem;
      }
      tbody tr:hover {
        background: none;
      }
      .cell {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 6px;
        width: 100%;
        min-width: 84px;
        min-height: 40px;
        padding: 6px 8px;
        border: 1px solid transparent;
        border-radius: var(--ns-radius-sm);
        color: var(--ns-text);
        font-variant-numeric: tabular-nums;
        font-weight: 600;
        cursor: pointer;
      }
      .cell:hover {
        border-color: var(--ns-text);
      }
      .cell:focus-visible {
        outline: 3px solid var(--ns-focus);
        outline-offset: 1px;
      }
      .cell .icon {
        font-size: 0.8em;
        font-weight: 800;
      }
      .total .cell {
        font-weight: 700;
      }
      .cell .delta {
        font-size: 0.75em;
        font-weight: 500;
      }
      /* the filter and comparison groups wrap instead of widening the page on a phone */
      .segmented {
        flex-wrap: wrap;
        row-gap: 4px;
      }
      .export-bar {
        display: flex;
        justify-content: flex-end;
        margin-bottom: 8px;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        margin-top: 12px;
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
        list-style: none;
        padding: 0;
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .swatch {
        width: 16px;
        height: 16px;
        border-radius: 3px;
        border: 1px solid var(--ns-border);
      }
      ns-chart {
        --ns-chart-height: var(--heatmap-height, 420px);
      }
      .hint {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
        margin-bottom: 12px;
      }
      th .owner {
        display: block;
        font-size: 0.75rem;
        font-weight: 400;
        color: var(--ns-text-muted);
      }
    `,
  ];

  protected readonly routeName = 'heatmap' as const;

  /** The cell holding the tab stop: [row, column]. */
  @state() private active: [number, number] = [0, 0];

  private get by(): By {
    return this.params.by === 'indicator' ? 'indicator' : 'perspective';
  }

  private get display(): Display {
    return this.params.display === 'chart' ? 'chart' : this.params.display === 'list' ? 'list' : 'table';
  }

  /** `vs=month|year`: each cell also shows its change since then (asks the server for `compare`). */
  private get vs(): CompareWith | null {
    return this.params.vs === 'month' || this.params.vs === 'year' ? this.params.vs : null;
  }

  private get filter() {
    return parseFilter(this.params.show);
  }

  private heatmap = new Task(this, {
    task: ([unit, period, window, by, compare, display], { signal }) => (display === 'list' ? Promise.resolve(null) : api.heatmap(unit, { period, window, by, compare }, signal)),
    args: () => [this.unit, this.period, this.window, this.by, this.vs !== null, this.display] as const,
  });

  override render() {
    return html`<section data-view="heatmap" aria-labelledby="title" @ns-retry=${() => this.heatmap.run()}>
      <div class="view-header">
        <div>
          <h1 id="title">${msg('Org heatmap')}</h1>
          <p class="subtitle">${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')} · ${windowLabel(this.window)}</p>
        </div>
        <div class="toolbar">
          <div role="group" aria-labelledby="by-label" data-testid="heatmap-by">
            <span class="label" id="by-label">${msg('Columns')}</span>
            <span class="segmented">
              <button type="button" class="btn" aria-pressed=${this.by === 'perspective' ? 'true' : 'false'} @click=${() => this.setParams({ by: undefined })}>${msg('Perspectives')}</button>
              <button type="button" class="btn" aria-pressed=${this.by === 'indicator' ? 'true' : 'false'} @click=${() => this.setParams({ by: 'indicator' })}>${msg('Indicators')}</button>
            </span>
          </div>
          <div role="group" aria-labelledby="display-label" data-testid="heatmap-display">
            <span class="label" id="display-label">${msg('Show as')}</span>
            <span class="segmented">
              <button type="button" class="btn" aria-pressed=${this.display === 'table' ? 'true' : 'false'} @click=${() => this.setParams({ display: undefined })}>${msg('Table')}</button>
              <button type="button" class="btn" aria-pressed=${this.display === 'chart' ? 'true' : 'false'} @click=${() => this.setParams({ display: 'chart' })}>${msg('Chart')}</button>
              <button type="button" class="btn" data-testid="display-list" aria-pressed=${this.display === 'list' ? 'true' : 'false'} @click=${() => this.setParams({ display: 'list', show: this.filter === 'all' ? 'below' : this.filter })}>${msg('Exceptions list')}</button>
            </span>
          </div>
          ${renderFilterControls(this.filter, (f) => this.setParams({ show: f === 'all' ? undefined : f, display: f === 'all' && this.display === 'list' ? undefined : this.params.display }))}
          ${this.display !== 'list'
            ? html`<div role="group" aria-labelledby="vs-label" data-testid="compare-switch">
                <span class="label" id="vs-label">${msg('Change')}</span>
                <span class="segmented">
                  <button type="button" class="btn" aria-pressed=${this.vs === null ? 'true' : 'false'} @click=${() => this.setParams({ vs: undefined })}>${msg('Off')}</button>
                  <button type="button" class="btn" data-vs="month" aria-pressed=${this.vs === 'month' ? 'true' : 'false'} @click=${() => this.setParams({ vs: 'month' })}>${msg('vs last month')}</button>
                  <button type="button" class="btn" data-vs="year" aria-pressed=${this.vs === 'year' ? 'true' : 'false'} @click=${() => this.setParams({ vs: 'year' })}>${msg('vs last year')}</button>
                </span>
              </div>`
            : nothing}
        </div>
      </div>
      ${this.display === 'list'
        ? html`<div class="card"><ns-exceptions-list unit=${this.unit} period=${this.period} window=${this.window} filter=${this.filter}></ns-exceptions-list></div>`
        : renderTask(this.heatmap, (data) => (data ? this.renderHeatmap(data) : nothing))}
    </section>`;
  }

  private matrix(data: Heatmap) {
    return heatmapMatrix(data, {
      total: msg('Total'),
      column: (code, name) => (this.by === 'perspective' ? perspectiveName(code, name as never) : localName(name as never, code)),
      unit: (code, name) => localName(name as never, this.unitLabel(code)),
    });
  }

  private renderHeatmap(all: Heatmap) {
    if (!all.rows.length || !all.columns.length) return html`<ns-state kind="empty" message=${msg('No units or columns to show for this period.')}></ns-state>`;
    const data = { ...all, rows: heatmapExceptions(all.rows, this.filter) };
    if (!data.rows.length) return html`<ns-state kind="empty" data-testid="exceptions-empty" message=${msg('No indicator is below target.')}></ns-state>`;
    const m = this.matrix(data);
    return html`<div class="export-bar"><ns-export-buttons .build=${(format: 'csv' | 'xlsx') => this.exportMatrix(format, m)}></ns-export-buttons></div>
      <div class="card">
      ${this.display === 'chart' ? this.renderChart(m) : this.renderTable(m)}
      ${this.display === 'table' ? this.renderLegend() : nothing}
    </div>`;
  }

  private renderTable(m: ReturnType<NsHeatmapView['matrix']>) {
    const l = this.locale;
    const [ar, ac] = this.active[0] < m.rows.length && this.active[1] < m.columns.length ? this.active : [0, 0];
    const minDepth = Math.min(...m.rows.map((r) => r.depth));
    return html`<p class="hint" id="grid-hint">${msg('Arrow keys move between cells; Enter opens the unit.')}</p>
      <div class="grid-wrap">
        <table role="grid" aria-labelledby="title" aria-describedby="grid-hint" data-testid="heatmap-grid" @keydown=${(e: KeyboardEvent) => this.onKeyDown(e, m.rows.length, m.columns.length)}>
          <thead>
            <tr>
              <th scope="col">${msg('Unit')}</th>
              ${m.columns.map((c) => html`<th scope="col" title=${c.owner ? msg(str`Owner: ${c.owner}`) : nothing}>${c.label}${c.owner ? html`<span class="owner">${c.owner}</span>` : nothing}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${m.rows.map(
              (row, r) => html`<tr>
                <th scope="row" style="padding-left:${(row.depth - minDepth) * 16}px">
                  <a href=${this.href('overview', { context: { unit: row.unit } })} tabindex="-1">${row.label}</a>
                </th>
                ${row.cells.map((cell, c) => {
                  const col = m.columns[c];
                  const look = statusLook(cell.status);
                  const note = this.cellNote(cell);
                  // the visible text (score, then change) stays one run inside the accessible name (axe label-content-name-mismatch)
                  const change = this.vs ? ` ${formatScoreDelta(this.delta(cell), l)} ${this.vs === 'year' ? msg('vs last year') : msg('vs last month')}` : '';
                  const label = `${row.label}, ${col.label}: ${formatScore(cell.score, l)}${change}, ${look.label}${note ? `, ${note.text}` : ''}`;
                  return html`<td class=${c === 0 ? 'total' : ''}>
                    <button
                      type="button"
                      class="cell"
                      data-r=${r}
                      data-c=${c}
                      data-unit=${row.unit}
                      data-column=${col.code}
                      tabindex=${r === ar && c === ac ? 0 : -1}
                      style="background:${look.fill}"
                      aria-label=${label}
                      title=${label}
                      @click=${() => this.drill(row.unit, col.code)}
                      @focus=${() => (this.active = [r, c])}
                    >
                      <span>${formatScore(cell.score, l)}</span><span class="icon" aria-hidden="true">${look.icon}</span>
                      ${this.vs ? html`<span class="delta" data-testid="cell-change">${formatScoreDelta(this.delta(cell), l)}</span>` : nothing}
                    </button>
                    ${note ? html`<ns-completeness-badge .note=${note}></ns-completeness-badge>` : nothing}
                  </td>`;
                })}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  /** The matrix as shown (filtered), scores to 1 decimal, with the change columns when shown. */
  private exportMatrix(format: 'csv' | 'xlsx', m: ReturnType<NsHeatmapView['matrix']>) {
    type Row = (typeof m.rows)[number];
    const vs = this.vs;
    const columns: ExportColumn<Row>[] = [{ label: msg('Unit'), value: (r) => r.label }];
    m.columns.forEach((c, i) => {
      columns.push({ label: c.label, value: (r) => r.cells[i]?.score ?? null, digits: 1 });
      if (vs) columns.push({ label: `${c.label} ${vs === 'year' ? msg('vs last year') : msg('vs last month')}`, value: (r) => this.delta(r.cells[i]), digits: 1 });
    });
    return tableExport(format, exportName('heatmap', this.unit, this.period), msg('Org heatmap'), columns, m.rows);
  }

  private delta(cell: (HeatmapCell & { previous?: number | null; lastYear?: number | null }) | undefined): number | null {
    if (!cell || !this.vs || typeof cell.score !== 'number') return null;
    const then = this.vs === 'year' ? cell.lastYear : cell.previous;
    return typeof then === 'number' ? Math.round((cell.score - then) * 1e6) / 1e6 : null;
  }

  /** A partial cell's note: an indicator cell says "3 of 4 units", a rolled-up cell "Partial". */
  private cellNote(cell: HeatmapCell): CompletenessNote | null {
    const note = completenessNote(cell.completeness, { locale: this.locale, unitName: (code) => this.unitLabel(code) });
    if (note) return note;
    return rollupNote(cell, { locale: this.locale });
  }

  /** The legend: one swatch per status, with the same colour and icon as the cells. */
  private renderLegend() {
    const statuses: Status[] = ['on_track', 'at_risk', 'off_track', 'no_data'];
    return html`<ul class="legend" aria-label=${msg('Colour scale (status)')} data-testid="heatmap-legend">
      ${statuses.map((s) => {
        const look = statusLook(s);
        return html`<li data-status=${s}><span class="swatch" style="background:${look.fill}"></span><span aria-hidden="true">${look.icon}</span>${look.label}</li>`;
      })}
    </ul>`;
  }

  private renderChart(m: ReturnType<NsHeatmapView['matrix']>) {
    const l = this.locale;
    const option = heatmapOption({
      ...m,
      labels: { noData: msg('No data') },
      formatScore: (v) => formatScore(v, l),
      statusText: statusLabel,
      statusIcon: (s) => statusLook(s).icon,
    });
    const height = Math.max(260, 80 + m.rows.length * 44);
    return html`<ns-chart
      style="--heatmap-height:${height}px"
      data-testid="chart-heatmap"
      label=${msg(str`Heatmap of scores for ${m.rows.length} units`)}
      .option=${option}
      @ns-chart-click=${(e: CustomEvent<{ value: unknown }>) => {
        const [c, r] = (e.detail.value as [number, number]) ?? [];
        const row = m.rows[r];
        const col = m.columns[c];
        if (row && col) this.drill(row.unit, col.code);
      }}
    ></ns-chart>`;
  }

  /** Drills into the unit: its scorecard at the perspective, its indicator, or its overview. */
  private drill(unit: string, column: string) {
    if (column === '__total') this.go(this.href('overview', { context: { unit } }));
    else if (this.by === 'indicator') this.go(this.href('indicator', { code: column, context: { unit } }));
    else this.go(this.href('scorecard', { context: { unit }, params: { focus: column } }));
  }

  private onKeyDown(e: KeyboardEvent, rows: number, cols: number) {
    const cell = (e.composedPath() as HTMLElement[]).find((el) => el?.classList?.contains('cell'));
    if (!cell) return;
    let r = Number(cell.dataset.r);
    let c = Number(cell.dataset.c);
    switch (e.key) {
      case 'ArrowRight':
        c = Math.min(cols - 1, c + 1);
        break;
      case 'ArrowLeft':
        c = Math.max(0, c - 1);
        break;
      case 'ArrowDown':
        r = Math.min(rows - 1, r + 1);
        break;
      case 'ArrowUp':
        r = Math.max(0, r - 1);
        break;
      case 'Home':
        c = 0;
        if (e.ctrlKey) r = 0;
        break;
      case 'End':
        c = cols - 1;
        if (e.ctrlKey) r = rows - 1;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.active = [r, c];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`.cell[data-r="${r}"][data-c="${c}"]`)?.focus());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-heatmap-view': NsHeatmapView;
  }
}
