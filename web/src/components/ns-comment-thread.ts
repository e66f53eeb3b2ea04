import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { baseStyles } from '../styles.ts';
import { currentLocale } from '../i18n.ts';
import { formatDateTime, formatPeriod } from '../format.ts';
import { fetchComments, fetchPeople, postComment, type CommentItem, type CommentKind, type Person } from '../comments.ts';

export const COMMENTS_CHANGED = 'ns-comments-changed';

const kindLabel = (k: CommentKind) => (k === 'analysis' ? msg('Analysis') : k === 'action' ? msg('Action') : msg('Note'));

/**
 * The commentary thread of an indicator at a unit for one month: analysis, actions and notes
 * with their replies, and a form with a people picker that inserts @mentions.
 */
@localized()
@customElement('ns-comment-thread')
export class NsCommentThread extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 10px;
      }
      li.reply {
        margin-left: 20px;
        border-left: 2px solid var(--ns-border);
        padding-left: 10px;
      }
      .meta {
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
      }
      .kind {
        font-weight: 600;
        font-size: 0.8125rem;
        margin-right: 6px;
      }
      .body {
        white-space: pre-wrap;
        margin: 2px 0;
      }
      form {
        display: grid;
        gap: 8px;
        margin-top: 12px;
      }
      .row {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: center;
      }
      textarea {
        width: 100%;
        min-height: 70px;
        font: inherit;
      }
      .error {
        color: var(--ns-danger, #b42318);
      }
    `,
  ];

  @property() indicator = '';
  @property() unit = '';
  @property() period = '';
  /** Whether the signed-in user may write here (the thread is read-only otherwise). */
  @property({ type: Boolean }) writable = true;

  @state() private comments: CommentItem[] = [];
  @state() private loading = false;
  @state() private error = '';
  @state() private replyTo: CommentItem | null = null;
  @state() private people: Person[] = [];

  private loadedFor = '';

  protected override willUpdate() {
    const key = `${this.indicator}|${this.unit}|${this.period}`;
    if (key !== this.loadedFor && this.indicator && this.unit && this.period) {
      this.loadedFor = key;
      void this.load();
    }
  }

  private async load() {
    this.loading = true;
    try {
      this.comments = await fetchComments({ indicator: this.indicator, unit: this.unit, from: this.period, to: this.period });
      this.error = '';
    } catch (e) {
      this.error = (e as Error).message;
    } finally {
      this.loading = false;
    }
  }

  private async searchPeople(e: Event) {
    const value = (e.target as HTMLInputElement).value.trim();
    if (value.length < 1) return;
    try {
      this.people = await fetchPeople(value);
    } catch {
      this.people = [];
    }
  }

  /** Picking a person inserts `@username ` into the text. */
  private pickPerson(e: Event) {
    const input = e.target as HTMLInputElement;
    const person = this.people.find((p) => p.username === input.value || `${p.displayName} (${p.username})` === input.value);
    if (!person) return;
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')!;
    area.value = `${area.value}${area.value && !area.value.endsWith(' ') ? ' ' : ''}@${person.username} `;
    input.value = '';
    area.focus();
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const body = String(data.get('body') ?? '').trim();
    if (!body) return;
    try {
      await postComment({ indicator: this.indicator, unit: this.unit, period: this.period, kind: data.get('kind') as CommentKind, body, replyTo: this.replyTo?.id ?? null });
      form.reset();
      this.replyTo = null;
      await this.load();
      this.dispatchEvent(new CustomEvent(COMMENTS_CHANGED, { bubbles: true, composed: true }));
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    const l = currentLocale();
    const top = this.comments.filter((c) => c.replyTo === null);
    const repliesOf = (id: number) => this.comments.filter((c) => c.replyTo === id);
    return html`<section aria-label=${msg(str`Comments, ${formatPeriod(this.period, l, 'long')}`)} data-testid="comment-thread">
      <h2>${msg(str`Comments, ${formatPeriod(this.period, l, 'long')}`)}</h2>
      ${this.loading && !this.comments.length ? html`<p class="meta">${msg('Loading…')}</p>` : nothing}
      ${!this.loading && !this.comments.length ? html`<p class="meta">${msg('No comments for this month yet.')}</p>` : nothing}
      <ol>
        ${top.map((c) => html`${this.renderComment(c, false)}${repliesOf(c.id).map((r) => this.renderComment(r, true))}`)}
      </ol>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.writable
        ? html`<form @submit=${this.submit} data-testid="comment-form">
            ${this.replyTo ? html`<p class="meta">${msg(str`Replying to ${this.replyTo.authorName ?? this.replyTo.author}`)} <button type="button" class="btn" @click=${() => (this.replyTo = null)}>${msg('Cancel')}</button></p>` : nothing}
            <div class="row">
              <label>${msg('Kind')}
                <select name="kind" data-testid="comment-kind">
                  <option value="analysis">${msg('Analysis')}</option>
                  <option value="action">${msg('Action')}</option>
                  <option value="note">${msg('Note')}</option>
                </select>
              </label>
              <label>${msg('Mention someone')}
                <input type="search" list="people" data-testid="mention-picker" @input=${this.searchPeople} @change=${this.pickPerson} />
              </label>
              <datalist id="people">${this.people.map((p) => html`<option value=${p.username}>${p.displayName}</option>`)}</datalist>
            </div>
            <label class="sr-only" for="comment-body">${msg('Comment')}</label>
            <textarea id="comment-body" name="body" required maxlength="10000" data-testid="comment-body" placeholder=${msg('Why did it move, what are we doing? Use @name to ask someone.')}></textarea>
            <div class="row"><button type="submit" class="btn primary" data-testid="comment-submit">${msg('Post comment')}</button></div>
          </form>`
        : nothing}
    </section>`;
  }

  private renderComment(c: CommentItem, reply: boolean) {
    const l = currentLocale();
    return html`<li class=${reply ? 'reply' : ''} data-testid="comment">
      <div><span class="kind">${kindLabel(c.kind)}</span><span class="meta">${c.authorName ?? c.author} · ${formatDateTime(c.createdAt, l)}${c.edited ? html` · ${msg('edited')}` : nothing}</span></div>
      <p class="body">${c.body}</p>
      ${!reply && this.writable ? html`<button type="button" class="btn" @click=${() => (this.replyTo = c)}>${msg('Reply')}</button>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-comment-thread': NsCommentThread;
  }
}
