import { css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api, request } from '../api.ts';
import { breakdownOption } from '../charts/breakdown.ts';
import { actualTargetOption, gapBarsOption, type TargetMode } from '../charts/indicator.ts';
import { achievementPct, formatDateTime, formatPercent, formatPeriod, formatScore, formatValue, formatGap } from '../format.ts';
import { localName } from '../i18n.ts';
import { STATUS_SEVERITY, statusLabel, windowLabel } from '../labels.ts';
import { statusLook } from '../status.ts';
import { addMonths, isMonth } from '../period.ts';
import { baseStyles } from '../styles.ts';
import type { Breakdown, Direction, Revision, Scorecard, Series, SeriesPoint, Status, Window, WindowFigure } from '../types.ts';
import type { Column } from '../components/ns-table.ts';
import '../components/ns-table.ts';

type Child = Breakdown['children'][number] & { label: string };
import { completenessNote } from '../completeness.ts';
import '../components/ns-completeness-badge.ts';
import { ViewElement } from './view-element.ts';
import '../components/ns-chart.ts';
import '../components/ns-comment-thread.ts';
import { commentCounts, fetchComments } from '../comments.ts';
import { renderTask, retryTask } from '../components/ns-state.ts';
import { loadVocFeeds, vocDrillParams } from '../voc.ts';
import '../components/ns-status-badge.ts';

/**
 * Chart overlays from the improvement data: each initiative's start and end month as markers,
 * and each benchmark (TOP, competitors) as a series; a month takes the value of its own month,
 * else its quarter, else its year.
 */
export function improvementOverlays(
  months: readonly string[],
  data: { initiatives: { code: string; start?: string; end?: string }[]; benchmarks: { period: string; top: { value: number } | null; competitors: { name: string; value: number }[] }[] } | undefined,
  words: { start: string; end: string },
) {
  if (!data) return {};
  const markers = data.initiatives.flatMap((i) => [
    ...(i.start ? [{ period: i.start.slice(0, 7), label: `${i.code} ${words.start}`, kind: 'start' as const }] : []),
    ...(i.end ? [{ period: i.end.slice(0, 7), label: `${i.code} ${words.end}`, kind: 'end' as const }] : []),
  ]);
  const values = new Map<string, Map<string, number>>();
  for (const p of data.benchmarks) {
    for (const [name, value] of [...(p.top ? [['TOP', p.top.value] as const] : []), ...p.competitors.map((c) => [c.name, c.value] as const)]) {
      if (!values.has(name)) values.set(name, new Map());
      values.get(name)!.set(p.period, value);
    }
  }
  const quarterOf = (m: string) => `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5, 7)) / 3)}`;
  const benchmarks = [...values].map(([name, byPeriod]) => ({ name, data: months.map((m) => byPeriod.get(m) ?? byPeriod.get(quarterOf(m)) ?? byPeriod.get(m.slice(0, 4)) ?? null) }));
  return { markers, benchmarks };
}

/** One indicator's figure in a scorecard (null when it does not apply at the unit). */
export function indicatorFigure(card: Scorecard, code: string): WindowFigure | null {
  for (const p of card.perspectives) for (const o of p.objectives) for (const i of o.indicators) if (i.code === code) return i;
  return null;
}

/** Whether a gap (A − T) is good news given the direction; null when flat, unknown or `maintain`. */
export function gapFavourable(gap: number | null | undefined, direction: Direction | undefined): boolean | null {
  if (typeof gap !== 'number' || !Number.isFinite(gap) || gap === 0 || direction === 'maintain') return null;
  return direction === 'decrease' ? gap < 0 : gap > 0;
}

/** Months of history the detail shows (two years up to the period). */
export const DETAIL_MONTHS = 24;

/** Drops the months before the first one with an actual or a target (a new indicator has none). */
export function trimLeadingEmpty<T extends { actual: number | null; target: number | null }>(points: readonly T[]): T[] {
  const first = points.findIndex((p) => p.actual !== null || p.target !== null);
  return first < 0 ? [] : points.slice(first);
}

