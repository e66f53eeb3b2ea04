/**
 * "Enter data": the monthly entry grid of a unit (keyboard first: arrows / Tab / Enter move
 * between cells, a column pasted from a spreadsheet fills the cells downward), validation as you
 * type (number format; a change of more than 3× last month asks for a note), Save draft, Submit,
 * the review workflow (Return with comment, Approve → locked, Reopen with reason), the template
 * download and an upload that previews changes and per-row errors before applying.
 */
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { buildUrl, isApiError, request } from '../api.ts';
import { formatDay, formatDateTime, formatInput, formatNumber, formatPeriod, parseEntryNumber, unitLabel } from '../format.ts';
import { localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { LocalizedName } from '../types.ts';
import { ViewElement } from './view-element.ts';
import '../components/ns-state.ts';
import { stateLabel } from './close-labels.ts';

export type WorkflowState = 'draft' | 'submitted' | 'returned' | 'approved' | 'locked';

export interface EntryRow {
  indicator: string;
  name: LocalizedName | string;
  unit: string;
  direction: string;
  frequency: string;
  target: number | null;
  lastMonth: number | null;
  lastYear: number | null;
  value: number | null;
  note: string | null;
  revision: number;
  /** Fed by a survey or a scheduled job: shown, never typed over in the grid. */
  readOnly?: boolean;
  /** Where a read-only value comes from (`survey:CSI-2026`, `job:erp-sales`, …). */
  source?: string | null;
  /** A fed row's exact stored value (`value` is rounded for display). */
  storedValue?: number | null;
}

export interface EntryGrid {
  unit: { code: string; name: LocalizedName | string; leaf: boolean };
  period: string;
  jumpFactor: number;
  workflow: { state: WorkflowState; comment: string | null; submittedBy: string | null; submittedAt: string | null; reviewedBy: string | null; reviewedAt: string | null; deadline: string; late: boolean; locked: boolean; lockedAt: string | null };
  rows: EntryRow[];
  can: { write: boolean; submit: boolean; review: boolean; lock: boolean; reopen: boolean };
}

interface ImportResult {
  rows: number;
  changed: number;
  unchanged: number;
  rejected: { row: number; field: string; code: string; message: string }[];
  changes?: { indicator: string; unit: string; period: string; before: number | null; after: number | null }[];
}

/** A cell's problem, or null: the number format, and a jump of more than `factor`× last month without a note. */
export function cellError(text: string, note: string, lastMonth: number | null, factor: number): 'format' | 'note' | null {
  if (text.trim() === '') return null;
  const v = parseEntryNumber(text);
  if (v === null) return 'format';
  if (lastMonth !== null && lastMonth !== 0 && !note.trim()) {
    const ratio = Math.abs(v) / Math.abs(lastMonth);
    if (ratio > factor || ratio < 1 / factor) return 'note';
  }
  return null;
}

/**
 * Whether the contributor may change the values: not once the month is submitted (a manager
 * approves exactly what was submitted) until it is returned, nor once approved or locked.
 */
export function valuesEditable(g: Pick<EntryGrid, 'can' | 'workflow'>): boolean {
  return g.can.write && !g.workflow.locked && (g.workflow.state === 'draft' || g.workflow.state === 'returned');
}

/** Lines of a pasted column (a spreadsheet copy: one value per line, tabs keep the first cell). */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l.split('\t')[0].trim());
}

/**
 * "Copy last month": every empty, editable value takes last month's value (unsaved until Save).
 * Returns the new cells and how many were filled; typed values and fed rows are left alone.
 */
export function copyLastMonth(rows: readonly Pick<EntryRow, 'lastMonth' | 'readOnly'>[], cells: readonly { value: string; note: string }[]) {
  let filled = 0;
  const next = cells.map((cell, i) => {
    const r = rows[i];
    if (!r || r.readOnly || cell.value.trim() !== '' || r.lastMonth === null || r.lastMonth === undefined) return cell;
    filled += 1;
    return { ...cell, value: formatInput(r.lastMonth) };
  });
  return { cells: next, filled };
}

