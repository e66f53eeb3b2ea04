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

type By = 'perspective' | 'indicator';
type Display = 'table' | 'chart';

/** The matrix shown: a Total column first, then the API's columns. */
export function heatmapMatrix(data: Heatmap, labels: { total: string; column: (code: string, name: unknown) => string; unit: (code: string, name: unknown) => string }) {
  const columns: { code: string; label: string; owner?: string | null }[] = [{ code: '__total', label: labels.total }, ...data.columns.map((c) => ({ code: c.code, label: labels.column(c.code, c.name), owner: c.owner ?? null }))];
  const rows = data.rows.map((r) => ({
    unit: r.unit,
    label: labels.unit(r.unit, r.name),
    depth: r.depth,
    cells: [{ score: r.score, status: r.status, ...(r.complete === false ? { complete: false } : {}) }, ...data.columns.map((c): HeatmapCell => r.cells[c.code] ?? { score: null, status: 'no_data' })],
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
    return this.params.display === 'chart' ? 'chart' : 'table';
  }

  private heatmap = new Task(this, {
    task: ([unit, period, window, by], { signal }) => api.heatmap(unit, { period, window, by }, signal),
    args: () => [this.unit, this.period, this.window, this.by] as const,
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
            </span>
          </div>
        </div>
      </div>
      ${renderTask(this.heatmap, (data) => this.renderHeatmap(data))}
    </section>`;
  }

  private matrix(data: Heatmap) {
    return heatmapMatrix(data, {
      total: msg('Total'),
      column: (code, name) => (this.by === 'perspective' ? perspectiveName(code, name as never) : localName(name as never, code)),
      unit: (code, name) => localName(name as never, this.unitLabel(code)),
    });
  }

  private renderHeatmap(data: Heatmap) {
    if (!data.rows.length || !data.columns.length) return html`<ns-state kind="empty" message=${msg('No units or columns to show for this period.')}></ns-state>`;
    const m = this.matrix(data);
    return html`<div class="card">
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
                  const label = `${row.label}, ${col.label}: ${formatScore(cell.score, l)}, ${look.label}${note ? `, ${note.text}` : ''}`;
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
