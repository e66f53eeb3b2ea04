import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { request } from '../api.ts';
import { baseStyles } from '../styles.ts';
import { renderTask } from '../components/ns-state.ts';
import { ViewElement } from './view-element.ts';

interface OwnerEntry {
  indicator?: string;
  objective?: string;
  unit?: string;
  owner?: string;
  updaters: string[];
}

interface UserRow {
  username: string;
  displayName: string;
  email: string | null;
  disabled: boolean;
  grants: { role: string; unit: string | null }[];
}

/** Admin: who owns and who enters each indicator and objective; people's e-mail and access state. */
@localized()
@customElement('ns-people-view')
export class NsPeopleView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .card {
        background: var(--ns-surface);
        border: 1px solid var(--ns-border);
        border-radius: var(--ns-radius, 8px);
        padding: 16px;
        margin-top: 16px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 6px 8px;
        border-bottom: 1px solid var(--ns-border);
      }
      form.row {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        align-items: end;
        margin-top: 12px;
      }
      label {
        display: grid;
        gap: 2px;
      }
      .error {
        color: var(--ns-danger, #b42318);
      }
    `,
  ];

  protected readonly routeName = 'people' as const;

  @state() private message = '';

  private owners = new Task(this, {
    task: (_a, { signal }) => request<{ owners: OwnerEntry[] }>('GET', '/owners', { signal }).then((r) => r.owners),
    args: () => [] as const,
  });

  private users = new Task(this, {
    task: (_a, { signal }) => request<UserRow[]>('GET', '/users', { signal }),
    args: () => [] as const,
  });

  override render() {
    return html`<section data-view="people" aria-labelledby="title">
      <h1 id="title">${msg('Owners and people')}</h1>
      ${this.message ? html`<p role="status" class=${this.message.startsWith('!') ? 'error' : ''}>${this.message.replace(/^!/, '')}</p>` : nothing}
      <div class="card" data-testid="owners">
        <h2>${msg('Owners and updaters')}</h2>
        ${renderTask(this.owners, (o) => this.renderOwners(o), 'owners')}
      </div>
      <div class="card" data-testid="people">
        <h2>${msg('People')}</h2>
        ${renderTask(this.users, (u) => this.renderUsers(u), 'users')}
      </div>
    </section>`;
  }

  private renderOwners(owners: OwnerEntry[]) {
    return html`<table>
        <thead><tr><th>${msg('Indicator or objective')}</th><th>${msg('Unit (subtree)')}</th><th>${msg('Owner')}</th><th>${msg('Updaters')}</th><th></th></tr></thead>
        <tbody>
          ${owners.map(
            (o) => html`<tr>
              <td>${o.indicator ?? `${msg('Objective')} ${o.objective}`}</td>
              <td>${o.unit ?? msg('Whole organisation')}</td>
              <td>${o.owner ?? '–'}</td>
              <td>${o.updaters.join(', ')}</td>
              <td><button type="button" class="btn" @click=${() => this.removeOwner(o)}>${msg('Remove')}</button></td>
            </tr>`,
          )}
        </tbody>
      </table>
      <form class="row" @submit=${this.saveOwner} data-testid="owner-form">
        <label>${msg('Subject')}
          <select name="subject"><option value="indicator">${msg('Indicator')}</option><option value="objective">${msg('Objective')}</option></select>
        </label>
        <label>${msg('Code')}<input name="code" required /></label>
        <label>${msg('Unit (empty: whole organisation)')}<input name="unit" /></label>
        <label>${msg('Owner')}<input name="owner" /></label>
        <label>${msg('Updaters (comma-separated)')}<input name="updaters" /></label>
        <button type="submit" class="btn primary">${msg('Save')}</button>
      </form>`;
  }

  private renderUsers(users: UserRow[]) {
    return html`<table>
      <thead><tr><th>${msg('User')}</th><th>${msg('Roles')}</th><th>${msg('E-mail')}</th><th>${msg('Disabled')}</th><th></th></tr></thead>
      <tbody>
        ${users.map(
          (u) => html`<tr data-user=${u.username}>
            <td>${u.displayName} <span class="meta">(${u.username})</span></td>
            <td>${u.grants.map((g) => `${g.role}@${g.unit ?? '*'}`).join(', ')}</td>
            <td><input type="email" aria-label=${msg('E-mail')} name="email" .value=${u.email ?? ''} /></td>
            <td><input type="checkbox" aria-label=${msg('Disabled')} name="disabled" .checked=${u.disabled} /></td>
            <td><button type="button" class="btn" @click=${(e: Event) => this.saveUser(u.username, (e.target as HTMLElement).closest('tr')!)}>${msg('Save')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private async saveOwner(e: SubmitEvent) {
    e.preventDefault();
    const d = new FormData(e.target as HTMLFormElement);
    const unit = String(d.get('unit') ?? '').trim();
    const owner = String(d.get('owner') ?? '').trim();
    const body = {
      [String(d.get('subject'))]: String(d.get('code')).trim(),
      ...(unit ? { unit } : {}),
      ...(owner ? { owner } : {}),
      updaters: String(d.get('updaters') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    };
    await this.act(() => request('PUT', '/owners', { body }));
    void this.owners.run();
  }

  private async removeOwner(o: OwnerEntry) {
    await this.act(() => request('DELETE', '/owners', { query: { indicator: o.indicator, objective: o.objective, unit: o.unit } }));
    void this.owners.run();
  }

  private async saveUser(username: string, row: HTMLElement) {
    const email = row.querySelector<HTMLInputElement>('input[name=email]')!.value.trim();
    const disabled = row.querySelector<HTMLInputElement>('input[name=disabled]')!.checked;
    await this.act(() => request('PATCH', `/users/${encodeURIComponent(username)}/profile`, { body: { email: email || null, disabled } }));
  }

  private async act(fn: () => Promise<unknown>) {
    try {
      await fn();
      this.message = msg('Saved.');
    } catch (err) {
      this.message = `!${(err as Error).message}`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-people-view': NsPeopleView;
  }
}