/** "n of m entered": rows with a value (typed, or fed by a survey or job) of all rows. */
export function entryProgress(rows: readonly Pick<EntryRow, 'value' | 'readOnly'>[], cells: readonly { value: string }[]) {
  const entered = rows.filter((r, i) => (r.readOnly ? r.value !== null : (cells[i]?.value ?? '').trim() !== '')).length;
  return { entered, total: rows.length };
}

/** A child unit's month as the parent's entry page lists it. */
export interface ChildState {
  unit: string;
  name: LocalizedName | string;
  state: WorkflowState;
  late: boolean;
  locked: boolean;
  submittedBy: string | null;
  submittedAt: string | null;
}

interface Cell {
  value: string;
  note: string;
}

@localized()
@customElement('ns-entry-view')
export class NsEntryView extends ViewElement {
  protected readonly routeName = 'entry' as const;

  @state() private cells: Cell[] = [];
  @state() private message = '';
  @state() private conflicts = new Map<string, { value: number | null; revision: number }>();
  @state() private busy = false;
  /** The "Approve and lock" confirmation is open. */
  @state() private confirmingApprove = false;
  @state() private preview: { file: File; result: ImportResult } | null = null;
  @state() private history: { indicator: string; items: { revision: number; value: number | null; previousValue: number | null; note: string | null; changedBy: string; changedAt: string }[] } | null = null;
  private revisions: number[] = [];

  private grid = new Task(this, {
    task: async ([unit, period], { signal }) => {
      const g = await request<EntryGrid>('GET', `/entry/${encodeURIComponent(unit)}/${period}`, { signal });
      this.cells = g.rows.map((r) => ({ value: r.value === null ? '' : String(r.value), note: r.note ?? '' }));
      this.revisions = g.rows.map((r) => r.revision);
      this.conflicts = new Map();
      return g;
    },
    args: () => [this.unit, this.period] as const,
  });

  /** A parent that enters nothing itself: its direct children's months (entered, submitted, late, locked). */
  private childStates = new Task(this, {
    task: async ([unit, period, empty], { signal }) => {
      if (!empty) return null;
      const res = await request<{ units: ChildState[] }>('GET', '/periods', { query: { unit, period }, signal });
      const direct = new Set(this.units.filter((u) => u.parent === unit).map((u) => u.code));
      return res.units.filter((u) => u.unit !== unit && (direct.size === 0 || direct.has(u.unit)));
    },
    args: () => [this.unit, this.period, this.grid.value?.rows.length === 0 && this.grid.value.unit.code === this.unit] as const,
  });

