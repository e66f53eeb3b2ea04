/**
 * Fairness checks before finalising (people and pay): the grade distribution per division, and
 * the units whose coverage or completeness is below the cycle's thresholds. Those block
 * finalising until acknowledged with a reason (admins; audited on the server).
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { request } from '../api.ts';
import { formatNumber } from '../format.ts';
import { currentLocale, localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { LocalizedName } from '../types.ts';
import { renderTask, retryTask } from './ns-state.ts';

interface Flagged {
  unit: string;
  name: LocalizedName;
  coverage: number;
  completeness: number | null;
  reasons: string[];
  acknowledged: { reason: string; by: string; at: string } | null;
}
export interface Fairness {
  cycle: string;
  version: number;
  provisional: boolean;
  thresholds: { minCoverage?: number; minCompleteness?: number } | null;
  divisions: { division: string; name: LocalizedName; units: number; grades: Record<string, number> }[];
  flagged: Flagged[];
  blocking: boolean;
}

@localized()
@customElement('ns-fairness-panel')
export class NsFairnessPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      table { border-collapse: collapse; }
      th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--ns-border, #ddd); text-align: left; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      .blocking { color: var(--ns-danger, #b00020); font-weight: 600; }
      textarea { width: 100%; max-width: 36rem; }
    `,
  ];

  @property() code = '';
  @property({ type: Boolean }) canAcknowledge = false;
  @state() private chosen = new Set<string>();
  @state() private reason = '';
  @state() private message = '';

  private fairness = new Task(this, {
    task: ([code], { signal }) => request<Fairness>('GET', `/evaluations/${encodeURIComponent(code)}/fairness`, { signal }),
    args: () => [this.code] as const,
  });

  private async acknowledge() {
    this.message = '';
    try {
      await request('POST', `/evaluations/${encodeURIComponent(this.code)}/fairness/acknowledgments`, { body: { units: [...this.chosen], reason: this.reason } });
      this.chosen = new Set();
      this.reason = '';
      await this.fairness.run();
    } catch (e) {
      this.message = e instanceof Error ? e.message : String(e);
    }
  }

  private toggle(unit: string, on: boolean) {
    const next = new Set(this.chosen);
    if (on) next.add(unit);
    else next.delete(unit);
    this.chosen = next;
  }

  private renderFairness(f: Fairness) {
    const locale = currentLocale();
    const grades = [...new Set(f.divisions.flatMap((d) => Object.keys(d.grades)))].sort();
    const pct = (x: number | null) => (x === null ? '—' : `${formatNumber(x * 100, locale, 1)} %`);
    return html`
      <table aria-label=${msg('Grade distribution per division')}>
        <thead><tr><th>${msg('Division')}</th><th>${msg('Units')}</th>${grades.map((g) => html`<th>${g}</th>`)}</tr></thead>
        <tbody>
          ${f.divisions.map((d) => html`<tr><td>${localName(d.name, d.division)}</td><td class="num">${d.units}</td>${grades.map((g) => html`<td class="num">${d.grades[g] ?? 0}</td>`)}</tr>`)}
        </tbody>
      </table>
      ${f.thresholds === null
        ? html`<p>${msg('The cycle sets no coverage or completeness threshold.')}</p>`
        : f.flagged.length === 0
          ? html`<p>${msg('No unit is below the thresholds.')}</p>`
          : html`
              <p class=${f.blocking ? 'blocking' : ''} role=${f.blocking ? 'alert' : 'status'}>
                ${f.blocking ? msg('Finalising is blocked until every listed unit is acknowledged with a reason.') : msg('Every listed unit is acknowledged.')}
              </p>
              <table aria-label=${msg('Units below the thresholds')}>
                <thead><tr><th></th><th>${msg('Unit')}</th><th>${msg('Coverage')}</th><th>${msg('Completeness')}</th><th>${msg('Why')}</th><th>${msg('Acknowledged')}</th></tr></thead>
                <tbody>
                  ${f.flagged.map(
                    (u) => html`<tr>
                      <td>${this.canAcknowledge && f.provisional && !u.acknowledged ? html`<input type="checkbox" aria-label=${msg(str`Acknowledge ${u.unit}`)} .checked=${this.chosen.has(u.unit)} @change=${(e: Event) => this.toggle(u.unit, (e.target as HTMLInputElement).checked)} />` : nothing}</td>
                      <td>${localName(u.name, u.unit)}</td>
                      <td class="num">${pct(u.coverage)}</td>
                      <td class="num">${pct(u.completeness)}</td>
                      <td>${u.reasons.join('; ')}</td>
                      <td>${u.acknowledged ? `${u.acknowledged.by}: ${u.acknowledged.reason}` : '—'}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
              ${this.canAcknowledge && f.provisional && f.blocking
                ? html`<label>${msg('Reason')}<br /><textarea rows="2" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea></label>
                    <p><button ?disabled=${this.chosen.size === 0 || this.reason.trim().length < 3} @click=${this.acknowledge}>${msg('Acknowledge')}</button></p>`
                : nothing}
              ${this.message ? html`<p role="alert">${this.message}</p>` : nothing}
            `}
    `;
  }

  override render() {
    return html`<section aria-labelledby="fairness-title" @ns-retry=${(e: Event) => retryTask(e, { fairness: this.fairness })}>
      <h2 id="fairness-title">${msg('Fairness checks')}</h2>
      ${renderTask(this.fairness, (f) => this.renderFairness(f), 'fairness')}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-fairness-panel': NsFairnessPanel;
  }
}
