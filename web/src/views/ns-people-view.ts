import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { request } from '../api.ts';
import { baseStyles } from '../styles.ts';
import { renderTask } from '../components/ns-state.ts';
import type { Column } from '../components/ns-table.ts';
import '../components/ns-table.ts';
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
    return html`<ns-table
        label=${msg('Owners')}
        .rows=${owners}
        .columns=${[
          { key: 'subject', label: msg('Indicator or objective'), sortable: true, value: (o: OwnerEntry) => o.indicator ?? `${msg('Objective')} ${o.objective}` },
          { key: 'unit', label: msg('Unit (subtree)'), sortable: true, value: (o: OwnerEntry) => o.unit ?? msg('Whole organisation') },
          { key: 'owner', label: msg('Owner'), sortable: true, value: (o: OwnerEntry) => o.owner ?? '–' },
          { key: 'updaters', label: msg('Updaters'), value: (o: OwnerEntry) => o.updaters.join(', ') },
          { key: 'remove', label: msg('Remove'), render: (o: OwnerEntry) => html`<button type="button" class="btn" @click=${() => this.removeOwner(o)}>${msg('Remove')}</button>` },
        ] satisfies Column<OwnerEntry>[]}
      ></ns-table>
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
    return html`<ns-table
      label=${msg('Users')}
      .rows=${users}
      .rowAttrs=${(u: UserRow) => ({ 'data-user': u.username })}
      .columns=${[
        { key: 'user', label: msg('User'), sortable: true, value: (u: UserRow) => u.displayName, render: (u: UserRow) => html`${u.displayName} <span class="meta">(${u.username})</span>` },
        { key: 'roles', label: msg('Roles'), value: (u: UserRow) => u.grants.map((g) => `${g.role}@${g.unit ?? '*'}`).join(', ') },
        { key: 'email', label: msg('E-mail'), render: (u: UserRow) => html`<input type="email" aria-label=${msg('E-mail')} name="email" .value=${u.email ?? ''} />` },
        { key: 'disabled', label: msg('Disabled'), render: (u: UserRow) => html`<input type="checkbox" aria-label=${msg('Disabled')} name="disabled" .checked=${u.disabled} />` },
        { key: 'save', label: msg('Save'), render: (u: UserRow) => html`<button type="button" class="btn" @click=${(e: Event) => this.saveUser(u.username, (e.target as HTMLElement).closest('tr')!)}>${msg('Save')}</button>` },
      ] satisfies Column<UserRow>[]}
    ></ns-table>`;
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
