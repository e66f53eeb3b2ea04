import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { api, isApiError } from '../api.ts';
import { baseStyles } from '../styles.ts';

/**
 * Change your own password. `required`: the password was reset by an administrator and the
 * account can do nothing else until it is changed (no cancel). Fires `ns-password-changed` on
 * success and `ns-password-cancel` when cancelled (both bubble, composed).
 */
@localized()
@customElement('ns-change-password')
export class NsChangePassword extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        max-width: 420px;
      }
      .card {
        padding: 24px;
      }
      h1 {
        font-size: 1.25rem;
        margin-bottom: 8px;
      }
      .lead {
        color: var(--ns-text-muted);
        margin-bottom: 16px;
      }
      form {
        display: grid;
        gap: 12px;
      }
      label {
        display: grid;
        gap: 4px;
        font-weight: 600;
        font-size: 0.875rem;
      }
      input {
        min-height: 40px;
        padding: 8px 10px;
        border: 1px solid var(--ns-border-strong);
        border-radius: var(--ns-radius-sm);
        background: var(--ns-surface);
        font-weight: 400;
      }
      .hint {
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
        font-weight: 400;
      }
      .actions {
        display: flex;
        gap: 8px;
      }
      .error {
        padding: 10px 12px;
        border-radius: var(--ns-radius-sm);
        background: var(--ns-off-track-bg);
        color: var(--ns-off-track);
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ type: Boolean }) required = false;
  @state() private busy = false;
  @state() private error = '';

  override render() {
    return html`<section class="card" data-view="change-password">
      <h1>${msg('Change password')}</h1>
      ${this.required ? html`<p class="lead" data-testid="password-reset-notice">${msg('Your password was reset. Choose a new one to continue.')}</p>` : nothing}
      <form @submit=${this.onSubmit} novalidate>
        <label
          >${msg('Current password')}
          <input name="current" type="password" autocomplete="current-password" required autofocus data-testid="current-password" ?disabled=${this.busy}
        /></label>
        <label
          >${msg('New password')}
          <input name="next" type="password" autocomplete="new-password" required minlength="12" data-testid="new-password" aria-describedby="password-hint" ?disabled=${this.busy} />
          <span class="hint" id="password-hint">${msg('At least 12 characters; a passphrase of unrelated words is best.')}</span></label
        >
        <label
          >${msg('Repeat the new password')}
          <input name="repeat" type="password" autocomplete="new-password" required data-testid="repeat-password" ?disabled=${this.busy}
        /></label>
        ${this.error ? html`<p class="error" role="alert" data-testid="password-error">${this.error}</p>` : nothing}
        <div class="actions">
          <button class="btn primary" type="submit" data-testid="password-submit" ?disabled=${this.busy}>${this.busy ? msg('Saving…') : msg('Change password')}</button>
          ${this.required ? nothing : html`<button class="btn" type="button" data-testid="password-cancel" @click=${this.cancel}>${msg('Cancel')}</button>`}
        </div>
      </form>
    </section>`;
  }

  private cancel() {
    this.dispatchEvent(new CustomEvent('ns-password-cancel', { bubbles: true, composed: true }));
  }

  private async onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const current = String(data.get('current') ?? '');
    const next = String(data.get('next') ?? '');
    if (next !== String(data.get('repeat') ?? '')) {
      this.error = msg('The new passwords do not match.');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await api.changePassword(current, next);
      this.dispatchEvent(new CustomEvent('ns-password-changed', { bubbles: true, composed: true }));
    } catch (err) {
      if (isApiError(err) && err.code === 'wrong_password') this.error = msg('The current password is wrong.');
      // the server names what is wrong with the new one (length, how easy it is to guess)
      else if (isApiError(err) && err.status === 422) this.error = err.message;
      else this.error = msg('The password could not be changed. Try again.');
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-change-password': NsChangePassword;
  }
  interface HTMLElementEventMap {
    'ns-password-changed': CustomEvent<void>;
    'ns-password-cancel': CustomEvent<void>;
  }
}
