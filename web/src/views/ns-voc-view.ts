import { css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api } from '../api.ts';
import { paretoOption, vocSlaOption, vocVolumeOption } from '../charts/voc.ts';
import { formatNumber, formatPercent, formatPeriod, formatShare } from '../format.ts';
import { localName } from '../i18n.ts';
import { addMonths, isMonth, monthRange } from '../period.ts';
import { baseStyles } from '../styles.ts';
import type { Grant } from '../types.ts';
import { rootCauseLabel, timeLeftText, vocFeedLabel, vocSeverityLabel, vocStatusLabel, vocTypeLabel } from '../voc-labels.ts';
import { VOC_TYPES, byDeadline, flattenCategories, formatShortDateTime, pareto, timeLeftKind, vocApi, vocFeedsOf, type ParetoRow, type RootCause, type VocConfig, type VocFeed, type VocListQuery, type VocRecord, type VocSummary } from '../voc.ts';
import { renderTask, retryTask } from '../components/ns-state.ts';
import { vocStyles } from '../components/voc-styles.ts';
import '../components/ns-chart.ts';
import '../components/ns-period-picker.ts';
import '../components/ns-voc-import.ts';
import '../components/ns-voc-intake.ts';
import '../components/ns-voc-record.ts';
import { ViewElement } from './view-element.ts';

/** Records a list shows per page. */
export const PAGE = 50;
/** Months the view shows when the URL names no start (a year up to the period). */
export const DEFAULT_MONTHS = 12;
/** Roles that take VOC at a counter or import files (the API decides; this only hides the buttons). */
const WRITERS: readonly string[] = ['admin', 'manager', 'contributor'];

/**
 * VOC (고객의 소리) for a unit's subtree over a range of months: volume by month and type, SLA
 * attainment against its target, the Pareto of categories and of root causes (the 80/20), the
 * overdue and open lists by deadline, and a record list filtered by a Pareto bar or by a
 * scorecard indicator's feed (`feed=&period=`: the records behind that measurement). A record
 * opens in a dialog (`record=ID`); new VOC is taken in the intake form (`intake=1`).
 * URL options: `from` (range start; the period is the end), `feed`, `category`, `rootCause`,
 * `type`, `offset`, `record`, `intake`, `indicator` (where a drill came from).
 */
@localized()
@customElement('ns-voc-view')
export class NsVocView extends ViewElement {
  static override styles = [
    baseStyles,
    vocStyles,
    css`
      .kpis {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: var(--ns-gap);
        margin-bottom: var(--ns-gap);
      }
      .kpi .label {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      .kpi .value {
        font-size: 1.5rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .kpi.alert-kpi .value {
        color: var(--ns-danger);
      }
      .grid2 {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: var(--ns-gap);
        margin-bottom: var(--ns-gap);
      }
      .card-head {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: baseline;
        justify-content: space-between;
        margin-bottom: 8px;
      }
      .card-head p {
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
      }
      ns-chart {
        --ns-chart-height: 280px;
      }
      ol.pareto {
        margin: 8px 0 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 2px;
        font-size: 0.875rem;
      }
      ol.pareto li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto auto;
        gap: 12px;
        padding: 3px 4px;
        border-bottom: 1px solid var(--ns-border);
      }
      ol.pareto li.vital {
        font-weight: 600;
      }
      ol.pareto .link-button {
        overflow-wrap: anywhere;
      }
      .card {
        margin-bottom: var(--ns-gap);
      }
      .range {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 12px;
      }
      .filter {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin-bottom: 8px;
      }
      .filter .pill {
        white-space: normal;
        overflow-wrap: anywhere;
      }
      .pager {
        display: flex;
        gap: 8px;
        align-items: center;
        margin-top: 8px;
        flex-wrap: wrap;
      }
      details.data summary {
        cursor: pointer;
        color: var(--ns-primary);
        font-size: 0.875rem;
        margin-top: 6px;
      }
      td.when {
        white-space: nowrap;
      }
      .overdue-row td:first-child {
        box-shadow: inset 3px 0 0 var(--ns-off-track);
      }
      @media (max-width: 1000px) {
        .grid2 {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      @media (max-width: 600px) {
        ns-chart {
          --ns-chart-height: 240px;
        }
        .kpi .value {
          font-size: 1.25rem;
        }
      }
    `,
  ];

