import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { api, isApiError } from '../api.ts';
import { localName } from '../i18n.ts';
import { hrefFor, navigateEvent, type Context } from '../router.ts';
import { baseStyles } from '../styles.ts';
import type { IndicatorHit } from '../types.ts';

let instances = 0;

/**
 * Search for indicators (GET /indicators?q=): an ARIA combobox with a listbox of results.
 * Arrow keys move through the results, Enter opens the indicator in the current context.
 */
@localized()
@customElement('ns-indicator-search')
export class NsIndicatorSearch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        position: relative;
        width: 260px;
        max-width: 100%;
      }
      input {
        width: 100%;
        min-height: 34px;
        padding: 6px 10px 6px 30px;
        border: 1px solid var(--ns-border-strong);
        border-radius: var(--ns-radius-sm);
        background: var(--ns-surface);
        font-size: 0.875rem;
      }
      .icon {
        position: absolute;
        left: 9px;
        top: 50%;
        transform: translateY(-50%);
        color: var(--ns-text-muted);
        pointer-events: none;
        font-size: 0.875rem;
      }
      [role='listbox'] {
        position: absolute;
        z-index: 20;
        top: calc(100% + 4px);
        left: 0;
        right: 0;
        max-height: 320px;
        overflow-y: auto;
        margin: 0;
        padding: 4px;
        list-style: none;
        background: var(--ns-surface);
        border: 1px solid var(--ns-border);
        border-radius: var(--ns-radius);
        box-shadow: 0 8px 24px rgba(16, 24, 40, 0.14);
        min-width: 280px;
      }
      [role='option'] {
        display: flex;
        flex-direction: column;
        padding: 6px 8px;
        border-radius: var(--ns-radius-sm);
        cursor: pointer;
      }
      [role='option'][aria-selected='true'],
      [role='option']:hover {
        background: var(--ns-primary-soft);
      }
      .code {
        font-size: 0.75rem;
        color: var(--ns-text-muted);
      }
      .note {
        padding: 8px;
        color: var(--ns-text-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  /** The context the chosen indicator opens in. */
  @property({ attribute: false }) context: Partial<Context> = {};

  @state() private query = '';
  @state() private results: IndicatorHit[] = [];
  @state() private open = false;
  @state() private active = -1;
  @state() private busy = false;
  @state() private failed = false;

  private readonly uid = `search-${++instances}`;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | null = null;

  override render() {
    const listId = `${this.uid}-list`;
    const showList = this.open && this.query.trim().length > 0;
    return html`<span class="icon" aria-hidden="true">⌕</span>
      <input
        id="indicator-search"
        data-testid="indicator-search"
        type="search"
        role="combobox"
        autocomplete="off"
        aria-label=${msg('Search indicators')}
        placeholder=${msg('Search indicators')}
        aria-autocomplete="list"
        aria-expanded=${showList ? 'true' : 'false'}
        aria-controls=${listId}
        aria-activedescendant=${this.active >= 0 && showList ? `${this.uid}-opt-${this.active}` : nothing}
        .value=${this.query}
        @input=${this.onInput}
        @keydown=${this.onKeyDown}
        @focus=${() => (this.open = true)}
        @blur=${this.onBlur}
      />
      <ul id=${listId} role="listbox" aria-label=${msg('Indicators')} ?hidden=${!showList}>
        ${this.renderResults()}
      </ul>
      <span class="sr-only" role="status">${showList && !this.busy ? msg(str`${this.results.length} results`) : ''}</span>`;
  }

  private renderResults() {
    if (this.busy && this.results.length === 0) return html`<li class="note" role="presentation">${msg('Searching…')}</li>`;
    if (this.failed) return html`<li class="note" role="presentation">${msg('Search failed. Try again.')}</li>`;
    if (this.results.length === 0) return html`<li class="note" role="presentation">${msg('No indicators found.')}</li>`;
    return this.results.map(
      (hit, i) => html`<li
        id="${this.uid}-opt-${i}"
        role="option"
        aria-selected=${i === this.active ? 'true' : 'false'}
        @mousedown=${(e: Event) => e.preventDefault()}
        @click=${() => this.choose(hit)}
      >
        <span>${localName(hit.name, hit.code)}</span><span class="code">${hit.code}${hit.unit ? ` · ${hit.unit}` : ''}</span>
      </li>`,
    );
  }

  private onInput(e: Event) {
    this.query = (e.target as HTMLInputElement).value;
    this.open = true;
    this.active = -1;
    clearTimeout(this.timer);
    const q = this.query.trim();
    if (!q) {
      this.results = [];
      return;
    }
    this.timer = setTimeout(() => void this.search(q), 200);
  }

  private async search(q: string) {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.busy = true;
    this.failed = false;
    try {
      const hits = await api.searchIndicators(q, abort.signal);
      if (abort.signal.aborted) return;
      this.results = hits.slice(0, 20);
      this.active = -1;
    } catch (e) {
      if (abort.signal.aborted || (e as { name?: string })?.name === 'AbortError') return;
      this.failed = isApiError(e) || e instanceof Error;
      this.results = [];
    } finally {
      if (!abort.signal.aborted) this.busy = false;
    }
  }

  private onKeyDown(e: KeyboardEvent) {
    const n = this.results.length;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      this.open = true;
      this.active = (this.active + 1) % n;
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      this.active = (this.active - 1 + n) % n;
    } else if (e.key === 'Enter') {
      // Enter without a highlighted option takes the best (first) match
      const hit = this.results[this.active] ?? (this.open ? this.results[0] : undefined);
      if (hit) {
        e.preventDefault();
        this.choose(hit);
      }
    } else if (e.key === 'Escape') {
      if (this.open && this.query) {
        e.preventDefault();
        this.open = false;
      }
    }
  }

  private onBlur() {
    this.open = false;
  }

  private choose(hit: IndicatorHit) {
    this.open = false;
    this.query = '';
    this.results = [];
    this.dispatchEvent(navigateEvent(hrefFor('indicator', this.context, { code: hit.code })));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.abort?.abort();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-indicator-search': NsIndicatorSearch;
  }
}
