import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api } from '../api.ts';
import { formatPeriod, formatRelative, formatDateTime, formatScore, formatShare, formatValue, formatPercent, formatGap } from '../format.ts';
import { localName } from '../i18n.ts';
import { perspectiveName, windowLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { Freshness, FreshnessSource, Scorecard, ScorecardIndicator, Status } from '../types.ts';
import { completenessNote, rollupNote } from '../completeness.ts';
import { ViewElement } from './view-element.ts';
import { renderTask, retryTask } from '../components/ns-state.ts';
import '../components/ns-status-badge.ts';
import '../components/ns-sparkline.ts';
import '../components/ns-completeness-badge.ts';
import { mineOnly } from './scorecard-rows.ts';
import '../components/ns-table.ts';
import '../components/ns-export-buttons.ts';
import type { Column } from '../components/ns-table.ts';
import type { ChildTotal } from '../types.ts';
import { tableExport, type ExportColumn } from '../export-table.ts';
import { statusLabel } from '../labels.ts';
import { exportName, formatScoreDelta, renderChange } from './polish.ts';

/** The kind of a data source in words ("File drop" / "파일 수신"). */
export function sourceKindLabel(kind: string): string {
  switch (kind) {
    case 'file-drop':
      return msg('File drop');
    case 'http-pull':
      return msg('Web pull (HTTP)');
    case 'sql-pull':
      return msg('Database pull (SQL)');
    case 'push':
      return msg('Pushed by a system');
    default:
      return kind;
  }
}

export interface OffTargetRow {
  indicator: ScorecardIndicator;
  perspective: string;
  perspectiveName: unknown;
  objective: string;
}

/** Off track before at risk; within each, the lowest score first (ties by code). */
const OFF_TARGET_RANK: Partial<Record<Status, number>> = { off_track: 0, at_risk: 1 };

/**
 * The indicators off target, by status (the same status the badges show): every off-track one,
 * however many, then at-risk ones while there is room under `limit`.
 */
export function furthestOffTarget(card: Scorecard, limit = 5): OffTargetRow[] {
  const rows: OffTargetRow[] = [];
  for (const p of card.perspectives) {
    for (const o of p.objectives) {
      for (const i of o.indicators) {
        if (OFF_TARGET_RANK[i.status] !== undefined) rows.push({ indicator: i, perspective: p.code, perspectiveName: p.name, objective: o.code });
      }
    }
  }
  const score = (r: OffTargetRow) => (typeof r.indicator.score === 'number' ? r.indicator.score : Number.POSITIVE_INFINITY);
  rows.sort((a, b) => OFF_TARGET_RANK[a.indicator.status]! - OFF_TARGET_RANK[b.indicator.status]! || score(a) - score(b) || a.indicator.code.localeCompare(b.indicator.code));
  const offTrack = rows.filter((r) => r.indicator.status === 'off_track').length;
  return rows.slice(0, Math.max(limit, offTrack));
}

/** How many indicators of the card have a status other than no data. */
export function scoredIndicators(card: Scorecard): number {
  return card.perspectives.reduce((n, p) => n + p.objectives.reduce((m, o) => m + o.indicators.filter((i) => i.status !== 'no_data').length, 0), 0);
}

/**
 * Overview of a unit and period: the total score and status, the four perspectives (score,
 * status, coverage, sparkline), the indicators furthest off target and data freshness.
 * Two requests: the scorecard with 12 months of history, and freshness.
 */
@localized()
@customElement('ns-overview-view')
export class NsOverviewView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .off-target-head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
      }
      .summary {
        display: grid;
        grid-template-columns: minmax(220px, 1.2fr) repeat(4, minmax(0, 1fr));
        gap: var(--ns-gap);
        margin-bottom: var(--ns-gap);
      }
      .total {
        background: linear-gradient(160deg, #ffffff 0%, var(--ns-primary-soft) 100%);
      }
      .label {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
        font-weight: 600;
      }
      .score {
        font-size: 2.25rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
        line-height: 1.1;
        margin: 6px 0;
      }
      .total .score {
        font-size: 3rem;
      }
      .perspective {
        display: flex;
        flex-direction: column;
        gap: 6px;
        color: inherit;
        text-decoration: none;
      }
      .perspective:hover,
      .perspective:focus-within {
        border-color: var(--ns-primary);
      }
      .perspective h2 a {
        color: inherit;
      }
      .perspective .score {
        font-size: 1.75rem;
        margin: 0;
      }
      .perspective h2 {
        font-size: 0.9375rem;
      }
      .row {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 8px;
        flex-wrap: wrap;
      }
      .meta {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      .columns {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: var(--ns-gap);
        align-items: start;
      }
      .warnings summary {
        cursor: pointer;
        color: var(--ns-at-risk);
        font-size: 0.875rem;
        margin-top: 8px;
      }
      .warnings ul {
        margin: 6px 0 0;
        padding-left: 18px;
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      .sub {
        display: block;
        font-size: 0.75rem;
        color: var(--ns-text-muted);
      }
      h3 {
        margin: 16px 0 8px;
      }
      .missing {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .missing li {
        display: flex;
        justify-content: space-between;
        gap: 8px;
        padding: 6px 0;
        border-bottom: 1px solid var(--ns-border);
        font-size: 0.875rem;
      }
      .compare {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
        margin: 4px 0 0;
        font-size: 0.8125rem;
      }
      .compare div {
        display: flex;
        gap: 6px;
      }
      .compare dt {
        color: var(--ns-text-muted);
      }
      .compare dd {
        margin: 0;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .compare .sub {
        display: none;
      }
      .children {
        margin-bottom: var(--ns-gap);
      }
      .job-ok {
        color: var(--ns-on-track);
      }
      .job-failed {
        color: var(--ns-off-track);
      }
      @media (max-width: 1200px) {
        .summary {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .total {
          grid-column: 1 / -1;
        }
      }
      @media (max-width: 1100px) {
        .columns {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  protected readonly routeName = 'overview' as const;

  private scorecard = new Task(this, {
    task: ([unit, period, window], { signal }) => api.scorecard(unit, { period, window, history: 12, children: true }, signal),
    args: () => [this.unit, this.period, this.window] as const,
  });

  private freshness = new Task(this, {
    task: ([unit, period], { signal }) => api.freshness(unit, period, signal),
    args: () => [this.unit, this.period] as const,
  });

  override render() {
    return html`<section data-view="overview" aria-labelledby="title" @ns-retry=${this.onRetry}>
      <div class="view-header">
        <div>
          <h1 id="title">${msg('Overview')}</h1>
          <p class="subtitle">${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')} · ${windowLabel(this.window)}</p>
        </div>
      </div>
      ${renderTask(this.scorecard, (card) => this.renderCard(card), 'scorecard')}
    </section>`;
  }

  private onRetry(e: Event) {
    retryTask(e, { scorecard: this.scorecard, freshness: this.freshness });
  }

  private renderCard(card: Scorecard) {
    if (!card.perspectives.length) {
      return html`<ns-state kind="empty" message=${msg('This unit has no scorecard for the period.')}></ns-state>`;
    }
    const l = this.locale;
    const warnings = card.warnings ?? [];
    return html`<div class="summary">
        <div class="card total" data-testid="total-score">
          <span class="label">${msg('Total score')}</span>
          <div class="score">${formatScore(card.score, l)}</div>
          <div class="row">
            <ns-status-badge status=${card.status}></ns-status-badge>
            <span class="meta">${msg(str`Coverage ${formatShare(card.coverage, l)}`)}</span>
            <ns-completeness-badge data-testid="total-partial" .note=${rollupNote(card, this.noteOptions)}></ns-completeness-badge>
          </div>
          ${this.renderComparison(card.compare)}
          ${card.history?.length
            ? html`<ns-sparkline .values=${card.history.map((h) => h.score)} .reference=${100} width="160" label=${msg('Total score, last 12 months')}></ns-sparkline>`
            : nothing}
          ${warnings.length
            ? html`<details class="warnings" data-testid="warnings">
                <summary>${msg(str`Data warnings: ${warnings.length}`)}</summary>
                <ul>
                  ${warnings.map((w) => html`<li>${w}</li>`)}
                </ul>
              </details>`
            : nothing}
        </div>
        ${card.perspectives.map((p) => {
          const name = perspectiveName(p.code, p.name ?? null);
          // a card, not one big link: the partial badge inside is a button of its own
          return html`<div class="card perspective" data-testid="perspective-${p.code}">
            <h2><a href=${this.href('scorecard', { params: { focus: p.code } })}>${name}</a></h2>
            <div class="score">${formatScore(p.score, l)}</div>
            <div class="row">
              <ns-status-badge status=${p.status}></ns-status-badge>
              <span class="meta">${msg(str`Coverage ${formatShare(p.coverage, l)}`)}</span>
              <ns-completeness-badge .note=${rollupNote(p, this.noteOptions)}></ns-completeness-badge>
            </div>
            ${this.renderComparison(p.compare)}
            <ns-sparkline .values=${(p.history ?? []).map((h) => h.score)} .reference=${100} width="150"></ns-sparkline>
          </div>`;
        })}
      </div>
      ${card.children?.length ? this.renderChildren(card.children) : nothing}
      <div class="columns">
        <div class="card" data-testid="off-target">
          <div class="off-target-head">
            <h2>${msg('Furthest off target')}</h2>
            ${this.username
              ? html`<button type="button" class="btn" data-testid="mine-toggle" aria-pressed=${this.mineOnly ? 'true' : 'false'} @click=${() => this.setParams({ mine: this.mineOnly ? undefined : '1' })}>${msg('My indicators')}</button>`
              : nothing}
          </div>
          ${this.renderOffTarget(card)}
        </div>
        <div class="card" data-testid="freshness">
          <h2>${msg('Data freshness')}</h2>
          ${renderTask(this.freshness, (f) => this.renderFreshness(f), 'freshness')}
        </div>
      </div>`;
  }

  /** vs last month and vs the same month last year, in score points. */
  private renderComparison(compare: Scorecard['compare']) {
    if (!compare) return nothing;
    const l = this.locale;
    return html`<dl class="compare" data-testid="comparison">
      <div><dt>${msg('vs last month')}</dt><dd data-vs="month">${renderChange(compare.previous, l)}</dd></div>
      <div><dt>${msg('vs last year')}</dt><dd data-vs="year">${renderChange(compare.lastYear, l)}</dd></div>
    </dl>`;
  }

  /** The child-unit table: each direct child's score, status, gap to target, completeness and change. */
  private renderChildren(children: ChildTotal[]) {
    const l = this.locale;
    const name = (c: ChildTotal) => localName(c.name, this.unitLabel(c.unit));
    const columns: Column<ChildTotal>[] = [
      { key: 'unit', label: msg('Unit'), sortable: true, value: name, render: (c) => html`<a href=${this.href('overview', { context: { unit: c.unit } })}>${name(c)}</a>` },
      { key: 'score', label: msg('Score'), numeric: true, sortable: true, render: (c) => formatScore(c.score, l) },
      { key: 'status', label: msg('Status'), sortable: true, value: (c) => c.status, render: (c) => html`<ns-status-badge status=${c.status}></ns-status-badge>` },
      { key: 'gap', label: msg('Gap'), numeric: true, sortable: true, render: (c) => html`<span class=${c.gap === null ? '' : c.gap >= 0 ? 'favourable' : 'unfavourable'}>${formatScoreDelta(c.gap, l)}</span>` },
      { key: 'exceptions', label: msg('Below target'), numeric: true, sortable: true, render: (c) => (c.exceptions ? html`<a href=${this.href('heatmap', { context: { unit: c.unit }, params: { display: 'list', show: 'below' } })}>${c.exceptions}</a>` : '0') },
      { key: 'reported', label: msg('Completeness'), numeric: true, sortable: true, value: (c) => (c.expected ? c.reported / c.expected : null), render: (c) => html`${msg(str`${c.reported} of ${c.expected}`)}${c.complete ? nothing : html`<span class="sub">${msg('partial')}</span>`}` },
      { key: 'change', label: msg('vs last month'), numeric: true, sortable: true, value: (c) => c.previous.scoreDelta, render: (c) => formatScoreDelta(c.previous.scoreDelta, l) },
    ];
    const exportColumns: ExportColumn<ChildTotal>[] = [
      { label: msg('Unit'), value: name },
      { label: msg('Score'), value: (c) => c.score, digits: 1 },
      { label: msg('Status'), value: (c) => statusLabel(c.status) },
      { label: msg('Gap'), value: (c) => c.gap, digits: 1 },
      { label: msg('Below target'), value: (c) => c.exceptions, digits: 0 },
      { label: msg('Indicators with data'), value: (c) => c.reported, digits: 0 },
      { label: msg('Indicators'), value: (c) => c.expected, digits: 0 },
      { label: msg('vs last month'), value: (c) => c.previous.scoreDelta, digits: 1 },
    ];
    return html`<div class="card children" data-testid="child-units">
      <div class="off-target-head">
        <h2>${msg('Units below')}</h2>
        <ns-export-buttons .build=${(format: 'csv' | 'xlsx') => tableExport(format, exportName('units', this.unit, this.period), msg('Units below'), exportColumns, children)}></ns-export-buttons>
      </div>
      <ns-table .columns=${columns} .rows=${children} label=${msg('Units below')} table-testid="child-table" row-testid="child-unit" .rowKey=${(c: ChildTotal) => c.unit}></ns-table>
    </div>`;
  }

  private get noteOptions() {
    return { locale: this.locale, unitName: (code: string) => this.unitLabel(code) };
  }

  private renderOffTarget(card: Scorecard) {
    const rows = furthestOffTarget(this.mineOnly ? mineOnly(card, this.username) : card, 6);
    if (!rows.length && this.mineOnly) return html`<ns-state kind="empty" data-testid="off-target-empty" message=${msg('None of your indicators is off target.')}></ns-state>`;
    if (!scoredIndicators(card)) return html`<ns-state kind="empty" data-testid="off-target-empty" message=${msg('No data for this period yet: no indicator has an actual and a target.')}></ns-state>`;
    if (!rows.length) return html`<ns-state kind="empty" data-testid="off-target-empty" message=${msg('Every scored indicator meets its target.')}></ns-state>`;
    const l = this.locale;
    return html`<div class="table-wrap" role="region" tabindex="0" aria-label=${msg('Furthest off target')}>
      <table>
        <thead>
          <tr>
            <th scope="col">${msg('Indicator')}</th>
            <th scope="col" class="num">${msg('Actual')}</th>
            <th scope="col" class="num">${msg('Target')}</th>
            <th scope="col" class="num">${msg('Gap')}</th>
            <th scope="col" class="num">${msg('Score')}</th>
            <th scope="col">${msg('Status')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(({ indicator: i, perspective, perspectiveName: pName }) => {
            const cls = i.favourable === true ? 'favourable' : i.favourable === false ? 'unfavourable' : '';
            return html`<tr data-indicator=${i.code}>
              <td>
                <a href=${this.href('indicator', { code: i.code })}>${localName(i.name, i.code)}</a>
                <span class="sub">${perspectiveName(perspective, pName as never)}${i.owner ? html` · <span class="owner" data-owner=${i.owner}>${msg(str`Owner: ${i.owner}`)}</span>` : nothing}</span>
                <ns-completeness-badge .note=${completenessNote(i.completeness, this.noteOptions)}></ns-completeness-badge>
              </td>
              <td class="num">${formatValue(i.actual, i.unit, l)}</td>
              <td class="num">${formatValue(i.target, i.unit, l)}</td>
              <td class="num ${cls}">${formatGap(i.gap, i.unit, l)}<span class="sub">${formatPercent(i.gapPct, l, true)}</span></td>
              <td class="num">${formatScore(i.score, l)}</td>
              <td><ns-status-badge status=${i.status}></ns-status-badge></td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderFreshness(f: Freshness) {
    const l = this.locale;
    return html`<h3>${msg('Sources')}</h3>
      ${f.sources.length
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-label=${msg('Data freshness')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">${msg('Source')}</th>
                  <th scope="col">${msg('Last successful run')}</th>
                  <th scope="col">${msg('Last run')}</th>
                </tr>
              </thead>
              <tbody>
                ${f.sources.map(
                  (s) => html`<tr>
                    <td>${s.job}<span class="sub">${sourceKindLabel(s.kind)}</span></td>
                    <td title=${formatDateTime(s.lastSuccessAt, l)}>${s.lastSuccessAt ? formatRelative(s.lastSuccessAt, l) : msg('Never')}</td>
                    <td>${this.jobStatus(s)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">${msg('No scheduled sources.')}</p>`}
      <h3>${msg('Units with missing entries')}</h3>
      ${f.missing.length
        ? html`<ul class="missing" data-testid="missing-entries">
            ${f.missing.map(
              (m) => html`<li>
                <a href=${this.href('overview', { context: { unit: m.unit } })}>${localName(m.name, this.unitLabel(m.unit))}</a>
                <span class="muted">${msg(str`${m.missing} of ${m.expected} missing`)}</span>
              </li>`,
            )}
          </ul>`
        : html`<p class="muted">${msg('Every unit has entered its data for this period.')}</p>`}`;
  }

  private jobStatus(s: FreshnessSource) {
    if (!s.lastStatus) return html`<span class="muted">${msg('Never run')}</span>`;
    const ok = /^(success|succeeded|ok|done|completed)$/i.test(s.lastStatus);
    const failed = /fail|error/i.test(s.lastStatus);
    const words: Record<string, string> = { succeeded: msg('Succeeded'), failed: msg('Failed'), running: msg('Running'), timed_out: msg('Timed out'), skipped: msg('Skipped') };
    return html`<span class=${ok ? 'job-ok' : failed ? 'job-failed' : ''}><span aria-hidden="true">${ok ? '✓ ' : failed ? '✕ ' : ''}</span>${words[s.lastStatus] ?? s.lastStatus}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-overview-view': NsOverviewView;
  }
}
