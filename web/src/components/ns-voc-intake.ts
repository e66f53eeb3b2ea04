/**
 * The intake form for a VOC taken at a counter or on the phone: channel (in store / phone first),
 * type, category (the model's tree), severity, responsible unit, time received, an optional
 * customer id and the customer's words. Posts one record through `POST /voc` with a generated id
 * (`NS-` + date + random). Every field is labelled; problems are shown next to their field
 * (the client's checks and the API's per-row errors alike). Fires `ns-voc-created` with the id.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { localized, msg, str } from '@lit/localize';
import { isApiError } from '../api.ts';
import { localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { Unit } from '../types.ts';
import { vocChannelLabel, vocSeverityLabel, vocTypeLabel } from '../voc-labels.ts';
import {
  VOC_CHANNELS,
  VOC_SEVERITIES,
  VOC_TYPES,
  fieldErrors,
  flattenCategories,
  localDateTimeToIso,
  localDateTimeValue,
  newVocId,
  vocApi,
  type CategoryNode,
  type VocChannel,
  type VocConfig,
  type VocRecordInput,
  type VocSeverity,
  type VocType,
} from '../voc.ts';
import { vocStyles } from './voc-styles.ts';

const PRESET: readonly VocChannel[] = ['store', 'call'];

@localized()
@customElement('ns-voc-intake')
export class NsVocIntake extends LitElement {
  static override styles = [
    baseStyles,
    vocStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @property({ attribute: false }) config: VocConfig | null = null;
  @property({ attribute: false }) units: readonly Unit[] = [];
  /** The unit the form starts with (the view's unit). */
  @property() unit = '';

  @state() private errors: Record<string, string> = {};
  @state() private message = '';
  @state() private created = '';
  @state() private busy = false;
  @state() private channel: VocChannel = 'store';
  @state() private receivedAt = localDateTimeValue(new Date());

  override render() {
    const c = this.config;
    const minDepth = Math.min(...this.units.map((u) => u.depth), Infinity);
    const inv = (k: string) => (this.errors[k] ? 'true' : 'false');
    const desc = (k: string, hint = '') => [this.errors[k] ? `intake-err-${k}` : '', hint].filter(Boolean).join(' ') || nothing;
    const err = (k: string) => (this.errors[k] ? html`<span class="field-error" id="intake-err-${k}" data-error-for=${k}>${this.errors[k]}</span>` : nothing);
    const sla = (t: VocType) => c?.sla?.[t];
    return html`<form class="fields" novalidate data-testid="voc-intake" @submit=${this.submit} aria-describedby="intake-required">
      <p class="hint field wide" id="intake-required">${msg('Fields marked * are required.')}</p>
      <fieldset class="field wide">
        <legend>${msg('Channel')} <span class="req" aria-hidden="true">*</span></legend>
        <div class="choices">
          ${PRESET.map(
            (ch) =>
              html`<label><input type="radio" name="channel" value=${ch} .checked=${live(this.channel === ch)} @change=${() => (this.channel = ch)} data-testid="intake-channel-${ch}" />${vocChannelLabel(ch)}</label>`,
          )}
          <label
            >${msg('Other channel')}
            <select name="otherChannel" aria-label=${msg('Other channel')} @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value as VocChannel;
              if (v) this.channel = v;
            }}>
              <option value="" ?selected=${PRESET.includes(this.channel)}>–</option>
              ${VOC_CHANNELS.filter((ch) => !PRESET.includes(ch)).map((ch) => html`<option value=${ch} ?selected=${this.channel === ch}>${vocChannelLabel(ch)}</option>`)}
            </select></label
          >
        </div>
        ${err('channel')}
      </fieldset>
      <div class="field">
        <label for="intake-type">${msg('Type')} <span class="req" aria-hidden="true">*</span></label>
        <select id="intake-type" name="type" required aria-invalid=${inv('type')} aria-describedby=${desc('type')} data-testid="intake-type">
          ${VOC_TYPES.map((t) => html`<option value=${t} ?selected=${t === 'complaint'}>${vocTypeLabel(t)}${sla(t) ? ` · ${msg(str`SLA ${sla(t)} h`)}` : ''}</option>`)}
        </select>
        ${err('type')}
      </div>
      <div class="field">
        <label for="intake-category">${msg('Category')} <span class="req" aria-hidden="true">*</span></label>
        <select id="intake-category" name="category" required aria-invalid=${inv('category')} aria-describedby=${desc('category')} data-testid="intake-category">
          <option value="">${msg('Choose…')}</option>
          ${(c?.categories ?? []).map((top) => {
            const below = flattenCategories((top.children ?? []) as CategoryNode[]);
            // a branch is a group of its sub-categories (a VOC is filed under the most specific one)
            return below.length
              ? html`<optgroup label=${localName(top.name, top.code)}>
                  ${below.map((cat) => html`<option value=${cat.code}>${'\u00a0\u00a0'.repeat(cat.depth)}${localName(cat.name, cat.code)}</option>`)}
                </optgroup>`
              : html`<option value=${top.code}>${localName(top.name, top.code)}</option>`;
          })}
        </select>
        ${err('category')}
      </div>
      <div class="field">
        <label for="intake-severity">${msg('Severity')} <span class="req" aria-hidden="true">*</span></label>
        <select id="intake-severity" name="severity" aria-invalid=${inv('severity')} aria-describedby=${desc('severity')} data-testid="intake-severity">
          ${VOC_SEVERITIES.map((s) => html`<option value=${s} ?selected=${s === 'normal'}>${vocSeverityLabel(s)}</option>`)}
        </select>
        ${err('severity')}
      </div>
      <div class="field">
        <label for="intake-unit">${msg('Responsible unit')} <span class="req" aria-hidden="true">*</span></label>
        <select id="intake-unit" name="unit" required aria-invalid=${inv('unit')} aria-describedby=${desc('unit')} data-testid="intake-unit">
          ${this.units.map((u) => html`<option value=${u.code} ?selected=${u.code === this.unit}>${'\u00a0\u00a0'.repeat(Math.max(0, u.depth - minDepth))}${localName(u.name, u.code)}</option>`)}
        </select>
        ${err('unit')}
      </div>
      <div class="field">
        <label for="intake-received">${msg('Received at')} <span class="req" aria-hidden="true">*</span></label>
        <input id="intake-received" name="receivedAt" type="datetime-local" required .value=${live(this.receivedAt)} aria-invalid=${inv('receivedAt')} aria-describedby=${desc('receivedAt')} />
        ${err('receivedAt')}
      </div>
      <div class="field">
        <label for="intake-customer">${msg('Customer id (optional)')}</label>
        <input id="intake-customer" name="customer" autocomplete="off" maxlength="100" aria-invalid=${inv('customer')} aria-describedby=${desc('customer', 'intake-customer-hint')} data-testid="intake-customer" />
        <span class="hint" id="intake-customer-hint">${msg('Membership or phone number; shown masked to everyone who does not handle VOC.')}</span>
        ${err('customer')}
      </div>
      <div class="field wide">
        <label for="intake-text">${msg('What the customer said')} <span class="req" aria-hidden="true">*</span></label>
        <textarea id="intake-text" name="text" required maxlength="4000" aria-invalid=${inv('text')} aria-describedby=${desc('text')} data-testid="intake-text"></textarea>
        ${err('text')}
      </div>
      ${this.message ? html`<p class="alert field wide" role="alert" data-testid="intake-error">${this.message}</p>` : nothing}
      ${this.created ? html`<p class="ok field wide" role="status" data-testid="intake-created">${msg(str`Saved as ${this.created}.`)}</p>` : nothing}
      <div class="actions field wide">
        <button type="submit" class="btn primary" ?disabled=${this.busy} data-testid="intake-submit">${msg('Save VOC')}</button>
        <button type="reset" class="btn" @click=${this.onReset}>${msg('Clear')}</button>
      </div>
    </form>`;
  }

  private onReset = () => {
    this.errors = {};
    this.message = '';
    this.channel = 'store';
    this.receivedAt = localDateTimeValue(new Date());
  };

  private submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const errors: Record<string, string> = {};
    const receivedAt = localDateTimeToIso(text('receivedAt'));
    if (!receivedAt) errors.receivedAt = msg('Give the date and time the VOC came in.');
    else if (Date.parse(receivedAt) > Date.now() + 5 * 60_000) errors.receivedAt = msg('The time received cannot be in the future.');
    if (!text('category')) errors.category = msg('Choose a category.');
    if (!text('unit')) errors.unit = msg('Choose the responsible unit.');
    if (!text('text')) errors.text = msg('Write down what the customer said.');
    this.errors = errors;
    this.message = '';
    this.created = '';
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const id = newVocId();
    const record: VocRecordInput = {
      id,
      receivedAt: receivedAt!,
      channel: this.channel,
      type: text('type') as VocType,
      category: text('category'),
      unit: text('unit'),
      severity: text('severity') as VocSeverity,
      text: text('text'),
      ...(text('customer') ? { customer: text('customer') } : {}),
    };
    this.busy = true;
    try {
      await vocApi.create([record]);
      this.created = id;
      form.reset();
      this.onReset();
      this.dispatchEvent(new CustomEvent('ns-voc-created', { detail: { id }, bubbles: true, composed: true }));
    } catch (err) {
      this.errors = fieldErrors(err);
      this.message = isApiError(err) ? err.message : String(err);
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-voc-intake': NsVocIntake;
  }
  interface HTMLElementEventMap {
    'ns-voc-created': CustomEvent<{ id: string }>;
  }
}
