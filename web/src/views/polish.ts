/**
 * Issue 19 features shared by the overview, scorecard and heatmap views: the exceptions filter
 * (off track / at risk), period comparison (vs last month, vs the same month last year) and the
 * pieces of "export what you see". Pure functions and small templates; the views keep the
 * state in the URL (`show=below|off`, `vs=month|year`).
 */
import { html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { formatGap, formatPeriod, formatPoints, formatScore, unitLabel } from '../format.ts';
import { statusLabel } from '../labels.ts';
import type { Change, Comparison, HeatmapRow, Locale, Scorecard, Status } from '../types.ts';

/** `show` URL option: every row, only rows below target (off track or at risk), only off track. */
export type ExceptionFilter = 'all' | 'below' | 'off';
export const parseFilter = (v: string | undefined): ExceptionFilter => (v === 'below' || v === 'off' ? v : 'all');

export function passes(status: Status | null | undefined, filter: ExceptionFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'off') return status === 'off_track';
  return status === 'off_track' || status === 'at_risk';
}

/** The card with only the indicators the filter lets through (and the objectives and perspectives that hold them). */
export function exceptionsOnly(card: Scorecard, filter: ExceptionFilter): Scorecard {
  if (filter === 'all') return card;
  const perspectives = card.perspectives
    .map((p) => ({ ...p, objectives: p.objectives.map((o) => ({ ...o, indicators: o.indicators.filter((i) => passes(i.status, filter)) })).filter((o) => o.indicators.length) }))
    .filter((p) => p.objectives.length);
  return { ...card, perspectives };
}

/** Heatmap rows with at least one cell (or the row itself) the filter lets through; their parents stay for context. */
export function heatmapExceptions(rows: readonly HeatmapRow[], filter: ExceptionFilter): HeatmapRow[] {
  if (filter === 'all') return [...rows];
  const hit = (r: HeatmapRow) => passes(r.status, filter) || Object.values(r.cells).some((c) => passes(c.status, filter));
  return rows.filter(hit);
}

/** `vs` URL option: compare with the period before (default) or the same period last year. */
export type CompareWith = 'month' | 'year';
export const parseCompare = (v: string | undefined): CompareWith => (v === 'year' ? 'year' : 'month');
export const changeFor = (compare: Comparison | null | undefined, vs: CompareWith): Change | null => (compare ? (vs === 'year' ? compare.lastYear : compare.previous) : null);

export function compareLabel(vs: CompareWith): string {
  return vs === 'year' ? msg('vs last year') : msg('vs last month');
}

/** The change of a score in score points ("+2.3 pts" / "+2.3점"), or "–" without one. */
export function formatScoreDelta(delta: number | null | undefined, locale: Locale): string {
  if (typeof delta !== 'number' || !Number.isFinite(delta)) return '–';
  const n = (delta > 0 ? '+' : '') + formatScore(delta, locale);
  return locale === 'ko' ? `${n}점` : `${n} pts`;
}

/** The change of an actual in its unit; between two percentages in pp / %p. */
export function formatActualDelta(delta: number | null | undefined, unit: string | null | undefined, locale: Locale): string {
  if ((unit ?? '').trim() === '%') return formatPoints(delta, locale);
  return formatGap(delta, unit, locale);
}

/** Period labels of the comparison cells, formatted once (a scorecard has one or two periods but hundreds of rows). */
const periodLabels = new Map<string, string>();
function periodLabel(period: string, locale: Locale): string {
  const key = `${locale}|${period}`;
  let label = periodLabels.get(key);
  if (label === undefined) {
    label = formatPeriod(period, locale);
    if (periodLabels.size > 200) periodLabels.clear();
    periodLabels.set(key, label);
  }
  return label;
}

/** A comparison cell: the score change (coloured by sign) and, for indicators, the actual's change below. */
export function renderChange(change: Change | null, locale: Locale, unit?: string | null) {
  if (!change) return nothing;
  const d = change.scoreDelta;
  const cls = typeof d === 'number' ? (d > 0 ? 'favourable' : d < 0 ? 'unfavourable' : '') : '';
  const period = periodLabel(change.period, locale);
  const title = change.score === null ? msg(str`No score in ${period}`) : msg(str`${formatScore(change.score, locale)} in ${period}`);
  return html`<span class="change ${cls}" data-testid="change" title=${title}
    >${formatScoreDelta(d, locale)}${unit !== undefined && change.actualDelta !== undefined
      ? html`<span class="sub">${formatActualDelta(change.actualDelta, unit, locale)}</span>`
      : nothing}</span
  >`;
}

/** The filter and comparison controls of a view's toolbar. */
export function renderFilterControls(filter: ExceptionFilter, onFilter: (f: ExceptionFilter) => void) {
  const opts: [ExceptionFilter, string][] = [
    ['all', msg('All')],
    ['below', msg('Below target')],
    ['off', statusLabel('off_track')],
  ];
  return html`<div class="segmented" role="group" aria-label=${msg('Show')} data-testid="exception-filter">
    ${opts.map(([f, label]) => html`<button type="button" class="btn" data-filter=${f} aria-pressed=${filter === f ? 'true' : 'false'} @click=${() => onFilter(f)}>${label}</button>`)}
  </div>`;
}

export function renderCompareControls(vs: CompareWith, onCompare: (vs: CompareWith) => void) {
  const opts: [CompareWith, string][] = [
    ['month', msg('vs last month')],
    ['year', msg('vs last year')],
  ];
  return html`<div class="segmented" role="group" aria-label=${msg('Compare')} data-testid="compare-switch">
    ${opts.map(([v, label]) => html`<button type="button" class="btn" data-vs=${v} aria-pressed=${vs === v ? 'true' : 'false'} @click=${() => onCompare(v)}>${label}</button>`)}
  </div>`;
}

/** A unit of measure for an export column ("백만원", "%"). */
export const measureLabel = (unit: string | null | undefined, locale: Locale) => unitLabel(unit, locale);

/** The file name of an export: view, unit, period ("scorecard-SEOUL-2026-03"). */
export const exportName = (view: string, unit: string, period: string) => `${view}-${unit}-${period}`;
