import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { api, evaluationExportUrl, isApiError } from '../api.ts';
import { gradeDistribution, gradeDistributionOption, type GradeCount } from '../charts/grades.ts';
import { formatDateTime, formatNumber, formatPeriod, formatScore, formatShare, NONE } from '../format.ts';
import { localName } from '../i18n.ts';
import { perspectiveName } from '../labels.ts';
import { baseStyles } from '../styles.ts';
import type {
  CycleDefinition,
  EvaluationBreakdown,
  EvaluationCycle,
  EvaluationResultRow,
  EvaluationResults,
  EvaluationStatus,
  EvaluationSummary,
  Grant,
  ModelPerspective,
} from '../types.ts';
import type { EvaluationFormSubmit } from '../components/ns-evaluation-form.ts';
import { serverFieldErrors, type FieldError } from '../components/evaluation-form-model.ts';
import { evaluationAccess } from './ns-evaluation-access.ts';
import { ViewElement } from './view-element.ts';
import { EXPORTS, evaluationStatusLabel, gradeOrder, STATUS_ICON } from './evaluation-labels.ts';
import { renderUnitBreakdown } from './evaluation-breakdown.ts';
import { evaluationsViewStyles } from './ns-evaluations-view.styles.ts';
import '../components/ns-chart.ts';
import '../components/ns-evaluation-form.ts';
import { renderTask } from '../components/ns-state.ts';
import '../components/ns-status-badge.ts';
import '../components/ns-completeness-badge.ts';
import { evaluationRowNote } from '../completeness.ts';

/** A result row's completeness, top-level or under `completeness` (i15's service), for the row badge. */
/** A result row's completeness as the badge reads it (rows stored before issue 15 carry none: no badge). */
function rowCompleteness(row: EvaluationResultRow): Parameters<typeof evaluationRowNote>[0] {
  return { complete: row.complete, leftOut: row.completeness?.leftOut, partial: row.completeness?.partial };
}

type DialogKind = 'finalize' | 'reopen';

interface Detail {
  cycle: EvaluationCycle;
  results: EvaluationResults;
}

/**
 * Evaluation cycles (CS평가 → 보상): the list of cycles, a cycle's set-up form, its provisional
 * preview (ranked units with a grade distribution), finalising with a confirmation dialog,
 * the results of every version (old ones stay readable, with a banner when the inputs changed
 * since), a unit's breakdown down to indicators, reopening with a reason and the reward export.
 * Routes: `/evaluations` (`new=1` opens the form) and `/evaluations/:code` (`version=N`,
 * `drill=UNIT`, `edit=1`). Readers see results and exports; only `evaluation:write` sees the
 * controls that change anything.
 */
@localized()
@customElement('ns-evaluations-view')
export class NsEvaluationsView extends ViewElement {
  static override styles = [baseStyles, evaluationsViewStyles];

  protected readonly routeName = 'evaluations' as const;

  /** The cycle code of `/evaluations/:code` ('' on the list). */
  @property() code = '';
  /** The signed-in user's grants (GET /auth/session): decide which controls show. */
  @property({ attribute: false }) grants: readonly Grant[] = [];

  @state() private reloads = 0;
  @state() private dialog: DialogKind | null = null;
  @state() private dialogError = '';
  @state() private dialogBusy = false;
  @state() private reopenReason = '';
  @state() private notice = '';
  @state() private formBusy = false;
  @state() private formErrors: FieldError[] = [];
  @state() private formMessage = '';
  @state() private draftPreview: EvaluationResults | null = null;

  private opener: HTMLElement | null = null;
  /** Move the focus to the breakdown once it shows (after a drill-down click). */
  private focusBreakdown = false;

  protected override get routeCode(): string | undefined {
    return this.code || undefined;
  }

  private get access() {
    return evaluationAccess(this.grants, this.units);
  }

  private get versionParam(): number | undefined {
    const v = Number(this.params.version);
    return Number.isInteger(v) && v >= 1 ? v : undefined;
  }

  private get drillParam(): string {
    return this.params.drill ?? '';
  }

