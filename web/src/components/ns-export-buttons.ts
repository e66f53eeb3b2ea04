/**
 * `<ns-export-buttons>`: "CSV" and "Excel" buttons that download the table the view shows.
 * The view passes `.build=${(format) => tableExport(...)}`; the element posts it and reports a
 * failure in place (role=alert), without leaving the view.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { downloadTable, type TableExport } from '../api.ts';
import { baseStyles } from '../styles.ts';

@localized()
@customElement('ns-export-buttons')
export class NsExportButtons extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
        gap: 6px;
        align-items: center;
        flex-wrap: wrap;
      }
      .error {
        color: var(--ns-off-track);
        font-size: 0.8125rem;
      }
      @media print {
        :host {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) build: ((format: 'csv' | 'xlsx') => TableExport) | null = null;
  @state() private busy = false;
  @state() private error = '';

  override render() {
    return html`<span class="sr-only">${msg('Export this view')}</span>
      <button type="button" class="btn" data-testid="export-csv" ?disabled=${this.busy || !this.build} @click=${() => this.download('csv')}>${msg('CSV')}</button>
      <button type="button" class="btn" data-testid="export-xlsx" ?disabled=${this.busy || !this.build} @click=${() => this.download('xlsx')}>${msg('Excel')}</button>
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}`;
  }

  private async download(format: 'csv' | 'xlsx') {
    if (!this.build) return;
    this.busy = true;
    this.error = '';
    try {
      await downloadTable(this.build(format));
    } catch (e) {
      this.error = (e as Error).message || msg('The export failed.');
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-export-buttons': NsExportButtons;
  }
}