  static override styles = [
    baseStyles,
    css`
      table { border-collapse: collapse; width: 100%; }
      th, td { padding: 4px 6px; border-bottom: 1px solid var(--ns-border, #ddd); text-align: left; vertical-align: top; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      input { font: inherit; width: 100%; box-sizing: border-box; padding: 6px 8px; min-height: 36px; border: 1px solid var(--ns-border, #ccd); border-radius: var(--ns-radius-sm, 4px); background: var(--ns-surface, #fff); color: inherit; }
      input:hover:not([readonly]) { border-color: var(--ns-text-muted, #5b6577); }
      input[readonly] { background: var(--ns-surface-alt, #f4f6f8); border-color: transparent; }
      input.value { text-align: right; min-width: 7em; font-variant-numeric: tabular-nums; }
      input.value.copied { background: var(--ns-primary-soft, #eef4ff); }
      .toolbar { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 8px 0; }
      .progress { display: inline-flex; align-items: center; gap: 8px; font-size: 0.875rem; color: var(--ns-text-muted, #5b6577); }
      .progress meter { width: 120px; height: 10px; }
      .children .late, .children .state { white-space: nowrap; }
      button { font: inherit; min-height: 36px; padding: 4px 12px; border-radius: var(--ns-radius-sm, 4px); border: 1px solid var(--ns-border, #ccd); background: var(--ns-surface, #fff); cursor: pointer; }
      button[data-testid='entry-submit'], button[data-testid='entry-save'] { font-weight: 600; }
      button[data-testid='entry-submit'] { background: var(--ns-primary, #1a56db); border-color: var(--ns-primary, #1a56db); color: #fff; }
      button:disabled { opacity: 0.6; cursor: default; }
      button.link { border: 0; background: none; color: var(--ns-primary, #1a56db); min-height: 0; padding: 2px 4px; }
      input:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid var(--ns-focus, #1a73e8); outline-offset: 1px; }
      input[aria-invalid='true'] { border-color: #b00020; background: #fff4f4; }
      .err { color: #b00020; font-size: 0.85em; }
      .panel { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; margin: 8px 0 16px; }
      .panel section { border: 1px solid var(--ns-border, #ddd); border-radius: 6px; padding: 8px 12px; }
      .late { color: #b00020; font-weight: 600; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
      .confirm { border: 2px solid var(--ns-focus); border-radius: var(--ns-radius-sm); padding: 12px; margin-top: 8px; }
      textarea { font: inherit; width: 100%; min-height: 3em; }
      .conflict { color: #8a4b00; font-size: 0.85em; }
      .frozen { padding: 6px 10px; border-left: 3px solid var(--ns-at-risk, #b7791f); background: var(--ns-at-risk-bg, #fcebc4); }
      .fed { font-size: 0.85em; color: var(--ns-text-muted, #5b6577); }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
      /* phones: each indicator a card (name; target, last month, last year; value and note full width) */
      @media (max-width: 600px) {
        table[data-testid='entry-grid'],
        table[data-testid='entry-grid'] tbody,
        table[data-testid='entry-grid'] tr,
        table[data-testid='entry-grid'] th,
        table[data-testid='entry-grid'] td { display: block; }
        table[data-testid='entry-grid'] thead { display: none; }
        table[data-testid='entry-grid'] tbody tr {
          display: grid;
          grid-template-columns: repeat(3, minmax(0, 1fr));
          gap: 6px 10px;
          padding: 10px 12px;
          margin-bottom: 8px;
          border: 1px solid var(--ns-border);
          border-radius: var(--ns-radius, 8px);
          background: var(--ns-surface);
        }
        table[data-testid='entry-grid'] tbody tr > * { padding: 0; border: 0; min-width: 0; }
        table[data-testid='entry-grid'] tbody tr > th { grid-column: 1 / -1; }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(n + 5) { grid-column: 1 / -1; }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(n + 2):nth-child(-n + 4) { text-align: left; }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(n + 2):nth-child(-n + 6)::before {
          display: block;
          font-size: 0.75rem;
          color: var(--ns-text-muted);
        }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(2)::before { content: var(--l-target); }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(3)::before { content: var(--l-last-month); }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(4)::before { content: var(--l-last-year); }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(5)::before { content: var(--l-value); }
        table[data-testid='entry-grid'] tbody tr > td:nth-child(6)::before { content: var(--l-note); }
        table[data-testid='entry-grid'] input.value { min-width: 0; }
        table[data-testid='entry-grid'] input { min-height: 40px; }
      }
    `,
  ];

  override render() {
    return html`<div data-view="entry">
      <h1>${msg('Enter data')} · ${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')}</h1>
      ${this.grid.render({
        pending: () => html`<ns-state kind="loading"></ns-state>`,
        error: (e) => html`<ns-state kind="error" .error=${e}></ns-state>`,
        complete: (g) => this.renderGrid(g),
      })}
    </div>`;
  }