  protected readonly routeName = 'voc' as const;

  /** The signed-in user's grants (who may take VOC and import files). */
  @property({ attribute: false }) grants: readonly Grant[] = [];

  /** The range start: `from` in the URL, else a year up to the period. */
  get from(): string {
    const f = this.params.from;
    return isMonth(f) && f <= this.period ? f : addMonths(this.period, -(DEFAULT_MONTHS - 1));
  }

  private get offset(): number {
    const n = Number(this.params.offset);
    return Number.isInteger(n) && n > 0 ? n : 0;
  }

  private config = new Task(this, {
    task: (_a, { signal }) => vocApi.config(signal),
    args: () => [] as const,
  });

  private summary = new Task(this, {
    task: ([unit, from, to], { signal }) => vocApi.summary({ unit, from, to }, signal),
    args: () => [this.unit, this.from, this.period] as const,
  });

  /** Overdue records of the subtree, whatever month they came in. */
  private overdue = new Task(this, {
    task: ([unit], { signal }) => vocApi.list({ unit, overdue: 'true', limit: PAGE }, signal),
    args: () => [this.unit] as const,
  });

  /** Open records (received, assigned, in progress) of the subtree, whatever month they came in. */
  private open = new Task(this, {
    task: ([unit], { signal }) => vocApi.list({ unit, status: 'received,assigned,in_progress', limit: PAGE }, signal),
    args: () => [this.unit] as const,
  });

  /** The filtered list: a feed's records for one month (drill from a scorecard), or a category / root cause / type over the range. */
  private records = new Task(this, {
    task: async ([unit, from, to, feed, period, category, rootCause, type, offset], { signal }) => {
      if (!feed && !category && !rootCause && !type) return null;
      const q: VocListQuery = feed
        ? { unit, feed: feed as VocFeed, period: isMonth(period) ? period : to }
        : { unit, from, to, category, rootCause: rootCause as RootCause | undefined, type };
      return vocApi.list({ ...q, limit: PAGE, offset }, signal);
    },
    args: () => [this.unit, this.from, this.period, this.params.feed, this.params.at ?? this.period, this.params.category, this.params.rootCause, this.params.type, this.offset] as const,
  });

  /** The SLA rate indicator's targets over the range (the dashed line), when the model has one. */
  private slaTarget = new Task(this, {
    task: async ([unit, from, to, config], { signal }) => {
      if (!config) return null;
      const model = await api.model(signal).catch(() => null);
      const indicator = model?.indicators.find((i) => {
        const feeds = vocFeedsOf(i, config.feeds);
        return feeds.includes('slaMet') && feeds.includes('slaDue') && i.code !== config.feeds.slaMet && i.code !== config.feeds.slaDue;
      });
      if (!indicator) return null;
      const series = await api.series(unit, indicator.code, { from, to }, signal).catch(() => null);
      if (!series) return { code: indicator.code, targets: new Map<string, number | null>() };
      return { code: indicator.code, targets: new Map(series.points.map((p) => [p.period, p.target] as const)) };
    },
    args: () => [this.unit, this.from, this.period, this.config.value ?? null] as const,
  });

  private refresh = () => {
    void this.summary.run();
    void this.overdue.run();
    void this.open.run();
    void this.records.run();
  };

  private get canWrite(): boolean {
    return this.grants.some((g) => WRITERS.includes(g.role));
  }

