import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ECharts, EChartsCoreOption } from 'echarts/core';

/** Loads the ECharts registry on first use: ECharts stays out of the initial bundle. */
export const loadCharts = () => import('../charts/echarts.ts');

export interface ChartClickDetail {
  name: string;
  dataIndex: number;
  seriesId?: string;
  seriesIndex?: number;
  dataType?: string;
  value: unknown;
  data: unknown;
}

/**
 * The one ECharts wrapper. Creates the chart in `firstUpdated` (after loading the registry),
 * applies `option` whenever it changes, resizes with a ResizeObserver and disposes the chart
 * when disconnected. Clicks on data come out as `ns-chart-click` (bubbles, composed).
 * The container is an image to assistive technology, named by `label`; every chart in the
 * app also has its data in a table or list next to it.
 */
@customElement('ns-chart')
export class NsChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      height: var(--ns-chart-height, 320px);
      min-width: 0;
    }
    .chart {
      width: 100%;
      height: 100%;
    }
    .placeholder {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: var(--ns-text-muted);
      font-size: 0.875rem;
    }
    /* print: a chart drawn for a wider screen shrinks to the A4 page instead of being cut off */
    @media print {
      :host {
        break-inside: avoid;
      }
      .chart,
      .chart > div {
        width: 100% !important;
      }
      canvas {
        max-width: 100% !important;
        height: auto !important;
      }
    }
  `;

  /** The ECharts option, built by a pure function in web/src/charts. */
  @property({ attribute: false }) option: EChartsCoreOption | null = null;
  /** Accessible name of the chart. */
  @property() label = '';

  @state() private ready = false;
  @query('.chart') private container!: HTMLDivElement;

  private chart: ECharts | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private creating: Promise<void> | null = null;

  /** The live ECharts instance (null until created or after dispose). */
  get instance(): ECharts | null {
    return this.chart;
  }

  override render() {
    return html`<div class="chart" part="chart" role="img" aria-label=${this.label}></div>
      ${this.ready ? null : html`<div class="placeholder" aria-hidden="true">…</div>`}`;
  }

  protected override firstUpdated() {
    void this.create();
  }

  override connectedCallback() {
    super.connectedCallback();
    // moved in the DOM: the chart was disposed on disconnect, create it again
    if (this.hasUpdated && !this.chart) void this.create();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.chart?.dispose();
    this.chart = null;
    this.ready = false;
  }

  protected override updated(changed: Map<PropertyKey, unknown>) {
    if (changed.has('option') && this.chart && this.option) this.chart.setOption(this.option, { notMerge: true });
  }

  /** Resolves once the chart exists (for tests and callers that need the instance). */
  whenReady(): Promise<void> {
    return this.creating ?? Promise.resolve();
  }

  private create(): Promise<void> {
    this.creating = (async () => {
      const echarts = await loadCharts();
      if (!this.isConnected || this.chart) return;
      const chart = echarts.init(this.container, null, { renderer: 'canvas' });
      this.chart = chart;
      chart.on('click', (p: unknown) => {
        const e = p as ChartClickDetail;
        this.dispatchEvent(
          new CustomEvent<ChartClickDetail>('ns-chart-click', {
            detail: { name: e.name, dataIndex: e.dataIndex, seriesId: e.seriesId, seriesIndex: e.seriesIndex, dataType: e.dataType, value: e.value, data: e.data },
            bubbles: true,
            composed: true,
          }),
        );
      });
      if (this.option) chart.setOption(this.option, { notMerge: true });
      this.resizeObserver = new ResizeObserver(() => this.chart?.resize());
      this.resizeObserver.observe(this.container);
      this.ready = true;
    })();
    return this.creating;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-chart': NsChart;
  }
  interface HTMLElementEventMap {
    'ns-chart-click': CustomEvent<ChartClickDetail>;
  }
}
