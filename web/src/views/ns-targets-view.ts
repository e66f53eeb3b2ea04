/**
 * "Targets": a year's plan for one indicator in the unit's subtree (DESIGN.md §3 "Target
 * setting"). A grid of units × months with last year's actuals under each cell, editable plan
 * figures (monthly cells and the yearly total, which is phased evenly), the cascade dialog
 * (method, phasing, preview table, apply), approval of the drafts the user may approve, the
 * consistency panel, the revisions, and the workbook template download / upload with preview.
 */
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { buildUrl, isApiError, request } from '../api.ts';
import { formatDateTime, formatNumber } from '../format.ts';
import { localName } from '../i18n.ts';
import { baseStyles } from '../styles.ts';
import type { LocalizedName } from '../types.ts';
import { ViewElement } from './view-element.ts';
import '../components/ns-state.ts';

type PlanStatus = 'none' | 'draft' | 'approved';
type Figures = (number | null)[];

export interface TargetGridRow {
  unit: string;
  name: LocalizedName | string;
  depth: number;
  parent: string | null;
  status: PlanStatus;
  plan: { months: Figures; yearly: number | null; baseline: number | null; stretch: number | null; redFlag: number | null; updatedBy: string; approvedBy: string | null } | null;
  approved: { months: Figures; yearly: number | null };
  lastYear: { months: Figures; yearly: number | null };
  lockedMonths: string[];
  can: { edit: boolean; approve: boolean };
}

export interface TargetGrid {
  indicator: { code: string; name: LocalizedName | string; unit: string; frequency: string; summedOverUnits: boolean; summedOverTime: boolean; scoringMethod: string; uses: { baseline: boolean; stretch: boolean; redFlag: boolean } };
  year: number;
  unit: string;
  months: string[];
  dueMonths: number[];
  rows: TargetGridRow[];
  gaps: { unit: string; target: number; childrenTotal: number; gap: number; missing: string[] }[];
}

interface PreviewRow {
  unit: string;
  role: 'parent' | 'child';
  share: number | null;
  yearly: number | null;
  months: Figures;
  lastYear: number | null;
  previous: number | null;
  phasing: string;
  warnings: string[];
}

interface CascadePreview {
  by: string;
  phasing: string;
  rows: PreviewRow[];
  warnings: string[];
}

interface UploadPreview {
  rows: { unit: string; row: number; yearly: number | null; before: number | null; changed: boolean }[];
  errors: { row: number; column: string; unit: string | null; message: string }[];
}

interface Revision {
  id: number;
  unit: string;
  period: string | null;
  action: string;
  oldValue: number | null;
  newValue: number | null;
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** `A=40, B=60` → { A: 40, B: 60 }; null when a part is not UNIT=NUMBER. */
export function parseShares(text: string): Record<string, number> | null {
  const shares: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [unit, value] = part.split('=').map((s) => s?.trim());
    if (!unit || !value || !NUMBER.test(value)) return null;
    shares[unit] = Number(value);
  }
  return shares;
}

/** The figures the grid shows and edits for a row: the plan where there is one, else what is approved. */
export const workingMonths = (row: TargetGridRow): Figures => row.plan?.months ?? row.approved.months;

export function statusLabel(status: PlanStatus): string {
  switch (status) {
    case 'none':
      return msg('No plan');
    case 'draft':
      return msg('Draft');
    case 'approved':
      return msg('Approved');
  }
}

@localized()
@customElement('ns-targets-view')
export class NsTargetsView extends ViewElement {
  protected readonly routeName = 'targets' as const;

  /** Edited cells: `UNIT|month index` (0-11) or `UNIT|year` → the typed text. */
  @state() private edits = new Map<string, string>();
  @state() private reason = '';
  @state() private message = '';
  @state() private busy = false;
  @state() private cascadeOpen = false;
  @state() private cascadeForm = { target: '', by: 'last_year', shares: '', phasing: 'even' };
  @state() private cascadePreview: CascadePreview | null = null;
  @state() private cascadeError = '';
  @state() private upload: { file: File; result: UploadPreview } | null = null;
  @state() private revisions: Revision[] | null = null;