/**
 * One indicator in a unit: actual against target over time (target as a line or a ±5 % band),
 * gap bars, the year-end forecast, the breakdown over the unit's children and the revision
 * history (with notes) behind each monthly value. URL options: `target=line|band`, `at=YYYY-MM`
 * (the month whose revisions are shown; default the period).
 */
@localized()
@customElement('ns-indicator-view')
export class NsIndicatorView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .kpis {
        display: grid;
        grid-template-columns: minmax(0, 4fr) minmax(0, 1fr);
        gap: var(--ns-gap);
        margin-bottom: var(--ns-gap);
      }
      .windows {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: var(--ns-gap);
      }
      .window.current {
        border-color: var(--ns-primary);
        box-shadow: inset 0 3px 0 var(--ns-primary);
      }
      .window-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        margin-bottom: 8px;
      }
      .window-head h2 {
        margin: 0;
        font-size: 0.9375rem;
      }
      .window-head .meta {
        font-weight: 400;
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
        gap: 8px 12px;
        margin: 0;
      }
      .figures dt {
        font-size: 0.75rem;
        color: var(--ns-text-muted);
        font-weight: 600;
      }
      .figures dd {
        margin: 2px 0 0;
        font-size: 1.125rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        overflow-wrap: anywhere;
      }
      .kpi .label {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
        font-weight: 600;
      }
      .kpi .value {
        font-size: 1.5rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        margin: 4px 0;
        overflow-wrap: anywhere;
      }
      .kpi .meta {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      .grid2 {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: var(--ns-gap);
        margin-top: var(--ns-gap);
        align-items: start;
      }
      .card-head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        margin-bottom: 8px;
      }
      .card-head h2 {
        margin: 0;
      }
      .back {
        font-size: 0.875rem;
      }
      .verdict {
        display: inline-flex;
        gap: 4px;
        align-items: center;
        font-weight: 600;
        font-size: 0.8125rem;
      }
      .verdict.risk {
        color: var(--ns-off-track);
      }
      .verdict.ok {
        color: var(--ns-on-track);
      }
      .sub {
        display: block;
        font-size: 0.75rem;
        color: var(--ns-text-muted);
      }
      tr[aria-current='true'] {
        background: var(--ns-primary-soft);
      }
      .note {
        max-width: 240px;
        overflow-wrap: anywhere;
      }
      [data-testid='values'] .table-wrap {
        max-height: 560px;
        overflow: auto;
      }
      [data-testid='values'] thead th {
        position: sticky;
        top: 0;
        z-index: 1;
      }
      ns-chart.main {
        --ns-chart-height: 340px;
      }
      ns-chart.small {
        --ns-chart-height: 260px;
      }
      @media (max-width: 1200px) {
        .kpis,
        .windows {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      @media (max-width: 1000px) {
        .grid2 {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  protected readonly routeName = 'indicator' as const;

  /** The indicator code (from /indicator/:code). */
  @property() code = '';

  private series = new Task(this, {
    task: ([unit, code, period], { signal }) => api.series(unit, code, { from: addMonths(period, -(DETAIL_MONTHS - 1)), to: period }, signal),
    args: () => [this.unit, this.code, this.period] as const,
  });

  /** Improvement initiatives on this indicator (start/end markers) and its benchmarks (extra series); never fails the view. */
  private improvement = new Task(this, {
    task: async ([unit, code], { signal }) => {
      const [initiatives, benchmarks] = await Promise.all([
        request<{ code: string; start?: string; end?: string }[]>('GET', '/initiatives', { query: { unit, indicator: code }, signal }).catch(() => []),
        request<{ periods: { period: string; top: { value: number } | null; competitors: { name: string; value: number }[] }[] }>('GET', `/benchmarks/${encodeURIComponent(unit)}/${encodeURIComponent(code)}`, { signal }).catch(() => null),
      ]);
      return { initiatives, benchmarks: benchmarks?.periods ?? [] };
    },
    args: () => [this.unit, this.code] as const,
  });

  /** Commentary over the charted months (pins on the chart); never fails the view. */
  private comments = new Task(this, {
    task: ([unit, code, period], { signal }) => fetchComments({ indicator: code, unit, from: addMonths(period, -(DETAIL_MONTHS - 1)), to: period }, signal).catch(() => []),
    args: () => [this.unit, this.code, this.period] as const,
  });

  /**
   * The indicator over the month and over the year to date, read from the unit's scorecard of
   * each window: the very figure (and status, and completeness) the scorecard row showed.
   */
  private figures = new Task(this, {
    task: async ([unit, code, period], { signal }) => {
      const [month, ytd] = await Promise.all([api.scorecard(unit, { period, window: 'month' }, signal), api.scorecard(unit, { period, window: 'ytd' }, signal)]);
      const owner = (indicatorFigure(month, code) as { owner?: string | null } | null)?.owner ?? null;
      return { month: indicatorFigure(month, code), ytd: indicatorFigure(ytd, code), owner } as Record<Window, WindowFigure | null> & { owner: string | null };
    },
    args: () => [this.unit, this.code, this.period] as const,
  });

  /** The children of the unit for the window you came from. */
  private breakdown = new Task(this, {
    task: ([unit, code, period, window], { signal }) => api.breakdown(unit, code, { period, window }, signal),
    args: () => [this.unit, this.code, this.period, this.window] as const,
  });

  private history = new Task(this, {
    task: ([unit, code, at], { signal }) => api.measurementHistory(unit, code, at, signal),
    args: () => [this.unit, this.code, this.at] as const,
  });

  /** The model's VOC feeds: an indicator that counts VOC records links to them. Never fails the view. */
  private vocFeeds = new Task(this, {
    task: () => loadVocFeeds(),
    args: () => [] as const,
  });

  /** The indicator's owner at the unit, from the scorecard the figures already load. */
  private get owner(): string | null {
    return this.figures.value?.owner ?? null;
  }

  protected override get routeCode() {
    return this.code;
  }

  /** The month whose revisions are shown. */
  private get at(): string {
    const at = this.params.at;
    return isMonth(at) && at <= this.period ? at : this.period;
  }

  private get targetMode(): TargetMode | null {
    const t = this.params.target;
    return t === 'band' || t === 'line' ? t : null;
  }

  override render() {
    const s = this.series.value;
    const name = s && s.indicator.code === this.code ? localName(s.indicator.name, this.code) : this.code;
    return html`<section data-view="indicator" aria-labelledby="title" @ns-retry=${this.onRetry}>
      <div class="view-header">
        <div>
          <a class="back" href=${this.href('scorecard', { params: { focus: this.code } })}>← ${msg('Scorecard')}</a>
          <h1 id="title">${name}</h1>
          <p class="subtitle">${this.code} · ${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')} · ${windowLabel(this.window)}${this.owner ? html` · <span class="owner" data-owner=${this.owner}>${msg(str`Owner: ${this.owner}`)}</span>` : nothing}</p>
        </div>
        ${this.renderVocDrill(s)}
      </div>
      ${renderTask(this.series, (series) => this.renderSeries(series), 'series')}
    </section>`;
  }

  /** "VOC records": the records behind this indicator's month at the unit (a VOC feed, or a formula over feeds). */
  private renderVocDrill(s: Series | undefined) {
    const drill = s && s.indicator.code === this.code ? vocDrillParams(s.indicator, this.vocFeeds.value ?? null) : null;
    if (!drill) return nothing;
    return html`<a class="btn" data-testid="voc-drill" href=${this.href('voc', { params: { ...drill } })}>${msg('VOC records')}</a>`;
  }

  private onRetry(e: Event) {
    retryTask(e, { series: this.series, figures: this.figures, breakdown: this.breakdown, history: this.history });
  }

  private renderSeries(raw: Series) {
    const series = { ...raw, points: trimLeadingEmpty(raw.points) };
    if (!series.points.length) return html`<ns-state kind="empty" message=${msg('No values recorded for this indicator and unit yet.')}></ns-state>`;
    const l = this.locale;
    const unit = series.indicator.unit;
    const mode: TargetMode = this.targetMode ?? (series.indicator.direction === 'maintain' ? 'band' : 'line');
    const fmt = (v: number | null) => formatValue(v, unit, l);
    const fmtPeriod = (p: string) => formatPeriod(p, l);
    const chartLabel = msg(str`Actual against target, ${formatPeriod(series.points[0].period, l)} – ${formatPeriod(series.points[series.points.length - 1].period, l)}`);
    const actualTarget = actualTargetOption({
      points: series.points,
      targetMode: mode,
      labels: { actual: msg('Actual'), target: msg('Target'), band: msg('Target ± 5%') },
      formatValue: fmt,
      formatPeriod: fmtPeriod,
      ...improvementOverlays(series.points.map((p) => p.period), this.improvement.value, { start: msg('start'), end: msg('end') }),
      comments: [...commentCounts(this.comments.value ?? [])].map(([period, n]) => ({ period, label: msg(str`${n} comments`) })),
    });
    const gaps = gapBarsOption({
      points: series.points,
      labels: { gap: msg('Gap'), favourable: msg('favourable'), unfavourable: msg('unfavourable') },
      formatGap: (v) => formatGap(v, unit, l),
      formatPeriod: fmtPeriod,
    });
    return html`${this.renderKpis(series)}
      <div class="card">
        <div class="card-head">
          <h2>${msg('Actual against target')}</h2>
          <div class="segmented" role="group" aria-label=${msg('Show the target as')} data-testid="target-mode">
            <button type="button" class="btn" aria-pressed=${mode === 'line' ? 'true' : 'false'} @click=${() => this.setParams({ target: 'line' })}>${msg('Line')}</button>
            <button type="button" class="btn" aria-pressed=${mode === 'band' ? 'true' : 'false'} @click=${() => this.setParams({ target: 'band' })}>${msg('Band')}</button>
          </div>
        </div>
        <ns-chart class="main" data-testid="chart-actual-target" label=${chartLabel} .option=${actualTarget}></ns-chart>
      </div>
      <div class="card" data-testid="comments">
        <ns-comment-thread .indicator=${series.indicator.code} .unit=${this.unit} .period=${this.at} @ns-comments-changed=${() => this.comments.run()}></ns-comment-thread>
      </div>
      <div class="grid2">
        <div class="card">
          <h2>${msg('Gap to target')}</h2>
          <ns-chart class="small" data-testid="chart-gap" label=${msg('Gap to target by month')} .option=${gaps}></ns-chart>
        </div>
        <div class="card" data-testid="breakdown">
          <h2>${msg('Breakdown by unit')}</h2>
          ${renderTask(this.breakdown, (b) => this.renderBreakdown(b, unit), 'breakdown')}
        </div>
      </div>
      <div class="grid2">
        <div class="card" data-testid="values">
          <h2>${msg('Monthly values')}</h2>
          ${this.renderValues(series.points, unit)}
        </div>
        <div class="card" data-testid="revisions">
          <h2>${msg(str`Revision history, ${formatPeriod(this.at, l, 'long')}`)}</h2>
          ${renderTask(this.history, (h) => this.renderRevisions(h, unit), 'history')}
        </div>
      </div>`;
  }

  private renderKpis(series: Series) {
    const l = this.locale;
    const unit = series.indicator.unit;
    const forecast = series.forecast ?? series.trend?.forecast ?? null;
    const atRisk = series.trend?.atRisk ?? null;
    return html`<div class="kpis">
      <div class="windows" data-testid="kpis">
        ${renderTask(this.figures, (f) => html`${this.renderWindow('month', f.month, series)}${this.renderWindow('ytd', f.ytd, series)}`, 'figures')}
      </div>
      <div class="card kpi" data-testid="forecast">
        <span class="label">${msg('Year-end forecast')}</span>
        <div class="value">${formatValue(forecast, unit, l)}</div>
        <span class="meta">${msg(str`Year target ${formatValue(series.yearTarget, unit, l)}`)}</span>
        ${atRisk === null
          ? nothing
          : atRisk
            ? html`<div class="verdict risk"><span aria-hidden="true">!</span>${msg('Likely to miss the year target')}</div>`
            : html`<div class="verdict ok"><span aria-hidden="true">✓</span>${msg('On course for the year target')}</div>`}
      </div>
    </div>`;
  }

  /**
   * One window's figure: actual, target, gap, score and achievement % (A / T) side by side with
   * the other window's; the window the link came from is marked current.
   */
  private renderWindow(window: Window, figure: WindowFigure | null, series: Series) {
    const l = this.locale;
    const unit = series.indicator.unit;
    const f: WindowFigure = figure ?? { actual: null, target: null, score: null, status: 'no_data', gap: null, gapPct: null };
    const favourable = gapFavourable(f.gap, series.indicator.direction);
    const gapCls = favourable === true ? 'favourable' : favourable === false ? 'unfavourable' : '';
    const span = window === 'month' ? formatPeriod(this.period, l) : `${formatPeriod(`${this.period.slice(0, 4)}-01`, l)} – ${formatPeriod(this.period, l)}`;
    const current = window === this.window;
    const note = completenessNote(f.completeness, { locale: l, unitName: (code) => this.unitLabel(code) });
    return html`<section class="card window ${current ? 'current' : ''}" data-window=${window} aria-current=${current ? 'true' : nothing} aria-labelledby="window-${window}">
      <div class="window-head">
        <h2 id="window-${window}">${windowLabel(window)} <span class="meta">${span}</span></h2>
        <ns-status-badge status=${f.status} data-figure="status"></ns-status-badge>
        <ns-completeness-badge .note=${note}></ns-completeness-badge>
      </div>
      <dl class="figures">
        <div><dt>${msg('Actual')}</dt><dd data-figure="actual">${formatValue(f.actual, unit, l)}</dd></div>
        <div><dt>${msg('Target')}</dt><dd data-figure="target">${formatValue(f.target, unit, l)}</dd></div>
        <div>
          <dt>${msg('Gap')}</dt>
          <dd data-figure="gap" class=${gapCls}>${formatGap(f.gap, unit, l)}<span class="sub">${formatPercent(f.gapPct, l, true)}${favourable === null ? '' : ` · ${favourable ? msg('favourable') : msg('unfavourable')}`}</span></dd>
        </div>
        <div><dt>${msg('Score')}</dt><dd data-figure="score">${formatScore(f.score, l)}</dd></div>
        <div><dt title=${msg('Actual ÷ target × 100')}>${msg('Achievement %')}</dt><dd data-figure="achievement">${formatPercent(achievementPct(f.actual, f.target), l)}</dd></div>
      </dl>
    </section>`;
  }

  private renderBreakdown(b: Breakdown, unit: string) {
    if (!b.children.length) return html`<ns-state kind="empty" message=${msg('This unit has no child units to break down.')}></ns-state>`;
    const l = this.locale;
    const children = b.children.map((c) => ({ ...c, label: localName(c.name, this.unitLabel(c.unit)) }));
    const option = breakdownOption({
      children,
      labels: { score: msg('Score'), target: msg('Target') },
      formatScore: (v) => formatScore(v, l),
      formatActual: (v) => formatValue(v, unit, l),
      statusText: statusLabel,
      statusIcon: (s) => statusLook(s).icon,
    });
    return html`<ns-chart class="small" data-testid="chart-breakdown" label=${msg('Score by child unit')} .option=${option} @ns-chart-click=${(e: CustomEvent<{ dataIndex: number }>) => this.drillChild(children[e.detail.dataIndex]?.unit)}></ns-chart>
      <ns-table
        label=${msg('Score by child unit')}
        table-testid="breakdown-table"
        .rows=${children}
        .rowAttrs=${(c: Child) => ({ 'data-unit': c.unit })}
        .columns=${[
          {
            key: 'unit',
            label: msg('Unit'),
            sortable: true,
            value: (c: Child) => c.label,
            render: (c: Child) =>
              html`<a href=${this.href('indicator', { code: this.code, context: { unit: c.unit } })}>${c.label}</a>
                <ns-completeness-badge .note=${completenessNote(c.completeness, { locale: l, unitName: (code) => this.unitLabel(code) })}></ns-completeness-badge>`,
          },
          { key: 'actual', label: msg('Actual'), numeric: true, sortable: true, render: (c: Child) => formatValue(c.actual, unit, l) },
          { key: 'target', label: msg('Target'), numeric: true, sortable: true, render: (c: Child) => formatValue(c.target, unit, l) },
          { key: 'gap', label: msg('Gap'), numeric: true, sortable: true, render: (c: Child) => html`${formatGap(c.gap, unit, l)}<span class="sub">${formatPercent(c.gapPct, l, true)}</span>` },
          { key: 'score', label: msg('Score'), numeric: true, sortable: true, render: (c: Child) => formatScore(c.score, l) },
          { key: 'status', label: msg('Status'), sortable: true, value: (c: Child) => STATUS_SEVERITY[c.status as Status] ?? 9, render: (c: Child) => html`<ns-status-badge status=${c.status} compact></ns-status-badge>` },
        ] satisfies Column<Child>[]}
      ></ns-table>`;
  }

  private drillChild(unit: string | undefined) {
    if (unit) this.go(this.href('indicator', { code: this.code, context: { unit } }));
  }

  private renderValues(points: SeriesPoint[], unit: string) {
    const l = this.locale;
    const rows = [...points].reverse();
    return html`<ns-table
      label=${msg('Monthly values')}
      .rows=${rows}
      .rowAttrs=${(p: SeriesPoint) => ({ 'aria-current': p.period === this.at ? 'true' : null })}
      .columns=${[
        { key: 'period', label: msg('Month'), render: (p: SeriesPoint) => formatPeriod(p.period, l) },
        { key: 'actual', label: msg('Actual'), numeric: true, render: (p: SeriesPoint) => formatValue(p.actual, unit, l) },
        { key: 'target', label: msg('Target'), numeric: true, render: (p: SeriesPoint) => formatValue(p.target, unit, l) },
        { key: 'gap', label: msg('Gap'), numeric: true, class: (p: SeriesPoint) => (p.favourable === true ? 'favourable' : p.favourable === false ? 'unfavourable' : ''), render: (p: SeriesPoint) => formatGap(p.gap, unit, l) },
        { key: 'status', label: msg('Status'), render: (p: SeriesPoint) => html`<ns-status-badge status=${p.status} compact></ns-status-badge>` },
        {
          key: 'revisions',
          label: msg('Revisions'),
          render: (p: SeriesPoint) =>
            html`<button type="button" class="link-button" data-period=${p.period} aria-pressed=${p.period === this.at ? 'true' : 'false'} @click=${() => this.setParams({ at: p.period === this.period ? undefined : p.period })}>
              ${msg('Revisions')}<span class="sr-only"> ${formatPeriod(p.period, l)}</span>
            </button>`,
        },
      ] satisfies Column<SeriesPoint>[]}
    ></ns-table>`;
  }

  private renderRevisions(revisions: Revision[], unit: string) {
    if (!revisions.length) return html`<ns-state kind="empty" message=${msg('No value was entered for this unit and month. A parent unit shows the values rolled up from its children.')}></ns-state>`;
    const l = this.locale;
    return html`<ns-table
      label=${msg('Revisions')}
      table-testid="revision-table"
      .rows=${revisions}
      .columns=${[
        { key: 'revision', label: msg('Revision'), numeric: true },
        { key: 'value', label: msg('Value'), numeric: true, render: (r: Revision) => formatValue(r.value, unit, l) },
        { key: 'previousValue', label: msg('Previous'), numeric: true, render: (r: Revision) => formatValue(r.previousValue, unit, l) },
        {
          key: 'source',
          label: msg('Source and note'),
          class: 'note',
          render: (r: Revision) =>
            html`${r.source ?? ''} ${r.note ? html`<span class="sub">${r.note}</span>` : nothing} ${r.reason ? html`<span class="sub">${msg(str`Reason: ${r.reason}`)}</span>` : nothing}`,
        },
        { key: 'changedBy', label: msg('Changed by'), render: (r: Revision) => html`${r.changedBy ?? ''}<span class="sub">${formatDateTime(r.changedAt, l)}</span>` },
      ] satisfies Column<Revision>[]}
    ></ns-table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-indicator-view': NsIndicatorView;
  }
}
