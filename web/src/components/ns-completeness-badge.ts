import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized } from '@lit/localize';
import type { CompletenessNote } from '../completeness.ts';

/**
 * Marks a partial figure: "3 of 4 units" / "9 of 10 months", with who or which months are
 * missing in a tooltip that opens on hover, on keyboard focus and on tap (click toggles it,
 * Escape closes it). The button is described by the tooltip (aria-describedby), so a screen
 * reader hears the missing names with the badge. Renders nothing for a complete figure.
 */
@localized()
@customElement('ns-completeness-badge')
export class NsCompletenessBadge extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      position: relative;
      vertical-align: middle;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 1px 7px;
      border: 1px dashed var(--ns-at-risk, #b7791f);
      border-radius: 999px;
      background: var(--ns-at-risk-bg, #fcebc4);
      color: var(--ns-text, #1d2433);
      font: inherit;
      font-size: 0.75rem;
      font-weight: 600;
      line-height: 1.4;
      white-space: nowrap;
      cursor: help;
    }
    button:focus-visible {
      outline: 2px solid var(--ns-primary, #1f5fbf);
      outline-offset: 2px;
    }
    .tip {
      display: none;
      position: absolute;
      z-index: 20;
      top: calc(100% + 4px);
      left: 0;
      min-width: 180px;
      max-width: 320px;
      padding: 6px 8px;
      border-radius: 6px;
      background: #1d2433;
      color: #fff;
      font-size: 0.75rem;
      font-weight: 400;
      line-height: 1.4;
      white-space: normal;
      text-align: left;
      box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
    }
    .tip span {
      display: block;
    }
    :host(:hover) .tip,
    :host(:focus-within) .tip,
    .open .tip {
      display: block;
    }
  `;

  /** What to say; null (a complete figure) renders nothing. */
  @property({ attribute: false }) note: CompletenessNote | null = null;

  /** Opened by a tap or click (hover and focus open it through CSS). */
  @state() private open = false;

  override render() {
    const note = this.note;
    if (!note) return nothing;
    return html`<span class=${this.open ? 'open' : ''} data-partial="true">
      <button type="button" part="badge" aria-describedby="tip" aria-expanded=${this.open ? 'true' : 'false'} @click=${this.toggle} @keydown=${this.onKeyDown} @blur=${this.close}>
        <span aria-hidden="true">◐</span>${note.text}
      </button>
      <span class="tip" id="tip" role="tooltip" part="tooltip">${note.details.map((d) => html`<span>${d}</span>`)}</span>
    </span>`;
  }

  private toggle(e: Event) {
    // the badge sits inside links and clickable rows: a tap opens the names, it does not navigate
    e.preventDefault();
    e.stopPropagation();
    this.open = !this.open;
  }

  private close() {
    this.open = false;
  }

  private onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape' && this.open) {
      e.stopPropagation();
      this.open = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-completeness-badge': NsCompletenessBadge;
  }
}