  private renderGrid(g: EntryGrid) {
    const editable = valuesEditable(g);
    const frozen = g.can.write && !g.workflow.locked && !editable;
    return html`
      ${this.renderWorkflow(g)}
      ${frozen ? html`<p class="frozen" data-testid="entry-frozen">${msg('Submitted values are frozen: they can be changed again only after a reviewer returns the month.')}</p>` : nothing}
      <p role="status" aria-live="polite" data-testid="entry-message">${this.message}</p>
      ${g.rows.length === 0
        ? this.renderChildren()
        : html`${this.renderToolbar(g, editable)}<table data-testid="entry-grid" aria-label=${msg('Entry grid')} style=${`--l-target:${JSON.stringify(msg('Target'))};--l-last-month:${JSON.stringify(msg('Last month'))};--l-last-year:${JSON.stringify(msg('Last year'))};--l-value:${JSON.stringify(msg('Value'))};--l-note:${JSON.stringify(msg('Note'))}`}>
            <thead>
              <tr>
                <th scope="col">${msg('Indicator')}</th>
                <th scope="col" class="num">${msg('Target')}</th>
                <th scope="col" class="num">${msg('Last month')}</th>
                <th scope="col" class="num">${msg('Last year')}</th>
                <th scope="col">${msg('Value')}</th>
                <th scope="col">${msg('Note')}</th>
                <th scope="col"><span class="visually-hidden">${msg('History')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${g.rows.map((r, i) => this.renderRow(g, r, i, editable))}
            </tbody>
          </table>`}
      ${g.rows.length === 0
        ? nothing
        : html`<div class="actions">
            ${editable ? html`<button data-testid="entry-save" ?disabled=${this.busy} @click=${() => this.save(g)}>${msg('Save draft')}</button>` : nothing}
            ${g.can.submit && (g.workflow.state === 'draft' || g.workflow.state === 'returned')
              ? html`<button data-testid="entry-submit" ?disabled=${this.busy} @click=${() => this.submit(g)}>${msg('Submit')}</button>`
              : nothing}
          </div>`}
      ${this.history ? this.renderHistory() : nothing} ${g.rows.length === 0 ? nothing : this.renderFiles(g)}
    `;
  }

  private renderToolbar(g: EntryGrid, editable: boolean) {
    const { entered, total } = entryProgress(g.rows, this.cells);
    const canCopy = editable && g.rows.some((r, i) => !r.readOnly && r.lastMonth !== null && (this.cells[i]?.value ?? '').trim() === '');
    return html`<div class="toolbar">
      <span class="progress" data-testid="entry-progress"
        ><meter min="0" max=${total} value=${entered} aria-hidden="true"></meter>${msg(str`${entered} of ${total} entered`)}</span
      >
      ${editable
        ? html`<button type="button" data-testid="entry-copy-last-month" ?disabled=${!canCopy || this.busy} @click=${() => this.copyLastMonth(g)}>${msg('Copy last month')}</button>`
        : nothing}
    </div>`;
  }

  private copyLastMonth(g: EntryGrid) {
    const { cells, filled } = copyLastMonth(g.rows, this.cells);
    this.cells = cells;
    this.message = filled ? msg(str`Copied ${filled} values from last month: check them, then save`) : msg('Every value is already filled in');
  }

  /** A parent unit enters nothing itself: its children's months instead of an empty form. */
  private renderChildren() {
    return html`<p>${msg('Nothing is entered for this unit: its values are summed up from the units below.')}</p>
      ${this.childStates.render({
        pending: () => html`<ns-state kind="loading"></ns-state>`,
        error: (e) => html`<ns-state kind="error" .error=${e}></ns-state>`,
        complete: (rows) =>
          rows && rows.length
            ? html`<h2>${msg('The units below this month')}</h2>
                <p class="progress" data-testid="children-progress">${msg(str`${rows.filter((r) => r.state !== 'draft' && r.state !== 'returned').length} of ${rows.length} submitted`)}</p>
                <table class="children" data-testid="entry-children" aria-label=${msg('The units below this month')}>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Unit')}</th>
                      <th scope="col">${msg('State')}</th>
                      <th scope="col">${msg('Submitted by')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${rows.map(
                      (r) => html`<tr data-unit=${r.unit} data-state=${r.state}>
                        <th scope="row"><a href=${this.href('entry', { context: { unit: r.unit } })}>${typeof r.name === 'string' ? r.name : localName(r.name, r.unit)}</a></th>
                        <td class="state">${stateLabel(r.state)} ${r.locked && r.state !== 'locked' ? html`· ${stateLabel('locked')}` : nothing} ${r.late ? html`<span class="late" data-testid="child-late">${msg('Late')}</span>` : nothing}</td>
                        <td>${r.submittedBy ? html`${r.submittedBy} · ${formatDateTime(r.submittedAt, this.locale)}` : '–'}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>`
            : nothing,
      })}`;
  }

  private renderRow(g: EntryGrid, r: EntryRow, i: number, editable: boolean) {
    const cell = this.cells[i] ?? { value: '', note: '' };
    const problem = cellError(cell.value, cell.note, r.lastMonth, g.jumpFactor);
    const conflict = this.conflicts.get(r.indicator);
    const name = typeof r.name === 'string' ? r.name : localName(r.name, r.indicator);
    const errId = `err-${i}`;
    if (r.readOnly) return this.renderFedRow(r, name);
    return html`<tr data-indicator=${r.indicator}>
      <th scope="row">${name} <small>${r.indicator}${r.unit ? ` · ${unitLabel(r.unit, this.locale)}` : ''}</small></th>
      <td class="num">${formatNumber(r.target, this.locale)}</td>
      <td class="num">${formatNumber(r.lastMonth, this.locale)}</td>
      <td class="num">${formatNumber(r.lastYear, this.locale)}</td>
      <td>
        <input
          class="value"
          inputmode="decimal"
          data-row=${i}
          data-col="0"
          data-testid=${`value-${r.indicator}`}
          aria-label=${msg(str`${name} value`)}
          aria-invalid=${problem === 'format' ? 'true' : 'false'}
          aria-describedby=${errId}
          .value=${cell.value}
          ?readonly=${!editable}
          @input=${(e: Event) => this.setCell(i, { value: (e.target as HTMLInputElement).value })}
          @keydown=${this.onKey}
          @paste=${(e: ClipboardEvent) => this.onPaste(e, i, 'value')}
        />
        <div id=${errId} class="err">
          ${problem === 'format' ? msg('Not a number (use digits, an optional sign, a decimal point and thousands separators such as 6,210)') : nothing}
          ${problem === 'note' ? msg(str`More than ${g.jumpFactor}× last month: add a note`) : nothing}
        </div>
        ${conflict ? html`<div class="conflict" data-testid=${`conflict-${r.indicator}`}>${msg(str`Changed by someone else: now ${formatNumber(conflict.value, this.locale)}`)}</div>` : nothing}
      </td>
      <td>
        <input
          data-row=${i}
          data-col="1"
          data-testid=${`note-${r.indicator}`}
          aria-label=${msg(str`${name} note`)}
          aria-invalid=${problem === 'note' ? 'true' : 'false'}
          .value=${cell.note}
          ?readonly=${!editable}
          @input=${(e: Event) => this.setCell(i, { note: (e.target as HTMLInputElement).value })}
          @keydown=${this.onKey}
          @paste=${(e: ClipboardEvent) => this.onPaste(e, i, 'note')}
        />
      </td>
      <td><button class="link" data-testid=${`history-${r.indicator}`} @click=${() => this.showHistory(r.indicator)}>${msg('History')}</button></td>
    </tr>`;
  }

  /** A survey- or job-fed row: its value rounded for reading, where it comes from, no input. */
  private renderFedRow(r: EntryRow, name: string) {
    const source = r.source ?? '';
    const kind = source.startsWith('survey') ? msg('From the survey') : msg('From a scheduled import');
    return html`<tr data-indicator=${r.indicator} data-readonly="true">
      <th scope="row">${name} <small>${r.indicator}${r.unit ? ` · ${unitLabel(r.unit, this.locale)}` : ''}</small></th>
      <td class="num">${formatNumber(r.target, this.locale)}</td>
      <td class="num">${formatNumber(r.lastMonth, this.locale)}</td>
      <td class="num">${formatNumber(r.lastYear, this.locale)}</td>
      <td class="num" data-testid=${`value-${r.indicator}`} title=${String(r.storedValue ?? r.value ?? '')}>${formatNumber(r.value, this.locale)}</td>
      <td><span class="fed">${kind}</span>${source ? html` <small>${source}</small>` : nothing}</td>
      <td><button class="link" data-testid=${`history-${r.indicator}`} @click=${() => this.showHistory(r.indicator)}>${msg('History')}</button></td>
    </tr>`;
  }

  private renderWorkflow(g: EntryGrid) {
    const w = g.workflow;
    return html`<div class="panel" data-testid="workflow">
      <section aria-label=${msg('Workflow')}>
        <div>${msg('State')}: <strong data-testid="workflow-state" data-state=${w.state}>${stateLabel(w.state)}</strong>
          ${w.locked && w.lockedAt && w.lockedAt !== g.unit.code ? html`(${msg(str`locked at ${w.lockedAt}`)})` : nothing}</div>
        <div>${msg('Deadline')}: ${formatDay(w.deadline, this.locale)} ${w.late ? html`<span class="late" data-testid="late-flag">${msg('Late')}</span>` : nothing}</div>
        ${w.submittedBy ? html`<div>${msg('Submitted by')} ${w.submittedBy} · ${formatDateTime(w.submittedAt, this.locale)}</div>` : nothing}
        ${w.reviewedBy ? html`<div>${msg('Reviewed by')} ${w.reviewedBy} · ${formatDateTime(w.reviewedAt, this.locale)}</div>` : nothing}
        ${w.comment ? html`<div data-testid="workflow-comment">${msg('Comment')}: ${w.comment}</div>` : nothing}
      </section>
      ${(g.can.review && w.state === 'submitted') || (g.can.lock && !w.locked) || (g.can.reopen && w.locked)
        ? html`<section aria-label=${msg('Review')}>
            <label for="wf-text">${w.locked ? msg('Reason') : msg('Comment')}</label>
            <textarea id="wf-text" data-testid="workflow-text"></textarea>
            <div class="actions">
              ${g.can.review && w.state === 'submitted'
                ? html`<button data-testid="workflow-return" @click=${() => this.step(g, 'return')}>${msg('Return with comment')}</button>
                    <button data-testid="workflow-approve" aria-expanded=${this.confirmingApprove ? 'true' : 'false'} @click=${() => this.askApprove()}>${msg('Approve and lock')}</button>`
                : nothing}
              ${g.can.lock && !w.locked && w.state !== 'submitted' ? html`<button data-testid="workflow-lock" @click=${() => this.step(g, 'lock')}>${msg('Lock month')}</button>` : nothing}
              ${g.can.reopen && w.locked ? html`<button data-testid="workflow-reopen" @click=${() => this.step(g, 'reopen')}>${msg('Reopen with reason')}</button>` : nothing}
            </div>
            ${g.can.review && w.state === 'submitted' && this.confirmingApprove ? this.renderApproveConfirmation(g) : nothing}
          </section>`
        : nothing}
    </div>`;
  }

  /** Approving locks the month, so the grid says so and asks once more (the API wants `confirmLock: true`). */
  private renderApproveConfirmation(g: EntryGrid) {
    return html`<div role="alertdialog" aria-labelledby="approve-title" aria-describedby="approve-text" data-testid="approve-confirm" class="confirm">
      <strong id="approve-title">${msg('Approve and lock')}</strong>
      <p id="approve-text">
        ${msg(str`Approving locks ${formatPeriod(g.period, this.locale, 'long')} for ${this.unitLabel(g.unit.code)} and the units below it: nobody can change its values until an administrator reopens it with a reason.`)}
      </p>
      <div class="actions">
        <button data-testid="workflow-approve-confirm" @click=${() => this.step(g, 'approve')}>${msg('Yes, approve and lock')}</button>
        <button data-testid="workflow-approve-cancel" @click=${() => (this.confirmingApprove = false)}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  private askApprove() {
    this.confirmingApprove = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-testid="workflow-approve-confirm"]')?.focus());
  }

  private renderFiles(g: EntryGrid) {
    const base = `/entry/${encodeURIComponent(g.unit.code)}/${g.period}/template`;
    return html`<section aria-label=${msg('Spreadsheet')}>
      <h2>${msg('Spreadsheet')}</h2>
      <p>
        <a data-testid="template-xlsx" href=${buildUrl(base, { format: 'xlsx', locale: this.locale })} download>${msg('Download template (XLSX)')}</a> ·
        <a data-testid="template-csv" href=${buildUrl(base, { format: 'csv', locale: this.locale })} download>${msg('Download template (CSV)')}</a>
      </p>
      ${g.can.write
        ? html`<label for="upload">${msg('Upload a filled-in file (CSV or XLSX)')}</label>
            <input id="upload" type="file" accept=".csv,.xlsx" data-testid="entry-upload" @change=${this.onFile} />`
        : nothing}
      ${this.preview ? this.renderPreview() : nothing}
    </section>`;
  }

  private renderPreview() {
    const r = this.preview!.result;
    return html`<div data-testid="upload-preview">
      <p>${msg(str`${r.rows} rows: ${r.changed} changes, ${r.unchanged} unchanged, ${r.rejected.length} errors`)}</p>
      ${r.changes?.length
        ? html`<table aria-label=${msg('Changes')}><thead><tr><th>${msg('Indicator')}</th><th>${msg('Unit')}</th><th>${msg('Month')}</th><th class="num">${msg('Before')}</th><th class="num">${msg('After')}</th></tr></thead>
            <tbody>${r.changes.map((c) => html`<tr><td>${c.indicator}</td><td>${c.unit}</td><td>${c.period}</td><td class="num">${formatNumber(c.before, this.locale)}</td><td class="num">${formatNumber(c.after, this.locale)}</td></tr>`)}</tbody></table>`
        : nothing}
      ${r.rejected.length
        ? html`<ul class="err" data-testid="upload-errors">${r.rejected.map((e) => html`<li>${msg(str`Row ${e.row}, ${e.field}: ${e.message}`)}</li>`)}</ul>`
        : nothing}
      <div class="actions">
        <button data-testid="upload-apply" ?disabled=${r.changed === 0 || this.busy} @click=${this.applyUpload}>${msg('Apply the valid rows')}</button>
        <button @click=${() => (this.preview = null)}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  private renderHistory() {
    const h = this.history!;
    return html`<section aria-label=${msg('History')} data-testid="history">
      <h2>${msg(str`History of ${h.indicator}`)}</h2>
      ${h.items.length === 0
        ? html`<p>${msg('No changes yet')}</p>`
        : html`<table><thead><tr><th>${msg('When')}</th><th>${msg('Who')}</th><th class="num">${msg('Before')}</th><th class="num">${msg('After')}</th><th>${msg('Note')}</th></tr></thead>
            <tbody>${h.items.map((v) => html`<tr><td>${formatDateTime(v.changedAt, this.locale)}</td><td>${v.changedBy}</td><td class="num">${formatNumber(v.previousValue, this.locale)}</td><td class="num">${formatNumber(v.value, this.locale)}</td><td>${v.note ?? ''}</td></tr>`)}</tbody></table>`}
      <button @click=${() => (this.history = null)}>${msg('Close')}</button>
    </section>`;
  }

  private setCell(i: number, change: Partial<Cell>) {
    const cells = [...this.cells];
    cells[i] = { ...cells[i], ...change };
    this.cells = cells;
  }

  private focusCell(row: number, col: number, step = 0) {
    // read-only (survey- or job-fed) rows have no inputs: moving up or down skips them
    const rows = this.grid.value?.rows ?? [];
    while (step && rows[row]?.readOnly) row += step;
    const input = this.renderRoot.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-col="${col}"]`);
    if (input) {
      input.focus();
      input.select();
    }
  }