  private get formMode(): 'new' | 'edit' | null {
    if (!this.access.write) return null;
    if (!this.code && this.params.new === '1') return 'new';
    if (this.code && this.params.edit === '1') return 'edit';
    return null;
  }

  private list = new Task(this, {
    task: ([code, read], { signal }): Promise<EvaluationSummary[] | null> => (code || !read ? Promise.resolve(null) : api.evaluations(signal)),
    args: () => [this.code, this.access.read, this.reloads] as const,
  });

  private detail = new Task(this, {
    task: async ([code, version, read], { signal }): Promise<Detail | null> => {
      if (!code || !read) return null;
      const cycle = await api.evaluation(code, signal);
      const wanted = version ?? cycle.version ?? undefined;
      const entry = cycle.versions.find((v) => v.version === wanted);
      const results = entry?.status === 'provisional' ? await api.evaluationPreview(code, signal) : await api.evaluationResults(code, wanted, signal);
      return { cycle, results };
    },
    args: () => [this.code, this.versionParam, this.access.read, this.reloads] as const,
  });

  private breakdown = new Task(this, {
    task: ([code, unit, version], { signal }): Promise<EvaluationBreakdown | null> => (code && unit ? api.evaluationBreakdown(code, unit, version, signal) : Promise.resolve(null)),
    args: () => [this.code, this.drillParam, this.versionParam, this.reloads] as const,
  });

