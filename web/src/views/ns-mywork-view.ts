import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { baseStyles } from '../styles.ts';
import { localName } from '../i18n.ts';
import { formatDateTime, formatPeriod, formatScore } from '../format.ts';
import { renderTask } from '../components/ns-state.ts';
import '../components/ns-status-badge.ts';
import { ViewElement } from './view-element.ts';
import { NOTIFICATION_KINDS, notificationHref, fetchMyProfile, fetchMyWork, markAllRead, saveMyProfile, type MyWork, type Profile } from '../work.ts';
import { stateLabel } from './close-labels.ts';

export function kindLabel(kind: string): string {
  switch (kind) {
    case 'status_worsened':
      return msg('Status worsened');
    case 'off_track_without_initiative':
      return msg('Off track without an initiative');
    case 'submission_late':
      return msg('Submission late');
    case 'approval_waiting':
      return msg('Waiting for approval');
    case 'comment_reply':
      return msg('Reply to a comment');
    case 'mention':
      return msg('Mention');
    case 'evaluation_finalized':
      return msg('Evaluation finalised');
    case 'voc_assigned':
      return msg('VOC assigned to you');
    case 'voc_overdue':
      return msg('VOC past its SLA deadline');
    default:
      return kind;
  }
}

const deliveryLabel = (d: string) => (d === 'immediately' ? msg('Immediately (e-mail)') : d === 'daily' ? msg('Daily digest') : msg('In the app only'));