  private onKey = (e: KeyboardEvent) => {
    const input = e.target as HTMLInputElement;
    const row = Number(input.dataset.row);
    const col = Number(input.dataset.col);
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) this.focusCell(row + 1, col, 1);
    else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) this.focusCell(row - 1, col, -1);
    else if (e.key === 'ArrowRight' && atEnd && col === 0) this.focusCell(row, 1);
    else if (e.key === 'ArrowLeft' && atStart && col === 1) this.focusCell(row, 0);
    else return;
    e.preventDefault();
  };

  private onPaste(e: ClipboardEvent, start: number, field: 'value' | 'note') {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    const lines = pastedColumn(text);
    if (lines.length < 2) return;
    e.preventDefault();
    const cells = [...this.cells];
    // the column fills the editable rows downward, stepping over survey- and job-fed ones
    const rows = this.grid.value?.rows ?? [];
    const targets: number[] = [];
    for (let i = start; i < cells.length && targets.length < lines.length; i++) if (!rows[i]?.readOnly) targets.push(i);
    targets.forEach((i, k) => (cells[i] = { ...cells[i], [field]: lines[k] }));
    this.cells = cells;
    this.message = msg(str`Pasted ${targets.length} cells`);
  }

  private dirtyRows(g: EntryGrid) {
    return g.rows
      .map((r, i) => ({ r, i, cell: this.cells[i] }))
      .filter(({ r, cell }) => !r.readOnly && (cell.value.trim() !== (r.value === null ? '' : String(r.value)) || cell.note !== (r.note ?? '')));
  }

  /** Saves the changed rows; true when saved (or nothing to save). */
  private async save(g: EntryGrid): Promise<boolean> {
    const problems = g.rows.filter((r, i) => !r.readOnly && cellError(this.cells[i].value, this.cells[i].note, r.lastMonth, g.jumpFactor));
    if (problems.length) {
      this.message = msg(str`Fix ${problems.length} cells before saving`);
      return false;
    }
    const dirty = this.dirtyRows(g);
    if (dirty.length === 0) {
      this.message = msg('Nothing to save');
      return true;
    }
    this.busy = true;
    try {
      const rows = dirty.map(({ r, i, cell }) => ({ indicator: r.indicator, value: cell.value.trim() === '' ? null : parseEntryNumber(cell.value), note: cell.note || null, expectedRevision: this.revisions[i] }));
      const result = await request<{ changed: number }>('PUT', `/entry/${encodeURIComponent(g.unit.code)}/${g.period}`, { body: { rows } });
      const values = this.cells;
      await this.grid.run();
      this.cells = values; // keep what the user sees; the reload brings new revisions
      this.message = msg(str`Saved ${result.changed} values`);
      return true;
    } catch (e) {
      if (isApiError(e) && e.status === 409 && Array.isArray(e.details)) {
        const conflicts = new Map<string, { value: number | null; revision: number }>();
        for (const d of e.details as { indicator: string; current: { value: number | null; revision: number } }[]) {
          conflicts.set(d.indicator, d.current);
          const i = g.rows.findIndex((r) => r.indicator === d.indicator);
          if (i >= 0) this.revisions[i] = d.current.revision; // saving again overwrites knowingly
        }
        this.conflicts = conflicts;
      }
      this.message = isApiError(e) ? e.message : String(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async submit(g: EntryGrid) {
    if (!(await this.save(g))) return;
    await this.step(g, 'submit');
  }

  private async step(g: EntryGrid, step: 'submit' | 'approve' | 'return' | 'lock' | 'reopen') {
    const text = this.renderRoot.querySelector<HTMLTextAreaElement>('#wf-text')?.value.trim() ?? '';
    const said = step === 'lock' || step === 'reopen' ? (text ? { reason: text } : {}) : text ? { comment: text } : {};
    const body = step === 'approve' ? { ...said, confirmLock: true } : said;
    this.busy = true;
    try {
      await request('POST', `/periods/${encodeURIComponent(g.unit.code)}/${g.period}/${step}`, { body });
      this.confirmingApprove = false;
      await this.grid.run();
      this.message =
        step === 'approve'
          ? msg('Approved and locked: nobody can change this month until an administrator reopens it.')
          : msg(str`Done: ${stateLabel(this.grid.value?.workflow.state ?? 'draft')}`);
    } catch (e) {
      this.message = isApiError(e) ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private async showHistory(indicator: string) {
    try {
      const items = await request<{ revision: number; value: number | null; previousValue: number | null; note: string | null; changedBy: string; changedAt: string }[]>(
        'GET',
        `/measurements/${encodeURIComponent(this.unit)}/${encodeURIComponent(indicator)}/${this.period}/history`,
      );
      this.history = { indicator, items: Array.isArray(items) ? items : [] };
    } catch (e) {
      this.message = isApiError(e) ? e.message : String(e);
    }
  }

  private async upload(file: File, dryRun: boolean): Promise<ImportResult> {
    return request<ImportResult>('POST', '/imports', {
      query: { filename: file.name, accept: 'valid', dryRun },
      raw: { body: await file.arrayBuffer(), contentType: 'application/octet-stream' },
    });
  }

  private onFile = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.preview = null;
    try {
      this.preview = { file, result: await this.upload(file, true) };
      this.message = msg('Preview ready: nothing has been applied yet');
    } catch (err) {
      this.message = isApiError(err) ? err.message : String(err);
    }
    input.value = '';
  };

  private applyUpload = async () => {
    if (!this.preview) return;
    this.busy = true;
    try {
      const result = await this.upload(this.preview.file, false);
      this.preview = null;
      await this.grid.run();
      this.message = msg(str`Applied ${result.changed} changes`);
    } catch (err) {
      this.message = isApiError(err) ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-entry-view': NsEntryView;
  }
}
