import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { api } from '../api.ts';
import { formatPercent, formatPeriod, formatScore, formatShare, formatValue, formatGap } from '../format.ts';
import { localName } from '../i18n.ts';
import { perspectiveName, windowLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { Scorecard } from '../types.ts';
import {
  ancestry,
  buildRows,
  findRow,
  formatSort,
  mineOnly,
  scoreTrend,
  parseSort,
  visibleRows,
  type SortKey,
  type TreeRow,
} from './scorecard-rows.ts';
import { ViewElement } from './view-element.ts';
import { renderTask } from '../components/ns-state.ts';
import '../components/ns-status-badge.ts';
import '../components/ns-sparkline.ts';
import '../components/ns-trend-arrow.ts';
import '../components/ns-completeness-badge.ts';
import { completenessNote, rollupNote } from '../completeness.ts';
import '../components/ns-export-buttons.ts';
import { tableExport, type ExportColumn } from '../export-table.ts';
import { statusLabel } from '../labels.ts';
import { changeFor, compareLabel, exceptionsOnly, exportName, measureLabel, parseCompare, parseFilter, renderChange, renderCompareControls, renderFilterControls } from './polish.ts';

/**
 * The scorecard tree: perspectives → objectives → indicators with actual, target, gap,
 * achievement, status, trend arrow and sparkline. A keyboard treegrid: ↑/↓ move, → expands
 * (or enters), ← collapses (or goes to the parent), Home/End, Enter drills into an indicator.
 * Sorting (within each level) and the focused row live in the URL (`sort`, `focus`).
 */
@localized()
@customElement('ns-scorecard-view')
export class NsScorecardView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .card {
        padding: 0;
        overflow: hidden;
      }
      .table-wrap {
        overflow-x: auto;
        /* the containing block of the cells' visually hidden (absolute) labels, so they scroll
           with the table instead of widening the page */
        position: relative;
      }
      table {
        min-width: 700px;
      }
      th {
        position: sticky;
        top: 0;
        z-index: 1;
      }
      tr[role='row'] {
        cursor: default;
      }
      tr[role='row']:focus-visible {
        outline: 3px solid var(--ns-focus);
        outline-offset: -3px;
      }
      tr.level-1 {
        background: var(--ns-surface-alt);
        font-weight: 600;
      }
      tr.level-2 td:first-child {
        font-weight: 500;
      }
      .name {
        display: flex;
        align-items: center;
        gap: 6px;
        min-width: 220px;
        padding-left: calc(var(--level, 0) * var(--indent, 20px));
      }
      .toggle {
        display: inline-grid;
        place-items: center;
        width: 22px;
        height: 22px;
        padding: 0;
        border: 0;
        border-radius: var(--ns-radius-sm);
        background: none;
        color: var(--ns-text-muted);
        cursor: pointer;
        transition: transform 0.15s;
        flex: none;
      }
      .toggle:hover {
        background: var(--ns-border);
      }
      .toggle[aria-expanded='true'] {
        transform: rotate(90deg);
      }
      .spacer {
        display: inline-block;
        width: 22px;
        flex: none;
      }
      .code {
        font-size: 0.75rem;
        color: var(--ns-text-muted);
        font-weight: 400;
      }
      .sub {
        display: block;
        font-size: 0.75rem;
        color: var(--ns-text-muted);
        font-weight: 400;
      }
      /* the records behind a VOC indicator: a small link under its code */
      .voc-link {
        display: inline-block;
        margin-top: 2px;
        padding: 0 6px;
        border: 1px solid var(--ns-border);
        border-radius: 999px;
        font-size: 0.75rem;
        font-weight: 400;
        line-height: 1.6;
        white-space: nowrap;
      }
      .trend {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        white-space: nowrap;
      }
      ns-trend-arrow {
        width: 1em;
        text-align: center;
      }
      .warning {
        color: var(--ns-at-risk);
        cursor: help;
      }
      .toolbar {
        margin-bottom: 12px;
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: center;
      }
      /* the filter and comparison groups wrap instead of widening the page on a phone */
      .segmented {
        flex-wrap: wrap;
        row-gap: 4px;
      }
      .toolbar ns-export-buttons {
        margin-left: auto;
      }
      .change {
        white-space: nowrap;
      }
      .hint {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      @media (max-width: 1000px) {
        ns-status-badge::part(label) {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        ns-sparkline {
          --ns-sparkline-width: 60px;
        }
      }
      /* phones: every row a card; status, score and gap stay in view without scrolling sideways */
      @media print {
        .hint {
          display: none;
        }
      }
      @media (max-width: 600px) {
        .hint {
          display: none;
        }
        ns-status-badge::part(label) {
          position: static;
          width: auto;
          height: auto;
          clip: auto;
        }
        table {
          min-width: 0;
        }
        table,
        tbody,
        tr,
        td {
          display: block;
        }
        thead {
          display: none;
        }
        .table-wrap {
          overflow: visible;
        }
        .card {
          background: none;
          border: 0;
          box-shadow: none;
          overflow: visible;
        }
        tr[role='row'] {
          display: grid;
          grid-template-columns: repeat(3, minmax(0, 1fr));
          gap: 4px 10px;
          padding: 10px 12px;
          margin-bottom: 8px;
          border: 1px solid var(--ns-border);
          border-radius: var(--ns-radius);
          background: var(--ns-surface);
        }
        tr.level-1 {
          background: var(--ns-surface-alt);
        }
        td[role='gridcell'] {
          padding: 0;
          border: 0;
          text-align: left;
          min-width: 0;
        }
        td[role='gridcell'][data-label]::before {
          content: attr(data-label);
          display: block;
          font-size: 0.75rem;
          font-weight: 400;
          color: var(--ns-text-muted);
        }
        td.name-cell,
        td.status-cell {
          grid-column: 1 / -1;
        }
        td.name-cell {
          order: -2;
        }
        td.status-cell {
          order: -1;
        }
        td.status-cell::before,
        td.trend-cell {
          display: none !important;
        }
        .name {
          min-width: 0;
          --indent: 0px;
        }
        .name {
          min-width: 120px;
          --indent: 12px;
        }
        th,
        td {
          padding: 8px 6px;
        }
        th {
          white-space: normal;
        }
      }
    `,
  ];

  protected readonly routeName = 'scorecard' as const;

  /** Collapsed rows (everything starts expanded). */
  @state() private collapsed = new Set<string>();
  /** The row that holds the tab stop. */
  @state() private focusKey: string | null = null;
  private focusAfterRender = false;
  private appliedFocusParam: string | null = null;
  private rows = new Map<string, TreeRow>();
  private rowsOf: Scorecard | null = null;

  private scorecard = new Task(this, {
    task: ([unit, period, window], { signal }) => api.scorecard(unit, { period, window, history: 12 }, signal),
    args: () => [this.unit, this.period, this.window] as const,
  });

  private get sort() {
    return parseSort(this.params.sort);
  }

  private nameOf = (row: TreeRow) => (row.kind === 'perspective' ? perspectiveName(row.code, row.name) : localName(row.name, row.code));

  override render() {
    return html`<section data-view="scorecard" aria-labelledby="title" @ns-retry=${() => this.scorecard.run()}>
      <div class="view-header">
        <div>
          <h1 id="title">${msg('Scorecard')}</h1>
          <p class="subtitle">${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')} · ${windowLabel(this.window)}</p>
        </div>
        <p class="hint" id="tree-hint">${msg('Use the arrow keys to move through the rows and open or close them; Enter opens an indicator.')}</p>
      </div>
      ${this.renderMineToggle()} ${renderTask(this.scorecard, (card) => this.renderTree(this.shown(card)))}
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('params') && this.params.focus !== this.appliedFocusParam) this.appliedFocusParam = null;
    if (this.scorecard.status === TaskStatus.COMPLETE && this.scorecard.value) this.ensureRows(this.shown(this.scorecard.value));
  }

  private shownOf: { card: Scorecard; mine: string | null; shown: Scorecard } | null = null;

  /** The card as shown: whole, or only my indicators (`mine=1`), or only those below target (`show=`); the same object while none of these changes. */
  private shown(card: Scorecard): Scorecard {
    const mine = this.mineOnly ? this.username : null;
    const key = `${mine ?? ''}|${this.filter}`;
    if (this.shownOf?.card !== card || this.shownOf.mine !== key) this.shownOf = { card, mine: key, shown: exceptionsOnly(mine ? mineOnly(card, mine) : card, this.filter) };
    return this.shownOf.shown;
  }

  private get filter() {
    return parseFilter(this.params.show);
  }

  private get vs() {
    return parseCompare(this.params.vs);
  }

  private renderMineToggle() {
    const on = this.mineOnly;
    return html`<div class="toolbar">
      ${this.username
        ? html`<button type="button" class="btn" data-testid="mine-toggle" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.setParams({ mine: on ? undefined : '1' })}>${msg('My indicators')}</button>`
        : nothing}
      ${renderFilterControls(this.filter, (f) => this.setParams({ show: f === 'all' ? undefined : f }))}
      ${renderCompareControls(this.vs, (v) => this.setParams({ vs: v === 'month' ? undefined : v }))}
      <ns-export-buttons .build=${this.scorecard.value ? (format: 'csv' | 'xlsx') => this.exportTable(format) : null}></ns-export-buttons>
    </div>`;
  }

  /** The rows as shown (filters applied, every level), for "export what you see". */
  private exportTable(format: 'csv' | 'xlsx') {
    const card = this.shown(this.scorecard.value!);
    const l = this.locale;
    type Row = { level: string; code: string; name: string; unit: string | null; actual: number | null; target: number | null; gap: number | null; gapPct: number | null; score: number | null; status: string; delta: number | null; actualDelta: number | null };
    const rows: Row[] = [];
    const vs = this.vs;
    for (const p of card.perspectives) {
      rows.push({ level: msg('Perspective'), code: p.code, name: perspectiveName(p.code, p.name), unit: null, actual: null, target: null, gap: null, gapPct: null, score: p.score, status: statusLabel(p.status), delta: changeFor(p.compare, vs)?.scoreDelta ?? null, actualDelta: null });
      for (const o of p.objectives) {
        rows.push({ level: msg('Objective'), code: o.code, name: localName(o.name, o.code), unit: null, actual: null, target: null, gap: null, gapPct: null, score: o.score, status: statusLabel(o.status), delta: changeFor(o.compare, vs)?.scoreDelta ?? null, actualDelta: null });
        for (const i of o.indicators) {
          const c = changeFor(i.compare, vs);
          rows.push({ level: msg('Indicator'), code: i.code, name: localName(i.name, i.code), unit: measureLabel(i.unit, l), actual: i.actual, target: i.target, gap: i.gap, gapPct: i.gapPct, score: i.score, status: statusLabel(i.status), delta: c?.scoreDelta ?? null, actualDelta: c?.actualDelta ?? null });
        }
      }
    }
    const columns: ExportColumn<Row>[] = [
      { label: msg('Level'), value: (r) => r.level },
      { label: msg('Code'), value: (r) => r.code },
      { label: msg('Name'), value: (r) => r.name },
      { label: msg('Unit of measure'), value: (r) => r.unit },
      { label: msg('Actual'), value: (r) => r.actual, digits: 2 },
      { label: msg('Target'), value: (r) => r.target, digits: 2 },
      { label: msg('Gap'), value: (r) => r.gap, digits: 2 },
      { label: msg('Gap %'), value: (r) => r.gapPct, digits: 1 },
      { label: msg('Score'), value: (r) => r.score, digits: 1 },
      { label: msg('Status'), value: (r) => r.status },
      { label: `${msg('Score')} ${compareLabel(vs)}`, value: (r) => r.delta, digits: 1 },
      { label: `${msg('Actual')} ${compareLabel(vs)}`, value: (r) => r.actualDelta, digits: 2 },
    ];
    return tableExport(format, exportName('scorecard', this.unit, this.period), msg('Scorecard'), columns, rows);
  }

  private ensureRows(card: Scorecard) {
    if (this.rowsOf === card && this.appliedFocusParam === (this.params.focus ?? null)) return;
    this.rowsOf = card;
    this.rows = buildRows(card);
    if (this.focusKey && !this.rows.has(this.focusKey)) this.focusKey = null;
    const focus = this.params.focus;
    if (focus && this.appliedFocusParam !== focus) {
      const row = findRow(this.rows, focus);
      if (row) {
        const open = new Set(this.collapsed);
        for (const k of ancestry(this.rows, row.key)) if (k !== row.key) open.delete(k);
        open.delete(row.key);
        this.collapsed = open;
        this.focusKey = row.key;
        this.focusAfterRender = true;
      }
      this.appliedFocusParam = focus;
    }
  }

  private renderTree(card: Scorecard) {
    if (!card.perspectives.length && this.filter !== 'all') return html`<ns-state kind="empty" data-testid="exceptions-empty" message=${msg('No indicator is below target.')}></ns-state>`;
    if (!card.perspectives.length && this.mineOnly) return html`<ns-state kind="empty" data-testid="mine-empty" message=${msg('You own or update none of this scorecard’s indicators.')}></ns-state>`;
    if (!card.perspectives.length) return html`<ns-state kind="empty" message=${msg('This unit has no scorecard for the period.')}></ns-state>`;
    const expanded = new Set([...this.rows.keys()].filter((k) => !this.collapsed.has(k)));
    const visible = visibleRows(card, this.rows, expanded, this.sort, this.nameOf);
    const tabKey = this.focusKey && visible.some((r) => r.key === this.focusKey) ? this.focusKey : visible[0]?.key;
    return html`<div class="card">
      <div class="table-wrap" role="region" tabindex="0" aria-label=${msg('Scorecard')}>
        <table role="treegrid" aria-labelledby="title" aria-describedby="tree-hint" data-testid="scorecard-tree" @keydown=${(e: KeyboardEvent) => this.onKeyDown(e, visible)}>
          <thead>
            <tr>
              ${this.header('name', msg('Name'))} ${this.header(null, msg('Actual'), true)} ${this.header(null, msg('Target'), true)} ${this.header('gap', msg('Gap'), true)}
              ${this.header('score', msg('Score'), true)} ${this.header('status', msg('Status'))}
              <th scope="col" class="num" data-col="change">${compareLabel(this.vs)}</th>
              <th scope="col">${msg('Trend')}<span class="sr-only">${msg(', last 12 months')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${visible.map((row) => this.renderRow(row, row.key === tabKey, expanded))}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  private header(key: SortKey | null, label: string, numeric = false) {
    if (!key) return html`<th scope="col" class=${numeric ? 'num' : ''}>${label}</th>`;
    const sort = this.sort;
    const active = sort?.key === key;
    const ariaSort = active ? (sort!.descending ? 'descending' : 'ascending') : 'none';
    const indicator = active ? (sort!.descending ? '▼' : '▲') : '↕';
    return html`<th scope="col" class=${numeric ? 'num' : ''} aria-sort=${ariaSort}>
      <button type="button" class="sort" data-sort=${key} @click=${() => this.toggleSort(key)}>${label}<span class="ind" aria-hidden="true">${indicator}</span></button>
    </th>`;
  }

  private toggleSort(key: SortKey) {
    const sort = this.sort;
    // none → ascending → descending → none (model order)
    const next = !sort || sort.key !== key ? { key, descending: false } : !sort.descending ? { key, descending: true } : null;
    this.setParams({ sort: formatSort(next) });
  }

  private renderRow(row: TreeRow, tabbable: boolean, expanded: Set<string>) {
    const l = this.locale;
    const name = this.nameOf(row);
    const i = row.indicator;
    const isGroup = row.children.length > 0;
    const open = expanded.has(row.key);
    const { values: history, change } = scoreTrend(row.history);
    const gapCls = i?.favourable === true ? 'favourable' : i?.favourable === false ? 'unfavourable' : '';
    const noteOptions = { locale: l, unitName: (code: string) => this.unitLabel(code) };
    const note = i ? completenessNote(i.completeness, noteOptions) : row.group ? rollupNote(row.group, noteOptions) : null;
    return html`<tr
      role="row"
      class="level-${row.level}"
      aria-level=${row.level}
      aria-expanded=${isGroup ? (open ? 'true' : 'false') : nothing}
      tabindex=${tabbable ? 0 : -1}
      data-key=${row.key}
      data-code=${row.code}
      data-kind=${row.kind}
      @focus=${() => (this.focusKey = row.key)}
    >
      <td role="gridcell" class="name-cell">
        <span class="name" style="--level:${row.level - 1}">
          ${isGroup
            ? html`<button type="button" class="toggle" tabindex="-1" aria-expanded=${open ? 'true' : 'false'} aria-label=${open ? msg(str`Collapse ${name}`) : msg(str`Expand ${name}`)} @click=${() => this.toggle(row.key)}>
                <span aria-hidden="true">▶</span>
              </button>`
            : html`<span class="spacer"></span>`}
          <span>
            ${row.kind === 'indicator'
              ? html`<a href=${this.href('indicator', { code: row.code })} tabindex="-1">${name}</a>`
              : html`<span>${name}</span>`}
            <ns-completeness-badge .note=${note} data-code=${row.code}></ns-completeness-badge>
            ${i?.warning ? html`<span class="warning" title=${i.warning} aria-label=${msg(str`Warning: ${i.warning}`)}>⚠</span>` : nothing}
            <span class="sub">${row.code}${row.kind !== 'indicator' && row.coverage !== null && row.coverage < 1 ? ` · ${msg(str`coverage ${formatShare(row.coverage, l)}`)}` : ''}${row.owner ? html` · <span class="owner" data-owner=${row.owner}>${msg(str`Owner: ${row.owner}`)}</span>` : nothing}</span>
            ${i?.vocFeed
              ? html`<a class="voc-link" data-testid="voc-row-drill" href=${this.href('voc', { params: { feed: i.vocFeed, indicator: row.code } })}
                  >${msg('VOC records')}<span class="sr-only">: ${name}</span></a
                >`
              : nothing}
          </span>
        </span>
      </td>
      <td role="gridcell" class="num" data-label=${i ? msg('Actual') : nothing}>${i ? formatValue(i.actual, i.unit, l) : ''}</td>
      <td role="gridcell" class="num" data-label=${i ? msg('Target') : nothing}>${i ? formatValue(i.target, i.unit, l) : ''}</td>
      <td role="gridcell" class="num ${gapCls}" data-label=${i ? msg('Gap') : nothing}>
        ${i ? html`${formatGap(i.gap, i.unit, l)}<span class="sub">${formatPercent(i.gapPct, l, true)}</span>` : ''}
      </td>
      <td role="gridcell" class="num" data-figure="score" data-label=${msg('Score')}>${formatScore(row.score, l)}</td>
      <td role="gridcell" class="status-cell" data-label=${msg('Status')}><ns-status-badge status=${row.status}></ns-status-badge></td>
      <td role="gridcell" class="num change-cell" data-figure="change" data-label=${compareLabel(this.vs)}>${renderChange(changeFor((i ?? row.group)?.compare, this.vs), l, i ? i.unit : undefined)}</td>
      <td role="gridcell" class="trend-cell">
        <span class="trend"
          ><ns-trend-arrow .change=${change} direction="increase"></ns-trend-arrow
          ><ns-sparkline .values=${history} .reference=${100} width="88" height="24"></ns-sparkline
        ></span>
      </td>
    </tr>`;
  }

  private toggle(key: string, open?: boolean) {
    const collapsed = new Set(this.collapsed);
    const isOpen = !collapsed.has(key);
    const want = open ?? !isOpen;
    if (want) collapsed.delete(key);
    else collapsed.add(key);
    this.collapsed = collapsed;
    this.focusKey = key;
  }

  private onKeyDown(e: KeyboardEvent, visible: TreeRow[]) {
    const tr = (e.composedPath() as Element[]).find((el) => el instanceof HTMLElement && el.getAttribute?.('role') === 'row') as HTMLElement | undefined;
    if (!tr?.dataset.key || e.altKey || e.ctrlKey || e.metaKey) return;
    // a link of its own inside the row (VOC records) does what a link does
    if ((e.composedPath()[0] as Element | undefined)?.closest?.('a.voc-link')) return;
    const index = visible.findIndex((r) => r.key === tr.dataset.key);
    const row = visible[index];
    if (!row) return;
    const isGroup = row.children.length > 0;
    const open = !this.collapsed.has(row.key);
    let target: TreeRow | undefined;
    switch (e.key) {
      case 'ArrowDown':
        target = visible[index + 1];
        break;
      case 'ArrowUp':
        target = visible[index - 1];
        break;
      case 'Home':
        target = visible[0];
        break;
      case 'End':
        target = visible[visible.length - 1];
        break;
      case 'ArrowRight':
        if (isGroup && !open) {
          this.toggle(row.key, true);
          e.preventDefault();
          return;
        }
        if (isGroup) target = visible[index + 1];
        break;
      case 'ArrowLeft':
        if (isGroup && open) {
          this.toggle(row.key, false);
          e.preventDefault();
          return;
        }
        target = visible.find((r) => r.key === row.parent);
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        this.drill(row);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (target) {
      this.focusKey = target.key;
      this.focusAfterRender = true;
    }
  }

  /** Drills down: an indicator opens its detail; a perspective or objective opens or closes. */
  private drill(row: TreeRow) {
    if (row.kind === 'indicator') this.go(this.href('indicator', { code: row.code }));
    else this.toggle(row.key);
  }

  protected override updated() {
    if (this.focusAfterRender && this.focusKey) {
      const tr = this.renderRoot.querySelector<HTMLElement>(`tr[data-key="${CSS.escape(this.focusKey)}"]`);
      if (tr) {
        this.focusAfterRender = false;
        tr.focus();
        tr.scrollIntoView?.({ block: 'nearest' });
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-scorecard-view': NsScorecardView;
  }
}