  private get indicator(): string {
    return this.params.indicator ?? '';
  }

  private get year(): number {
    const y = Number(this.params.year);
    return Number.isInteger(y) && y >= 1900 && y <= 9999 ? y : Number(this.period.slice(0, 4)) || new Date().getFullYear();
  }

  private indicators = new Task(this, {
    task: async (_args, { signal }) => (await request<{ indicators: { code: string; name: LocalizedName | string; formula: string | null }[] }>('GET', '/model', { signal })).indicators,
    args: () => [] as const,
  });

  private grid = new Task(this, {
    task: async ([indicator, unit, year], { signal }) => {
      if (!indicator) return null;
      const grid = await request<TargetGrid>('GET', '/targets/grid', { query: { indicator, unit, year }, signal });
      this.edits = new Map();
      this.revisions = null;
      return grid;
    },
    args: () => [this.indicator, this.unit, this.year] as const,
  });

  static override styles = [
    baseStyles,
    css`
      .pickers { display: flex; gap: 12px; flex-wrap: wrap; align-items: end; margin: 8px 0; }
      .pickers label { display: flex; flex-direction: column; font-size: 0.9em; gap: 2px; max-width: 100%; min-width: 0; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; }
      th, td { padding: 3px 5px; border-bottom: 1px solid var(--ns-border, #ddd); text-align: left; vertical-align: top; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      input.cell { width: 6.5em; text-align: right; font: inherit; padding: 2px 4px; box-sizing: border-box; }
      input.cell.year { width: 8em; font-weight: 600; }
      input:focus-visible, button:focus-visible, select:focus-visible, a:focus-visible { outline: 3px solid var(--ns-focus, #1a73e8); outline-offset: 1px; }
      input[aria-invalid='true'] { border-color: #b00020; background: #fff4f4; }
      input.changed { background: #fff8e1; }
      .ly { display: block; color: var(--ns-muted, #666); font-size: 0.8em; }
      .locked { display: block; color: #8a4b00; font-size: 0.8em; }
      .status-draft { color: #8a4b00; font-weight: 600; }
      .status-approved { color: #1b5e20; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
      .panel { border: 1px solid var(--ns-border, #ddd); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
      .err { color: #b00020; }
      .warn { color: #8a4b00; }
      dialog { max-width: min(1100px, 95vw); }
      dialog form { display: flex; gap: 12px; flex-wrap: wrap; align-items: end; }
      dialog label { display: flex; flex-direction: column; font-size: 0.9em; gap: 2px; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  override render() {
    const indicators = this.indicators.value ?? [];
    return html`<section data-view="targets">
      <h1>${msg('Targets')}</h1>
      <div class="pickers">
        <label
          >${msg('Indicator')}
          <select data-testid="targets-indicator" @change=${(e: Event) => this.setParams({ indicator: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="" ?selected=${!this.indicator}>${msg('Choose an indicator')}</option>
            ${indicators.map((i) => html`<option value=${i.code} ?selected=${i.code === this.indicator}>${localName(i.name, i.code)} (${i.code})</option>`)}
          </select>
        </label>
        <label
          >${msg('Year')}
          <input type="number" min="1900" max="9999" data-testid="targets-year" .value=${String(this.year)} @change=${(e: Event) => this.setParams({ year: (e.target as HTMLInputElement).value })} />
        </label>
      </div>
      ${this.indicator
        ? this.grid.render({
            pending: () => html`<ns-state kind="loading"></ns-state>`,
            error: (e) => html`<ns-state kind="error" .error=${e}></ns-state>`,
            complete: (g) => (g ? this.renderGrid(g) : nothing),
          })
        : html`<ns-state kind="empty" message=${msg('Choose an indicator to plan its targets.')}></ns-state>`}
    </section>`;
  }

  private renderGrid(g: TargetGrid) {
    const editable = g.rows.some((r) => r.can.edit);
    const approvable = g.rows.filter((r) => r.status === 'draft' && r.can.approve);
    return html`
      <p>
        ${msg(str`${localName(g.indicator.name, g.indicator.code)} in ${g.indicator.unit || '-'}, ${g.year}.`)}
        ${g.indicator.summedOverUnits ? msg('Children add up to their parent.') : msg('Each unit has its own target (cascading copies it).')}
      </p>
      <div class="actions">
        ${editable ? html`<button data-testid="open-cascade" @click=${this.openCascade}>${msg('Cascade…')}</button>` : nothing}
        ${editable
          ? html`<button data-testid="save-targets" ?disabled=${this.edits.size === 0 || this.busy} @click=${() => this.save(g)}>${msg('Save changes')}</button>
              <label>${msg('Reason')} <input data-testid="targets-reason" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLInputElement).value)} /></label>`
          : nothing}
        <button data-testid="approve-targets" ?disabled=${approvable.length === 0 || this.busy || this.edits.size > 0} @click=${() => this.approve(g, approvable)}>
          ${msg(str`Approve ${approvable.length} draft(s)`)}
        </button>
      </div>
      <p role="status" data-testid="targets-message">${this.message}</p>
      <div class="scroll">
        <table data-testid="targets-grid">
          <caption class="visually-hidden">${msg('Targets by unit and month')}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Unit')}</th>
              <th scope="col">${msg('Status')}</th>
              ${g.months.map((m) => html`<th scope="col" class="num">${m.slice(5)}</th>`)}
              <th scope="col" class="num">${msg('Year')}</th>
              <th scope="col" class="num">${msg('Approved')}</th>
            </tr>
          </thead>
          <tbody>
            ${g.rows.map((row) => this.renderRow(g, row))}
          </tbody>
        </table>
      </div>
      ${this.renderParameters(g)} ${this.renderConsistency(g)} ${this.renderWorkbook(g)} ${this.renderRevisions(g)}
      ${this.cascadeOpen ? this.renderCascade(g) : nothing}
    `;
  }

  private renderRow(g: TargetGrid, row: TargetGridRow) {
    const months = workingMonths(row);
    const label = localName(row.name, row.unit);
    const yearKey = `${row.unit}|year`;
    return html`<tr data-unit=${row.unit}>
      <th scope="row" style=${`padding-left: ${6 + row.depth * 16}px`}>${label}</th>
      <td class=${`status-${row.status}`} data-testid="plan-status">${statusLabel(row.status)}</td>
      ${g.months.map((month, i) => {
        const due = g.dueMonths.includes(i + 1);
        const key = `${row.unit}|${i}`;
        const text = this.edits.get(key) ?? (months[i] === null ? '' : String(months[i]));
        const locked = row.lockedMonths.includes(month);
        return html`<td class="num">
          ${row.can.edit && due
            ? html`<input
                class="cell ${this.edits.has(key) ? 'changed' : ''}"
                inputmode="decimal"
                aria-label=${msg(str`${label} ${month}`)}
                aria-invalid=${text.trim() !== '' && !NUMBER.test(text.trim()) ? 'true' : 'false'}
                data-cell=${key}
                .value=${text}
                @input=${(e: Event) => this.edit(key, (e.target as HTMLInputElement).value)}
              />`
            : html`<span>${formatNumber(months[i], this.locale)}</span>`}
          <span class="ly" title=${msg('Last year')}>${due ? formatNumber(row.lastYear.months[i], this.locale) : ''}</span>
          ${locked ? html`<span class="locked">${msg('locked')}</span>` : nothing}
        </td>`;
      })}
      <td class="num">
        ${row.can.edit
          ? html`<input
              class="cell year ${this.edits.has(yearKey) ? 'changed' : ''}"
              inputmode="decimal"
              aria-label=${msg(str`${label} year total`)}
              data-cell=${yearKey}
              .value=${this.edits.get(yearKey) ?? (row.plan?.yearly ?? row.approved.yearly ?? '').toString()}
              @input=${(e: Event) => this.edit(yearKey, (e.target as HTMLInputElement).value)}
            />`
          : html`<strong>${formatNumber(row.plan?.yearly ?? row.approved.yearly, this.locale)}</strong>`}
        <span class="ly" title=${msg('Last year')}>${formatNumber(row.lastYear.yearly, this.locale)}</span>
      </td>
      <td class="num" data-testid="approved-yearly">${formatNumber(row.approved.yearly, this.locale)}</td>
    </tr>`;
  }

  private renderParameters(g: TargetGrid) {
    const uses = g.indicator.uses;
    const fields = (['baseline', 'stretch', 'redFlag'] as const).filter((f) => uses[f]);
    const title = { baseline: msg('Baseline'), stretch: msg('Stretch'), redFlag: msg('Red flag') };
    return html`<div class="panel" data-testid="targets-parameters">
      <h2>${msg('Scoring parameters')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">${msg('Unit')}</th>
            ${fields.map((f) => html`<th scope="col" class="num">${title[f]}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${g.rows.map((r) => {
            const label = localName(r.name, r.unit);
            return html`<tr>
              <th scope="row">${label}</th>
              ${fields.map((f) => {
                const key = `${r.unit}|${f}`;
                const current = r.plan?.[f] ?? null;
                return html`<td class="num">
                  ${r.can.edit
                    ? html`<input
                        class="cell ${this.edits.has(key) ? 'changed' : ''}"
                        inputmode="decimal"
                        aria-label=${`${label} ${title[f]}`}
                        data-cell=${key}
                        .value=${this.edits.get(key) ?? (current === null ? '' : String(current))}
                        @input=${(e: Event) => this.edit(key, (e.target as HTMLInputElement).value)}
                      />`
                    : formatNumber(current, this.locale)}
                </td>`;
              })}
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderConsistency(g: TargetGrid) {
    return html`<div class="panel" data-testid="targets-consistency">
      <h2>${msg('Consistency')}</h2>
      ${!g.indicator.summedOverUnits
        ? html`<p>${msg('This indicator does not add up over units; each unit keeps its own target.')}</p>`
        : g.gaps.length === 0
          ? html`<p>${msg('Every parent’s children add up to its yearly target.')}</p>`
          : html`<ul>
              ${g.gaps.map(
                (gap) =>
                  html`<li class="warn">
                    ${msg(str`${this.unitLabel(gap.unit)}: target ${formatNumber(gap.target, this.locale)}, children ${formatNumber(gap.childrenTotal, this.locale)} (gap ${formatNumber(gap.gap, this.locale)})`)}
                    ${gap.missing.length ? msg(str`; no target: ${gap.missing.join(', ')}`) : ''}
                  </li>`,
              )}
            </ul>`}
      ${g.rows.filter((r) => r.plan === null && r.approved.yearly === null).length
        ? html`<p class="warn">${msg(str`No target: ${g.rows.filter((r) => r.plan === null && r.approved.yearly === null).map((r) => r.unit).join(', ')}`)}</p>`
        : nothing}
    </div>`;
  }

  private renderWorkbook(g: TargetGrid) {
    const query = { indicator: g.indicator.code, unit: g.unit, year: g.year };
    return html`<div class="panel">
      <h2>${msg('Workbook')}</h2>
      <p>
        <a data-testid="targets-template" href=${buildUrl('/targets/template', query)} download>${msg('Download the plan template (XLSX, pre-filled with last year)')}</a> ·
        <a data-testid="targets-export" href=${buildUrl('/targets/export', { ...query, format: 'xlsx' })} download>${msg('Export the approved targets (XLSX)')}</a>
      </p>
      ${g.rows.some((r) => r.can.edit)
        ? html`<label for="targets-upload">${msg('Upload a filled-in template')}</label>
            <input id="targets-upload" type="file" accept=".xlsx" data-testid="targets-upload" @change=${(e: Event) => this.onFile(e, g)} />`
        : nothing}
      ${this.upload
        ? html`<div data-testid="targets-upload-preview">
            <p>${msg(str`${this.upload.result.rows.filter((r) => r.changed).length} unit(s) change, ${this.upload.result.errors.length} error(s).`)}</p>
            ${this.upload.result.errors.length
              ? html`<ul class="err" data-testid="targets-upload-errors">
                  ${this.upload.result.errors.map((e) => html`<li>${msg(str`Row ${e.row}, ${e.column}: ${e.message}`)}</li>`)}
                </ul>`
              : nothing}
            <ul>
              ${this.upload.result.rows.filter((r) => r.changed).map((r) => html`<li>${r.unit}: ${formatNumber(r.before, this.locale)} → ${formatNumber(r.yearly, this.locale)}</li>`)}
            </ul>
            <button data-testid="targets-upload-apply" ?disabled=${this.upload.result.errors.length > 0 || this.busy} @click=${() => this.applyUpload(g)}>${msg('Apply as drafts')}</button>
            <button @click=${() => (this.upload = null)}>${msg('Cancel')}</button>
          </div>`
        : nothing}
    </div>`;
  }

  private renderRevisions(g: TargetGrid) {
    return html`<div class="panel">
      <h2>${msg('Revisions')}</h2>
      ${this.revisions === null
        ? html`<button data-testid="show-revisions" @click=${() => this.loadRevisions(g)}>${msg('Show revisions')}</button>`
        : this.revisions.length === 0
          ? html`<p>${msg('No revisions yet.')}</p>`
          : html`<table data-testid="targets-revisions">
              <thead>
                <tr>
                  <th scope="col">${msg('When')}</th>
                  <th scope="col">${msg('Who')}</th>
                  <th scope="col">${msg('Unit')}</th>
                  <th scope="col">${msg('Period')}</th>
                  <th scope="col">${msg('Change')}</th>
                  <th scope="col" class="num">${msg('Old')}</th>
                  <th scope="col" class="num">${msg('New')}</th>
                  <th scope="col">${msg('Reason')}</th>
                </tr>
              </thead>
              <tbody>
                ${this.revisions.slice(0, 200).map(
                  (r) => html`<tr>
                    <td>${formatDateTime(r.changedAt, this.locale)}</td>
                    <td>${r.changedBy}</td>
                    <td>${r.unit}</td>
                    <td>${r.period ?? msg('year')}</td>
                    <td>${r.action}</td>
                    <td class="num">${formatNumber(r.oldValue, this.locale)}</td>
                    <td class="num">${formatNumber(r.newValue, this.locale)}</td>
                    <td>${r.reason ?? ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    </div>`;
  }

  private renderCascade(g: TargetGrid) {
    const f = this.cascadeForm;
    const set = (field: keyof typeof f) => (e: Event) => {
      this.cascadeForm = { ...this.cascadeForm, [field]: (e.target as HTMLInputElement | HTMLSelectElement).value };
      this.cascadePreview = null;
    };
    return html`<dialog aria-labelledby="cascade-title" data-testid="cascade-dialog" @close=${this.closeCascade}>
      <h2 id="cascade-title">${msg(str`Cascade ${g.indicator.code} ${g.year} from ${this.unitLabel(g.unit)} to its children`)}</h2>
      <form @submit=${(e: Event) => (e.preventDefault(), this.previewCascade(g))}>
        <label>${msg('Yearly target')} <input data-testid="cascade-target" inputmode="decimal" required .value=${f.target} @input=${set('target')} /></label>
        <label
          >${msg('Split by')}
          <select data-testid="cascade-by" @change=${set('by')}>
            <option value="last_year" ?selected=${f.by === 'last_year'}>${msg('Last year’s shares')}</option>
            <option value="equal" ?selected=${f.by === 'equal'}>${msg('Equal parts')}</option>
            <option value="shares" ?selected=${f.by === 'shares'}>${msg('Given shares (%)')}</option>
          </select>
        </label>
        ${f.by === 'shares' ? html`<label>${msg('Shares (UNIT=%, …)')} <input data-testid="cascade-shares" .value=${f.shares} @input=${set('shares')} placeholder="A=40, B=60" /></label>` : nothing}
        <label
          >${msg('Phasing')}
          <select data-testid="cascade-phasing" @change=${set('phasing')}>
            <option value="even" ?selected=${f.phasing === 'even'}>${msg('Even')}</option>
            <option value="last_year" ?selected=${f.phasing === 'last_year'}>${msg('Last year’s profile')}</option>
          </select>
        </label>
        <button type="submit" data-testid="cascade-preview" ?disabled=${this.busy}>${msg('Preview')}</button>
      </form>
      ${this.cascadeError ? html`<p class="err" role="alert" data-testid="cascade-error">${this.cascadeError}</p>` : nothing}
      ${this.cascadePreview ? this.renderCascadePreview(g, this.cascadePreview) : nothing}
      <div class="actions">
        <button data-testid="cascade-apply" ?disabled=${!this.cascadePreview || this.busy} @click=${() => this.applyCascade(g)}>${msg('Apply as drafts')}</button>
        <button data-testid="cascade-close" @click=${this.closeCascade}>${msg('Close')}</button>
      </div>
    </dialog>`;
  }

  private renderCascadePreview(g: TargetGrid, p: CascadePreview) {
    return html`<div class="scroll">
      <table data-testid="cascade-preview-table">
        <thead>
          <tr>
            <th scope="col">${msg('Unit')}</th>
            <th scope="col" class="num">${msg('Share')}</th>
            <th scope="col" class="num">${msg('Last year')}</th>
            <th scope="col" class="num">${msg('Year')}</th>
            ${g.months.map((m) => html`<th scope="col" class="num">${m.slice(5)}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${p.rows.map(
            (r) => html`<tr data-unit=${r.unit}>
              <th scope="row">${this.unitLabel(r.unit)}</th>
              <td class="num">${r.share === null ? '' : `${formatNumber(r.share, this.locale)}%`}</td>
              <td class="num">${formatNumber(r.lastYear, this.locale)}</td>
              <td class="num" data-testid="preview-yearly"><strong>${formatNumber(r.yearly, this.locale)}</strong></td>
              ${r.months.map((v) => html`<td class="num">${formatNumber(v, this.locale)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
      ${[...p.warnings, ...p.rows.flatMap((r) => r.warnings.map((w) => `${r.unit}: ${w}`))].map((w) => html`<p class="warn">${w}</p>`)}
    </div>`;
  }

  private edit(key: string, value: string) {
    const next = new Map(this.edits);
    next.set(key, value);
    this.edits = next;
  }

  private async save(g: TargetGrid) {
    const byUnit = new Map<string, { yearly?: number; months: Record<string, number | null>; baseline?: number | null; stretch?: number | null; redFlag?: number | null }>();
    for (const [key, text] of this.edits) {
      const [unit, which] = key.split('|');
      const t = text.trim();
      if (t !== '' && !NUMBER.test(t)) {
        this.message = msg(str`${unit}: "${t}" is not a number`);
        return;
      }
      const entry = byUnit.get(unit) ?? { months: {} };
      if (which === 'year') {
        if (t !== '') entry.yearly = Number(t);
      } else if (which === 'baseline' || which === 'stretch' || which === 'redFlag') entry[which] = t === '' ? null : Number(t);
      else entry.months[g.months[Number(which)]] = t === '' ? null : Number(t);
      byUnit.set(unit, entry);
    }
    this.busy = true;
    try {
      for (const [unit, entry] of byUnit) {
        const { yearly, months, ...parameters } = entry;
        await request('PUT', '/targets/plan', { body: { indicator: g.indicator.code, unit, year: g.year, ...(yearly !== undefined ? { yearly } : {}), months, ...parameters, reason: this.reason || undefined } });
      }
      this.message = msg(str`Saved ${byUnit.size} unit(s) as drafts.`);
      this.grid.run();
    } catch (e) {
      this.message = isApiError(e) ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private async approve(g: TargetGrid, rows: TargetGridRow[]) {
    this.busy = true;
    try {
      const result = await request<{ approved: string[]; keptLocked: { unit: string; period: string; kept: number | null }[] }>('POST', '/targets/approve', { body: { indicator: g.indicator.code, year: g.year, units: rows.map((r) => r.unit), reason: this.reason || undefined } });
      const kept = result.keptLocked.map((k) => `${k.unit} ${k.period}`).join(', ');
      this.message = msg(str`Approved: ${result.approved.join(', ')}.`) + (kept ? ' ' + msg(str`Locked months keep their targets: ${kept}.`) : '');
      this.grid.run();
    } catch (e) {
      this.message = isApiError(e) ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private openCascade() {
    this.cascadeOpen = true;
    this.cascadePreview = null;
    this.cascadeError = '';
  }

  /** The dialog is modal (focus stays inside, Escape closes it) and starts on the target field. */
  override updated(changed: Map<string, unknown>) {
    if (!changed.has('cascadeOpen') || !this.cascadeOpen) return;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog[data-testid="cascade-dialog"]');
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      this.renderRoot.querySelector<HTMLInputElement>('[data-testid="cascade-target"]')?.focus();
    }
  }

  private closeCascade() {
    if (!this.cascadeOpen) return;
    this.cascadeOpen = false;
    this.cascadePreview = null;
    this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="open-cascade"]')?.focus();
  }

  private cascadeBody(g: TargetGrid): Record<string, unknown> | null {
    const f = this.cascadeForm;
    if (!NUMBER.test(f.target.trim())) {
      this.cascadeError = msg('The yearly target is not a number.');
      return null;
    }
    const shares = f.by === 'shares' ? parseShares(f.shares) : undefined;
    if (shares === null) {
      this.cascadeError = msg('Write the shares as UNIT=PERCENT, separated by commas.');
      return null;
    }
    return { indicator: g.indicator.code, unit: g.unit, year: g.year, target: Number(f.target.trim()), by: f.by, phasing: f.phasing, ...(shares ? { shares } : {}), reason: this.reason || undefined };
  }

  private async previewCascade(g: TargetGrid) {
    const body = this.cascadeBody(g);
    if (!body) return;
    this.busy = true;
    this.cascadeError = '';
    try {
      this.cascadePreview = await request<CascadePreview>('POST', '/targets/cascade/preview', { body });
    } catch (e) {
      this.cascadeError = isApiError(e) ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private async applyCascade(g: TargetGrid) {
    const body = this.cascadeBody(g);
    if (!body) return;
    this.busy = true;
    try {
      const result = await request<CascadePreview>('POST', '/targets/cascade', { body });
      this.message = msg(str`Cascaded to ${result.rows.length - 1} unit(s) as drafts. Approve them to make them the targets scorecards use.`);
      this.cascadeOpen = false;
      this.cascadePreview = null;
      this.grid.run();
    } catch (e) {
      this.cascadeError = isApiError(e) ? e.message : String(e);
    } finally {
      this.busy = false;
    }
  }

  private async sendUpload(g: TargetGrid, file: File, dryRun: boolean) {
    return request<UploadPreview>('POST', '/targets/upload', {
      query: { indicator: g.indicator.code, unit: g.unit, year: g.year, dryRun: String(dryRun), reason: this.reason || undefined },
      raw: { body: await file.arrayBuffer(), contentType: 'application/octet-stream' },
    });
  }

  private async onFile(e: Event, g: TargetGrid) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.busy = true;
    try {
      this.upload = { file, result: await this.sendUpload(g, file, true) };
    } catch (err) {
      this.message = isApiError(err) ? err.message : String(err);
    } finally {
      this.busy = false;
      input.value = '';
    }
  }

  private async applyUpload(g: TargetGrid) {
    if (!this.upload) return;
    this.busy = true;
    try {
      const result = await this.sendUpload(g, this.upload.file, false);
      this.message = msg(str`Uploaded: ${result.rows.filter((r) => r.changed).length} unit(s) saved as drafts.`);
      this.upload = null;
      this.grid.run();
    } catch (err) {
      this.message = isApiError(err) ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  private async loadRevisions(g: TargetGrid) {
    try {
      this.revisions = (await request<{ revisions: Revision[] }>('GET', '/targets/revisions', { query: { indicator: g.indicator.code, unit: g.unit, year: g.year } })).revisions;
    } catch (e) {
      this.message = isApiError(e) ? e.message : String(e);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-targets-view': NsTargetsView;
  }
}
