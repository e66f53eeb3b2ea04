import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api } from '../api.ts';
import { portfolioCrosshairs, portfolioOption } from '../charts/portfolio.ts';
import { competitorOption, csiTrendOption } from '../charts/survey.ts';
import { formatDateTime, formatNumber, formatPercent, formatPeriod, formatScore } from '../format.ts';
import { localName } from '../i18n.ts';
import { quadrantLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { Quadrant, SurveyResult, SurveySegment, SurveyTrendPoint } from '../types.ts';
import { ViewElement } from './view-element.ts';
import '../components/ns-chart.ts';
import { renderTask, retryTask } from '../components/ns-state.ts';
import type { Column } from '../components/ns-table.ts';
import '../components/ns-table.ts';

const QUADRANTS: Quadrant[] = ['keep_up', 'concentrate', 'possible_overkill', 'low_priority'];
const QUADRANT_MARK: Record<Quadrant, string> = { keep_up: '●', concentrate: '▲', low_priority: '■', possible_overkill: '◆' };

/** Competitor segments, own first; a label for each. */
export function segmentSeries(result: SurveyResult, labels: { own: string; competitor: (value: string) => string }) {
  const segments = [...result.segments].sort((a, b) => Number(b.own) - Number(a.own));
  const categories = [
    { code: '__csi', label: 'CSI' },
    { code: '__overall', label: '' },
    ...result.factors.map((f) => ({ code: f.code, label: f.code })),
  ];
  return {
    categories,
    segments: segments.map((s) => ({
      label: s.own ? labels.own : labels.competitor(s.value),
      own: s.own,
      values: [s.csi, s.overall, ...result.factors.map((f) => s.factors.find((x) => x.code === f.code)?.satisfaction ?? null)],
    })),
  };
}

/**
 * The CS portfolio of the latest survey for the unit and period: factors placed by importance
 * and satisfaction with the quadrant crosshairs and labels, the CSI trend and the comparison
 * with competitors. Two requests: the result, then the trend of its survey.
 */
@localized()
@customElement('ns-portfolio-view')
export class NsPortfolioView extends ViewElement {
  static override styles = [
    baseStyles,
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
        font-weight: 600;
      }
      .kpi .value {
        font-size: 1.75rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.35fr) minmax(0, 1fr);
        gap: var(--ns-gap);
        align-items: start;
      }
      .grid2 {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: var(--ns-gap);
        margin-top: var(--ns-gap);
        align-items: start;
      }
      ns-chart.portfolio {
        --ns-chart-height: 440px;
      }
      ns-chart.small {
        --ns-chart-height: 300px;
      }
      [data-testid='factor-table'] th,
      [data-testid='factor-table'] td {
        padding: 8px 6px;
      }
      .quadrant {
        white-space: nowrap;
      }
      .mark {
        display: inline-block;
        width: 1.2em;
        text-align: center;
      }
      .q-keep_up {
        color: #2e7d4f;
      }
      .q-concentrate {
        color: #c0392b;
      }
      .q-low_priority {
        color: #5b6577;
      }
      .q-possible_overkill {
        color: #1f5fbf;
      }
      .quadrants {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 6px 12px;
        margin: 12px 0 0;
        padding: 0;
        list-style: none;
        font-size: 0.8125rem;
      }
      details {
        margin-top: 8px;
        font-size: 0.875rem;
      }
      summary {
        cursor: pointer;
        color: var(--ns-primary);
      }
      .warnings {
        margin: 0 0 var(--ns-gap);
        padding: 10px 14px;
        border-radius: var(--ns-radius-sm);
        background: var(--ns-at-risk-bg);
        color: var(--ns-at-risk);
        font-size: 0.875rem;
      }
      @media (max-width: 1100px) {
        .layout,
        .grid2 {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  protected readonly routeName = 'portfolio' as const;

  private result = new Task(this, {
    task: ([unit, period], { signal }) => api.surveyResult(unit, period, signal),
    args: () => [this.unit, this.period] as const,
  });

  private trend = new Task(this, {
    task: ([unit, code], { signal }) => (code ? api.surveyTrend(unit, code, signal) : Promise.resolve([] as SurveyTrendPoint[])),
    args: () => [this.unit, this.result.value?.code ?? ''] as const,
  });

  override render() {
    return html`<section data-view="portfolio" aria-labelledby="title" @ns-retry=${this.onRetry}>
      <div class="view-header">
        <div>
          <h1 id="title">${msg('CS portfolio')}</h1>
          <p class="subtitle">${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')}</p>
        </div>
      </div>
      ${renderTask(this.result, (r) => (r ? this.renderResult(r) : html`<ns-state kind="empty" message=${msg('No survey result is stored for this unit and period.')}></ns-state>`), 'result')}
    </section>`;
  }

  private onRetry(e: Event) {
    retryTask(e, { result: this.result, trend: this.trend });
  }

  private factorName(code: string, name: unknown) {
    return localName(name as never, code);
  }

  private renderResult(r: SurveyResult) {
    const l = this.locale;
    const own = r.segments.find((s) => s.own);
    return html`<p class="muted" style="margin:-8px 0 16px">
        ${msg(str`Survey ${r.code} · ${formatNumber(r.respondents, l, 0)} respondents · computed ${formatDateTime(r.computedAt, l)}`)}
      </p>
      ${r.warnings?.length ? html`<div class="warnings" role="note">${r.warnings.join(' · ')}</div>` : nothing}
      <div class="kpis" data-testid="survey-kpis">
        <div class="card kpi"><span class="label">${msg('CSI')}</span><div class="value">${formatScore(r.csi, l)}</div></div>
        <div class="card kpi"><span class="label">${msg('Overall satisfaction')}</span><div class="value">${formatScore(r.overall, l)}</div></div>
        ${r.competitiveIndex !== null && r.competitiveIndex !== undefined
          ? html`<div class="card kpi"><span class="label">${msg('Competitive index')}</span><div class="value">${formatScore(r.competitiveIndex, l)}</div></div>`
          : nothing}
        ${r.nps !== null && r.nps !== undefined ? html`<div class="card kpi"><span class="label">NPS</span><div class="value">${formatNumber(r.nps, l, 1)}</div></div>` : nothing}
        ${(r.loyalty ?? []).map(
          (y) => html`<div class="card kpi"><span class="label">${y.code}</span><div class="value">${formatPercent(y.rate, l)}</div></div>`,
        )}
      </div>
      <div class="layout">
        <div class="card">
          <h2>${msg('Importance and satisfaction')}</h2>
          ${this.renderPortfolio(r)}
        </div>
        <div class="card" data-testid="factor-table">
          <h2>${msg('Factors')}</h2>
          ${this.renderFactorTable(r)}
        </div>
      </div>
      <div class="grid2">
        <div class="card" data-testid="csi-trend">
          <h2>${msg('CSI trend')}</h2>
          ${renderTask(this.trend, (points) => this.renderTrend(points), 'trend')}
        </div>
        <div class="card" data-testid="competitors">
          <h2>${msg('Competitor comparison')}</h2>
          ${this.renderCompetitors(r, own)}
        </div>
      </div>`;
  }

  private renderPortfolio(r: SurveyResult) {
    if (!r.factors.length) return html`<ns-state kind="empty" message=${msg('This survey has no factors.')}></ns-state>`;
    const l = this.locale;
    const factors = r.factors.map((f) => ({ code: f.code, label: this.factorName(f.code, f.name), weight: f.weight, satisfaction: f.satisfaction, quadrant: f.quadrant }));
    const quadrants = { keep_up: quadrantLabel('keep_up'), concentrate: quadrantLabel('concentrate'), low_priority: quadrantLabel('low_priority'), possible_overkill: quadrantLabel('possible_overkill') };
    const option = portfolioOption({
      factors,
      labels: { importance: msg('Importance (weight)'), satisfaction: msg('Satisfaction'), quadrants, meanImportance: msg('Mean'), meanSatisfaction: msg('Mean') },
      formatWeight: (v) => formatPercent(v === null ? null : v * 100, l),
      formatScore: (v) => formatScore(v, l),
    });
    const cross = portfolioCrosshairs(factors);
    return html`<ns-chart class="portfolio" data-testid="chart-portfolio" label=${msg(str`CS portfolio of ${factors.length} factors by importance and satisfaction`)} .option=${option}></ns-chart>
      <p class="muted" style="font-size:0.8125rem">
        ${msg(str`Crosshairs at the mean importance ${formatPercent(cross.weight === null ? null : cross.weight * 100, l)} and the mean satisfaction ${formatScore(cross.satisfaction, l)}.`)}
      </p>
      <ul class="quadrants" aria-label=${msg('Quadrants')}>
        ${QUADRANTS.map((q) => html`<li><span class="mark q-${q}" aria-hidden="true">${QUADRANT_MARK[q]}</span>${quadrantLabel(q)}</li>`)}
      </ul>`;
  }

  private renderFactorTable(r: SurveyResult) {
    const l = this.locale;
    const factors = [...r.factors].sort((a, b) => (b.weight ?? -1) - (a.weight ?? -1));
    type F = SurveyResult['factors'][number];
    return html`<ns-table
      narrow-cards
      label=${msg('Factors')}
      .rows=${factors}
      .rowAttrs=${(f: F) => ({ 'data-factor': f.code })}
      .columns=${[
        { key: 'factor', label: msg('Factor'), sortable: true, value: (f: F) => this.factorName(f.code, f.name) },
        { key: 'weight', label: msg('Importance'), numeric: true, sortable: true, render: (f: F) => formatPercent(f.weight === null ? null : f.weight * 100, l) },
        { key: 'satisfaction', label: msg('Satisfaction'), numeric: true, sortable: true, render: (f: F) => formatScore(f.satisfaction, l) },
        {
          key: 'quadrant',
          label: msg('Quadrant'),
          sortable: true,
          value: (f: F) => quadrantLabel(f.quadrant),
          class: 'quadrant',
          render: (f: F) => html`${f.quadrant ? html`<span class="mark q-${f.quadrant}" aria-hidden="true">${QUADRANT_MARK[f.quadrant]}</span>` : nothing}${quadrantLabel(f.quadrant)}`,
        },
      ] satisfies Column<F>[]}
    ></ns-table>`;
  }

  private renderTrend(points: SurveyTrendPoint[]) {
    if (points.length === 0) return html`<ns-state kind="empty" message=${msg('No earlier survey results to compare.')}></ns-state>`;
    const l = this.locale;
    const option = csiTrendOption({
      points,
      labels: { csi: msg('CSI'), overall: msg('Overall satisfaction'), competitiveIndex: msg('Competitive index') },
      formatScore: (v) => formatScore(v, l),
      formatPeriod: (p) => formatPeriod(p, l),
    });
    return html`<ns-chart class="small" data-testid="chart-csi-trend" label=${msg('CSI and overall satisfaction over time')} .option=${option}></ns-chart>
      <details>
        <summary>${msg('Show the numbers')}</summary>
        <div class="table-wrap" role="region" tabindex="0" aria-label=${msg('CSI trend')}>
          <table>
            <thead>
              <tr>
                <th scope="col">${msg('Period')}</th>
                <th scope="col" class="num">${msg('CSI')}</th>
                <th scope="col" class="num">${msg('Overall satisfaction')}</th>
                <th scope="col" class="num">${msg('Competitive index')}</th>
              </tr>
            </thead>
            <tbody>
              ${points.map(
                (p) => html`<tr>
                  <th scope="row">${formatPeriod(p.period, l)}</th>
                  <td class="num">${formatScore(p.csi, l)}</td>
                  <td class="num">${formatScore(p.overall, l)}</td>
                  <td class="num">${formatScore(p.competitiveIndex, l)}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>`;
  }

  private renderCompetitors(r: SurveyResult, own: SurveySegment | undefined) {
    if (!r.segments.length || !own || r.segments.length < 2) {
      return html`<ns-state kind="empty" message=${msg('This survey has no competitor segments.')}></ns-state>`;
    }
    const l = this.locale;
    const series = segmentSeries(r, {
      own: msg('Our company'),
      competitor: (value) => msg(str`Competitor ${value}`),
    });
    const categories = series.categories.map((c) =>
      c.code === '__csi' ? { ...c, label: msg('CSI') } : c.code === '__overall' ? { ...c, label: msg('Overall satisfaction') } : { ...c, label: this.factorName(c.code, r.factors.find((f) => f.code === c.code)?.name) },
    );
    const option = competitorOption({ categories, segments: series.segments, labels: {}, formatScore: (v) => formatScore(v, l) });
    return html`<ns-chart class="small" data-testid="chart-competitors" label=${msg('Our scores against competitors')} .option=${option}></ns-chart>
      <details>
        <summary>${msg('Show the numbers')}</summary>
        <div class="table-wrap" role="region" tabindex="0" aria-label=${msg('Our scores against competitors')}>
          <table>
            <thead>
              <tr>
                <th scope="col">${msg('Measure')}</th>
                ${series.segments.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${categories.map(
                (c, i) => html`<tr>
                  <th scope="row">${c.label}</th>
                  ${series.segments.map((s) => html`<td class="num">${formatScore(s.values[i], l)}</td>`)}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-portfolio-view': NsPortfolioView;
  }
}
