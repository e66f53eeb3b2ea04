import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { currentLocale } from '../i18n.ts';
import { formatPeriod } from '../format.ts';
import { addMonths, isMonth, latestCompleteMonth, monthsBack } from '../period.ts';
import { baseStyles, pickerStyles } from '../styles.ts';
import { contextChange } from './context-events.ts';

/**
 * Picks the month: previous / next buttons and a list of the last `count` months up to
 * `latest` (default: the current month). Fires `ns-context-change` with `{ period }`.
 */
@localized()
@customElement('ns-period-picker')
export class NsPeriodPicker extends LitElement {
  static override styles = [
    baseStyles,
    pickerStyles,
    css`
      .picker {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .btn {
        min-width: 34px;
        justify-content: center;
        padding: 4px 8px;
      }
    `,
  ];

  @property() value = '';
  /** The newest month offered (default: the current calendar month). */
  @property() latest = addMonths(latestCompleteMonth(), 1);
  @property({ type: Number }) count = 36;
  /** The label (default "Period"; the VOC view's range start says "From"). */
  @property() label = '';

  override render() {
    const locale = currentLocale();
    const months = monthsBack(this.latest, this.count);
    if (isMonth(this.value) && !months.includes(this.value)) months.push(this.value);
    months.sort().reverse();
    const oldest = months[months.length - 1];
    return html`<div class="picker">
      <label
        >${this.label || msg('Period')}
        <select id="period" data-testid="period-picker" @change=${this.onSelect}>
          ${months.map((m) => html`<option value=${m} ?selected=${m === this.value}>${formatPeriod(m, locale)}</option>`)}
        </select></label
      >
      <button type="button" class="btn" data-testid="period-prev" aria-label=${msg('Previous month')} title=${msg('Previous month')} ?disabled=${!this.value || this.value <= oldest} @click=${() => this.step(-1)}>
        <span aria-hidden="true">‹</span>
      </button>
      <button type="button" class="btn" data-testid="period-next" aria-label=${msg('Next month')} title=${msg('Next month')} ?disabled=${!this.value || this.value >= this.latest} @click=${() => this.step(1)}>
        <span aria-hidden="true">›</span>
      </button>
    </div>`;
  }

  private step(delta: number) {
    if (!isMonth(this.value)) return;
    this.emit(addMonths(this.value, delta));
  }

  private onSelect(e: Event) {
    this.emit((e.target as HTMLSelectElement).value);
  }

  private emit(period: string) {
    this.value = period;
    this.dispatchEvent(contextChange({ period }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-period-picker': NsPeriodPicker;
  }
}
