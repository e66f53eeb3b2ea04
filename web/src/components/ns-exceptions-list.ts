/**
 * `<ns-exceptions-list>`: exceptions first (issue 19). Every indicator below target at the unit
 * and the units below it, largest shortfall first, with "off target since" (months in a row),
 * in one flat `<ns-table>` (cards on a phone). Reads GET /exceptions; the export buttons write
 * the rows as shown.
 */
import { LitElement, html, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api } from '../api.ts';
import { formatGap, formatPercent, formatPeriod, formatScore, formatValue } from '../format.ts';
import { currentLocale, localName } from '../i18n.ts';
import { statusLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { ExceptionItem, Window } from '../types.ts';
import { hrefFor } from '../router.ts';
import { renderTask } from './ns-state.ts';
import { tableExport, type ExportColumn } from '../export-table.ts';
import { exportName, measureLabel } from '../views/polish.ts';
import type { Column } from './ns-table.ts';
import './ns-table.ts';
import './ns-status-badge.ts';
import './ns-export-buttons.ts';
import './ns-completeness-badge.ts';

/** "3 months" / "3개월", "since Jan 2026" in the title. */
export function offTargetText(months: number, lookBack: number): string {
  if (months <= 0) return '–';
  if (months >= lookBack) return msg(str`${lookBack}+ months`);
  return months === 1 ? msg('1 month') : msg(str`${months} months`);
}

@localized()
@customElement('ns-exceptions-list')
export class NsExceptionsList extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        margin-bottom: 8px;
      }
      .sub {
        display: block;
        font-size: 0.75rem;
        color: var(--ns-text-muted);
      }
      .unfavourable {
        color: var(--ns-off-track);
      }
    `,
  ];

  @property() unit = '';
  @property() period = '';
  @property() window: Window = 'ytd';
  /** `off`: only off track; anything else: off track and at risk. */
  @property() filter: string = 'below';

  private task = new Task(this, {
    task: ([unit, period, window, filter], { signal }) => api.exceptions(unit, { period, window, status: filter === 'off' ? 'off_track' : undefined }, signal),
    args: () => [this.unit, this.period, this.window, this.filter] as const,
  });

  override render() {
    return renderTask(this.task, (data) => {
      const l = currentLocale();
      const ctx = { unit: this.unit, period: this.period, window: this.window };
      const columns: Column<ExceptionItem>[] = [
        {
          key: 'indicator',
          label: msg('Indicator'),
          sortable: true,
          value: (r) => localName(r.name, r.indicator),
          render: (r) => html`<a href=${hrefFor('indicator', { ...ctx, unit: r.unit }, { code: r.indicator })}>${localName(r.name, r.indicator)}</a><span class="sub">${localName(r.unitName, r.unit)}</span>`,
        },
        { key: 'status', label: msg('Status'), render: (r) => html`<ns-status-badge status=${r.status}></ns-status-badge>` },
        { key: 'actual', label: msg('Actual'), numeric: true, render: (r) => formatValue(r.actual, r.measure, l) },
        { key: 'target', label: msg('Target'), numeric: true, render: (r) => formatValue(r.target, r.measure, l) },
        {
          key: 'shortfall',
          label: msg('Gap'),
          numeric: true,
          sortable: true,
          value: (r) => r.shortfall,
          render: (r) => html`<span class="unfavourable">${formatGap(r.gap, r.measure, l)}</span><span class="sub">${formatPercent(r.gapPct, l, true)}</span>`,
        },
        { key: 'score', label: msg('Score'), numeric: true, sortable: true, render: (r) => formatScore(r.score, l) },
        {
          key: 'offTargetMonths',
          label: msg('Off target for'),
          numeric: true,
          sortable: true,
          render: (r) => html`<span title=${r.offTargetSince ? msg(str`since ${formatPeriod(r.offTargetSince, l)}`) : nothing} data-testid="off-since">${offTargetText(r.offTargetMonths, data.lookBack)}</span>`,
        },
      ];
      const exportColumns: ExportColumn<ExceptionItem>[] = [
        { label: msg('Unit'), value: (r) => localName(r.unitName, r.unit) },
        { label: msg('Indicator'), value: (r) => localName(r.name, r.indicator) },
        { label: msg('Unit of measure'), value: (r) => measureLabel(r.measure, l) },
        { label: msg('Status'), value: (r) => statusLabel(r.status) },
        { label: msg('Actual'), value: (r) => r.actual, digits: 2 },
        { label: msg('Target'), value: (r) => r.target, digits: 2 },
        { label: msg('Gap'), value: (r) => r.gap, digits: 2 },
        { label: msg('Gap %'), value: (r) => r.gapPct, digits: 1 },
        { label: msg('Score'), value: (r) => r.score, digits: 1 },
        { label: msg('Months off target'), value: (r) => r.offTargetMonths, digits: 0 },
        { label: msg('Off target since'), value: (r) => (r.offTargetSince ? formatPeriod(r.offTargetSince, l) : null) },
      ];
      const build = (format: 'csv' | 'xlsx') => tableExport(format, exportName('exceptions', this.unit, this.period), msg('Exceptions'), exportColumns, data.items);
      return html`<div class="head">
          <p class="muted" data-testid="exceptions-count">${msg(str`${data.total} indicators below target, largest gap first`)}</p>
          <ns-export-buttons .build=${build}></ns-export-buttons>
        </div>
        ${data.items.length
          ? html`<ns-table
              .columns=${columns}
              .rows=${data.items}
              label=${msg('Exceptions')}
              table-testid="exceptions-list"
              row-testid="exception"
              .rowKey=${(r: ExceptionItem) => `${r.unit}/${r.indicator}`}
            ></ns-table>`
          : html`<ns-state kind="empty" data-testid="exceptions-empty" message=${msg('No indicator is below target.')}></ns-state>`}`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-exceptions-list': NsExceptionsList;
  }
}