/** My work: the home page after sign-in for everyone below admin. */
@localized()
@customElement('ns-mywork-view')
export class NsMyworkView extends ViewElement {
  static override styles = [
    baseStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(360px, 1fr));
        gap: 16px;
        margin-top: 16px;
      }
      .card {
        background: var(--ns-surface);
        border: 1px solid var(--ns-border);
        border-radius: var(--ns-radius, 8px);
        padding: 16px;
      }
      .card h2 {
        margin-bottom: 10px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.9375rem;
      }
      th,
      td {
        text-align: left;
        padding: 6px 4px;
        border-bottom: 1px solid var(--ns-border);
      }
      .counts {
        display: flex;
        gap: 12px;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      .late {
        color: var(--ns-danger, #b42318);
        font-weight: 600;
      }
      ul {
        margin: 0;
        padding-left: 18px;
      }
      li {
        margin: 4px 0;
      }
      .meta {
        color: var(--ns-text-muted);
        font-size: 0.8125rem;
      }
      label {
        display: grid;
        gap: 2px;
        margin: 6px 0;
      }
    `,
  ];

  protected readonly routeName = 'mywork' as const;

  @state() private saved = '';

  private work = new Task(this, {
    task: ([period], { signal }) => fetchMyWork(period, signal),
    args: () => [this.period] as const,
  });

  private profile = new Task(this, {
    task: (_args, { signal }) => fetchMyProfile(signal),
    args: () => [] as const,
  });

  override render() {
    return html`<section data-view="mywork" aria-labelledby="title">
      <h1 id="title">${msg('My work')}</h1>
      <p class="meta">${formatPeriod(this.period, this.locale, 'long')}</p>
      ${renderTask(this.work, (w) => this.renderWork(w), 'work')}
      <div class="card" style="margin-top:16px" data-testid="my-settings">
        <h2>${msg('My notification settings')}</h2>
        ${renderTask(this.profile, (p) => this.renderProfile(p), 'profile')}
      </div>
    </section>`;
  }

  private renderWork(w: MyWork) {
    const l = this.locale;
    return html`<div class="grid">
      <div class="card" data-testid="my-notifications">
        <h2>${msg(str`Notifications (${w.notifications.unread} unread, ${w.notifications.unreadMentions} mentions)`)}</h2>
        ${w.notifications.latest.length
          ? html`<ul>
              ${w.notifications.latest.map((n) => html`<li data-kind=${n.kind}><a href=${notificationHref(n)}>${kindLabel(n.kind)}</a>: ${n.message} <span class="meta">${formatDateTime(n.createdAt, l)}</span></li>`)}
            </ul>
            <button type="button" class="btn" @click=${this.readAll}>${msg('Mark all read')}</button>`
          : html`<p class="meta">${msg('Nothing unread.')}</p>`}
        ${w.notifications.mentions.length
          ? html`<h3 style="margin-top:10px">${msg('Recent mentions')}</h3>
              <ul data-testid="my-mentions">
                ${w.notifications.mentions.map((n) => html`<li><a href=${notificationHref(n)}>${n.message}</a></li>`)}
              </ul>`
          : nothing}
      </div>
      <div class="card" data-testid="my-owned">
        <h2>${msg('What I own')}</h2>
        <div class="counts">
          ${(['off_track', 'at_risk', 'on_track', 'no_data'] as const).map((s) => html`<span><ns-status-badge .status=${s} compact></ns-status-badge> ${w.owned.counts[s] ?? 0}</span>`)}
        </div>
        ${w.owned.items.length
          ? html`<table>
              <thead><tr><th>${msg('Indicator')}</th><th>${msg('Unit')}</th><th>${msg('Score')}</th><th>${msg('Status')}</th></tr></thead>
              <tbody>
                ${w.owned.items.map(
                  (i) => html`<tr>
                    <td>${i.subject === 'indicator' ? html`<a href=${this.href('indicator', { code: i.code, context: { unit: i.unit, window: 'month' } })}>${i.code}</a>` : i.code} ${localName(i.name, '')}</td>
                    <td>${this.unitLabel(i.unit)}</td>
                    <td>${formatScore(i.score, l)}</td>
                    <td><ns-status-badge .status=${i.status} compact></ns-status-badge></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="meta">${msg('You own no indicator yet.')}</p>`}
      </div>
      <div class="card" data-testid="my-entry">
        <h2>${msg('To enter this month')}</h2>
        ${w.toEnter.length
          ? html`<table>
              <thead><tr><th>${msg('Unit')}</th><th>${msg('State')}</th><th>${msg('Deadline')}</th></tr></thead>
              <tbody>
                ${w.toEnter.map(
                  (u) => html`<tr>
                    <td><a href=${this.href('entry', { context: { unit: u.unit } })}>${localName(u.name, u.unit)}</a></td>
                    <td>${stateLabel(u.state)}${u.comment ? html`<div class="meta">${u.comment}</div>` : nothing}</td>
                    <td class=${u.late ? 'late' : ''}>${u.deadline}${u.daysLate ? ` (${msg(str`${u.daysLate} days late`)})` : ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="meta">${msg('Nothing to enter.')}</p>`}
      </div>
      <div class="card" data-testid="my-approvals">
        <h2>${msg('Waiting for my approval')}</h2>
        ${w.toApprove.length
          ? html`<ul>
              ${w.toApprove.map((a) => html`<li><a href=${this.href('close', { context: { unit: a.unit, period: a.period } })}>${localName(a.name, a.unit)} · ${formatPeriod(a.period, l)}</a> <span class="meta">${a.submittedBy ?? ''}</span></li>`)}
            </ul>`
          : html`<p class="meta">${msg('Nothing waits for you.')}</p>`}
      </div>
    </div>`;
  }

  private renderProfile(p: Profile) {
    return html`<form @submit=${this.saveProfile} data-testid="profile-form">
      <label>${msg('E-mail')}<input type="email" name="email" .value=${p.email ?? ''} /></label>
      ${NOTIFICATION_KINDS.map(
        (k) => html`<label>${kindLabel(k)}
          <select name=${k}>
            ${(['immediately', 'daily', 'app'] as const).map((d) => html`<option value=${d} ?selected=${p.notifications[k] === d}>${deliveryLabel(d)}</option>`)}
          </select>
        </label>`,
      )}
      <button type="submit" class="btn primary">${msg('Save')}</button> <span role="status">${this.saved}</span>
    </form>`;
  }

  private async saveProfile(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const notifications = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, String(data.get(k))]));
    try {
      await saveMyProfile({ email: email || null, notifications });
      this.saved = msg('Saved.');
    } catch (err) {
      this.saved = (err as Error).message;
    }
  }

  private async readAll() {
    await markAllRead();
    void this.work.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-mywork-view': NsMyworkView;
  }
}
