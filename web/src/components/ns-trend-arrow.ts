import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { readTrend, trendText } from '../labels.ts';
import type { Direction } from '../types.ts';

/**
 * ↑ / ↓ / → for the change from the previous period, read with the indicator's direction
 * (for `decrease` indicators a fall is good news). The meaning is also given as text.
 */
@localized()
@customElement('ns-trend-arrow')
export class NsTrendArrow extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      font-weight: 700;
    }
    .favourable {
      color: var(--ns-on-track);
    }
    .unfavourable {
      color: var(--ns-off-track);
    }
    .neutral {
      color: var(--ns-text-muted);
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;

  @property({ type: Number }) change: number | null = null;
  @property() direction: Direction = 'increase';

  override render() {
    const reading = readTrend(this.change, this.direction);
    const text = trendText(reading);
    if (!reading) return html`<span class="neutral" title=${text} aria-hidden="true">·</span><span class="sr-only">${text}</span>`;
    const cls = reading.favourable === null ? 'neutral' : reading.favourable ? 'favourable' : 'unfavourable';
    return html`<span class=${cls} title=${text} aria-hidden="true" data-arrow=${reading.arrow}>${reading.arrow}</span><span class="sr-only">${text}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-trend-arrow': NsTrendArrow;
  }
}
