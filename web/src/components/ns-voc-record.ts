/**
 * One VOC record in a modal dialog: every field (the customer masked as the API gives it, the
 * text explained when it is withheld), the SLA deadline and time left, the status history (who,
 * when, from → to) and the workflow actions (assign to a person, start, resolve with a resolution
 * and a root cause, close, reopen). Client-side checks name the field; the API's 4xx answers are
 * shown next to the field they name, or above the actions. Fires `ns-voc-changed` (bubbles,
 * composed) after a transition and `ns-voc-close` when the dialog closes.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { isApiError } from '../api.ts';
import { fetchPeople, type Person } from '../comments.ts';
import { formatDateTime } from '../format.ts';
import { currentLocale, localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { Unit } from '../types.ts';
import { rootCauseLabel, timeLeftText, vocActionLabel, vocChannelLabel, vocSeverityLabel, vocStatusLabel, vocTypeLabel } from '../voc-labels.ts';
import { ACTION_TARGET, ROOT_CAUSES, actionsFor, fieldErrors, flattenCategories, type VocConfig, timeLeftKind, vocApi, type RootCause, type VocAction, type VocRecordDetail, type VocTransition } from '../voc.ts';
import { vocStyles } from './voc-styles.ts';
import './ns-state.ts';

@localized()
@customElement('ns-voc-record')
export class NsVocRecord extends LitElement {
  static override styles = [
    baseStyles,
    vocStyles,
    css`
      dl.fields {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
        gap: 10px 16px;
        margin: 0;
      }
      dl.fields dt {
        font-size: 0.75rem;
        color: var(--ns-text-muted);
        font-weight: 600;
      }
      dl.fields dd {
        margin: 2px 0 0;
        overflow-wrap: anywhere;
      }
      .text {
        white-space: pre-wrap;
        background: var(--ns-surface-alt);
        border-radius: var(--ns-radius-sm);
        padding: 10px 12px;
        overflow-wrap: anywhere;
      }
      .withheld {
        color: var(--ns-text-muted);
        font-style: italic;
      }
      ol.history {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      ol.history li {
        border-left: 3px solid var(--ns-border-strong);
        padding: 2px 0 2px 10px;
      }
      .meta {
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
      }
      h3 {
        margin-bottom: 6px;
      }
    `,
  ];

  /** The record id; the dialog opens when it is set. */
  @property() recordId = '';
  /** Whether the caller may act on VOC (GET /voc/config `canResolve`). */
  @property({ type: Boolean }) canAct = false;
  /** The units the user may see (names in the current locale). */
  @property({ attribute: false }) units: readonly Unit[] = [];
  /** The model's category tree (GET /voc/config), for names in the current locale. */
  @property({ attribute: false }) categories: VocConfig['categories'] | null = null;

  @state() private record: VocRecordDetail | null = null;
  @state() private loadError: unknown = null;
  @state() private action: VocAction | null = null;
  @state() private errors: Record<string, string> = {};
  @state() private message = '';
  @state() private done = '';
  @state() private busy = false;
  @state() private people: Person[] = [];
  /** Unit code → the people who may be assigned its VOC (GET /voc/config?unit=). */
  @state() private assigneesOf = new Map<string, Person[]>();

  /** Whether the caller may work on this record: the record says so, else the view's guess. */
  private get mayAct(): boolean {
    return this.record?.canResolve ?? this.canAct;
  }

  @query('dialog') private dialog!: HTMLDialogElement;

  override render() {
    const r = this.record;
    return html`<dialog aria-labelledby="voc-record-title" data-testid="voc-record" @close=${this.onClose} @cancel=${this.onClose}>
      <div class="dialog-head">
        <h2 id="voc-record-title">${/^voc/i.test(this.recordId) ? nothing : html`${msg('VOC')} `}${this.recordId}</h2>
        <button type="button" class="btn" data-testid="voc-record-close" @click=${() => this.dialog.close()}>${msg('Close window')}</button>
      </div>
      <div class="dialog-body">
        ${this.loadError
          ? html`<ns-state kind="error" .error=${this.loadError} .retry=${false}></ns-state>`
          : !r
            ? html`<ns-state kind="loading"></ns-state>`
            : html`${this.renderFields(r)} ${this.renderWorkflow(r)} ${this.renderHistory(r)}`}
      </div>
    </dialog>`;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('recordId')) {
      this.record = null;
      this.action = null;
      this.done = '';
      this.message = '';
      this.errors = {};
    }
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('recordId') && this.recordId) {
      if (!this.dialog.open) this.dialog.showModal();
      void this.load();
    }
  }

  private async load() {
    const id = this.recordId;
    this.loadError = null;
    try {
      const r = await vocApi.record(id);
      if (id !== this.recordId) return;
      this.record = r;
      if (this.mayAct && !this.assigneesOf.has(r.unit)) {
        // the people who may handle VOC of the responsible unit (the assign picker's choices)
        const config = await vocApi.config(undefined, r.unit).catch(() => null);
        this.assigneesOf = new Map(this.assigneesOf).set(r.unit, config?.assignees ?? []);
      }
    } catch (e) {
      if (id === this.recordId) this.loadError = e;
    }
  }

  private onClose = () => {
    this.dispatchEvent(new CustomEvent('ns-voc-close', { bubbles: true, composed: true }));
  };

  private renderFields(r: VocRecordDetail) {
    const l = currentLocale();
    const kind = timeLeftKind(r);
    const field = (label: string, value: unknown, key: string) => html`<div><dt>${label}</dt><dd data-field=${key}>${value}</dd></div>`;
    return html`<section aria-labelledby="voc-fields-title">
      <h3 id="voc-fields-title" class="sr-only">${msg('Details')}</h3>
      <dl class="fields">
        ${field(msg('Status'), html`<span class="pill" data-testid="voc-status">${vocStatusLabel(r.status)}</span>`, 'status')}
        ${field(msg('Time left'), html`<span class="pill ${kind}">${kind === 'overdue' ? html`<span aria-hidden="true">!</span>` : nothing}${timeLeftText(r, l)}</span>`, 'timeLeft')}
        ${field(msg('SLA deadline'), r.deadline ? formatDateTime(r.deadline, l) : msg('No SLA for this type'), 'deadline')}
        ${field(msg('Received'), formatDateTime(r.receivedAt, l), 'receivedAt')}
        ${field(msg('Channel'), vocChannelLabel(r.channel), 'channel')}
        ${field(msg('Type'), vocTypeLabel(r.type), 'type')}
        ${field(msg('Category'), this.categoryName(r), 'category')}
        ${field(msg('Severity'), vocSeverityLabel(r.severity), 'severity')}
        ${field(msg('Responsible unit'), this.unitName(r), 'unit')}
        ${field(msg('Assignee'), r.assigneeName || r.assignee || msg('Not assigned'), 'assignee')}
        ${field(msg('Customer'), r.customer ?? msg('None given'), 'customer')}
        ${field(msg('Repeat'), r.isRepeat ? (r.repeatOf ? msg(str`Yes, repeats ${r.repeatOf}`) : msg('Yes, same customer and category within 30 days')) : msg('No'), 'repeat')}
        ${r.resolvedAt ? field(msg('Resolved'), formatDateTime(r.resolvedAt, l), 'resolvedAt') : nothing}
        ${r.rootCause ? field(msg('Root cause'), rootCauseLabel(r.rootCause), 'rootCause') : nothing}
      </dl>
      <h3 style="margin-top:12px">${msg('What the customer said')}</h3>
      ${r.text === null
        ? html`<p class="withheld" data-testid="voc-text-withheld">${msg('The text is shown only to the responsible unit and the units above it.')}</p>`
        : html`<p class="text" data-testid="voc-text">${r.text || '–'}</p>`}
      ${r.resolution ? html`<h3 style="margin-top:12px">${msg('Resolution')}</h3><p class="text" data-testid="voc-resolution">${r.resolution}</p>` : nothing}
    </section>`;
  }

  /** The category's name in the current locale (the model's tree), else the name the API gave. */
  private categoryName(r: VocRecordDetail): string {
    const hit = this.categories ? flattenCategories(this.categories).find((c) => c.code === r.category) : undefined;
    return hit ? localName(hit.name, r.category) : r.categoryName || r.category;
  }

  private unitName(r: VocRecordDetail): string {
    const unit = this.units.find((u) => u.code === r.unit);
    return unit ? localName(unit.name, r.unit) : r.unitName || r.unit;
  }

  private renderHistory(r: VocRecordDetail) {
    const l = currentLocale();
    const items = [...(r.history ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    return html`<section aria-labelledby="voc-history-title">
      <h3 id="voc-history-title">${msg('Status history')}</h3>
      ${items.length
        ? html`<ol class="history" data-testid="voc-history">
            ${items.map(
              (h) => html`<li>
                <div>${h.from ? html`${vocStatusLabel(h.from)} → ` : nothing}<b>${vocStatusLabel(h.to)}</b></div>
                <div class="meta">${formatDateTime(h.at, l)} · ${h.by ?? msg('system')}</div>
                ${h.note ? html`<div>${h.note}</div>` : nothing}
              </li>`,
            )}
          </ol>`
        : html`<p class="meta">${msg('No changes yet.')}</p>`}
    </section>`;
  }

  private renderWorkflow(r: VocRecordDetail) {
    if (!this.mayAct) return html`<p class="meta">${msg('You can read this VOC; handling it is up to the responsible unit.')}</p>`;
    const actions = actionsFor(r.status);
    return html`<section aria-labelledby="voc-actions-title">
      <h3 id="voc-actions-title">${msg('Handle this VOC')}</h3>
      ${this.done ? html`<p class="ok" role="status" data-testid="voc-done">${this.done}</p>` : nothing}
      <div class="actions" role="group" aria-label=${msg('Actions')}>
        ${actions.map(
          (a) =>
            html`<button type="button" class="btn ${a === 'resolve' ? 'primary' : ''}" data-action=${a} aria-pressed=${this.action === a ? 'true' : 'false'} @click=${() => this.choose(a)}>${vocActionLabel(a)}</button>`,
        )}
      </div>
      ${this.action ? this.renderActionForm(this.action, r) : nothing}
    </section>`;
  }

  private choose(a: VocAction) {
    this.action = this.action === a ? null : a;
    this.errors = {};
    this.message = '';
    this.done = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form.fields input, form.fields select, form.fields textarea')?.focus());
  }

  private err(key: string) {
    const e = this.errors[key];
    return e ? html`<span class="field-error" id="err-${key}">${e}</span>` : nothing;
  }

  private renderActionForm(a: VocAction, r: VocRecordDetail) {
    const needsCause = r.type === 'complaint';
    const inv = (key: string) => (this.errors[key] ? 'true' : 'false');
    const desc = (key: string) => (this.errors[key] ? `err-${key}` : '');
    return html`<form class="fields" novalidate data-testid="voc-action-form" @submit=${(e: SubmitEvent) => this.submit(e, a, r)} style="margin-top:12px">
      ${a === 'assign'
        ? html`<div class="field wide">
            <label for="voc-assignee">${msg('Assign to')} <span class="req" aria-hidden="true">*</span></label>
            <input id="voc-assignee" name="assignee" type="search" list="voc-people" autocomplete="off" required aria-required="true" aria-invalid=${inv('assignee')} aria-describedby=${desc('assignee') || 'voc-assignee-hint'} data-testid="voc-assignee" @input=${this.searchPeople} />
            <datalist id="voc-people">${this.choices(r).map((p) => html`<option value=${p.username}>${p.displayName}</option>`)}</datalist>
            <span class="hint" id="voc-assignee-hint">${msg(str`Type a name or user name; the person must work in ${this.unitName(r)}.`)}</span>
            ${this.err('assignee')}
          </div>`
        : nothing}
      ${a === 'resolve'
        ? html`<div class="field wide">
              <label for="voc-resolution">${msg('Resolution')} <span class="req" aria-hidden="true">*</span></label>
              <textarea id="voc-resolution" name="resolution" required aria-required="true" maxlength="4000" aria-invalid=${inv('resolution')} aria-describedby=${desc('resolution')} data-testid="voc-resolution-input"></textarea>
              ${this.err('resolution')}
            </div>
            <div class="field">
              <label for="voc-root-cause">${msg('Root cause')} ${needsCause ? html`<span class="req" aria-hidden="true">*</span>` : nothing}</label>
              <select id="voc-root-cause" name="rootCause" ?required=${needsCause} aria-required=${needsCause ? 'true' : 'false'} aria-invalid=${inv('rootCause')} aria-describedby=${desc('rootCause')} data-testid="voc-root-cause">
                <option value="">${msg('Choose…')}</option>
                ${ROOT_CAUSES.map((c) => html`<option value=${c} ?selected=${r.rootCause === c}>${rootCauseLabel(c)}</option>`)}
              </select>
              ${this.err('rootCause')}
            </div>`
        : nothing}
      <div class="field wide">
        <label for="voc-note">${a === 'reopen' ? msg('Why reopen it?') : msg('Note (optional)')}</label>
        <textarea id="voc-note" name="note" maxlength="2000" aria-invalid=${inv('note')} aria-describedby=${desc('note')} data-testid="voc-note"></textarea>
        ${this.err('note')}
      </div>
      ${this.message ? html`<p class="alert field wide" role="alert" data-testid="voc-action-error">${this.message}</p>` : nothing}
      <div class="actions field wide">
        <button type="submit" class="btn primary" ?disabled=${this.busy} data-testid="voc-action-submit">${vocActionLabel(a)}</button>
        <button type="button" class="btn" @click=${() => (this.action = null)}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  /** Who may be picked: the unit's VOC handlers, else whoever the directory found. */
  private choices(r: VocRecordDetail): Person[] {
    const own = this.assigneesOf.get(r.unit) ?? [];
    return own.length ? own : this.people;
  }

  private async searchPeople(e: Event) {
    const value = (e.target as HTMLInputElement).value.trim();
    if (!value || (this.record && (this.assigneesOf.get(this.record.unit) ?? []).length)) return;
    try {
      this.people = await fetchPeople(value);
    } catch {
      this.people = [];
    }
  }

  private async submit(e: SubmitEvent, a: VocAction, r: VocRecordDetail) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const body: VocTransition = { to: ACTION_TARGET[a] };
    const errors: Record<string, string> = {};
    if (a === 'assign') {
      const typed = text('assignee');
      const person = this.choices(r).find((p) => p.username === typed || p.displayName === typed || `${p.displayName} (${p.username})` === typed);
      if (!typed) errors.assignee = msg('Choose the person who will handle it.');
      else body.assignee = person?.username ?? typed;
    }
    if (a === 'resolve') {
      if (!text('resolution')) errors.resolution = msg('Say how it was resolved.');
      else body.resolution = text('resolution');
      if (text('rootCause')) body.rootCause = text('rootCause') as RootCause;
      else if (r.type === 'complaint') errors.rootCause = msg('A complaint needs a root cause.');
    }
    if (text('note')) body.note = text('note');
    this.errors = errors;
    this.message = '';
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    this.busy = true;
    try {
      await vocApi.transition(r.id, body);
      this.action = null;
      this.done = msg(str`Done: ${vocStatusLabel(body.to)}`);
      await this.load();
      this.dispatchEvent(new CustomEvent('ns-voc-changed', { detail: { id: r.id }, bubbles: true, composed: true }));
    } catch (err) {
      const byField = fieldErrors(err);
      const known = Object.fromEntries(Object.entries(byField).filter(([k]) => ['assignee', 'resolution', 'rootCause', 'note'].includes(k)));
      this.errors = known;
      this.message = isApiError(err) ? err.message : String(err);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-voc-record': NsVocRecord;
  }
  interface HTMLElementEventMap {
    'ns-voc-changed': CustomEvent<{ id: string }>;
    'ns-voc-close': CustomEvent;
  }
}
