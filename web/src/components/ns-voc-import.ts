/**
 * VOC file import: choose a CSV or XLSX file (the columns of DESIGN.md §3 "VOC"), upload it to
 * `POST /voc/imports` and show what changed, or every bad row (row, column, reason). All or
 * nothing, as on the server; fires `ns-voc-imported` (bubbles, composed) after an import.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { isApiError } from '../api.ts';
import { baseStyles } from '../styles.ts';
import { rowProblems, vocApi, type RowProblem, type VocWriteResult } from '../voc.ts';
import { vocStyles } from './voc-styles.ts';

@localized()
@customElement('ns-voc-import')
export class NsVocImport extends LitElement {
  static override styles = [
    baseStyles,
    vocStyles,
    css`
      .columns {
        font-family: var(--ns-font-mono);
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @state() private file: File | null = null;
  @state() private result: VocWriteResult | null = null;
  @state() private problems: RowProblem[] = [];
  @state() private message = '';
  @state() private busy = false;

  override render() {
    const r = this.result;
    return html`<section aria-labelledby="voc-import-title" data-testid="voc-import">
      <h2 id="voc-import-title">${msg('Import a VOC file')}</h2>
      <p class="hint">${msg('CSV or XLSX with these columns (a record with the same id is updated; nothing is imported if any row is wrong):')}</p>
      <p class="columns">id, received_at, channel, type, category, unit, severity, customer, text, status, assignee, resolved_at, resolution, root_cause, repeat_of</p>
      <div class="actions" style="margin-top:8px">
        <label class="field"
          ><span class="label">${msg('VOC file')}</span>
          <input type="file" accept=".csv,.xlsx" data-testid="voc-import-file" @change=${this.choose}
        /></label>
        <button type="button" class="btn primary" ?disabled=${!this.file || this.busy} data-testid="voc-import-submit" @click=${this.send}>${msg('Import')}</button>
      </div>
      ${this.message ? html`<p class="alert" role="alert" style="margin-top:8px" data-testid="voc-import-error">${this.message}</p>` : nothing}
      ${this.problems.length
        ? html`<div class="table-wrap">
            <table class="records" aria-label=${msg('Rows with errors')} data-testid="voc-import-problems">
              <thead><tr><th scope="col">${msg('Row')}</th><th scope="col">${msg('Column')}</th><th scope="col">${msg('Problem')}</th></tr></thead>
              <tbody>
                ${this.problems.slice(0, 500).map((p) => html`<tr><td data-label=${msg('Row')}>${p.row ?? '–'}</td><td data-label=${msg('Column')}>${p.field || '–'}</td><td data-label=${msg('Problem')}>${p.reason}</td></tr>`)}
              </tbody>
            </table>
          </div>`
        : nothing}
      ${r
        ? html`<p class="ok" role="status" style="margin-top:8px" data-testid="voc-import-summary">
              ${msg(str`Imported: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged.`)}
            </p>
            ${r.notices?.length ? html`<ul class="hint">${r.notices.map((n) => html`<li>${typeof n === 'string' ? n : (n as { message?: string }).message ?? JSON.stringify(n)}</li>`)}</ul>` : nothing}`
        : nothing}
    </section>`;
  }

  private choose(e: Event) {
    this.file = (e.target as HTMLInputElement).files?.[0] ?? null;
    this.result = null;
    this.problems = [];
    this.message = '';
  }

  private send = async () => {
    if (!this.file) return;
    this.busy = true;
    this.message = '';
    this.problems = [];
    this.result = null;
    try {
      this.result = await vocApi.importFile(this.file);
      this.dispatchEvent(new CustomEvent('ns-voc-imported', { detail: this.result, bubbles: true, composed: true }));
    } catch (e) {
      this.problems = rowProblems(e);
      this.message = isApiError(e) ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-voc-import': NsVocImport;
  }
}
