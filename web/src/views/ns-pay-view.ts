/**
 * People and pay (인사/급여 반영): pick an evaluation cycle, see and edit its pay policy while
 * the cycle is open, check fairness before finalising, import the roster, and take the payouts
 * of a finalised version through preparation, approval and freezing; export them for payroll.
 * URL: /pay?cycle=CODE&version=N.
 */
import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { buildUrl, isApiError, request } from '../api.ts';
import { formatCount } from '../format.ts';
import { localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { Grant, LocalizedName } from '../types.ts';
import { renderTask, retryTask } from '../components/ns-state.ts';
import '../components/ns-fairness-panel.ts';
import '../components/ns-payout-table.ts';
import '../components/ns-roster-import.ts';
import type { PayoutDocument } from '../components/ns-payout-table.ts';
import { payAccess } from './ns-pay-access.ts';
import { ViewElement } from './view-element.ts';

interface CycleSummary {
  code: string;
  name: LocalizedName;
  version: number | null;
  status: string | null;
}
interface CycleDetail {
  code: string;
  name: LocalizedName;
  status: string | null;
  definition: { pay?: { rates: Record<string, number>; proration: string; rounding: number }; grading: { bands?: { grade: string }[]; distribution?: { grade: string }[] } };
  versions: { version: number; status: string; finalizedBy: string | null }[];
}

const ROUNDING_STEPS = [1, 10, 100, 1000, 10000];

@localized()
@customElement('ns-pay-view')
export class NsPayView extends ViewElement {
  protected readonly routeName = 'pay' as const;
  static override styles = [
    baseStyles,
    css`
      section { margin-block: 1.25rem; }
      .row { display: flex; gap: 0.75rem; align-items: end; flex-wrap: wrap; }
      .rates label { display: inline-flex; flex-direction: column; margin-right: 0.5rem; }
      .rates input { width: 5rem; }
      .status { font-weight: 600; }
      .warning { color: var(--ns-warning, #8a5a00); }
      .error { color: var(--ns-danger, #b00020); }
    `,
  ];

  @property({ attribute: false }) grants: readonly Grant[] = [];
  @state() private rates: Record<string, number> = {};
  @state() private rounding = 1000;
  @state() private message = '';

  private get access() {
    return payAccess(this.grants, this.units);
  }

  private cycles = new Task(this, {
    task: ([], { signal }) => request<CycleSummary[]>('GET', '/evaluations', { signal }),
    args: () => [] as const,
  });

  private get code(): string {
    const list = this.cycles.value ?? [];
    return this.params.cycle ?? list.find((c) => c.status === 'final')?.code ?? list[0]?.code ?? '';
  }

  private detail = new Task(this, {
    task: async ([code], { signal }) => {
      if (!code) return null;
      const detail = await request<CycleDetail>('GET', `/evaluations/${encodeURIComponent(code)}`, { signal });
      this.rates = { ...(detail.definition.pay?.rates ?? {}) };
      for (const g of this.gradesOf(detail)) this.rates[g] ??= 100;
      this.rounding = detail.definition.pay?.rounding ?? 1000;
      return detail;
    },
    args: () => [this.code] as const,
  });

  private payouts = new Task(this, {
    task: async ([code, version], { signal }) => {
      if (!code) return null;
      try {
        return await request<PayoutDocument>('GET', `/evaluations/${encodeURIComponent(code)}/payouts`, { query: { version }, signal });
      } catch (e) {
        if (isApiError(e) && (e.code === 'not_final' || e.code === 'no_pay_policy')) return e.message;
        throw e;
      }
    },
    args: () => [this.code, this.params.version] as const,
  });

  private gradesOf(detail: CycleDetail): string[] {
    return [...new Set([...(detail.definition.grading.distribution ?? []), ...(detail.definition.grading.bands ?? [])].map((g) => g.grade))];
  }

  private async act(step: 'prepare' | 'approve' | 'freeze', version: number) {
    this.message = '';
    try {
      await request('POST', `/evaluations/${encodeURIComponent(this.code)}/payouts/${step}`, { body: { version } });
      await this.payouts.run();
    } catch (e) {
      this.message = e instanceof Error ? e.message : String(e);
    }
  }

  private async savePolicy() {
    this.message = '';
    try {
      await request('PUT', `/evaluations/${encodeURIComponent(this.code)}/pay`, { body: { rates: this.rates, proration: 'days', rounding: this.rounding } });
      await this.detail.run();
      this.message = msg('Pay policy saved.');
    } catch (e) {
      this.message = e instanceof Error ? e.message : String(e);
    }
  }

  private renderPolicy(detail: CycleDetail | null) {
    if (!detail) return html`<ns-state kind="empty" message=${msg('No evaluation cycle yet.')}></ns-state>`;
    const editable = this.access.approve && detail.status === 'provisional';
    const grades = this.gradesOf(detail);
    return html`<section aria-labelledby="policy-title">
      <h2 id="policy-title">${msg('Pay policy')}</h2>
      ${!detail.definition.pay && !editable ? html`<p>${msg('This cycle has no pay policy.')}</p>` : nothing}
      <div class="rates" role="group" aria-label=${msg('Rate by grade (% of base)')}>
        ${grades.map(
          (g) => html`<label>${msg(str`Grade ${g} (%)`)}
            <input type="number" min="0" max="1000" step="0.01" .value=${String(this.rates[g] ?? '')} ?disabled=${!editable} @input=${(e: Event) => (this.rates = { ...this.rates, [g]: Number((e.target as HTMLInputElement).value) })} />
          </label>`,
        )}
        <label>${msg('Rounding (half up)')}
          <select ?disabled=${!editable} @change=${(e: Event) => (this.rounding = Number((e.target as HTMLSelectElement).value))}>
            ${ROUNDING_STEPS.map((s) => html`<option value=${s} ?selected=${s === this.rounding}>${formatCount(s, this.locale)}</option>`)}
          </select>
        </label>
      </div>
      <p>${msg('Proration: by days in each unit during the span.')}</p>
      ${editable ? html`<button @click=${this.savePolicy}>${msg('Save pay policy')}</button>` : html`<p>${msg('The policy is fixed with the finalised version; reopen the cycle to change it.')}</p>`}
    </section>`;
  }

  private renderRun(doc: PayoutDocument | string | null) {
    if (doc === null) return nothing;
    if (typeof doc === 'string') return html`<section><h2>${msg('Payouts')}</h2><p>${doc}</p></section>`;
    const statusText = { draft: msg('draft (not prepared)'), prepared: msg('prepared'), approved: msg('approved'), frozen: msg('frozen') }[doc.status];
    const exportUrl = (format: string, locale: string) => buildUrl(`/evaluations/${encodeURIComponent(doc.cycle)}/payouts/export`, { format, version: doc.version, locale });
    return html`<section aria-labelledby="run-title">
      <h2 id="run-title">${msg(str`Payouts of version ${doc.version}`)}</h2>
      <p>
        <span class="status" data-testid="run-status">${statusText}</span>
        ${doc.run !== null ? msg(str`run ${doc.run}`) : nothing} · ${doc.span.from} – ${doc.span.to} (${msg(str`${doc.span.days} days`)})
        ${doc.preparedBy ? html` · ${msg('prepared by')} ${doc.preparedBy}` : nothing}
        ${doc.approvedBy ? html` · ${msg('approved by')} ${doc.approvedBy}` : nothing}
        ${doc.frozenBy ? html` · ${msg('frozen by')} ${doc.frozenBy}` : nothing}
      </p>
      ${doc.rosterChanged && doc.status !== 'frozen' ? html`<p class="warning">${msg('The roster changed after this run was prepared; prepare it again.')}</p>` : nothing}
      <div class="row">
        ${this.access.prepare && doc.evaluationStatus === 'final' && (doc.status === 'draft' || doc.status === 'prepared')
          ? html`<button @click=${() => this.act('prepare', doc.version)}>${doc.status === 'draft' ? msg('Prepare') : msg('Prepare again')}</button>`
          : nothing}
        ${this.access.approve && doc.status === 'prepared' ? html`<button @click=${() => this.act('approve', doc.version)}>${msg('Approve')}</button>` : nothing}
        ${this.access.approve && doc.status === 'approved' ? html`<button @click=${() => this.act('freeze', doc.version)}>${msg('Freeze')}</button>` : nothing}
        <span>${msg('Export')}:</span>
        <a href=${exportUrl('xlsx', 'ko')} download>XLSX (한국어)</a>
        <a href=${exportUrl('csv', 'ko')} download>CSV (한국어)</a>
        <a href=${exportUrl('xlsx', 'en')} download>XLSX (English)</a>
        <a href=${exportUrl('json', 'en')} download>JSON</a>
      </div>
      ${doc.ineligible ? html`<p>${msg(str`${doc.ineligible} ineligible employees have no row.`)}</p>` : nothing}
      ${doc.warnings.length ? html`<details><summary class="warning">${msg(str`${doc.warnings.length} warnings`)}</summary><ul>${doc.warnings.map((w) => html`<li>${w}</li>`)}</ul></details>` : nothing}
      <ns-payout-table .doc=${doc}></ns-payout-table>
    </section>`;
  }

  override render() {
    if (!this.access.read) return html`<ns-state kind="empty" message=${msg('Pay data is visible to reviewers, HR and administrators only.')}></ns-state>`;
    return html`<div data-view="pay" @ns-retry=${(e: Event) => retryTask(e, { cycles: this.cycles, detail: this.detail, payouts: this.payouts })} @ns-roster-imported=${() => this.payouts.run()}>
      <h1>${msg('People and pay')}</h1>
      ${renderTask(
        this.cycles,
        (list) => html`<label>${msg('Evaluation cycle')}
          <select @change=${(e: Event) => this.setParams({ cycle: (e.target as HTMLSelectElement).value, version: undefined })}>
            ${list.map((c) => html`<option value=${c.code} ?selected=${c.code === this.code}>${c.code} · ${localName(c.name, c.code)} (v${c.version ?? '—'} ${c.status ?? ''})</option>`)}
          </select>
        </label>`,
        'cycles',
      )}
      ${renderTask(
        this.detail,
        (detail) => html`${detail && detail.versions.filter((v) => v.status !== 'provisional').length > 1
            ? html`<label>${msg('Version')}
                <select @change=${(e: Event) => this.setParams({ version: (e.target as HTMLSelectElement).value })}>
                  ${detail.versions.filter((v) => v.status !== 'provisional').map((v) => html`<option value=${v.version} ?selected=${String(v.version) === (this.params.version ?? '')}>v${v.version} (${v.status})</option>`)}
                </select>
              </label>`
            : nothing}
          ${this.renderPolicy(detail)}`,
        'detail',
      )}
      ${this.message ? html`<p role="status" class=${this.message.endsWith('.') ? '' : 'error'}>${this.message}</p>` : nothing}
      ${this.code ? html`<ns-fairness-panel .code=${this.code} ?canAcknowledge=${this.access.acknowledge}></ns-fairness-panel>` : nothing}
      ${this.access.roster ? html`<ns-roster-import></ns-roster-import>` : nothing}
      ${renderTask(this.payouts, (doc) => this.renderRun(doc), 'payouts')}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-pay-view': NsPayView;
  }
}
