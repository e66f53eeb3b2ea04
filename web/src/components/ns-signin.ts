import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { api, isApiError } from '../api.ts';
import { baseStyles } from '../styles.ts';
import type { Locale, Session } from '../types.ts';
import './ns-locale-switch.ts';

/** The sign-in page. On success fires `ns-signed-in` with the session (bubbles, composed). */
@localized()
@customElement('ns-signin')
export class NsSignin extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100vh;
        padding: 24px;
        background: linear-gradient(160deg, #eaf0f8 0%, var(--ns-bg) 60%);
      }
      main {
        width: 100%;
        max-width: 380px;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 10px;
        margin-bottom: 20px;
        font-weight: 700;
        font-size: 1.125rem;
      }
      .mark {
        display: inline-grid;
        place-items: center;
        width: 32px;
        height: 32px;
        border-radius: 8px;
        background: var(--ns-primary);
        color: #fff;
      }
      .card {
        padding: 28px;
      }
      h1 {
        font-size: 1.375rem;
        margin-bottom: 4px;
      }
      .lead {
        color: var(--ns-text-muted);
        margin-bottom: 20px;
      }
      form {
        display: grid;
        gap: 14px;
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
      .btn.primary {
        justify-content: center;
        min-height: 42px;
        font-weight: 600;
      }
      .error {
        padding: 10px 12px;
        border-radius: var(--ns-radius-sm);
        background: var(--ns-off-track-bg);
        color: var(--ns-off-track);
        font-size: 0.875rem;
      }
      .footer {
        display: flex;
        justify-content: flex-end;
        margin-top: 16px;
      }
    `,
  ];

  @property() locale: Locale = 'en';
  @state() private busy = false;
  @state() private error = '';

  override render() {
    return html`<main data-view="signin">
      <div class="brand"><span class="mark" aria-hidden="true">★</span><span>Northstar</span></div>
      <div class="card">
        <h1>${msg('Sign in')}</h1>
        <p class="lead">${msg('Balanced scorecard and customer-satisfaction dashboard')}</p>
        <form @submit=${this.onSubmit} novalidate>
          <label
            >${msg('Username')}
            <input id="username" name="username" data-testid="signin-username" autocomplete="username" required autofocus ?disabled=${this.busy}
          /></label>
          <label
            >${msg('Password')}
            <input id="password" name="password" data-testid="signin-password" type="password" autocomplete="current-password" required ?disabled=${this.busy}
          /></label>
          ${this.error ? html`<p class="error" role="alert" data-testid="signin-error">${this.error}</p>` : nothing}
          <button class="btn primary" type="submit" data-testid="signin-submit" ?disabled=${this.busy}>${this.busy ? msg('Signing in…') : msg('Sign in')}</button>
        </form>
      </div>
      <div class="footer"><ns-locale-switch .value=${this.locale}></ns-locale-switch></div>
    </main>`;
  }

  private async onSubmit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!username || !password) {
      this.error = msg('Enter your username and password.');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const session: Session = await api.login(username, password);
      this.dispatchEvent(new CustomEvent<Session>('ns-signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (err) {
      if (isApiError(err) && err.status === 401) this.error = msg('Wrong username or password.');
      else if (isApiError(err) && err.status === 429) this.error = msg('Too many sign-in attempts. Try again later.');
      else this.error = msg('Sign-in failed. Check your connection and try again.');
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-signin': NsSignin;
  }
  interface HTMLElementEventMap {
    'ns-signed-in': CustomEvent<Session>;
  }
}
