import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import { statusLook } from '../status.ts';
import type { Status } from '../types.ts';

/**
 * A status shown by colour, shape and text together (never colour alone):
 * on_track ● bluish green, at_risk ▲ amber, off_track ■ red, no_data ○ grey.
 * `compact` keeps the icon visible and the text for screen readers (and as a tooltip).
 */
@localized()
@customElement('ns-status-badge')
export class NsStatusBadge extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      vertical-align: middle;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 5px;
      padding: 2px 8px 2px 4px;
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 600;
      line-height: 1.4;
      white-space: nowrap;
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 1.2em;
      height: 1.2em;
      font-size: 0.9em;
      line-height: 1;
    }
    :host([compact]) .badge {
      padding: 2px;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    .on_track {
      background: var(--ns-on-track-bg);
      color: var(--ns-on-track);
    }
    .on_track .icon {
      color: var(--ns-on-track);
    }
    .at_risk {
      background: var(--ns-at-risk-bg);
      color: var(--ns-at-risk);
    }
    .at_risk .icon {
      color: var(--ns-at-risk);
    }
    .off_track {
      background: var(--ns-off-track-bg);
      color: var(--ns-off-track);
    }
    .off_track .icon {
      color: var(--ns-off-track);
    }
    .no_data {
      background: var(--ns-no-data-bg);
      color: var(--ns-no-data);
    }
    .no_data .icon {
      color: var(--ns-no-data);
    }
  `;

  /** `on_track`, `at_risk`, `off_track` or `no_data` (anything else reads as no data). */
  @property({ reflect: true }) status: Status = 'no_data';

  /** Icon only on screen; the text stays for assistive technology and as a tooltip. */
  @property({ type: Boolean, reflect: true }) compact = false;

  override render() {
    const { status, label, icon } = statusLook(this.status);
    return html`<span class="badge ${status}" part="badge" data-status=${status} title=${this.compact ? label : ''}
      ><span class="icon" aria-hidden="true">${icon}</span
      ><span class=${this.compact ? 'sr-only' : 'label'} part="label">${label}</span></span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-status-badge': NsStatusBadge;
  }
}
