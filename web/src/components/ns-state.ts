import { LitElement, css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Task } from '@lit/task';
import { customElement, property } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { isApiError } from '../api.ts';

export type StateKind = 'loading' | 'refreshing' | 'empty' | 'error';

/** The value with (while refreshing) a silent busy marker before it: one template, so the value's DOM stays. */
const calm = (refreshing: boolean, content: unknown) => html`${refreshing ? html`<ns-state kind="refreshing"></ns-state>` : nothing}${content}`;

/**
 * A view's task as every view shows it: loading until it has a first value; while it refreshes
 * (another unit or period) the previous value stays on screen (calm loading: the shell's thin
 * progress bar shows the wait, no blank spinner); then the value; an error with a retry, tagged
 * with `source` so that the view knows which task the `ns-retry` event is for.
 */
export function renderTask<T>(task: Task<readonly unknown[], T>, complete: (value: T) => unknown, source?: string) {
  return task.render({
    initial: () => html`<ns-state kind="loading"></ns-state>`,
    pending: () => (task.value !== undefined ? calm(true, complete(task.value)) : html`<ns-state kind="loading"></ns-state>`),
    error: (e) => html`<ns-state kind="error" .error=${e} data-source=${ifDefined(source)}></ns-state>`,
    complete: (value) => calm(false, complete(value)),
  });
}

/**
 * The `ns-retry` handler of a view with several tasks: runs again the one whose error state
 * asked (its `source` in renderTask), else the first.
 */
export function retryTask(e: Event, tasks: Record<string, { run(): unknown }>) {
  e.stopPropagation();
  const source = (e.composedPath()[0] as HTMLElement)?.dataset?.source;
  void (tasks[source ?? ''] ?? Object.values(tasks)[0]).run();
}

/**
 * The loading, empty and error states every view shows. Errors offer a retry, which fires
 * `ns-retry` (bubbles, composed).
 */
@localized()
@customElement('ns-state')
export class NsState extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([kind='refreshing']) {
      position: relative;
      height: 0;
      overflow: hidden;
    }
    .state {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 10px;
      min-height: var(--ns-state-min-height, 160px);
      padding: 24px;
      text-align: center;
      color: var(--ns-text-muted);
      border-radius: var(--ns-radius);
    }
    .error {
      color: var(--ns-danger);
      background: var(--ns-off-track-bg);
    }
    .empty {
      background: var(--ns-surface-alt);
    }
    .spinner {
      width: 28px;
      height: 28px;
      border: 3px solid var(--ns-border);
      border-top-color: var(--ns-primary);
      border-radius: 50%;
      animation: spin 0.9s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation-duration: 3s;
      }
    }
    .title {
      font-weight: 600;
      color: var(--ns-text);
    }
    .error .title {
      color: var(--ns-danger);
    }
    button {
      font: inherit;
      min-height: 34px;
      padding: 6px 14px;
      border: 1px solid var(--ns-border-strong);
      border-radius: var(--ns-radius-sm);
      background: var(--ns-surface);
      color: var(--ns-text);
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--ns-focus);
      outline-offset: 2px;
    }
    .detail {
      font-size: 0.8125rem;
      color: var(--ns-text-muted);
    }
  `;

  @property({ reflect: true }) kind: StateKind = 'loading';
  /** What to say; a sensible default per kind when empty. */
  @property() message = '';
  /** The error behind an error state (an ApiError shows its message and code). */
  @property({ attribute: false }) error: unknown = null;
  /** Offer a retry button in the error state. */
  @property({ type: Boolean }) retry = true;

  override render() {
    if (this.kind === 'refreshing') {
      return html`<div role="status" aria-live="polite" data-testid="state-loading">${this.message || msg('Loading…')}</div>`;
    }
    if (this.kind === 'loading') {
      return html`<div class="state loading" role="status" aria-live="polite" data-testid="state-loading">
        <div class="spinner" aria-hidden="true"></div>
        <span>${this.message || msg('Loading…')}</span>
      </div>`;
    }
    if (this.kind === 'empty') {
      return html`<div class="state empty" role="status" data-testid="state-empty">
        <span class="title">${this.message || msg('Nothing to show here yet.')}</span>
        <slot></slot>
      </div>`;
    }
    const err = this.error;
    const forbidden = isApiError(err) && err.status === 403;
    const notFound = isApiError(err) && err.status === 404;
    const title = this.message || (forbidden ? msg('You do not have access to this unit.') : notFound ? msg('Not found.') : msg('Something went wrong while loading.'));
    const detail = isApiError(err) ? `${err.message} (${err.code})` : err instanceof Error ? err.message : '';
    return html`<div class="state error" role="alert" data-testid="state-error">
      <span class="title">${title}</span>
      ${detail && detail !== title ? html`<span class="detail">${detail}</span>` : nothing}
      ${this.retry && !forbidden && !notFound ? html`<button type="button" @click=${this.onRetry}>${msg('Try again')}</button>` : nothing}
    </div>`;
  }

  private onRetry() {
    this.dispatchEvent(new CustomEvent('ns-retry', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-state': NsState;
  }
}
