import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { baseStyles } from '../styles.ts';
import type { Locale } from '../types.ts';
import { localeChange } from './context-events.ts';

/** The ko/en switch. Each language is named in itself. Fires `ns-locale-change`. */
@localized()
@customElement('ns-locale-switch')
export class NsLocaleSwitch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
      }
      .btn {
        min-height: 30px;
        padding: 3px 10px;
        font-size: 0.8125rem;
      }
    `,
  ];

  @property() value: Locale = 'en';

  override render() {
    const options: { locale: Locale; label: string }[] = [
      { locale: 'ko', label: '한국어' },
      { locale: 'en', label: 'English' },
    ];
    return html`<span class="segmented" role="group" aria-label=${msg('Language')} data-testid="locale-switch">
      ${options.map(
        (o) =>
          html`<button type="button" class="btn" lang=${o.locale} data-locale=${o.locale} aria-pressed=${this.value === o.locale ? 'true' : 'false'} @click=${() => this.pick(o.locale)}>
            ${o.label}
          </button>`,
      )}
    </span>`;
  }

  private pick(locale: Locale) {
    if (locale === this.value) return;
    this.dispatchEvent(localeChange(locale));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-locale-switch': NsLocaleSwitch;
  }
}
