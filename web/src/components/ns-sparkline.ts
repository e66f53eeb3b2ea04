import { LitElement, css, html, svg, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { sparkline } from '../charts/sparkline.ts';

/** A tiny inline SVG trend line (no canvas: cheap enough for every row of a scorecard). */
@customElement('ns-sparkline')
export class NsSparkline extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      vertical-align: middle;
      line-height: 0;
    }
    svg {
      overflow: visible;
    }
    .line {
      fill: none;
      stroke: var(--ns-sparkline-color, var(--ns-primary));
      stroke-width: 1.5;
      stroke-linejoin: round;
      stroke-linecap: round;
    }
    .ref {
      stroke: var(--ns-border-strong);
      stroke-dasharray: 2 2;
      stroke-width: 1;
    }
    .dot {
      fill: var(--ns-sparkline-color, var(--ns-primary));
    }
  `;

  @property({ attribute: false }) values: readonly (number | null)[] = [];
  /** A dashed reference line (e.g. 100 = target met) when it falls in range. */
  @property({ type: Number }) reference: number | null = null;
  @property({ type: Number }) width = 96;
  @property({ type: Number }) height = 28;
  /** Accessible description; without it the sparkline is decorative (aria-hidden). */
  @property() label = '';

  override render() {
    const line = sparkline(this.values ?? [], this.width, this.height, { reference: this.reference });
    if (!line.path) return nothing;
    return html`<svg
      width=${this.width}
      height=${this.height}
      style="width: var(--ns-sparkline-width, ${this.width}px); height: var(--ns-sparkline-height, ${this.height}px)"
      preserveAspectRatio="none"
      viewBox="0 0 ${this.width} ${this.height}"
      role=${this.label ? 'img' : 'presentation'}
      aria-label=${this.label || nothing}
      aria-hidden=${this.label ? 'false' : 'true'}
    >
      ${line.referenceY !== null ? svg`<line class="ref" x1="0" x2=${this.width} y1=${line.referenceY} y2=${line.referenceY}></line>` : nothing}
      ${svg`<path class="line" d=${line.path}></path>`}
      ${line.last ? svg`<circle class="dot" cx=${line.last.x} cy=${line.last.y} r="2.2"></circle>` : nothing}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-sparkline': NsSparkline;
  }
}
