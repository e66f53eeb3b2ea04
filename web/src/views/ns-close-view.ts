import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { baseStyles } from '../styles.ts';
import { localName } from '../i18n.ts';
import { formatCount, formatDateTime, formatPeriod } from '../format.ts';
import { renderTask } from '../components/ns-state.ts';
import type { Column } from '../components/ns-table.ts';
import '../components/ns-table.ts';
import { ViewElement } from './view-element.ts';
import { boardAction, fetchBoard, type Board, type BoardOutcome } from '../work.ts';
import { stateLabel } from './close-labels.ts';

type BoardUnit = Board['units'][number];

type Action = 'approve' | 'return' | 'remind';

/**
 * The month-close board: the subtree's units with their state, days late and who submitted;
 * approve and lock, return with a comment, or remind several units at once.
 */
@localized()
@customElement('ns-close-view')
export class NsCloseView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      ns-table {
        margin-top: 12px;
      }
      th,
      td {
        padding: 6px 8px;
      }
      .counts {
        display: flex;
        gap: 16px;
        flex-wrap: wrap;
        margin: 8px 0;
      }
      .late {
        color: var(--ns-danger, #b42318);
        font-weight: 600;
      }
      .actions {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: end;
        margin-top: 12px;
      }
      .meta {
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
      }
      dialog {
        max-width: 32rem;
      }
      .state-submitted {
        font-weight: 600;
      }
    `,
  ];

  protected readonly routeName = 'close' as const;

  @state() private selected = new Set<string>();
  @state() private outcome: BoardOutcome | null = null;
  @state() private pending: Action | null = null;
  @state() private comment = '';

  private board = new Task(this, {
    task: ([unit, period], { signal }) => fetchBoard(unit, period, signal),
    args: () => [this.unit, this.period] as const,
  });

  override render() {
    return html`<section data-view="close" aria-labelledby="title">
      <h1 id="title">${msg('Month close')}</h1>
      <p class="meta">${this.unitLabel(this.unit)} · ${formatPeriod(this.period, this.locale, 'long')}</p>
      ${renderTask(this.board, (b) => this.renderBoard(b), 'board')}
      ${this.renderDialog()}
    </section>`;
  }

  private renderBoard(b: Board) {
    const l = this.locale;
    const reviewable = b.units.filter((u) => u.can.review);
    const all = reviewable.length > 0 && reviewable.every((u) => this.selected.has(u.unit));
    return html`<div class="counts" data-testid="board-counts">
        ${(['draft', 'submitted', 'returned', 'approved', 'locked'] as const).map((s) => html`<span>${stateLabel(s)}: <b>${b.counts[s] ?? 0}</b></span>`)}
        ${b.deadline ? html`<span>${msg('Deadline')}: <b>${b.deadline}</b></span>` : nothing}
      </div>
      <ns-table
        table-testid="board"
        label=${msg('Month close')}
        .rows=${b.units}
        .rowAttrs=${(u: BoardUnit) => ({ 'data-unit': u.unit })}
        .columns=${[
          { key: 'unit', label: msg('Unit'), sortable: true, value: (u: BoardUnit) => localName(u.name, u.unit), render: (u: BoardUnit) => html`<a href=${this.href('entry', { context: { unit: u.unit } })}>${localName(u.name, u.unit)}</a>` },
          {
            key: 'select',
            label: msg('Select'),
            header: html`<input type="checkbox" aria-label=${msg('Select all')} .checked=${all} @change=${(e: Event) => this.selectAll(reviewable.map((u) => u.unit), (e.target as HTMLInputElement).checked)} />`,
            render: (u: BoardUnit) =>
              u.can.review ? html`<input type="checkbox" aria-label=${msg(str`Select ${localName(u.name, u.unit)}`)} .checked=${this.selected.has(u.unit)} @change=${(e: Event) => this.toggle(u.unit, (e.target as HTMLInputElement).checked)} />` : nothing,
          },
          { key: 'state', label: msg('State'), sortable: true, value: (u: BoardUnit) => stateLabel(u.state), render: (u: BoardUnit) => html`<span class=${`state-${u.state}`} data-testid="state">${stateLabel(u.state)}</span>` },
          { key: 'daysLate', label: msg('Days late'), numeric: true, sortable: true, class: (u: BoardUnit) => (u.daysLate > 0 ? 'late' : ''), render: (u: BoardUnit) => (u.daysLate ? formatCount(u.daysLate, l) : '–') },
          { key: 'submittedBy', label: msg('Submitted by'), render: (u: BoardUnit) => html`${u.submittedBy ?? '–'}${u.submittedAt ? html`<div class="meta">${formatDateTime(u.submittedAt, l)}</div>` : nothing}` },
          { key: 'comment', label: msg('Comment'), render: (u: BoardUnit) => u.comment ?? '' },
        ] satisfies Column<BoardUnit>[]}
      ></ns-table>
      <div class="actions">
        <button type="button" class="btn primary" data-testid="approve-lock" ?disabled=${this.selected.size === 0} @click=${() => this.ask('approve')}>${msg(str`Approve and lock (${this.selected.size})`)}</button>
        <button type="button" class="btn" data-testid="return" ?disabled=${this.selected.size === 0} @click=${() => this.ask('return')}>${msg('Return with a comment')}</button>
        <button type="button" class="btn" data-testid="remind" ?disabled=${this.selected.size === 0} @click=${() => this.ask('remind')}>${msg('Remind')}</button>
      </div>
      ${this.outcome
        ? html`<div role="status" data-testid="board-outcome">
            <p>${msg(str`${this.outcome.done} done, ${this.outcome.failed} not done.`)}</p>
            <ul>${this.outcome.results.filter((r) => !r.ok).map((r) => html`<li>${r.unit}: ${r.error?.message}</li>`)}</ul>
          </div>`
        : nothing}`;
  }

  private renderDialog() {
    if (!this.pending) return nothing;
    const n = this.selected.size;
    const text =
      this.pending === 'approve'
        ? msg(str`Approve and lock ${n} units for ${formatPeriod(this.period, this.locale, 'long')}? Locked months cannot be changed by anyone until an administrator reopens them with a reason.`)
        : this.pending === 'return'
          ? msg(str`Return ${n} units for correction. Say what to correct:`)
          : msg(str`Remind the people who enter data for ${n} units to submit. Add a note (optional):`);
    return html`<div role="dialog" aria-modal="true" aria-labelledby="confirm-title" class="card" data-testid="confirm" style="margin-top:12px;padding:16px;border:2px solid var(--ns-focus)">
      <h2 id="confirm-title">${this.pending === 'approve' ? msg('Approve and lock') : this.pending === 'return' ? msg('Return with a comment') : msg('Remind')}</h2>
      <p>${text}</p>
      ${this.pending !== 'approve' ? html`<textarea aria-label=${msg('Comment')} data-testid="confirm-comment" .value=${this.comment} @input=${(e: Event) => (this.comment = (e.target as HTMLTextAreaElement).value)}></textarea>` : nothing}
      <div class="actions">
        <button type="button" class="btn primary" data-testid="confirm-yes" ?disabled=${this.pending === 'return' && !this.comment.trim()} @click=${this.run}>${this.pending === 'approve' ? msg('Yes, approve and lock') : msg('Send')}</button>
        <button type="button" class="btn" data-testid="confirm-no" @click=${() => (this.pending = null)}>${msg('Cancel')}</button>
      </div>
    </div>`;
  }

  private toggle(unit: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(unit);
    else next.delete(unit);
    this.selected = next;
  }

  private selectAll(units: string[], on: boolean) {
    this.selected = on ? new Set(units) : new Set();
  }

  private ask(action: Action) {
    this.outcome = null;
    this.comment = '';
    this.pending = action;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-testid="confirm-yes"], [data-testid="confirm-comment"]')?.focus());
  }

  private run = async () => {
    const action = this.pending!;
    this.pending = null;
    this.outcome = await boardAction({ period: this.period, action, units: [...this.selected], comment: this.comment.trim() || undefined, confirmLock: action === 'approve' ? true : undefined });
    this.selected = new Set();
    void this.board.run();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-close-view': NsCloseView;
  }
}