  override render() {
    const l = this.locale;
    return html`<section data-view="voc" aria-labelledby="title" @ns-retry=${this.onRetry} @ns-voc-changed=${this.refresh} @ns-voc-imported=${this.refresh}>
      <div class="view-header">
        <div>
          <h1 id="title">${msg('Voice of the customer')}</h1>
          <p class="subtitle">${this.unitLabel(this.unit)} · ${formatPeriod(this.from, l)} – ${formatPeriod(this.period, l)}</p>
        </div>
        <div class="toolbar">
          <span class="range"
            ><ns-period-picker
              .label=${msg('From')}
              .value=${this.from}
              .latest=${this.period}
              data-testid="voc-from"
              @ns-context-change=${(e: CustomEvent<{ period?: string }>) => {
                e.stopPropagation();
                if (e.detail.period) this.setParams({ from: e.detail.period, offset: undefined });
              }}
            ></ns-period-picker
            ><span class="muted">${msg(str`to ${formatPeriod(this.period, l)} (the period above)`)}</span></span
          >
          ${this.canWrite
            ? html`<button type="button" class="btn primary" data-testid="voc-new" aria-expanded=${this.params.intake === '1' ? 'true' : 'false'} @click=${() => this.setParams({ intake: this.params.intake === '1' ? undefined : '1' })}>
                ${msg('Take a VOC')}
              </button>`
            : nothing}
        </div>
      </div>
      ${this.params.intake === '1' && this.canWrite ? this.renderIntake() : nothing}
      ${this.renderRecords()}
      ${renderTask(this.summary, (s) => this.renderSummary(s), 'summary')}
      <div class="lists">
        <div class="card" data-testid="voc-overdue">
          <div class="card-head"><h2 id="overdue-title">${msg('Overdue')}</h2><p>${msg('Past their SLA deadline and not resolved, any month.')}</p></div>
          ${renderTask(this.overdue, (list) => this.renderList(byDeadline(list.items), list.total, 'overdue-title', msg('Nothing is overdue.')), 'overdue')}
        </div>
        <div class="card" data-testid="voc-open">
          <div class="card-head"><h2 id="open-title">${msg('Open')}</h2><p>${msg('Not yet resolved, the nearest deadline first.')}</p></div>
          ${renderTask(this.open, (list) => this.renderList(byDeadline(list.items), list.total, 'open-title', msg('No open VOC.')), 'open')}
        </div>
      </div>
      ${this.canWrite ? html`<div class="card"><ns-voc-import></ns-voc-import></div>` : nothing}
      ${this.params.record
        ? html`<ns-voc-record .recordId=${this.params.record} .canAct=${this.config.value?.canResolve ?? false} .categories=${this.config.value?.categories ?? null} .units=${this.units} @ns-voc-close=${() => this.setParams({ record: undefined })}></ns-voc-record>`
        : nothing}
    </section>`;
  }

  private onRetry(e: Event) {
    retryTask(e, { summary: this.summary, overdue: this.overdue, open: this.open, records: this.records, config: this.config });
  }

  private renderIntake() {
    return html`<div class="card" data-testid="voc-intake-card">
      <div class="card-head"><h2>${msg('Take a VOC at the counter or on the phone')}</h2></div>
      ${renderTask(
        this.config,
        (c) => html`<ns-voc-intake .config=${c} .units=${this.units} .unit=${this.unit} @ns-voc-created=${this.refresh}></ns-voc-intake>`,
        'config',
      )}
    </div>`;
  }

  /** A category's name in the current locale: from the model's tree, else the name the API gave, else the code. */
  private categoryName(code: string, config: VocConfig | undefined, given?: string | null): string {
    const hit = config ? flattenCategories(config.categories).find((c) => c.code === code) : undefined;
    return hit ? localName(hit.name, code) : given || code;
  }

