import { css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api } from '../api.ts';
import { strategyMapOption } from '../charts/strategy-map.ts';
import { formatPeriod, formatScore } from '../format.ts';
import { localName } from '../i18n.ts';
import { statusLook } from '../status.ts';
import { rollupNote } from '../completeness.ts';
import { perspectiveName, statusLabel, windowLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { StrategyMap } from '../types.ts';
import { ViewElement } from './view-element.ts';
import '../components/ns-chart.ts';
import { renderTask } from '../components/ns-state.ts';
import '../components/ns-status-badge.ts';
import '../components/ns-completeness-badge.ts';

/**
 * The strategy map: objectives in their perspectives with their `drives` links, coloured by
 * status. The list beside it carries the same content for the keyboard and screen readers;
 * every objective (node or list entry) opens the scorecard at that objective.
 */
@localized()
@customElement('ns-strategy-view')
export class NsStrategyView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 320px;
        gap: var(--ns-gap);
        align-items: start;
      }
      ns-chart {
        --ns-chart-height: var(--map-height, 520px);
      }
      .lanes {
        display: grid;
        gap: 16px;
      }
      .lanes h3 {
        font-size: 0.875rem;
        color: var(--ns-text-muted);
        margin-bottom: 6px;
      }
      ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 6px;
      }
      li {
        padding: 8px 10px;
        border: 1px solid var(--ns-border);
        border-radius: var(--ns-radius-sm);
        background: var(--ns-surface);
      }
      .line {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
      }
      .score {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
      .drives {
        display: block;
        margin-top: 4px;
        font-size: 0.75rem;
        color: var(--ns-text-muted);
      }
      @media (max-width: 1100px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
        .lanes {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
      @media (max-width: 600px) {
        .lanes {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  protected readonly routeName = 'strategy' as const;

  /** Below 600 px the objective list stands in for the map (a graph does not fit a phone). */
  private narrow = typeof matchMedia === 'function' ? matchMedia('(max-width: 600px)') : null;
  private onNarrow = () => this.requestUpdate();

  override connectedCallback() {
    super.connectedCallback();
    this.narrow?.addEventListener?.('change', this.onNarrow);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.narrow?.removeEventListener?.('change', this.onNarrow);
  }

  private map = new Task(this, {
    task: ([unit, period, window], { signal }) => api.strategyMap(unit, { period, window }, signal),
    args: () => [this.unit, this.period, this.window] as const,
  });

  override render() {
    return html`<section data-view="strategy" aria-labelledby="title" @ns-retry=${() => this.map.run()}>
      <div class="view-header">
        <div>
          <h1 id="title">${msg('Strategy map')}</h1>
          <p class="subtitle">${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')} · ${windowLabel(this.window)}</p>
        </div>
      </div>
      ${renderTask(this.map, (data) => this.renderMap(data))}
    </section>`;
  }

  private renderMap(data: StrategyMap) {
    if (!data.objectives.length) return html`<ns-state kind="empty" message=${msg('The model has no objectives yet.')}></ns-state>`;
    const l = this.locale;
    const perspectives = data.perspectives.map((p) => ({ code: p.code, label: perspectiveName(p.code, p.name) }));
    const objectives = data.objectives.map((o) => ({ ...o, label: localName(o.name, o.code), drives: o.drives ?? [] }));
    const names = new Map(objectives.map((o) => [o.code, o.label]));
    const option = strategyMapOption({
      perspectives,
      objectives,
      labels: {},
      formatScore: (v) => formatScore(v, l),
      statusText: statusLabel,
      statusIcon: (s) => statusLook(s).icon,
    });
    const height = Math.max(360, perspectives.length * 130);
    return html`<div class="layout">
      ${this.narrow?.matches ? nothing : html`<div class="card">
        <ns-chart
          style="--map-height:${height}px"
          data-testid="chart-strategy"
          label=${msg(str`Strategy map with ${objectives.length} objectives in ${perspectives.length} perspectives`)}
          .option=${option}
          @ns-chart-click=${(e: CustomEvent<{ name: string; dataType?: string }>) => {
            if (e.detail.dataType === 'node' && names.has(e.detail.name)) this.open(e.detail.name);
          }}
        ></ns-chart>
      </div>`}
      <div class="card">
        <h2>${msg('Objectives')}</h2>
        <div class="lanes" data-testid="strategy-list">
          ${perspectives.map((p) => {
            const inLane = objectives.filter((o) => o.perspective === p.code);
            return html`<section aria-labelledby="lane-${p.code}">
              <h3 id="lane-${p.code}">${p.label}</h3>
              ${inLane.length
                ? html`<ul>
                    ${inLane.map(
                      (o) => html`<li data-objective=${o.code}>
                        <div class="line">
                          <a href=${this.href('scorecard', { params: { focus: o.code } })}>${o.label}</a>
                          <span class="score">${formatScore(o.score, l)}</span>
                        </div>
                        <ns-status-badge status=${o.status}></ns-status-badge>
                        <ns-completeness-badge .note=${rollupNote(o, { locale: l })}></ns-completeness-badge>
                        ${o.drives.length
                          ? html`<span class="drives">${msg(str`Drives: ${o.drives.map((d) => names.get(d) ?? d).join(', ')}`)}</span>`
                          : ''}
                      </li>`,
                    )}
                  </ul>`
                : html`<p class="muted">${msg('No objectives')}</p>`}
            </section>`;
          })}
        </div>
      </div>
    </div>`;
  }

  private open(objective: string) {
    this.go(this.href('scorecard', { params: { focus: objective } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-strategy-view': NsStrategyView;
  }
}