  private model = new Task(this, {
    task: async ([mode], { signal }): Promise<readonly ModelPerspective[]> => {
      if (!mode) return [];
      try {
        return (await api.model(signal)).perspectives;
      } catch (e) {
        if ((e as { name?: string })?.name === 'AbortError') throw e;
        return []; // the weights are optional: the form works without the model
      }
    },
    args: () => [this.formMode] as const,
  });

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('code') && changed.get('code')) this.notice = '';
    if (changed.has('code') || changed.has('params')) {
      const before = changed.get('params') as Record<string, string> | undefined;
      if (changed.has('code') || before?.new !== this.params.new || before?.edit !== this.params.edit) {
        this.formErrors = [];
        this.formMessage = '';
        this.draftPreview = null;
      }
    }
  }

  protected override updated() {
    if (this.focusBreakdown) {
      const title = this.renderRoot.querySelector<HTMLElement>('#breakdown-title');
      if (title) {
        this.focusBreakdown = false;
        title.focus();
      }
    }
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog');
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') {
        try {
          dialog.showModal();
        } catch {
          dialog.setAttribute('open', '');
        }
      } else dialog.setAttribute('open', '');
      const first = dialog.querySelector<HTMLElement>('[autofocus], textarea, button');
      first?.focus();
    }
  }

  private reload() {
    this.reloads += 1;
  }

  override render() {
    const access = this.access;
    if (!access.read) {
      return html`<section data-view="evaluations" aria-labelledby="title">
        <div class="view-header"><h1 id="title">${msg('Evaluations')}</h1></div>
        <ns-state kind="empty" message=${msg('Evaluations are for reviewers, managers and administrators. Ask an administrator for access.')}></ns-state>
      </section>`;
    }
    return html`<section data-view="evaluations" aria-labelledby="title" @ns-retry=${() => this.reload()}>
      ${this.code ? this.renderDetail() : this.formMode === 'new' ? this.renderCreate() : this.renderList()}
    </section>`;
  }

  // -------------------------------------------------------------------------------------------
  // List

  private renderList() {
    const l = this.locale;
    return html`<div class="view-header">
        <div>
          <h1 id="title">${msg('Evaluations')}</h1>
          <p class="subtitle">${msg('Evaluation cycles: ranks and grades for rewards')}</p>
        </div>
        ${this.access.write
          ? html`<div class="toolbar"><a class="btn primary" data-testid="evaluation-new" href=${this.href('evaluations', { params: { new: '1' } })}>${msg('New cycle')}</a></div>`
          : nothing}
      </div>
      ${renderTask(
        this.list,
        (cycles) =>
          !cycles || cycles.length === 0
            ? html`<ns-state kind="empty" message=${msg('No evaluation cycle yet.')}></ns-state>`
            : html`<div class="card table-wrap">
                <table data-testid="evaluation-list">
                  <caption class="sr-only">${msg('Evaluation cycles')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">${msg('Cycle')}</th>
                      <th scope="col">${msg('Period')}</th>
                      <th scope="col">${msg('Window')}</th>
                      <th scope="col">${msg('Grading')}</th>
                      <th scope="col" class="num">${msg('Version')}</th>
                      <th scope="col">${msg('Status')}</th>
                      <th scope="col">${msg('Finalised')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${cycles.map(
                      (c) => html`<tr data-code=${c.code}>
                        <th scope="row">
                          <a href=${this.href('evaluations', { code: c.code })}>${localName(c.name, c.code)}</a>
                          <div class="muted">${c.code}</div>
                        </th>
                        <td>${formatPeriod(c.from, l)} – ${formatPeriod(c.to, l)}</td>
                        <td>${this.windowText(c.window)}</td>
                        <td>${this.gradingText(c.grading)}</td>
                        <td class="num">${c.version ?? NONE}</td>
                        <td>${this.renderStatus(c.status)}</td>
                        <td>${c.finalizedAt ? html`${formatDateTime(c.finalizedAt, l)} <span class="muted">${c.finalizedBy ?? ''}</span>` : NONE}</td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`,
      )}`;
  }

  private windowText(w: string | null | undefined) {
    return w === 'span' ? msg('Whole span') : msg('Year to date');
  }

  private gradingText(g: string | null | undefined) {
    return g === 'distribution' ? msg('Relative distribution') : g === 'bands' ? msg('Absolute bands') : NONE;
  }

  private renderStatus(status: EvaluationStatus | null | undefined) {
    if (!status) return NONE;
    return html`<span class="status ${status}" data-status=${status}><span aria-hidden="true">${STATUS_ICON[status]}</span>${evaluationStatusLabel(status)}</span>`;
  }

  // -------------------------------------------------------------------------------------------
  // Set-up form

  private renderCreate() {
    return html`<div class="view-header">
        <div>
          <h1 id="title">${msg('New evaluation cycle')}</h1>
          <p class="subtitle"><a href=${this.href('evaluations')}>${msg('All cycles')}</a></p>
        </div>
      </div>
      <div class="stack">
        <div class="card">${this.renderForm(null)}</div>
        ${this.renderDraftPreview()}
      </div>`;
  }

  private renderForm(definition: CycleDefinition | null) {
    const perspectives = this.model.value ?? [];
    return html`<ns-evaluation-form
      .definition=${definition}
      .units=${this.units}
      .perspectives=${perspectives}
      .serverErrors=${this.formErrors}
      .serverMessage=${this.formMessage}
      ?busy=${this.formBusy}
      @ns-evaluation-submit=${(e: CustomEvent<EvaluationFormSubmit>) => void this.onSubmit(e.detail)}
      @ns-evaluation-cancel=${() => (this.code ? this.setParams({ edit: undefined }) : this.go(this.href('evaluations')))}
    ></ns-evaluation-form>`;
  }

  private renderDraftPreview() {
    const p = this.draftPreview;
    if (!p) return nothing;
    return html`<div class="card" data-testid="draft-preview">
      <h2>${msg('Preview of the form (not saved)')}</h2>
      ${this.renderResultsBody(p, null)}
    </div>`;
  }

  private async onSubmit({ action, definition }: EvaluationFormSubmit) {
    this.formBusy = true;
    this.formErrors = [];
    this.formMessage = '';
    try {
      if (action === 'preview') {
        this.draftPreview = await api.previewDefinition(definition);
        return;
      }
      this.draftPreview = null;
      if (this.code) {
        await api.updateEvaluation(this.code, definition);
        this.notice = msg('The cycle was saved.');
        this.setParams({ edit: undefined, version: undefined, drill: undefined });
        this.reload();
      } else {
        await api.createEvaluation(definition);
        this.notice = msg('The cycle was created.');
        this.go(this.href('evaluations', { code: definition.code }));
      }
    } catch (e) {
      if (!isApiError(e)) throw e;
      const fields = serverFieldErrors(e.details);
      this.formErrors = fields.length ? fields : e.code === 'cycle_exists' || e.code === 'code_mismatch' ? [{ path: 'code', message: e.message }] : [];
      this.formMessage = e.message;
    } finally {
      this.formBusy = false;
    }
  }

  // -------------------------------------------------------------------------------------------
  // A cycle

  private renderDetail() {
    return this.detail.render({
      initial: () => this.detailShell(html`<ns-state kind="loading"></ns-state>`),
      pending: () => (this.detail.value ? this.renderCycle(this.detail.value, true) : this.detailShell(html`<ns-state kind="loading"></ns-state>`)),
      error: (e) => this.detailShell(html`<ns-state kind="error" .error=${e}></ns-state>`),
      complete: (d) => (d ? this.renderCycle(d, false) : this.detailShell(nothing)),
    });
  }

  private detailShell(body: unknown) {
    return html`<div class="view-header">
        <div>
          <h1 id="title">${this.code}</h1>
          <p class="subtitle"><a href=${this.href('evaluations')}>${msg('All cycles')}</a></p>
        </div>
      </div>
      ${body}`;
  }

  private renderCycle({ cycle, results }: Detail, refreshing: boolean) {
    const l = this.locale;
    const write = this.access.write;
    const latest = cycle.versions[cycle.versions.length - 1];
    const latestOpen = latest?.status === 'provisional';
    const shown = results.version;
    const isLatest = shown === latest?.version;
    const editing = this.formMode === 'edit';
    return html`<div class="view-header">
        <div>
          <h1 id="title">${localName(cycle.name, cycle.code)}</h1>
          <p class="subtitle">
            <a href=${this.href('evaluations')}>${msg('All cycles')}</a> · ${cycle.code} · ${formatPeriod(cycle.from, l)} – ${formatPeriod(cycle.to, l)} · ${this.windowText(cycle.window)}
          </p>
        </div>
        <div class="toolbar">
          <label
            >${msg('Version')}
            <select data-testid="evaluation-version" @change=${(e: Event) => this.pickVersion(Number((e.target as HTMLSelectElement).value), latest?.version)}>
              ${[...cycle.versions].reverse().map(
                (v) => html`<option value=${v.version} ?selected=${v.version === shown}>${msg(str`Version ${v.version}`)} · ${evaluationStatusLabel(v.status)}${v.inputsChanged ? ` · ${msg('inputs changed')}` : ''}</option>`,
              )}
            </select></label
          >
          <span role="group" aria-label=${msg('Export')} class="toolbar">
            ${EXPORTS.map(
              (x) => html`<a class="btn" data-testid=${`export-${x.format}`} href=${evaluationExportUrl(cycle.code, x.format, shown, l)} download data-router="off" aria-label=${msg(str`Export version ${shown} as ${x.label}`)}><span aria-hidden="true">⤓</span> ${x.label}</a>`,
            )}
          </span>
          ${write && latestOpen && isLatest && !editing
            ? html`<button type="button" class="btn" data-testid="evaluation-edit" @click=${() => this.setParams({ edit: '1', drill: undefined })}>${msg('Edit set-up')}</button>
                <button type="button" class="btn primary" data-testid="evaluation-finalize" ?disabled=${!results.confirmToken || refreshing} @click=${(e: Event) => this.openDialog('finalize', e)}>${msg('Finalise…')}</button>`
            : nothing}
          ${write && latest?.status === 'final' && isLatest
            ? html`<button type="button" class="btn" data-testid="evaluation-reopen" @click=${(e: Event) => this.openDialog('reopen', e)}>${msg('Reopen…')}</button>`
            : nothing}
        </div>
      </div>
      <div class="stack">
        ${this.notice ? html`<p class="banner notice" role="status" data-testid="evaluation-notice">${this.notice}</p>` : nothing}
        ${editing
          ? html`<div class="card"><h2>${msg('Set-up')}</h2>${this.renderForm(cycle.definition)}</div>
              ${this.renderDraftPreview()}`
          : nothing}
        ${this.renderBanners(results, latest?.version)}
        ${this.renderResultsBody(results, cycle.definition)}
        ${this.drillParam ? this.renderBreakdown() : nothing}
      </div>
      ${this.dialog ? this.renderDialog(cycle, results) : nothing}`;
  }

  private pickVersion(version: number, latest: number | undefined) {
    this.notice = '';
    this.setParams({ version: version === latest ? undefined : String(version), drill: undefined, edit: undefined });
  }

  private renderBanners(r: EvaluationResults, latest: number | undefined) {
    const l = this.locale;
    return html`${r.provisional
      ? html`<p class="banner provisional" role="status" data-testid="provisional-banner">
          <strong><span aria-hidden="true">◔ </span>${msg('Provisional')}</strong>
          <span>${msg(str`Live preview of version ${r.version}: the numbers follow the data until the cycle is finalised.`)}</span>
        </p>`
      : html`<dl class="meta banner" data-testid="final-banner">
          <div><dt>${msg('Status')}</dt><dd>${this.renderStatus(r.status)}</dd></div>
          <div><dt>${msg('Finalised by')}</dt><dd>${r.finalizedBy ?? NONE}</dd></div>
          <div><dt>${msg('Finalised at')}</dt><dd>${formatDateTime(r.finalizedAt, l)}</dd></div>
          ${r.status === 'superseded' && latest ? html`<div><dt>${msg('Superseded by')}</dt><dd>${msg(str`Version ${latest}`)}</dd></div>` : nothing}
        </dl>`}
    ${r.inputsChanged
      ? html`<p class="banner changed" role="alert" data-testid="inputs-changed">
          <strong><span aria-hidden="true">! </span>${msg('Inputs changed')}</strong>
          <span>${msg('The data or the model changed since this version was finalised. These results are the stored snapshot; reopen the cycle to evaluate again.')}</span>
        </p>`
      : nothing}
    ${r.reopenedReason ? html`<p class="banner" data-testid="reopened-reason"><strong>${msg('Reopened')}</strong><span>${msg(str`Reason: ${r.reopenedReason}`)}</span></p>` : nothing}`;
  }

  /** The results table, the grade distribution (chart and table) and the warnings. */
  private renderResultsBody(r: EvaluationResults, definition: CycleDefinition | null) {
    const l = this.locale;
    if (r.results.length === 0) return html`<ns-state kind="empty" message=${msg('No unit is evaluated in this version (or none you may see).')}></ns-state>`;
    const counts = gradeDistribution(r.results, gradeOrder(definition, r.gradedBy));
    const signed = (v: number) => (v === 0 ? formatNumber(0, l) : `${v > 0 ? '+' : ''}${formatNumber(v, l, 2)}`);
    return html`<div class="card table-wrap">
          <h2 id="results-title">${r.provisional ? msg('Ranking (provisional)') : msg('Ranking')}</h2>
          <table data-testid="evaluation-results" aria-labelledby="results-title">
            <thead>
              <tr>
                <th scope="col" class="num">${msg('Rank')}</th>
                <th scope="col">${msg('Unit')}</th>
                ${r.perspectives.map((p) => html`<th scope="col" class="num wrap">${perspectiveName(p.code, p.name)}</th>`)}
                <th scope="col" class="num">${msg('Score')}</th>
                <th scope="col" class="num">${msg('Adjustment')}</th>
                <th scope="col" class="num">${msg('Total')}</th>
                <th scope="col" class="num">${msg('Coverage')}</th>
                <th scope="col">${msg('Grade')}</th>
              </tr>
            </thead>
            <tbody>
              ${r.results.map(
                (row) => html`<tr data-unit=${row.unit}>
                  <td class="num">${row.rank ?? NONE}</td>
                  <th scope="row">
                    ${definition
                      ? html`<button type="button" class="link-button" data-testid=${`drill-${row.unit}`} aria-expanded=${this.drillParam === row.unit ? 'true' : 'false'} aria-controls="breakdown" @click=${() => this.drill(row.unit)}>
                          ${localName(row.name, this.unitLabel(row.unit))}
                        </button>`
                      : localName(row.name, this.unitLabel(row.unit))}
                  </th>
                  ${r.perspectives.map((p) => html`<td class="num">${formatScore(row.perspectives[p.code], l)}</td>`)}
                  <td class="num">${formatScore(row.score, l)}</td>
                  <td class="num">${signed(row.adjustment)}</td>
                  <td class="num"><strong>${formatScore(row.total, l)}</strong></td>
                  <td class="num">${formatShare(row.coverage, l)} <ns-completeness-badge .note=${evaluationRowNote(rowCompleteness(row), { locale: l, unitName: (code) => this.unitLabel(code) })}></ns-completeness-badge></td>
                  <td class="grade" data-grade=${row.grade ?? ''}>${row.grade ?? html`<span class="muted">${msg('Not graded')}</span>`}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      ${this.renderDistribution(counts, r)}
      ${r.warnings.length
        ? html`<div class="card" data-testid="evaluation-warnings">
            <h2>${msg(str`Warnings: ${r.warnings.length}`)}</h2>
            <ul class="warnings">
              ${r.warnings.map((w) => html`<li>${w}</li>`)}
            </ul>
          </div>`
        : nothing}`;
  }

  private renderDistribution(counts: GradeCount[], r: EvaluationResults) {
    const l = this.locale;
    const ungraded = msg('Not graded');
    const option = gradeDistributionOption({
      counts,
      labels: { units: msg('Units'), ungraded },
      formatCount: (n) => formatNumber(n, l, 0),
      formatShare: (s) => formatShare(s, l),
    });
    return html`<div class="card" data-testid="grade-distribution">
      <h2 id="dist-title">${msg('Grade distribution')}</h2>
      <p class="muted" style="font-size:0.8125rem;margin-bottom:8px">${r.gradedBy === 'distribution' ? msg('Graded by relative distribution') : msg('Graded by absolute bands')}</p>
      <div class="dist">
      <ns-chart data-testid="chart-grades" label=${msg(str`Units per grade, ${r.results.length} units`)} .option=${option}></ns-chart>
      <table aria-labelledby="dist-title">
        <thead>
          <tr>
            <th scope="col">${msg('Grade')}</th>
            <th scope="col" class="num">${msg('Units')}</th>
            <th scope="col" class="num">${msg('Share')}</th>
          </tr>
        </thead>
        <tbody>
          ${counts.map(
            (c) => html`<tr data-grade=${c.grade ?? ''}>
              <th scope="row">${c.grade ?? ungraded}</th>
              <td class="num">${formatNumber(c.count, l, 0)}</td>
              <td class="num">${formatShare(c.share, l)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      </div>
    </div>`;
  }

  // -------------------------------------------------------------------------------------------
  // Drill-down

  private drill(unit: string) {
    this.focusBreakdown = true;
    this.setParams({ drill: unit, edit: undefined });
  }

  private renderBreakdown() {
    return html`<div class="card" id="breakdown" data-testid="evaluation-breakdown">
      ${renderTask(this.breakdown, (b) => (b ? renderUnitBreakdown(b, { locale: this.locale, unitLabel: (code) => this.unitLabel(code), close: () => this.setParams({ drill: undefined }) }) : nothing))}
    </div>`;
  }

  // -------------------------------------------------------------------------------------------
  // Dialogs (finalise, reopen): a modal <dialog>, focus kept inside, Esc cancels

  private openDialog(kind: DialogKind, e: Event) {
    this.opener = e.currentTarget as HTMLElement;
    this.dialog = kind;
    this.dialogError = '';
    this.dialogBusy = false;
    this.reopenReason = '';
    this.notice = '';
  }

  private closeDialog() {
    if (!this.dialog) return;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog');
    if (dialog?.open && typeof dialog.close === 'function') dialog.close();
    this.dialog = null;
    const opener = this.opener;
    this.opener = null;
    void this.updateComplete.then(() => (opener?.isConnected ? opener.focus() : this.renderRoot.querySelector<HTMLElement>('h1')?.focus()));
  }

  private onDialogKeydown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      this.closeDialog();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = e.currentTarget as HTMLElement;
    const focusables = [...dialog.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter((el) => !(el as HTMLButtonElement).disabled);
    if (focusables.length === 0) return;
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = (this.renderRoot as ShadowRoot).activeElement;
    if (e.shiftKey && (active === first || !dialog.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }

  private renderDialog(cycle: EvaluationCycle, results: EvaluationResults) {
    const finalize = this.dialog === 'finalize';
    const ranked = results.results.filter((r) => r.rank !== null).length;
    return html`<dialog
      aria-labelledby="dialog-title"
      aria-describedby="dialog-text"
      data-testid=${finalize ? 'finalize-dialog' : 'reopen-dialog'}
      @keydown=${this.onDialogKeydown}
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.closeDialog();
      }}
    >
      <form
        method="dialog"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void (finalize ? this.confirmFinalize(cycle, results) : this.confirmReopen(cycle));
        }}
      >
        ${finalize
          ? html`<h2 id="dialog-title">${msg(str`Finalise version ${results.version}?`)}</h2>
              <p id="dialog-text">${msg(str`This stores an immutable snapshot of the ranks and grades of ${ranked} units as previewed. Changing it later needs a reopen with a reason.`)}</p>`
          : html`<h2 id="dialog-title">${msg(str`Reopen version ${results.version}?`)}</h2>
              <p id="dialog-text">${msg('The final version stays readable; a new provisional version opens. Say why (at least 3 characters).')}</p>
              <label for="reopen-reason"><strong>${msg('Reason')}</strong></label>
              <textarea
                id="reopen-reason"
                data-testid="reopen-reason"
                required
                minlength="3"
                maxlength="1000"
                aria-invalid=${this.dialogError ? 'true' : 'false'}
                aria-describedby=${this.dialogError ? 'dialog-error' : nothing}
                .value=${this.reopenReason}
                @input=${(e: Event) => (this.reopenReason = (e.target as HTMLTextAreaElement).value)}
              ></textarea>`}
        ${this.dialogError ? html`<p class="error-text" id="dialog-error" role="alert" data-testid="dialog-error">${this.dialogError}</p>` : nothing}
        <div class="dialog-actions">
          <button type="button" class="btn" data-testid="dialog-cancel" @click=${() => this.closeDialog()}>${msg('Cancel')}</button>
          <button type="submit" class="btn ${finalize ? 'primary' : 'danger'}" data-testid="dialog-confirm" ?disabled=${this.dialogBusy}>${finalize ? msg('Finalise') : msg('Reopen')}</button>
        </div>
      </form>
    </dialog>`;
  }

  private async confirmFinalize(cycle: EvaluationCycle, results: EvaluationResults) {
    if (!results.confirmToken) return;
    this.dialogBusy = true;
    this.dialogError = '';
    try {
      const done = await api.finalizeEvaluation(cycle.code, { confirmToken: results.confirmToken });
      this.closeDialog();
      this.notice = msg(str`Version ${done.version} is final.`);
      this.setParams({ version: undefined, drill: undefined, edit: undefined });
      this.reload();
    } catch (e) {
      this.dialogError = isApiError(e)
        ? e.code === 'inputs_changed'
          ? msg('The inputs changed since this preview. Close this dialog, check the refreshed preview and finalise again.')
          : e.message
        : String(e);
      if (isApiError(e) && e.code === 'inputs_changed') this.reload();
    } finally {
      this.dialogBusy = false;
    }
  }

  private async confirmReopen(cycle: EvaluationCycle) {
    const reason = this.reopenReason.trim();
    if (reason.length < 3) {
      this.dialogError = msg('Say why the cycle is reopened (at least 3 characters).');
      this.renderRoot.querySelector<HTMLTextAreaElement>('#reopen-reason')?.focus();
      return;
    }
    this.dialogBusy = true;
    this.dialogError = '';
    try {
      const done = await api.reopenEvaluation(cycle.code, reason);
      this.closeDialog();
      this.notice = msg(str`Version ${done.superseded} was reopened as version ${done.version}.`);
      this.setParams({ version: undefined, drill: undefined, edit: undefined });
      this.reload();
    } catch (e) {
      this.dialogError = isApiError(e) ? (serverFieldErrors(e.details).map((d) => d.message).join(' ') || e.message) : String(e);
    } finally {
      this.dialogBusy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-evaluations-view': NsEvaluationsView;
  }
}