  private renderSummary(s: VocSummary) {
    const l = this.locale;
    const config = this.config.value;
    const months = monthRange(this.from, this.period);
    const byPeriod = new Map(s.months.map((m) => [m.period, m]));
    const received = months.reduce((n, p) => n + (byPeriod.get(p)?.received ?? 0), 0);
    const due = months.reduce((n, p) => n + (byPeriod.get(p)?.slaDue ?? 0), 0);
    const met = months.reduce((n, p) => n + (byPeriod.get(p)?.slaMet ?? 0), 0);
    const rates = months.map((p) => {
      const m = byPeriod.get(p);
      return m && m.slaDue > 0 ? (m.slaMet / m.slaDue) * 100 : null;
    });
    const targets = months.map((p) => this.slaTarget.value?.targets.get(p) ?? null);
    const fmtPeriod = (p: string) => formatPeriod(p, l, 'narrow');
    const volume = vocVolumeOption({
      periods: months,
      types: VOC_TYPES.map((t) => ({ key: t, label: vocTypeLabel(t), data: months.map((p) => byPeriod.get(p)?.byType?.[t] ?? 0) })),
      formatPeriod: fmtPeriod,
      formatCount: (v) => formatNumber(v, l, 0),
    });
    const sla = vocSlaOption({
      periods: months,
      rates,
      targets,
      labels: { rate: msg('Resolved within the SLA'), target: msg('Target') },
      formatPeriod: fmtPeriod,
      formatPercent: (v) => formatPercent(v, l),
    });
    const categories = pareto(s.categories.map((c) => ({ code: c.code, name: c.name, count: c.count })));
    const causes = pareto(s.rootCauses.map((c) => ({ code: c.code, count: c.count })));
    const slaHours = config?.sla ? Object.entries(config.sla).map(([t, h]) => `${vocTypeLabel(t as (typeof VOC_TYPES)[number])} ${h}h`).join(' · ') : '';
    return html`<div class="kpis" data-testid="voc-kpis">
        <div class="card kpi"><div class="label">${msg('Received')}</div><div class="value" data-kpi="received">${formatNumber(received, l, 0)}</div></div>
        <div class="card kpi"><div class="label">${msg('Resolved within the SLA')}</div><div class="value" data-kpi="sla">${due ? formatPercent((met / due) * 100, l) : '–'}</div></div>
        <div class="card kpi"><div class="label">${msg('Open now')}</div><div class="value" data-kpi="open">${formatNumber(s.open, l, 0)}</div></div>
        <div class="card kpi ${s.overdue > 0 ? 'alert-kpi' : ''}"><div class="label">${msg('Overdue now')}</div><div class="value" data-kpi="overdue">${s.overdue > 0 ? html`<span aria-hidden="true">! </span>` : nothing}${formatNumber(s.overdue, l, 0)}</div></div>
      </div>
      <div class="grid2">
        <div class="card">
          <div class="card-head"><h2>${msg('Volume by month and type')}</h2></div>
          <ns-chart data-testid="voc-volume" label=${msg('VOC received by month, stacked by type')} .option=${volume}></ns-chart>
          ${this.dataTable(
            msg('Volume by month and type'),
            [msg('Month of receipt'), ...VOC_TYPES.map((t) => vocTypeLabel(t)), msg('All types')],
            months.map((p) => {
              const m = byPeriod.get(p);
              return [formatPeriod(p, l), ...VOC_TYPES.map((t) => formatNumber(m?.byType?.[t] ?? 0, l, 0)), formatNumber(m?.received ?? 0, l, 0)];
            }),
          )}
        </div>
        <div class="card">
          <div class="card-head"><h2>${msg('SLA attainment by month')}</h2>${slaHours ? html`<p>${msg(str`SLA: ${slaHours}`)}</p>` : nothing}</div>
          <ns-chart data-testid="voc-sla" label=${msg('Share of VOC resolved within the SLA by month, with the target')} .option=${sla}></ns-chart>
          ${this.dataTable(
            msg('SLA attainment by month'),
            [msg('Month of receipt'), msg('Due under the SLA'), msg('Met'), msg('SLA rate'), msg('Target')],
            months.map((p, i) => {
              const m = byPeriod.get(p);
              return [formatPeriod(p, l), formatNumber(m?.slaDue ?? 0, l, 0), formatNumber(m?.slaMet ?? 0, l, 0), formatPercent(rates[i], l), formatPercent(targets[i], l)];
            }),
          )}
        </div>
      </div>
      <div class="grid2">
        ${this.renderPareto('categories', msg('Complaint categories: the 80/20'), categories, (r) => this.categoryName(r.code, config, typeof r.name === 'string' ? r.name : null), 'category')}
        ${this.renderPareto('causes', msg('Root causes'), causes, (r) => rootCauseLabel(r.code), 'rootCause')}
      </div>`;
  }

