import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { localName } from '../i18n.ts';
import { baseStyles, pickerStyles } from '../styles.ts';
import type { Unit } from '../types.ts';
import { contextChange } from './context-events.ts';

/**
 * Picks the org unit (indented by depth in the open list; the closed select shows the chosen
 * name without the indent). Fires `ns-context-change` with `{ unit }`.
 */
@localized()
@customElement('ns-unit-picker')
export class NsUnitPicker extends LitElement {
  static override styles = [
    baseStyles,
    pickerStyles,
    css`
      select {
        max-width: 240px;
      }
    `,
  ];

  /** The units the user may see, parents before children (GET /units). */
  @property({ attribute: false }) units: readonly Unit[] = [];
  @property() value = '';
  /** The list is being used (focused): every option indented by depth. */
  @state() private open = false;

  override render() {
    const minDepth = Math.min(...this.units.map((u) => u.depth), Infinity);
    const known = this.units.some((u) => u.code === this.value);
    return html`<label
      >${msg('Unit')}
      <select id="unit" data-testid="unit-picker" @change=${this.onChange} @focus=${() => (this.open = true)} @blur=${() => (this.open = false)}>
        ${known || !this.value ? null : html`<option value=${this.value} selected>${this.value}</option>`}
        ${this.units.map(
          (u) =>
            html`<option value=${u.code} ?selected=${u.code === this.value}>${this.open || u.code !== this.value ? '\u00a0\u00a0'.repeat(Math.max(0, u.depth - minDepth)) : ''}${localName(u.name, u.code)}</option>`,
        )}
      </select></label
    >`;
  }

  private onChange(e: Event) {
    const unit = (e.target as HTMLSelectElement).value;
    this.value = unit;
    this.open = false;
    this.dispatchEvent(contextChange({ unit }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-unit-picker': NsUnitPicker;
  }
}
