import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api, buildUrl, request } from '../api.ts';
import { formatNumber, formatPeriod, unitLabel } from '../format.ts';
import { currentLocale, localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { LocalizedName, SurveyResult } from '../types.ts';
import { ViewElement } from './view-element.ts';
import { renderTask, retryTask } from '../components/ns-state.ts';
import type { Column } from '../components/ns-table.ts';
import '../components/ns-table.ts';

export const INITIATIVE_STATUSES = ['planned', 'in_progress', 'done', 'on_hold'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

export interface ActionItem {
  title: string;
  due?: string;
  done: boolean;
}

export interface Initiative {
  code: string;
  title: string;
  unit: string;
  indicators: string[];
  owner?: string;
  start?: string;
  end?: string;
  evaluation?: string;
  target?: number;
  baseline?: number;
  current?: number;
  status: InitiativeStatus;
  actions: ActionItem[];
  improvement?: { rate: number | null; improved: boolean | null; warning: string | null };
  progress?: number | null;
}

interface Comparison {
  name: string;
  value: number;
  gap: number | null;
  gapPct: number | null;
  favourable: boolean | null;
}
interface BenchmarkView {
  indicator: { code: string; name: LocalizedName; unit: string; direction: string };
  periods: { period: string; own: number | null; top: Comparison | null; competitors: Comparison[] }[];
}
/** A benchmark row (PUT /benchmarks). */
export interface BenchmarkInput {
  indicator: string;
  period: string;
  competitor: string;
  value: number;
}

/**
 * Competitor CSI values from the survey of a month, as benchmark rows of `indicator` (no
 * retyping): one per competitor segment (not the own one) with a CSI, named by the segment's
 * label (else its value), rounded to two decimals as the benchmark tables show them.
 */
export function surveyBenchmarks(survey: Pick<SurveyResult, 'period' | 'segments'> | null, indicator: string): BenchmarkInput[] {
  if (!survey || !indicator) return [];
  return survey.segments
    .filter((s) => !s.own && typeof s.csi === 'number' && Number.isFinite(s.csi))
    .map((s) => ({ indicator, period: survey.period, competitor: localName((s as { name?: LocalizedName }).name ?? null, s.value) || s.value, value: Math.round(s.csi! * 100) / 100 }));
}

interface PriorityItem {
  indicator: string;
  name: LocalizedName;
  expected: number | null;
  expectedSource: string | null;
  current: number | null;
  gap: number | null;
  importance: number | null;
  importanceSource?: 'stated' | 'weight';
  priority: number | null;
  rank: number | null;
  cause: string | null;
  target: number | null;
}

/** What a manager sets per indicator; empty expected = TOP, empty importance = the indicator's weight. */
export interface PrioritySetting {
  indicator: string;
  isNew: boolean;
  expected: string;
  importance: string;
  cause: string;
  target: string;
}

export function prioritySetting(item: PriorityItem | null): PrioritySetting {
  const text = (v: number | null) => (v === null || v === undefined ? '' : String(v));
  if (!item) return { indicator: '', isNew: true, expected: '', importance: '', cause: '', target: '' };
  // levels taken from TOP or the indicator's weight are not settings: left empty, they keep applying
  return { indicator: item.indicator, isNew: false, expected: item.expectedSource === 'TOP' ? '' : text(item.expected), importance: item.importanceSource === 'stated' ? text(item.importance) : '', cause: item.cause ?? '', target: text(item.target) };
}

/** The PUT body: empty fields become null (TOP, the indicator's weight, no cause, no target). */
export function priorityBody(s: PrioritySetting): { expected: number | null; importance: number | null; cause: string | null; target: number | null } {
  const num = (v: string) => (v.trim() === '' ? null : Number(v));
  return { expected: num(s.expected), importance: num(s.importance), cause: s.cause.trim() || null, target: num(s.target) };
}

/** Initiatives grouped into the board's columns, in code order. */
export function boardColumns(list: readonly Initiative[]): Record<InitiativeStatus, Initiative[]> {
  const out = { planned: [], in_progress: [], done: [], on_hold: [] } as Record<InitiativeStatus, Initiative[]>;
  for (const i of [...list].sort((a, b) => a.code.localeCompare(b.code))) out[i.status]?.push(i);
  return out;
}

function statusLabel(s: InitiativeStatus): string {
  switch (s) {
    case 'planned':
      return msg('Planned');
    case 'in_progress':
      return msg('In progress');
    case 'done':
      return msg('Done');
    case 'on_hold':
      return msg('On hold');
  }
}

const blank = (unit: string): Initiative => ({ code: '', title: '', unit, indicators: [], status: 'planned', actions: [] });
const numOrUndef = (v: string) => (v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatNumber(v, currentLocale()));

/**
 * Improvement (개선활동): the initiatives board by status, an initiative's form with its action
 * items, an indicator's benchmarks with the gaps (positive = we are better), the ranked
 * improvement priorities, and links to the printable management report and the XLSX export.
 */
@localized()
@customElement('ns-initiatives-view')
export class NsInitiativesView extends ViewElement {
  protected readonly routeName = 'improvement' as const;

  static override styles = [
    baseStyles,
    css`
      /* links inside text and tables are underlined: colour alone does not mark them */
      td a,
      p a {
        text-decoration: underline;
      }
      .board { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: var(--ns-gap, 12px); }
      .column { background: var(--ns-surface-muted, #f4f6f9); border-radius: 8px; padding: 8px; min-height: 80px; }
      .column h3 { margin-bottom: 6px; }
      .column ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      .card { width: 100%; text-align: left; border: 1px solid #ccd3dd; border-radius: 6px; background: #fff; padding: 6px 8px; cursor: pointer; font: inherit; }
      .card:focus-visible { outline: 2px solid var(--ns-primary, #2f5d8a); }
      .card[aria-pressed='true'] { border-color: var(--ns-primary, #2f5d8a); }
      .meta { color: var(--ns-text-muted, #555); font-size: 0.8125rem; }
      .good { color: #1e7b34; } .bad { color: #b3261e; }
      section { margin-top: 20px; }
      form { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 8px 12px; margin-top: 8px; }
      label { display: grid; gap: 2px; font-size: 0.875rem; }
      .wide { grid-column: 1 / -1; }
      table { border-collapse: collapse; width: 100%; }
      th, td { border-bottom: 1px solid #e3e7ee; padding: 4px 6px; text-align: left; }
      td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
      .links { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
      .toolbar { display: flex; gap: 8px; align-items: end; }
    `,
  ];

  @state() private selected: Initiative | null = null;
  @state() private message = '';
  @state() private indicator = '';
  /** The priority setting being edited (개선 우선순위), or null. */
  @state() private editing: PrioritySetting | null = null;
  @state() private priorityMessage = '';
  @state() private benchmarkMessage = '';

  private list = new Task(this, {
    task: async ([unit], { signal }) => request<Initiative[]>('GET', '/initiatives', { query: { unit }, signal }),
    args: () => [this.unit] as const,
  });

  private priorities = new Task(this, {
    task: async ([unit, period], { signal }) => request<{ items: PriorityItem[] }>('GET', `/priorities/${encodeURIComponent(unit)}`, { query: { period }, signal }),
    args: () => [this.unit, this.period] as const,
  });

  /** The unit's survey result of the month (competitor CSI to take as benchmarks); never fails the view. */
  private survey = new Task(this, {
    task: async ([unit, period], { signal }) => api.surveyResult(unit, period, signal).catch(() => null),
    args: () => [this.unit, this.period] as const,
  });

  private benchmarks = new Task(this, {
    task: async ([unit, indicator], { signal }) => (indicator ? request<BenchmarkView>('GET', `/benchmarks/${encodeURIComponent(unit)}/${encodeURIComponent(indicator)}`, { signal }) : null),
    args: () => [this.unit, this.indicator || this.params.indicator || ''] as const,
  });

  private reportUrl(format: 'html' | 'pdf' | 'xlsx') {
    return buildUrl(`/reports/${encodeURIComponent(this.unit)}`, { period: this.period, window: this.window, format, locale: this.locale });
  }

  override render() {
    return html`<div data-view="improvement" @ns-retry=${this.onRetry}>
      <h1>${msg('Improvement')}</h1>
      <div class="links">
        <a href=${this.reportUrl('html')} target="_blank" rel="noopener">${msg('Management report (print)')}</a>
        <a href=${this.reportUrl('pdf')}>${msg('Report as PDF')}</a>
        <a href=${this.reportUrl('xlsx')}>${msg('Scorecard as XLSX')}</a>
      </div>
      <section aria-labelledby="board-title">
        <div class="toolbar"><h2 id="board-title">${msg('Initiatives by status')}</h2><button type="button" @click=${() => (this.selected = blank(this.unit))}>${msg('New initiative')}</button></div>
        ${renderTask(this.list, (list) => this.renderBoard(list), 'list')}
      </section>
      ${this.selected ? this.renderForm(this.selected) : nothing}
      <section aria-labelledby="bench-title">
        <h2 id="bench-title">${msg('Benchmarks')}</h2>
        <label class="toolbar">${msg('Indicator code')}
          <input .value=${this.indicator || this.params.indicator || ''} @change=${(e: Event) => (this.indicator = (e.target as HTMLInputElement).value.trim())} />
        </label>
        ${renderTask(this.benchmarks, (b) => (b ? this.renderBenchmarks(b) : nothing), 'benchmarks')}
        <p>
          <label for="bench-import">${msg('Import benchmarks (CSV: indicator, period, competitor, value; or one column per competitor)')}</label>
          <input id="bench-import" type="file" accept=".csv,text/csv" data-testid="benchmark-import" @change=${this.importBenchmarks} />
        </p>
        ${this.renderSurveyBenchmarks()}
        ${this.benchmarkMessage ? html`<p role="status" data-testid="benchmark-message">${this.benchmarkMessage}</p>` : nothing}
      </section>
      <section aria-labelledby="prio-title">
        <div class="toolbar"><h2 id="prio-title">${msg('Improvement priorities')}</h2><button type="button" @click=${() => this.editPriority(null)}>${msg('Set a priority')}</button></div>
        <p class="meta" id="prio-help" data-testid="priority-help">
          ${msg('Shortfall = |gap| ÷ max(|current|, |expected|) × 100, the same for higher-is-better and lower-is-better indicators: 0 once the expected level is met, never above 100. Priority = importance × shortfall, ranked from the highest.')}
        </p>
        ${renderTask(this.priorities, (p) => this.renderPriorities(p.items), 'priorities')}
        ${this.editing ? this.renderPriorityForm(this.editing) : nothing}
        ${this.priorityMessage ? html`<p role="status" data-testid="priority-message">${this.priorityMessage}</p>` : nothing}
      </section>
    </div>`;
  }

  private onRetry = (e: Event) => {
    retryTask(e, { list: this.list, benchmarks: this.benchmarks, priorities: this.priorities });
  };

  private renderBoard(list: Initiative[]) {
    const columns = boardColumns(list);
    return html`<div class="board">
      ${INITIATIVE_STATUSES.map(
        (s) => html`<div class="column" role="region" aria-label=${statusLabel(s)}>
          <h3>${statusLabel(s)} (${columns[s].length})</h3>
          <ul>
            ${columns[s].map(
              (i) => html`<li>
                <button type="button" class="card" aria-pressed=${String(this.selected?.code === i.code)} @click=${() => this.select(i)}>
                  <strong>${i.code}</strong> ${i.title}
                  <div class="meta">${this.unitLabel(i.unit)} · ${i.indicators.join(', ')}</div>
                  <div class="meta">
                    ${msg('Improvement rate')}:
                    <span class=${i.improvement?.improved ? 'good' : i.improvement?.improved === false ? 'bad' : ''}>${i.improvement?.rate === null || i.improvement?.rate === undefined ? '–' : `${formatNumber(i.improvement.rate, currentLocale())}%`}</span>
                    ${i.progress === null || i.progress === undefined ? nothing : html` · ${msg('Actions done')}: ${formatNumber(i.progress, currentLocale())}%`}
                  </div>
                </button>
              </li>`,
            )}
          </ul>
        </div>`,
      )}
    </div>`;
  }

  private select(i: Initiative) {
    this.selected = structuredClone(i);
    this.message = '';
    if (i.indicators[0]) this.indicator = i.indicators[0];
  }

  private field(name: keyof Initiative, label: string, type = 'text') {
    const value = this.selected?.[name];
    return html`<label>${label}<input type=${type} name=${name} .value=${value === undefined || value === null ? '' : String(value)} @input=${(e: Event) => this.setField(name, (e.target as HTMLInputElement).value, type)} /></label>`;
  }

  private setField(name: keyof Initiative, raw: string, type: string) {
    if (!this.selected) return;
    const value = type === 'number' ? numOrUndef(raw) : name === 'indicators' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw || undefined;
    this.selected = { ...this.selected, [name]: value } as Initiative;
  }

  private renderForm(i: Initiative) {
    const isNew = !this.list.value?.some((x) => x.code === i.code);
    return html`<section aria-labelledby="form-title">
      <h2 id="form-title">${isNew ? msg('New initiative') : i.code}</h2>
      <form @submit=${(e: Event) => this.save(e, isNew)}>
        ${isNew ? this.field('code', msg('Code')) : nothing}
        ${this.field('title', msg('Title'))}
        ${this.field('unit', msg('Unit'))}
        <label>${msg('Indicators (codes, comma-separated)')}<input .value=${i.indicators.join(', ')} @input=${(e: Event) => this.setField('indicators', (e.target as HTMLInputElement).value, 'text')} /></label>
        ${this.field('owner', msg('Owner'))}
        ${this.field('start', msg('Start'), 'date')}
        ${this.field('end', msg('End'), 'date')}
        <label>${msg('Status')}<select .value=${i.status} @change=${(e: Event) => (this.selected = { ...i, status: (e.target as HTMLSelectElement).value as InitiativeStatus })}>
          ${INITIATIVE_STATUSES.map((s) => html`<option value=${s} ?selected=${s === i.status}>${statusLabel(s)}</option>`)}
        </select></label>
        ${this.field('baseline', msg('Before (baseline)'), 'number')}
        ${this.field('current', msg('After (current)'), 'number')}
        ${this.field('target', msg('Target value'), 'number')}
        <label class="wide">${msg('Evaluation method')}<input .value=${i.evaluation ?? ''} @input=${(e: Event) => this.setField('evaluation', (e.target as HTMLInputElement).value, 'text')} /></label>
        <fieldset class="wide">
          <legend>${msg('Action items')}</legend>
          ${i.actions.map(
            (a, n) => html`<div class="toolbar">
              <input type="checkbox" aria-label=${msg('Done')} .checked=${a.done} @change=${(e: Event) => this.setAction(n, { done: (e.target as HTMLInputElement).checked })} />
              <input aria-label=${msg('Action item')} .value=${a.title} @input=${(e: Event) => this.setAction(n, { title: (e.target as HTMLInputElement).value })} />
              <input type="date" aria-label=${msg('Due')} .value=${a.due ?? ''} @input=${(e: Event) => this.setAction(n, { due: (e.target as HTMLInputElement).value || undefined })} />
              <button type="button" @click=${() => (this.selected = { ...i, actions: i.actions.filter((_, k) => k !== n) })}>${msg('Remove')}</button>
            </div>`,
          )}
          <button type="button" @click=${() => (this.selected = { ...i, actions: [...i.actions, { title: '', done: false }] })}>${msg('Add action item')}</button>
        </fieldset>
        <div class="wide toolbar">
          <button type="submit">${msg('Save')}</button>
          ${isNew ? nothing : html`<button type="button" @click=${() => this.deleteInitiative(i.code)}>${msg('Delete')}</button>`}
          <button type="button" @click=${() => (this.selected = null)}>${msg('Close')}</button>
          <span role="status">${this.message}</span>
        </div>
      </form>
    </section>`;
  }

  private setAction(n: number, change: Partial<ActionItem>) {
    if (!this.selected) return;
    this.selected = { ...this.selected, actions: this.selected.actions.map((a, k) => (k === n ? { ...a, ...change } : a)) };
  }

  private async save(e: Event, isNew: boolean) {
    e.preventDefault();
    const i = this.selected;
    if (!i) return;
    const body = {
      code: i.code,
      title: i.title,
      unit: i.unit,
      indicators: i.indicators,
      owner: i.owner,
      start: i.start,
      end: i.end,
      evaluation: i.evaluation,
      target: i.target,
      baseline: i.baseline,
      current: i.current,
      status: i.status,
      actions: i.actions.filter((a) => a.title.trim() !== '').map((a) => ({ title: a.title, due: a.due || undefined, done: a.done })),
    };
    try {
      const saved = await request<Initiative>(isNew ? 'POST' : 'PUT', isNew ? '/initiatives' : `/initiatives/${encodeURIComponent(i.code)}`, { body });
      this.selected = saved;
      this.message = msg('Saved');
      this.list.run();
    } catch (err) {
      this.message = (err as Error).message;
    }
  }

  private async deleteInitiative(code: string) {
    try {
      await request('DELETE', `/initiatives/${encodeURIComponent(code)}`);
      this.selected = null;
      this.list.run();
    } catch (err) {
      this.message = (err as Error).message;
    }
  }

  private editPriority(item: PriorityItem | null) {
    this.editing = prioritySetting(item);
    this.priorityMessage = '';
  }

  private renderPriorityForm(p: PrioritySetting) {
    const input = (name: Exclude<keyof PrioritySetting, 'isNew'>, label: string, type = 'text', placeholder = '') =>
      html`<label>${label}<input name=${name} type=${type} step="any" placeholder=${placeholder} .value=${p[name]} ?readonly=${name === 'indicator' && !p.isNew} ?required=${name === 'indicator'}
        @input=${(e: Event) => (this.editing = { ...p, [name]: (e.target as HTMLInputElement).value })} /></label>`;
    return html`<form aria-label=${msg('Priority setting')} data-testid="priority-form" @submit=${this.savePriority}>
      ${input('indicator', msg('Indicator code'))}
      ${input('expected', msg('Expected level'), 'number', msg('empty = TOP'))}
      ${input('importance', msg('Importance'), 'number', msg('empty = the indicator’s weight'))}
      ${input('target', msg('Target'), 'number')}
      <label class="wide">${msg('Main cause')}<textarea name="cause" .value=${p.cause} @input=${(e: Event) => (this.editing = { ...p, cause: (e.target as HTMLTextAreaElement).value })}></textarea></label>
      <div class="toolbar wide"><button type="submit">${msg('Save')}</button><button type="button" @click=${() => (this.editing = null)}>${msg('Cancel')}</button></div>
    </form>`;
  }

  private savePriority = async (e: Event) => {
    e.preventDefault();
    const p = this.editing;
    if (!p || !p.indicator.trim()) return;
    try {
      await request('PUT', `/priorities/${encodeURIComponent(this.unit)}/${encodeURIComponent(p.indicator.trim())}`, { body: priorityBody(p) });
      this.editing = null;
      this.priorityMessage = msg('Saved');
      this.priorities.run();
    } catch (err) {
      this.priorityMessage = (err as Error).message;
    }
  };

  private importBenchmarks = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const result = await request<{ rows: number }>('POST', '/benchmarks/import', { raw: { body: await file.text(), contentType: 'text/csv' } });
      this.benchmarkMessage = msg(str`Imported ${result.rows} benchmark values from ${file.name}`);
      this.benchmarks.run();
      this.priorities.run();
    } catch (err) {
      this.benchmarkMessage = (err as Error).message;
    } finally {
      input.value = '';
    }
  };

  /** Offers the competitor CSI values of this month's survey as benchmarks of the chosen indicator. */
  private renderSurveyBenchmarks() {
    const indicator = this.indicator || this.params.indicator || '';
    if (!indicator) return nothing;
    const rows = surveyBenchmarks(this.survey.value ?? null, indicator);
    if (!rows.length) return nothing;
    const l = currentLocale();
    return html`<div class="card" data-testid="survey-benchmarks">
      <p>${msg(str`The survey of ${formatPeriod(this.period, l)} has competitor CSI values: ${rows.map((r) => `${r.competitor} ${formatNumber(r.value, l)}`).join(', ')}.`)}</p>
      <button type="button" data-testid="survey-benchmarks-take" @click=${() => this.takeSurveyBenchmarks(rows)}>${msg(str`Use them as ${indicator} benchmarks`)}</button>
    </div>`;
  }

  private async takeSurveyBenchmarks(rows: BenchmarkInput[]) {
    try {
      await request('PUT', '/benchmarks', { body: rows });
      this.benchmarkMessage = msg(str`Stored ${rows.length} benchmark values from the survey`);
      this.benchmarks.run();
    } catch (err) {
      this.benchmarkMessage = (err as Error).message;
    }
  }

  private renderBenchmarks(b: BenchmarkView) {
    if (!b.periods.length) return html`<p class="meta">${msg('No benchmark values for this indicator.')}</p>`;
    const names = [...new Set(b.periods.flatMap((p) => p.competitors.map((c) => c.name)))];
    const l = currentLocale();
    const gap = (c: Comparison | null | undefined) => (!c || c.gap === null ? '–' : `${c.gap > 0 ? '+' : ''}${formatNumber(c.gap, l)}`);
    const gapClass = (c: Comparison | null | undefined) => (c?.favourable ? 'good' : c?.favourable === false ? 'bad' : '');
    type P = BenchmarkView['periods'][number];
    const pair = (key: string, label: string, pick: (p: P) => Comparison | null | undefined): Column<P>[] => [
      { key, label, numeric: true, render: (p: P) => fmt(pick(p)?.value) },
      { key: `${key}-gap`, label: `${label} · ${msg('Gap')}`, numeric: true, class: (p: P) => gapClass(pick(p)), render: (p: P) => gap(pick(p)) },
    ];
    return html`<p class="meta">${localName(b.indicator.name, b.indicator.code)} (${unitLabel(b.indicator.unit, l)}) · ${msg('gap: positive = we are better')}</p>
      <ns-table
        label=${msg('Benchmarks')}
        .rows=${b.periods}
        .columns=${[
          { key: 'period', label: msg('Period'), render: (p: P) => formatPeriod(p.period, l) },
          { key: 'own', label: msg('Own'), numeric: true, render: (p: P) => fmt(p.own) },
          ...pair('top', 'TOP', (p) => p.top),
          ...names.flatMap((n) => pair(`c-${n}`, n, (p) => p.competitors.find((c) => c.name === n))),
        ] satisfies Column<P>[]}
      ></ns-table>`;
  }

  private renderPriorities(items: PriorityItem[]) {
    if (!items.length) return html`<p class="meta">${msg('No benchmarks or priority settings for this unit.')}</p>`;
    return html`<ns-table
      label=${msg('Priorities')}
      aria-describedby="prio-help"
      .rows=${items}
      .columns=${[
        {
          key: 'indicator',
          label: msg('Indicator'),
          sortable: true,
          value: (p: PriorityItem) => p.indicator,
          render: (p: PriorityItem) => html`<a href=${this.href('indicator', { code: p.indicator })}>${p.indicator}</a> ${localName(p.name, p.indicator)}`,
        },
        { key: 'rank', label: msg('Rank'), numeric: true, sortable: true, render: (p: PriorityItem) => p.rank ?? '–' },
        { key: 'expected', label: msg('Expected'), numeric: true, sortable: true, render: (p: PriorityItem) => html`${fmt(p.expected)} <span class="meta">${p.expectedSource ?? ''}</span>` },
        { key: 'current', label: msg('Current'), numeric: true, sortable: true, render: (p: PriorityItem) => fmt(p.current) },
        { key: 'gap', label: msg('Gap'), numeric: true, sortable: true, render: (p: PriorityItem) => fmt(p.gap) },
        { key: 'importance', label: msg('Importance'), numeric: true, sortable: true, render: (p: PriorityItem) => fmt(p.importance) },
        { key: 'priority', label: msg('Priority'), numeric: true, sortable: true, render: (p: PriorityItem) => fmt(p.priority) },
        { key: 'cause', label: msg('Main cause'), render: (p: PriorityItem) => p.cause ?? '' },
        { key: 'target', label: msg('Target'), numeric: true, render: (p: PriorityItem) => fmt(p.target) },
        { key: 'edit', label: msg('Edit'), render: (p: PriorityItem) => html`<button type="button" class="btn" aria-label=${msg(str`Edit the priority of ${p.indicator}`)} @click=${() => this.editPriority(p)}>${msg('Edit')}</button>` },
      ] satisfies Column<PriorityItem>[]}
    ></ns-table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-initiatives-view': NsInitiativesView;
  }
}
