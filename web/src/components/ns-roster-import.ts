/**
 * Roster import (people and pay): choose a CSV or XLSX file, check it (a dry run that shows who
 * is added, replaced or unchanged, or every bad row), then import it. All or nothing, as on the
 * server; fires `ns-roster-imported` (bubbles, composed) after an import.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { isApiError, request } from '../api.ts';
import { baseStyles } from '../styles.ts';

interface RosterChange {
  employee: string;
  name: string;
  status: 'added' | 'replaced' | 'unchanged';
  assignments: { unit: string; from: string; to: string | null }[];
}
interface RosterResult {
  file: string;
  rows: number;
  employees: number;
  added: number;
  replaced: number;
  unchanged: number;
  dryRun: boolean;
  importId: number | null;
  changes: RosterChange[];
}
interface RowError {
  row: number;
  field: string;
  message: string;
}

@localized()
@customElement('ns-roster-import')
export class NsRosterImport extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .actions { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
      table { border-collapse: collapse; margin-top: 0.5rem; }
      th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--ns-border, #ddd); text-align: left; }
      .error { color: var(--ns-danger, #b00020); }
    `,
  ];

  @state() private file: File | null = null;
  @state() private preview: RosterResult | null = null;
  @state() private done: RosterResult | null = null;
  @state() private errors: RowError[] = [];
  @state() private message = '';
  @state() private busy = false;

  private async send(dryRun: boolean) {
    if (!this.file) return;
    this.busy = true;
    this.message = '';
    this.errors = [];
    try {
      const result = await request<RosterResult>('POST', '/people/imports', {
        query: { filename: this.file.name, dryRun },
        raw: { body: await this.file.arrayBuffer(), contentType: 'application/octet-stream' },
      });
      if (dryRun) this.preview = result;
      else {
        this.done = result;
        this.preview = null;
        this.dispatchEvent(new CustomEvent('ns-roster-imported', { detail: result, bubbles: true, composed: true }));
      }
    } catch (e) {
      this.preview = null;
      if (isApiError(e) && Array.isArray(e.details)) this.errors = e.details as RowError[];
      this.message = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private choose(e: Event) {
    this.file = (e.target as HTMLInputElement).files?.[0] ?? null;
    this.preview = null;
    this.done = null;
    this.errors = [];
    this.message = '';
  }

  private statusLabel(status: RosterChange['status']) {
    return status === 'added' ? msg('added') : status === 'replaced' ? msg('replaced') : msg('unchanged');
  }

  override render() {
    const summary = (r: RosterResult) => msg(str`${r.employees} employees: ${r.added} added, ${r.replaced} replaced, ${r.unchanged} unchanged`);
    return html`
      <section aria-labelledby="roster-title">
        <h2 id="roster-title">${msg('Roster')}</h2>
        <p>${msg('CSV or XLSX with the columns employee, name, unit, from, to, base, eligible. A file replaces the assignments of the employees it names; nothing is imported if any row is wrong.')}</p>
        <div class="actions">
          <label>${msg('Roster file')} <input type="file" accept=".csv,.xlsx" @change=${this.choose} data-testid="roster-file" /></label>
          <button ?disabled=${!this.file || this.busy} @click=${() => this.send(true)}>${msg('Check')}</button>
          <button ?disabled=${!this.preview || this.busy || (this.preview.added === 0 && this.preview.replaced === 0)} @click=${() => this.send(false)} data-testid="roster-apply">${msg('Import')}</button>
        </div>
        ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
        ${this.errors.length
          ? html`<table aria-label=${msg('Rows with errors')}>
              <thead><tr><th>${msg('Row')}</th><th>${msg('Column')}</th><th>${msg('Problem')}</th></tr></thead>
              <tbody>${this.errors.map((e) => html`<tr><td>${e.row}</td><td>${e.field}</td><td>${e.message}</td></tr>`)}</tbody>
            </table>`
          : nothing}
        ${this.preview
          ? html`<p data-testid="roster-preview">${msg('Preview')}: ${summary(this.preview)}</p>
              <table aria-label=${msg('Changes')}>
                <thead><tr><th>${msg('Employee')}</th><th>${msg('Name')}</th><th>${msg('Change')}</th><th>${msg('Assignments')}</th></tr></thead>
                <tbody>
                  ${this.preview.changes
                    .filter((c) => c.status !== 'unchanged')
                    .slice(0, 200)
                    .map((c) => html`<tr><td>${c.employee}</td><td>${c.name}</td><td>${this.statusLabel(c.status)}</td><td>${c.assignments.map((a) => `${a.unit} ${a.from}–${a.to ?? ''}`).join('; ')}</td></tr>`)}
                </tbody>
              </table>`
          : nothing}
        ${this.done ? html`<p role="status">${this.done.importId === null ? msg('Nothing changed.') : msg(str`Imported: ${summary(this.done)}`)}</p>` : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-roster-import': NsRosterImport;
  }
}
