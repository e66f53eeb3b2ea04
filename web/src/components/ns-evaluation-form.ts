import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { localName } from '../i18n.ts';
import { perspectiveName } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type { CycleDefinition, LocalizedName, Unit } from '../types.ts';
import { buildCycle, emptyCycleForm, errorsAt, formFromDefinition, parseNumber, type AdjustmentField, type CycleForm, type FieldError } from './evaluation-form-model.ts';

export type EvaluationFormAction = 'save' | 'preview';

export interface EvaluationFormSubmit {
  action: EvaluationFormAction;
  definition: CycleDefinition;
}

/**
 * The cycle set-up form: every field of the cycle file as a labelled input. Validates on submit
 * (client side with `buildCycle`, then whatever the server says in `serverErrors`), showing each
 * problem under its field. Fires `ns-evaluation-submit` ({ action, definition }) and
 * `ns-evaluation-cancel`; the view does the requests.
 */
@localized()
@customElement('ns-evaluation-form')
export class NsEvaluationForm extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: grid;
        gap: 16px;
      }
      fieldset {
        border: 1px solid var(--ns-border);
        border-radius: var(--ns-radius);
        padding: 12px 16px 16px;
        margin: 0;
        min-width: 0;
      }
      legend {
        font-weight: 650;
        padding: 0 4px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 12px 20px;
        align-items: flex-start;
      }
      label,
      .field {
        display: grid;
        gap: 4px;
        font-size: 0.875rem;
      }
      .field-label {
        font-weight: 600;
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      input[type='text'],
      input[type='month'],
      input[type='number'],
      input:not([type]),
      select,
      textarea {
        min-height: 34px;
        padding: 5px 8px;
        border: 1px solid var(--ns-border-strong);
        border-radius: var(--ns-radius-sm);
        background: var(--ns-surface);
      }
      input[aria-invalid='true'],
      select[aria-invalid='true'] {
        border-color: var(--ns-danger);
      }
      .error {
        color: var(--ns-danger);
        font-size: 0.8125rem;
      }
      .error::before {
        content: '✕ ';
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
      }
      .choices label {
        display: inline-flex;
        align-items: center;
        gap: 6px;
      }
      .unit-list {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(180px, 1fr));
        gap: 4px 16px;
        max-height: 240px;
        overflow: auto;
        padding: 4px 0;
      }
      .unit-list label {
        display: flex;
        align-items: flex-start;
        gap: 6px;
        min-width: 0;
      }
      .unit-list .unit-name {
        min-width: 0;
      }
      .unit-list .unit-name .muted {
        display: block;
        font-size: 0.75rem;
        overflow-wrap: anywhere;
      }
      table input {
        width: 100%;
        min-width: 64px;
      }
      td,
      th {
        padding: 4px 6px;
        vertical-align: top;
      }
      .hint {
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .summary {
        border: 1px solid var(--ns-danger);
        border-radius: var(--ns-radius-sm);
        padding: 8px 12px;
        color: var(--ns-danger);
        background: var(--ns-off-track-bg);
      }
      .summary ul {
        margin: 4px 0 0;
        padding-left: 20px;
      }
    `,
  ];

  /** The definition to edit (null: a new cycle). */
  @property({ attribute: false }) definition: Partial<CycleDefinition> | null = null;
  /** The units that can be evaluated. */
  @property({ attribute: false }) units: readonly Unit[] = [];
  /** The model's perspectives (for the optional weights). */
  @property({ attribute: false }) perspectives: readonly { code: string; name: LocalizedName; weight: number }[] = [];
  /** Problems the server reported (its `details`). */
  @property({ attribute: false }) serverErrors: readonly FieldError[] = [];
  /** The server's message when its answer had no details. */
  @property() serverMessage = '';
  /** While a request is running. */
  @property({ type: Boolean }) busy = false;

  @state() private form: CycleForm = emptyCycleForm();
  @state() private clientErrors: FieldError[] = [];

  get editing(): boolean {
    return !!this.definition?.code;
  }

  /** The form's current state (for tests and the view). */
  get value(): CycleForm {
    return this.form;
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('definition')) {
      this.form = this.definition ? formFromDefinition(this.definition) : emptyCycleForm();
      this.clientErrors = [];
    }
  }

  private get errors(): FieldError[] {
    return [...this.clientErrors, ...this.serverErrors];
  }

  /** Listed at the top too: problems without a field, and everything the server said. */
  private get summaryErrors(): FieldError[] {
    return [...this.clientErrors.filter((e) => !e.path), ...this.serverErrors];
  }

  private set<K extends keyof CycleForm>(key: K, value: CycleForm[K]) {
    this.form = { ...this.form, [key]: value };
  }

  private submit(action: EvaluationFormAction) {
    const { definition, errors } = buildCycle(this.form);
    this.clientErrors = errors;
    if (!definition) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"], .summary')?.focus());
      return;
    }
    // The form does not edit the pay policy and fairness thresholds (the Pay view does): keep them.
    const loaded = this.definition as (CycleDefinition & { pay?: unknown; fairness?: unknown }) | null;
    const kept = { ...(loaded?.pay ? { pay: loaded.pay } : {}), ...(loaded?.fairness ? { fairness: loaded.fairness } : {}) };
    this.dispatchEvent(new CustomEvent<EvaluationFormSubmit>('ns-evaluation-submit', { detail: { action, definition: { ...definition, ...kept } }, bubbles: true, composed: true }));
  }

  private renderErrors(path: string, nested = false) {
    const list = errorsAt(this.errors, path, nested);
    return list.length ? html`<span class="error" id=${`err-${path}`} data-error-for=${path}>${list.map((e) => e.message).join(' ')}</span>` : nothing;
  }

  private invalid(path: string, nested = false) {
    return errorsAt(this.errors, path, nested).length ? 'true' : nothing;
  }

  private describedBy(path: string, nested = false) {
    return errorsAt(this.errors, path, nested).length ? `err-${path}` : nothing;
  }

  override render() {
    const f = this.form;
    const errors = this.errors;
    return html`<form
      novalidate
      data-testid="evaluation-form"
      @submit=${(e: Event) => {
        e.preventDefault();
        this.submit('save');
      }}
    >
      ${errors.length || this.serverMessage
        ? html`<div class="summary" role="alert" tabindex="-1" data-testid="form-errors">
            ${this.serverMessage || msg('Please correct the fields marked below.')}
            ${this.summaryErrors.length ? html`<ul>${this.summaryErrors.map((e) => html`<li>${e.path ? `${e.path}: ` : ''}${e.message}</li>`)}</ul>` : nothing}
          </div>`
        : nothing}
      <fieldset>
        <legend>${msg('Cycle')}</legend>
        <div class="row">
          <label
            ><span class="field-label">${msg('Code')}</span>
            <input name="code" data-testid="field-code" .value=${f.code} ?disabled=${this.editing} required maxlength="64" aria-invalid=${this.invalid('code')} aria-describedby=${this.describedBy('code')} @input=${(e: Event) => this.set('code', (e.target as HTMLInputElement).value)} />
            ${this.renderErrors('code')}</label
          >
          <label
            ><span class="field-label">${msg('Name (Korean)')}</span>
            <input name="nameKo" lang="ko" data-testid="field-name-ko" .value=${f.nameKo} aria-invalid=${this.invalid('name', true)} @input=${(e: Event) => this.set('nameKo', (e.target as HTMLInputElement).value)} />
          </label>
          <label
            ><span class="field-label">${msg('Name (English)')}</span>
            <input name="nameEn" lang="en" data-testid="field-name-en" .value=${f.nameEn} aria-invalid=${this.invalid('name', true)} aria-describedby=${this.describedBy('name', true)} @input=${(e: Event) => this.set('nameEn', (e.target as HTMLInputElement).value)} />
            ${this.renderErrors('name', true)}</label
          >
        </div>
        <div class="row" style="margin-top:12px">
          <label
            ><span class="field-label">${msg('From (month)')}</span>
            <input type="month" name="from" data-testid="field-from" placeholder="YYYY-MM" .value=${f.from} aria-invalid=${this.invalid('from')} aria-describedby=${this.describedBy('from')} @input=${(e: Event) => this.set('from', (e.target as HTMLInputElement).value)} />
            ${this.renderErrors('from')}</label
          >
          <label
            ><span class="field-label">${msg('To (month)')}</span>
            <input type="month" name="to" data-testid="field-to" placeholder="YYYY-MM" .value=${f.to} aria-invalid=${this.invalid('to')} aria-describedby=${this.describedBy('to')} @input=${(e: Event) => this.set('to', (e.target as HTMLInputElement).value)} />
            ${this.renderErrors('to')}</label
          >
          <div class="field" role="radiogroup" aria-labelledby="window-label">
            <span class="field-label" id="window-label">${msg('Scoring window')}</span>
            <div class="choices">
              <label><input type="radio" name="window" value="ytd" .checked=${f.window === 'ytd'} @change=${() => this.set('window', 'ytd')} />${msg('Year to date as of the last month')}</label>
              <label><input type="radio" name="window" value="span" .checked=${f.window === 'span'} @change=${() => this.set('window', 'span')} />${msg('The whole span')}</label>
            </div>
          </div>
          <div class="field" role="radiogroup" aria-labelledby="missing-label">
            <span class="field-label" id="missing-label">${msg('Missing data')}</span>
            <div class="choices">
              <label><input type="radio" name="missing" value="exclude" .checked=${f.missing === 'exclude'} @change=${() => this.set('missing', 'exclude')} />${msg('Leave out')}</label>
              <label><input type="radio" name="missing" value="zero" .checked=${f.missing === 'zero'} @change=${() => this.set('missing', 'zero')} />${msg('Count as 0')}</label>
            </div>
          </div>
        </div>
      </fieldset>
      ${this.renderUnits()} ${this.renderWeights()} ${this.renderAdjustments()} ${this.renderGrading()}
      <div class="actions">
        <button type="submit" class="btn primary" data-testid="evaluation-save" ?disabled=${this.busy}>${this.editing ? msg('Save changes') : msg('Create cycle')}</button>
        <button type="button" class="btn" data-testid="evaluation-form-preview" ?disabled=${this.busy} @click=${() => this.submit('preview')}>${msg('Preview without saving')}</button>
        <button type="button" class="btn" data-testid="evaluation-cancel" @click=${() => this.dispatchEvent(new CustomEvent('ns-evaluation-cancel', { bubbles: true, composed: true }))}>${msg('Cancel')}</button>
      </div>
    </form>`;
  }

  private renderUnits() {
    const f = this.form;
    const minDepth = Math.min(...this.units.map((u) => u.depth), 1);
    const level = parseNumber(f.level);
    const atLevel = this.units.filter((u) => u.depth === level).length;
    return html`<fieldset>
      <legend>${msg('Units evaluated')}</legend>
      <div class="choices" role="radiogroup" aria-label=${msg('How the units are chosen')}>
        <label><input type="radio" name="unitsMode" value="list" data-testid="units-mode-list" .checked=${f.unitsMode === 'list'} @change=${() => this.set('unitsMode', 'list')} />${msg('A list of units')}</label>
        <label><input type="radio" name="unitsMode" value="level" data-testid="units-mode-level" .checked=${f.unitsMode === 'level'} @change=${() => this.set('unitsMode', 'level')} />${msg('Every unit at a level of the tree')}</label>
      </div>
      ${f.unitsMode === 'list'
        ? html`<div class="unit-list" role="group" aria-label=${msg('Units')} data-testid="field-units" aria-describedby=${this.describedBy('units', true)}>
              ${this.units.map(
                (u) => html`<label style="padding-left:${(u.depth - minDepth) * 12}px"
                  ><input
                    type="checkbox"
                    value=${u.code}
                    .checked=${f.units.includes(u.code)}
                    @change=${(e: Event) => {
                      const on = (e.target as HTMLInputElement).checked;
                      this.set('units', on ? [...f.units.filter((c) => c !== u.code), u.code] : f.units.filter((c) => c !== u.code));
                    }}
                  /><span class="unit-name">${localName(u.name, u.code)} <span class="muted">${u.code}</span></span></label
                >`,
              )}
            </div>
            ${this.renderErrors('units', true)}`
        : html`<label style="margin-top:8px;max-width:240px"
            ><span class="field-label">${msg('Level (the company is 1)')}</span>
            <input type="number" min="1" max="50" step="1" name="level" data-testid="field-level" .value=${f.level} aria-invalid=${this.invalid('units.level')} aria-describedby=${this.describedBy('units.level')} @input=${(e: Event) => this.set('level', (e.target as HTMLInputElement).value)} />
            <span class="hint">${msg(str`${atLevel} units at this level`)}</span>
            ${this.renderErrors('units.level')}</label
          >`}
    </fieldset>`;
  }

  private renderWeights() {
    const f = this.form;
    const codes = [...new Set([...this.perspectives.map((p) => p.code), ...Object.keys(f.weights)])];
    return html`<fieldset>
      <legend>${msg('Perspective weights (optional)')}</legend>
      <p class="hint">${msg("Leave a weight empty to keep the model's weight.")}</p>
      <div class="row" style="margin-top:8px">
        ${codes.map((code) => {
          const p = this.perspectives.find((x) => x.code === code);
          const path = `perspectiveWeights.${code}`;
          return html`<label
            ><span class="field-label">${perspectiveName(code, p?.name ?? code)}</span>
            <input type="number" min="0" step="any" data-testid=${`field-weight-${code}`} placeholder=${p ? String(p.weight) : ''} .value=${f.weights[code] ?? ''} aria-invalid=${this.invalid(path)} aria-describedby=${this.describedBy(path)} @input=${(e: Event) => this.set('weights', { ...f.weights, [code]: (e.target as HTMLInputElement).value })} />
            ${this.renderErrors(path)}</label
          >`;
        })}
      </div>
      ${this.renderErrors('perspectiveWeights')}
    </fieldset>`;
  }

  private renderAdjustments() {
    const f = this.form;
    const choices = f.unitsMode === 'list' ? this.units.filter((u) => f.units.includes(u.code)) : this.units.filter((u) => u.depth === parseNumber(f.level));
    const update = (i: number, patch: Partial<AdjustmentField>) => this.set('adjustments', f.adjustments.map((a, j) => (j === i ? { ...a, ...patch } : a)));
    return html`<fieldset>
      <legend>${msg('Adjustments (가감점)')}</legend>
      ${f.adjustments.length
        ? html`<div class="table-wrap">
            <table data-testid="field-adjustments">
              <thead>
                <tr>
                  <th scope="col">${msg('Unit')}</th>
                  <th scope="col">${msg('Points')}</th>
                  <th scope="col">${msg('Reason')}</th>
                  <th scope="col">${msg('Approved by')}</th>
                  <th scope="col"><span class="sr-only">${msg('Remove')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${f.adjustments.map((a, i) => {
                  const p = `adjustments[${i}]`;
                  return html`<tr>
                    <td>
                      <select aria-label=${msg(str`Unit of adjustment ${i + 1}`)} .value=${a.unit} aria-invalid=${this.invalid(`${p}.unit`)} @change=${(e: Event) => update(i, { unit: (e.target as HTMLSelectElement).value })}>
                        <option value="" ?selected=${!a.unit}>${msg('Choose…')}</option>
                        ${[...choices, ...(a.unit && !choices.some((u) => u.code === a.unit) ? [{ code: a.unit, name: a.unit }] : [])].map(
                          (u) => html`<option value=${u.code} ?selected=${u.code === a.unit}>${localName(u.name as LocalizedName, u.code)}</option>`,
                        )}
                      </select>
                      ${this.renderErrors(`${p}.unit`)}
                    </td>
                    <td>
                      <input type="number" step="any" aria-label=${msg(str`Points of adjustment ${i + 1}`)} .value=${a.points} aria-invalid=${this.invalid(`${p}.points`)} @input=${(e: Event) => update(i, { points: (e.target as HTMLInputElement).value })} />
                      ${this.renderErrors(`${p}.points`)}
                    </td>
                    <td>
                      <input aria-label=${msg(str`Reason of adjustment ${i + 1}`)} maxlength="500" .value=${a.reason} aria-invalid=${this.invalid(`${p}.reason`)} @input=${(e: Event) => update(i, { reason: (e.target as HTMLInputElement).value })} />
                      ${this.renderErrors(`${p}.reason`)}
                    </td>
                    <td>
                      <input aria-label=${msg(str`Approver of adjustment ${i + 1}`)} maxlength="100" .value=${a.approvedBy} @input=${(e: Event) => update(i, { approvedBy: (e.target as HTMLInputElement).value })} />
                      ${this.renderErrors(`${p}.approvedBy`)}
                    </td>
                    <td><button type="button" class="btn" aria-label=${msg(str`Remove adjustment ${i + 1}`)} @click=${() => this.set('adjustments', f.adjustments.filter((_, j) => j !== i))}>✕</button></td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="hint">${msg('No adjustments.')}</p>`}
      ${this.renderErrors('adjustments')}
      <p class="hint">${msg('Without an approver, whoever finalises the cycle is recorded as approving it.')}</p>
      <div class="actions" style="margin-top:8px">
        <button type="button" class="btn" data-testid="add-adjustment" @click=${() => this.set('adjustments', [...f.adjustments, { unit: '', points: '', reason: '', approvedBy: '' }])}>${msg('Add adjustment')}</button>
      </div>
    </fieldset>`;
  }

  private renderBands(caption: string) {
    const f = this.form;
    const update = (i: number, patch: Partial<CycleForm['bands'][number]>) => this.set('bands', f.bands.map((b, j) => (j === i ? { ...b, ...patch } : b)));
    return html`<table data-testid="field-bands">
        <caption class="sr-only">${caption}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Grade')}</th>
            <th scope="col">${msg('From total (inclusive)')}</th>
            <th scope="col"><span class="sr-only">${msg('Remove')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${f.bands.map((b, i) => {
            const p = `grading.bands[${i}]`;
            return html`<tr>
              <td><input aria-label=${msg(str`Grade ${i + 1}`)} maxlength="16" .value=${b.grade} aria-invalid=${this.invalid(`${p}.grade`)} @input=${(e: Event) => update(i, { grade: (e.target as HTMLInputElement).value })} />${this.renderErrors(`${p}.grade`)}</td>
              <td><input type="number" step="any" aria-label=${msg(str`Lowest total of grade ${i + 1}`)} .value=${b.from} aria-invalid=${this.invalid(`${p}.from`)} @input=${(e: Event) => update(i, { from: (e.target as HTMLInputElement).value })} />${this.renderErrors(`${p}.from`)}</td>
              <td><button type="button" class="btn" aria-label=${msg(str`Remove grade ${i + 1}`)} @click=${() => this.set('bands', f.bands.filter((_, j) => j !== i))}>✕</button></td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${this.renderErrors('grading.bands')}
      <button type="button" class="btn" style="margin-top:6px" @click=${() => this.set('bands', [...f.bands, { grade: '', from: '' }])}>${msg('Add grade')}</button>`;
  }

  private renderGrading() {
    const f = this.form;
    const update = (i: number, patch: Partial<CycleForm['distribution'][number]>) => this.set('distribution', f.distribution.map((d, j) => (j === i ? { ...d, ...patch } : d)));
    const sum = f.distribution.reduce((s, d) => s + (parseNumber(d.share) ?? 0), 0);
    return html`<fieldset>
      <legend>${msg('Grading')}</legend>
      <div class="choices" role="radiogroup" aria-label=${msg('Grading method')}>
        <label><input type="radio" name="method" value="bands" data-testid="grading-bands" .checked=${f.method === 'bands'} @change=${() => this.set('method', 'bands')} />${msg('Absolute bands')}</label>
        <label><input type="radio" name="method" value="distribution" data-testid="grading-distribution" .checked=${f.method === 'distribution'} @change=${() => this.set('method', 'distribution')} />${msg('Relative distribution')}</label>
      </div>
      <div style="margin-top:8px">
        ${f.method === 'bands'
          ? html`<p class="hint">${msg('The first grade from the top whose lowest total the unit reaches.')}</p>
              ${this.renderBands(msg('Grading bands'))}`
          : html`<p class="hint">${msg('Shares in percent from the best grade down; they must add up to 100. Equal totals get the same grade.')}</p>
              <table data-testid="field-distribution">
                <thead>
                  <tr>
                    <th scope="col">${msg('Grade')}</th>
                    <th scope="col">${msg('Share (%)')}</th>
                    <th scope="col"><span class="sr-only">${msg('Remove')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${f.distribution.map((d, i) => {
                    const p = `grading.distribution[${i}]`;
                    return html`<tr>
                      <td><input aria-label=${msg(str`Grade ${i + 1}`)} maxlength="16" .value=${d.grade} aria-invalid=${this.invalid(`${p}.grade`)} @input=${(e: Event) => update(i, { grade: (e.target as HTMLInputElement).value })} />${this.renderErrors(`${p}.grade`)}</td>
                      <td><input type="number" min="0" step="any" aria-label=${msg(str`Share of grade ${i + 1}`)} .value=${d.share} aria-invalid=${this.invalid(`${p}.share`)} @input=${(e: Event) => update(i, { share: (e.target as HTMLInputElement).value })} />${this.renderErrors(`${p}.share`)}</td>
                      <td><button type="button" class="btn" aria-label=${msg(str`Remove grade ${i + 1}`)} @click=${() => this.set('distribution', f.distribution.filter((_, j) => j !== i))}>✕</button></td>
                    </tr>`;
                  })}
                </tbody>
              </table>
              <p class="hint" aria-live="polite">${msg(str`Total: ${sum}%`)}</p>
              ${this.renderErrors('grading.distribution')}
              <button type="button" class="btn" style="margin-top:6px" @click=${() => this.set('distribution', [...f.distribution, { grade: '', share: '' }])}>${msg('Add grade')}</button>
              <label style="margin-top:12px;max-width:320px"
                ><span class="field-label">${msg('Smallest group for the distribution (optional)')}</span>
                <input type="number" min="1" step="1" data-testid="field-min-units" .value=${f.minUnits} aria-invalid=${this.invalid('grading.minUnits')} @input=${(e: Event) => this.set('minUnits', (e.target as HTMLInputElement).value)} />
                <span class="hint">${msg('Fewer ranked units than this are graded by the bands below instead.')}</span>
                ${this.renderErrors('grading.minUnits')}</label
              >
              ${f.minUnits.trim() ? html`<div style="margin-top:8px">${this.renderBands(msg('Fallback bands'))}</div>` : nothing}`}
      </div>
      ${this.renderErrors('grading')}
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-evaluation-form': NsEvaluationForm;
  }
  interface HTMLElementEventMap {
    'ns-evaluation-submit': CustomEvent<EvaluationFormSubmit>;
    'ns-evaluation-cancel': CustomEvent<void>;
  }
}