  private dataTable(caption: string, head: string[], rows: string[][]) {
    return html`<details class="data">
      <summary>${msg('Show the numbers')}</summary>
      <div class="table-wrap">
        <table>
          <caption class="sr-only">${caption}</caption>
          <thead><tr>${head.map((h, i) => html`<th scope="col" class=${i ? 'num' : ''}>${h}</th>`)}</tr></thead>
          <tbody>${rows.map((r) => html`<tr>${r.map((c, i) => (i ? html`<td class="num">${c}</td>` : html`<th scope="row">${c}</th>`))}</tr>`)}</tbody>
        </table>
      </div>
    </details>`;
  }

  private renderPareto(id: string, title: string, rows: ParetoRow[], nameOf: (r: ParetoRow) => string, param: 'category' | 'rootCause') {
    const l = this.locale;
    const vital = rows.filter((r) => r.vital);
    const total = rows.reduce((n, r) => n + r.count, 0);
    const option = paretoOption({
      rows,
      nameOf,
      labels: { count: msg('Count'), cumulative: msg('Cumulative share'), threshold: '80%' },
      formatCount: (v) => formatNumber(v, l, 0),
      formatShare: (v) => formatShare(v, l),
    });
    return html`<div class="card" data-testid="voc-pareto-${id}">
      <div class="card-head">
        <h2 id="pareto-${id}">${title}</h2>
        ${rows.length && param === 'category'
          ? html`<p>${msg(str`${vital.length} of ${rows.length} categories make up ${formatShare(vital[vital.length - 1]?.cumulativeShare ?? 0, l)} of ${formatNumber(total, l, 0)} complaints.`)}</p>`
          : nothing}
      </div>
      ${rows.length
        ? html`<ns-chart label=${msg(str`${title}: counts, largest first, with the cumulative share and the 80% line`)} .option=${option} @ns-chart-click=${(e: CustomEvent<{ dataIndex: number }>) => {
              const r = rows[e.detail.dataIndex];
              if (r) this.setParams({ [param]: r.code, feed: undefined, at: undefined, offset: undefined });
            }}></ns-chart>
            <ol class="pareto" aria-labelledby="pareto-${id}">
              ${rows.map(
                (r) => html`<li class=${r.vital ? 'vital' : ''}>
                  <button type="button" class="link-button" @click=${() => this.setParams({ [param]: r.code, feed: undefined, at: undefined, offset: undefined })}>${nameOf(r)}</button>
                  <span class="num">${formatNumber(r.count, l, 0)} · ${formatShare(r.share, l)}</span>
                  <span class="num muted">${msg(str`cum. ${formatShare(r.cumulativeShare, l)}`)}</span>
                </li>`,
              )}
            </ol>`
        : html`<ns-state kind="empty" message=${param === 'category' ? msg('No VOC in these months.') : msg('No root causes recorded yet: they are given when a VOC is resolved.')}></ns-state>`}
    </div>`;
  }

  /** The filtered list (drill from an indicator, or a Pareto bar), shown above the charts. */
  private renderRecords() {
    const p = this.params;
    if (!p.feed && !p.category && !p.rootCause && !p.type) return nothing;
    const l = this.locale;
    const config = this.config.value;
    const what = p.feed
      ? msg(str`Counted in ${config?.feeds?.[p.feed as keyof VocConfig['feeds']] ?? p.feed} (${vocFeedLabel(p.feed)}), ${formatPeriod(p.at ?? this.period, l, 'long')}`)
      : p.category
        ? msg(str`Category: ${this.categoryName(p.category, config)}`)
        : p.rootCause
          ? msg(str`Root cause: ${rootCauseLabel(p.rootCause)}`)
          : msg(str`Type: ${vocTypeLabel(p.type)}`);
    const clear = { feed: undefined, at: undefined, category: undefined, rootCause: undefined, type: undefined, offset: undefined, indicator: undefined };
    return html`<div class="card" data-testid="voc-records">
      <div class="card-head">
        <h2 id="records-title">${msg('VOC records')}</h2>
      </div>
      <div class="filter">
        <span class="pill" data-testid="voc-filter">${what} · ${this.unitLabel(this.unit)}</span>
        <button type="button" class="btn" data-testid="voc-clear-filter" @click=${() => this.setParams(clear)}>${msg('Clear filter')}</button>
        ${p.indicator ? html`<a href=${this.href('indicator', { code: p.indicator, params: {} })}>← ${msg(str`Back to ${p.indicator}`)}</a>` : nothing}
      </div>
      ${renderTask(
        this.records,
        (list) => (list ? html`${this.renderList(list.items, list.total, 'records-title', msg('No records.'))}${this.renderPager(list.total)}` : nothing),
        'records',
      )}
    </div>`;
  }

