import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { windowLabel } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { Window } from '../types.ts';
import { contextChange } from './context-events.ts';

/** Month / year-to-date switch. Fires `ns-context-change` with `{ window }`. */
@localized()
@customElement('ns-window-switch')
export class NsWindowSwitch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      .group {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .caption {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
    `,
  ];

  @property() value: Window = 'ytd';

  override render() {
    const options: Window[] = ['month', 'ytd'];
    return html`<div class="group" role="group" aria-labelledby="caption" data-testid="window-switch">
      <span class="caption" id="caption">${msg('Window')}</span>
      <span class="segmented">
        ${options.map(
          (w) =>
            html`<button type="button" class="btn" data-window=${w} aria-pressed=${this.value === w ? 'true' : 'false'} @click=${() => this.pick(w)}>${windowLabel(w)}</button>`,
        )}
      </span>
    </div>`;
  }

  private pick(window: Window) {
    if (window === this.value) return;
    this.value = window;
    this.dispatchEvent(contextChange({ window }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-window-switch': NsWindowSwitch;
  }
}
