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
import type { Column } from '../components/ns-table.ts';
import '../components/ns-table.ts';

/** One line of the breakdown table: a perspective (1), objective (2) or indicator (3). */
interface Line {
  level: 1 | 2 | 3;
  indicator?: string;
  name: unknown;
  weight: number | null | undefined;
  actual: string;
  target: string;
  score: number | null | undefined;
  status: unknown;
}

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
  const coverage = (applies: boolean, c: number | null | undefined) => (applies ? msg(str`Coverage ${formatShare(c, l)}`) : msg('Does not apply'));
  const rows: Line[] = b.perspectives.flatMap((p) => [
    { level: 1 as const, name: perspectiveName(p.code, p.name), weight: p.weight, actual: '', target: '', score: p.score, status: coverage(p.applies, p.coverage) },
    ...p.objectives.flatMap((o) => [
      { level: 2 as const, name: name(o.name, o.code), weight: o.weight, actual: '', target: '', score: o.score, status: coverage(o.applies, o.coverage) },
      ...o.indicators.map((i) => ({
        level: 3 as const,
        indicator: i.code,
        name: html`${name(i.name, i.code)} <span class="muted">${i.code}</span>`,
        weight: i.weight,
        actual: formatValue(i.actual, i.unit, l),
        target: formatValue(i.target, i.unit, l),
        score: i.score,
        status: html`<ns-status-badge status=${i.status}></ns-status-badge> <span class="muted">${countedLabel(i)}</span> <ns-completeness-badge .note=${completenessNote((i as { completeness?: Completeness | null }).completeness, { locale: host.locale, unitName: (code) => host.unitLabel(code) })}></ns-completeness-badge>${i.warning ? html`<div class="muted">${i.warning}</div>` : nothing}`,
      })),
    ]),
  ]);
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
    <ns-table
      style="margin-top:12px"
      label=${msg('Perspective / objective / indicator')}
      table-testid="breakdown-table"
      .rows=${rows}
      .rowClass=${(r: Line) => `level-${r.level}`}
      .rowAttrs=${(r: Line) => ({ 'data-indicator': r.indicator ?? null })}
      .columns=${[
        { key: 'name', label: msg('Perspective / objective / indicator'), render: (r: Line) => r.name },
        { key: 'weight', label: msg('Weight'), numeric: true, render: (r: Line) => formatNumber(r.weight, l) },
        { key: 'actual', label: msg('Actual'), numeric: true, render: (r: Line) => r.actual },
        { key: 'target', label: msg('Target'), numeric: true, render: (r: Line) => r.target },
        { key: 'score', label: msg('Score'), numeric: true, render: (r: Line) => (r.level === 1 ? html`<strong>${formatScore(r.score, l)}</strong>` : formatScore(r.score, l)) },
        { key: 'status', label: msg('Status'), render: (r: Line) => r.status },
      ] satisfies Column<Line>[]}
    ></ns-table>`;
}