  private renderPager(total: number) {
    if (total <= PAGE) return nothing;
    const from = this.offset + 1;
    const to = Math.min(total, this.offset + PAGE);
    return html`<div class="pager">
      <span>${msg(str`${from}–${to} of ${total}`)}</span>
      <button type="button" class="btn" ?disabled=${this.offset === 0} @click=${() => this.setParams({ offset: String(Math.max(0, this.offset - PAGE)) || undefined })}>${msg('Previous page')}</button>
      <button type="button" class="btn" ?disabled=${to >= total} @click=${() => this.setParams({ offset: String(this.offset + PAGE) })}>${msg('Next page')}</button>
    </div>`;
  }

  /** A record list: a table on wide screens, cards on phones (CSS); the id opens the record. */
  private renderList(items: VocRecord[], total: number, labelledBy: string, empty: string): TemplateResult {
    const l = this.locale;
    if (!items.length) return html`<ns-state kind="empty" message=${empty}></ns-state>`;
    const config = this.config.value;
    const cols = [msg('VOC no.'), msg('Received'), msg('Type'), msg('Category'), msg('Unit'), msg('Assignee'), msg('Status'), msg('SLA deadline'), msg('Time left')];
    return html`${total > items.length ? html`<p class="hint">${msg(str`Showing ${items.length} of ${total}.`)}</p>` : nothing}
      <div class="table-wrap">
        <table class="records" aria-labelledby=${labelledBy}>
          <thead><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
          <tbody>
            ${items.map((r) => {
              const kind = timeLeftKind(r);
              return html`<tr class=${kind === 'overdue' ? 'overdue-row' : ''} data-voc=${r.id}>
                <td class="id" data-label=${cols[0]}><a href=${this.href('voc', { params: { ...this.params, record: r.id } })} data-testid="voc-open-record" @click=${(e: MouseEvent) => this.openRecord(e, r.id)}>${r.id}</a></td>
                <td data-label=${cols[1]} class="when">${formatShortDateTime(r.receivedAt, l)}</td>
                <td data-label=${cols[2]}>${vocTypeLabel(r.type)}${r.severity === 'high' || r.severity === 'critical' ? html` <span class="pill">${vocSeverityLabel(r.severity)}</span>` : nothing}${r.isRepeat ? html` <span class="pill">${msg('Repeat')}</span>` : nothing}</td>
                <td data-label=${cols[3]}>${this.categoryName(r.category, config, r.categoryName)}</td>
                <td data-label=${cols[4]} class="wide-only">${this.units.some((u) => u.code === r.unit) ? this.unitLabel(r.unit) : r.unitName || r.unit}</td>
                <td data-label=${cols[5]}>${r.assigneeName || r.assignee || html`<span class="muted">${msg('Not assigned')}</span>`}</td>
                <td data-label=${cols[6]}>${vocStatusLabel(r.status)}</td>
                <td data-label=${cols[7]} class="when wide-only">${r.deadline ? formatShortDateTime(r.deadline, l) : '–'}</td>
                <td data-label=${cols[8]}><span class="pill ${kind}" data-testid="voc-time-left">${kind === 'overdue' ? html`<span aria-hidden="true">!</span>` : nothing}${timeLeftText(r, l)}</span></td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`;
  }

  private openRecord(e: MouseEvent, id: string) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    e.stopPropagation();
    this.setParams({ record: id }, false);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-voc-view': NsVocView;
  }
}
