import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { formatNumber, formatPeriod, formatScore, formatShare, formatValue, NONE } from '../format.ts';
import { localName } from '../i18n.ts';
import { perspectiveName } from '../labels.ts';
import type { Completeness, EvaluationBreakdown, Locale, LocalizedName } from '../types.ts';
import { countedLabel } from './evaluation-labels.ts';
import '../components/ns-status-badge.ts';
import '../components/ns-completeness-badge.ts';
import { completenessNote } from '../completeness.ts';

/** What the breakdown needs from the view around it. */
export interface BreakdownHost {
  locale: Locale;
  unitLabel(code: string): string;
  close(): void;
}

/**
 * One unit's evaluation down to its indicators (`drill=UNIT`): rank, grade, score, adjustments,
 * then every perspective, objective and indicator with its weight, values, score and how it
 * counted.
 */
export function renderUnitBreakdown(b: EvaluationBreakdown, host: BreakdownHost) {
  const l = host.locale;
  const name = (n: LocalizedName, code: string) => localName(n, code);
  return html`<div class="view-header" style="margin-bottom:8px">
      <h2 id="breakdown-title" tabindex="-1">${msg(str`Breakdown: ${localName(b.name, host.unitLabel(b.unit))}`)}</h2>
      <button type="button" class="btn" data-testid="breakdown-close" @click=${host.close}>${msg('Close')}</button>
    </div>
    <dl class="meta">
      <div><dt>${msg('Rank')}</dt><dd>${b.rank ?? NONE}</dd></div>
      <div><dt>${msg('Grade')}</dt><dd>${b.grade ?? msg('Not graded')}</dd></div>
      <div><dt>${msg('Score')}</dt><dd>${formatScore(b.score, l)}</dd></div>
      <div><dt>${msg('Adjustment')}</dt><dd>${formatNumber(b.adjustment, l, 2)}</dd></div>
      <div><dt>${msg('Total')}</dt><dd>${formatScore(b.total, l)}</dd></div>
      <div><dt>${msg('Coverage')}</dt><dd>${formatShare(b.coverage, l)}</dd></div>
      <div><dt>${msg('Months')}</dt><dd>${formatPeriod(b.months[0], l)} – ${formatPeriod(b.months[b.months.length - 1], l)}</dd></div>
    </dl>
    ${b.adjustments.length
      ? html`<h3 style="margin:12px 0 4px">${msg('Adjustments (가감점)')}</h3>
          <ul data-testid="breakdown-adjustments">
            ${b.adjustments.map((a) => html`<li><strong>${a.points > 0 ? '+' : ''}${formatNumber(a.points, l, 2)}</strong> · ${a.reason}${a.approvedBy ? html` · <span class="muted">${msg(str`approved by ${a.approvedBy}`)}</span>` : nothing}</li>`)}
          </ul>`
      : nothing}
    <div class="table-wrap" style="margin-top:12px">
      <table aria-labelledby="breakdown-title" data-testid="breakdown-table">
        <thead>
          <tr>
            <th scope="col">${msg('Perspective / objective / indicator')}</th>
            <th scope="col" class="num">${msg('Weight')}</th>
            <th scope="col" class="num">${msg('Actual')}</th>
            <th scope="col" class="num">${msg('Target')}</th>
            <th scope="col" class="num">${msg('Score')}</th>
            <th scope="col">${msg('Status')}</th>
          </tr>
        </thead>
        <tbody>
          ${b.perspectives.map(
            (p) => html`<tr class="level-1">
                <th scope="row">${perspectiveName(p.code, p.name)}</th>
                <td class="num">${formatNumber(p.weight, l)}</td>
                <td></td>
                <td></td>
                <td class="num"><strong>${formatScore(p.score, l)}</strong></td>
                <td>${p.applies ? msg(str`Coverage ${formatShare(p.coverage, l)}`) : msg('Does not apply')}</td>
              </tr>
              ${p.objectives.map(
                (o) => html`<tr class="level-2">
                    <th scope="row">${name(o.name, o.code)}</th>
                    <td class="num">${formatNumber(o.weight, l)}</td>
                    <td></td>
                    <td></td>
                    <td class="num">${formatScore(o.score, l)}</td>
                    <td>${o.applies ? msg(str`Coverage ${formatShare(o.coverage, l)}`) : msg('Does not apply')}</td>
                  </tr>
                  ${o.indicators.map(
                    (i) => html`<tr class="level-3" data-indicator=${i.code}>
                      <th scope="row">${name(i.name, i.code)} <span class="muted">${i.code}</span></th>
                      <td class="num">${formatNumber(i.weight, l)}</td>
                      <td class="num">${formatValue(i.actual, i.unit, l)}</td>
                      <td class="num">${formatValue(i.target, i.unit, l)}</td>
                      <td class="num">${formatScore(i.score, l)}</td>
                      <td><ns-status-badge status=${i.status}></ns-status-badge> <span class="muted">${countedLabel(i)}</span> <ns-completeness-badge .note=${completenessNote((i as { completeness?: Completeness | null }).completeness, { locale: host.locale, unitName: (code) => host.unitLabel(code) })}></ns-completeness-badge>${i.warning ? html`<div class="muted">${i.warning}</div>` : nothing}</td>
                    </tr>`,
                  )}`,
              )}`,
          )}
        </tbody>
      </table>
    </div>`;
}
