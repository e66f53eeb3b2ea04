/**
 * The payouts of a version: one row per employee (units with days and grade, effective rate,
 * base, payout), then a subtotal per unit and the total.
 */
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { formatNumber } from '../format.ts';
import { currentLocale, localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { LocalizedName } from '../types.ts';

export interface PayoutDocument {
  cycle: string;
  version: number;
  evaluationStatus: string;
  finalizedBy: string | null;
  run: number | null;
  status: 'draft' | 'prepared' | 'approved' | 'frozen';
  span: { from: string; to: string; days: number };
  policy: { rates: Record<string, number>; proration: string; rounding: number };
  rows: {
    employee: string;
    name: string;
    base: number;
    rate: number;
    payout: number;
    days: number;
    parts: { unit: string; unitName: LocalizedName; days: number; grade: string | null; rate: number | null; amount: number }[];
    warnings: string[];
  }[];
  totals: { units: { unit: string; name: LocalizedName; employees: number; days: number; payout: number }[]; overall: { employees: number; base: number; payout: number } };
  ineligible: number;
  warnings: string[];
  rosterChanged: boolean;
  preparedBy: string | null;
  approvedBy: string | null;
  frozenBy: string | null;
  frozenAt: string | null;
}

@localized()
@customElement('ns-payout-table')
export class NsPayoutTable extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .scroll { max-height: 32rem; overflow: auto; }
      table { border-collapse: collapse; width: 100%; }
      th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--ns-border, #ddd); text-align: left; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      tfoot td { font-weight: 600; }
      thead th { position: sticky; top: 0; background: var(--ns-surface, #fff); }
    `,
  ];

  @property({ attribute: false }) doc: PayoutDocument | null = null;

  override render() {
    const doc = this.doc;
    if (!doc) return html``;
    const locale = currentLocale();
    const money = (n: number) => formatNumber(n, locale, 0);
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${msg('Payouts')}>
      <table data-testid="payout-table">
        <thead>
          <tr><th>${msg('Employee')}</th><th>${msg('Name')}</th><th>${msg('Units (days, grade)')}</th><th class="num">${msg('Rate')}</th><th class="num">${msg('Base')}</th><th class="num">${msg('Payout')}</th></tr>
        </thead>
        <tbody>
          ${doc.rows.map(
            (r) => html`<tr>
              <td>${r.employee}</td>
              <td>${r.name}</td>
              <td>${r.parts.map((p) => `${localName(p.unitName, p.unit)} ${p.days}${msg('d')} ${p.grade ?? '—'}`).join(' · ')}</td>
              <td class="num">${formatNumber(r.rate, locale, 2)} %</td>
              <td class="num">${money(r.base)}</td>
              <td class="num">${money(r.payout)}</td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          ${doc.totals.units.map((u) => html`<tr><td></td><td>${msg('Subtotal')}</td><td>${localName(u.name, u.unit)} (${u.employees})</td><td></td><td></td><td class="num">${money(u.payout)}</td></tr>`)}
          <tr><td></td><td>${msg('Total')}</td><td>${doc.totals.overall.employees}</td><td></td><td class="num">${money(doc.totals.overall.base)}</td><td class="num" data-testid="payout-total">${money(doc.totals.overall.payout)}</td></tr>
        </tfoot>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-payout-table': NsPayoutTable;
  }
}
