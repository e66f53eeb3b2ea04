import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { api, onActivity, onUnauthorized } from '../api.ts';
import { applyLocale, currentLocale, initialLocale, localName } from '../i18n.ts';
import { latestCompleteMonth } from '../period.ts';
import {
  NAVIGATE_EVENT,
  VIEWS,
  formatRoute,
  hrefFor,
  parseRoute,
  routableAnchor,
  withDefaults,
  type Context,
  type NavigateDetail,
  type Route,
  type ViewName,
} from '../router.ts';
import { baseStyles } from '../styles.ts';
import type { Locale, Session, Unit } from '../types.ts';
import { CONTEXT_CHANGE, LOCALE_CHANGE } from './context-events.ts';
import './ns-indicator-search.ts';
import './ns-locale-switch.ts';
import './ns-period-picker.ts';
import './ns-signin.ts';
import './ns-change-password.ts';
import './ns-state.ts';
import './ns-unit-picker.ts';
import './ns-window-switch.ts';
import { evaluationAccess } from '../views/ns-evaluation-access.ts';
import { payAccess } from '../views/ns-pay-access.ts';

/** Views are loaded on first visit (dynamic import), so the shell and sign-in stay small. */
const VIEW_LOADERS: Record<ViewName, () => Promise<unknown>> = {
  overview: () => import('../views/ns-overview-view.ts'),
  scorecard: () => import('../views/ns-scorecard-view.ts'),
  indicator: () => import('../views/ns-indicator-view.ts'),
  heatmap: () => import('../views/ns-heatmap-view.ts'),
  strategy: () => import('../views/ns-strategy-view.ts'),
  portfolio: () => import('../views/ns-portfolio-view.ts'),
  evaluations: () => import('../views/ns-evaluations-view.ts'),
  improvement: () => import('../views/ns-initiatives-view.ts'),
  entry: () => import('../views/ns-entry-view.ts'),
  targets: () => import('../views/ns-targets-view.ts'),
  pay: () => import('../views/ns-pay-view.ts'),
  mywork: () => import('../views/ns-mywork-view.ts'),
  close: () => import('../views/ns-close-view.ts'),
  people: () => import('../views/ns-people-view.ts'),
  voc: () => import('../views/ns-voc-view.ts'),
};

const isView = (name: string): name is ViewName => (VIEWS as readonly string[]).includes(name);

function navLabel(name: ViewName): string {
  switch (name) {
    case 'overview':
      return msg('Overview');
    case 'scorecard':
      return msg('Scorecard');
    case 'indicator':
      return msg('Indicator');
    case 'heatmap':
      return msg('Org heatmap');
    case 'strategy':
      return msg('Strategy map');
    case 'portfolio':
      return msg('CS portfolio');
    case 'evaluations':
      return msg('Evaluations');
    case 'improvement':
      return msg('Improvement');
    case 'entry':
      return msg('Enter data');
    case 'targets':
      return msg('Targets');
    case 'pay':
      return msg('Pay');
    case 'mywork':
      return msg('My work');
    case 'close':
      return msg('Month close');
    case 'people':
      return msg('Owners and people');
    case 'voc':
      return msg('VOC');
  }
}

const NAV: ViewName[] = ['overview', 'scorecard', 'heatmap', 'strategy', 'portfolio', 'voc', 'improvement', 'evaluations', 'entry', 'targets', 'pay', 'mywork', 'close', 'people'];

/** Target setting is for those who hold target:write somewhere: managers and admins. */
const PLANNERS: readonly string[] = ['admin', 'manager'];

/** Everyone below admin starts at My work; admins at the overview. */
const homeOf = (session: Session | null | undefined) => (session?.user.grants.some((g) => g.role === 'admin') ? '/overview' : '/mywork');
/** Who sees which of the new navigation entries: the close board needs a review role, the owners screen admin. */
const canSee = (name: ViewName, session: Session | null | undefined) =>
  name === 'close' ? !!session?.user.grants.some((g) => g.role === 'manager' || g.role === 'admin') : name === 'people' ? !!session?.user.grants.some((g) => g.role === 'admin' && g.unit === null) : true;

/**
 * The app shell: signs the user in, keeps the route (and the unit / period / window context)
 * in the URL, shows the navigation, the context pickers, the indicator search and the ko/en
 * switch, and loads each view on demand.
 */
@localized()
@customElement('ns-app')
export class NsApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      .skip {
        position: absolute;
        left: 8px;
        top: -60px;
        z-index: 100;
        padding: 8px 12px;
        background: var(--ns-surface);
        color: var(--ns-primary);
        border: 2px solid var(--ns-focus);
        border-radius: var(--ns-radius-sm);
        cursor: pointer;
      }
      .skip:focus {
        top: 8px;
      }
      header {
        position: sticky;
        top: 0;
        z-index: 10;
        background: var(--ns-surface);
        border-bottom: 1px solid var(--ns-border);
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px 20px;
        max-width: 1440px;
        margin: 0 auto;
        padding: 8px 24px;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 700;
        color: var(--ns-text);
        text-decoration: none;
        font-size: 1.0625rem;
      }
      .brand:hover {
        text-decoration: none;
      }
      .mark {
        display: inline-grid;
        place-items: center;
        width: 28px;
        height: 28px;
        border-radius: 7px;
        background: var(--ns-primary);
        color: #fff;
        font-size: 0.875rem;
      }
      #main-nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 2px;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      #main-nav a {
        display: block;
        padding: 8px 12px;
        border-radius: var(--ns-radius-sm);
        color: var(--ns-text-muted);
        font-weight: 500;
        font-size: 0.9375rem;
        white-space: nowrap;
      }
      #main-nav a:hover {
        background: var(--ns-surface-alt);
        color: var(--ns-text);
        text-decoration: none;
      }
      #main-nav a[aria-current='page'] {
        background: var(--ns-primary-soft);
        color: var(--ns-primary-hover);
        font-weight: 600;
      }
      .tools {
        display: flex;
        align-items: center;
        gap: 10px;
        margin-left: auto;
      }
      .user {
        display: flex;
        align-items: center;
        gap: 8px;
        font-size: 0.875rem;
        color: var(--ns-text-muted);
        white-space: nowrap;
      }
      .context {
        background: var(--ns-surface-alt);
        border-top: 1px solid var(--ns-border);
      }
      .context .bar {
        gap: 8px 24px;
        padding-top: 6px;
        padding-bottom: 6px;
      }
      .search {
        margin-left: auto;
      }
      main {
        max-width: 1440px;
        margin: 0 auto;
        padding: 24px;
      }
      main:focus {
        outline: none;
      }
      .boot {
        display: grid;
        place-items: center;
        min-height: 100vh;
      }
      /* calm loading: a thin bar at the very top while calls are on the wire */
      .progress {
        position: fixed;
        top: 0;
        left: 0;
        right: 0;
        z-index: 50;
        height: 3px;
        overflow: hidden;
        pointer-events: none;
      }
      .progress::before {
        content: '';
        position: absolute;
        top: 0;
        bottom: 0;
        width: 40%;
        background: var(--ns-primary);
        animation: slide 1.1s ease-in-out infinite;
      }
      @keyframes slide {
        from {
          left: -40%;
        }
        to {
          left: 100%;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .progress::before {
          width: 100%;
          animation: none;
          opacity: 0.6;
        }
      }
      .menu {
        display: none;
      }
      .fallback-notice {
        margin: 0 0 12px;
        padding: 8px 12px;
        border-left: 3px solid var(--ns-at-risk);
        background: var(--ns-surface-alt);
        font-size: 0.875rem;
      }
      .crumbs {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 12px;
        margin: -8px 0 12px;
        font-size: 0.8125rem;
        color: var(--ns-text-muted);
      }
      .crumbs ol {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 0;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      .crumbs li + li::before {
        content: '›';
        padding: 0 6px;
        color: var(--ns-border-strong);
      }
      .crumbs [aria-current='page'] {
        color: var(--ns-text);
        font-weight: 600;
      }
      .crumbs .up {
        white-space: nowrap;
      }
      @media (max-width: 1100px) {
        header {
          position: static;
        }
      }
      @media (max-width: 980px) {
        .search {
          margin-left: 0;
        }
      }
      @media (max-width: 900px) {
        .bar {
          padding-left: 16px;
          padding-right: 16px;
        }
        main {
          padding: 16px;
        }
        #main-nav a {
          padding: 6px 8px;
        }
      }
      /* phones and small tablets: the navigation collapses behind a menu button */
      @media (max-width: 760px) {
        .menu {
          display: inline-flex;
        }
        header .bar {
          gap: 8px;
        }
        #main-nav {
          order: 10;
          flex-basis: 100%;
        }
        #main-nav:not(.open) {
          display: none;
        }
        #main-nav ul {
          flex-direction: column;
          padding-bottom: 8px;
        }
        #main-nav a {
          padding: 10px 12px;
        }
        .tools {
          gap: 6px;
        }
        .user .name,
        .user [data-testid='change-password'] {
          display: none;
        }
        .context .bar {
          gap: 8px 12px;
        }
        .search {
          flex-basis: 100%;
        }
        main {
          padding: 12px;
        }
      }
      @media print {
        header,
        .skip,
        .progress,
        .crumbs .up {
          display: none !important;
        }
        :host {
          min-height: 0;
        }
        main {
          max-width: none;
          padding: 0;
        }
      }
    `,
  ];

  @state() private route: Route = parseRoute(location.pathname, location.search);
  /** undefined while checking, null when signed out. */
  @state() private session: Session | null | undefined = undefined;
  @state() private units: Unit[] | null = null;
  @state() private bootError: unknown = null;
  @state() private locale: Locale = currentLocale();
  @state() private loadedViews = new Set<ViewName>();
  @state() private viewError: unknown = null;
  /** The change-password form is open (from the header, or because the password was reset). */
  @state() private changingPassword = false;
  /** The unit of a link this user may not see (shown in a notice while the view shows their own unit). */
  @state() private hiddenUnit: string | null = null;
  /** The phone menu is open. */
  @state() private menuOpen = false;
  /** Calls are on the wire (for more than a moment): the thin progress bar shows. */
  @state() private busy = false;
  /** A view's code is loading. */
  @state() private loadingView = false;
  private busyTimer: ReturnType<typeof setTimeout> | undefined;
  private stopActivity: (() => void) | null = null;
  /** The view last shown, kept on screen while the next one's code loads (calm loading). */
  private shownView: unknown = null;

  private focusMainAfterRender = false;

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    this.addEventListener('click', this.onClick);
    this.addEventListener(NAVIGATE_EVENT, this.onNavigate);
    this.addEventListener(CONTEXT_CHANGE, this.onContextChange);
    this.addEventListener(LOCALE_CHANGE, this.onLocaleChange);
    this.addEventListener('ns-signed-in', this.onSignedIn);
    this.addEventListener('ns-retry', this.onRetry);
    onUnauthorized(() => this.toSignin());
    this.stopActivity = onActivity(this.onActivity);
    this.addEventListener('keydown', this.onKeyDown);
    void this.boot();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
    onUnauthorized(null);
    this.stopActivity?.();
    clearTimeout(this.busyTimer);
  }

  /** The bar appears only when a wait lasts (no flicker on quick answers). */
  private onActivity = (count: number) => {
    clearTimeout(this.busyTimer);
    if (count === 0) this.busy = false;
    else if (!this.busy) this.busyTimer = setTimeout(() => (this.busy = true), 120);
  };

  /** Escape closes the phone menu and gives the focus back to its button. */
  private onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !this.menuOpen) return;
    this.menuOpen = false;
    this.renderRoot.querySelector<HTMLElement>('.menu')?.focus();
  };

  /** The default context: first visible unit, latest complete month, year to date. */
  get defaults(): Context {
    return { unit: this.units?.[0]?.code ?? '', period: latestCompleteMonth(), window: 'ytd' };
  }

  private async boot() {
    this.bootError = null;
    try {
      const [, session] = await Promise.all([applyLocale(initialLocale()), api.session()]);
      this.locale = currentLocale();
      this.session = session;
      if (session && !session.user.mustChangePassword) await this.loadUnits();
      this.settleRoute(true);
    } catch (e) {
      this.session = this.session ?? null;
      this.bootError = e;
    }
  }

  private async loadUnits() {
    this.units = null;
    this.units = await api.units();
  }

  /** Applies auth redirects and fills the context defaults into the URL (replaceState). */
  private settleRoute(replace: boolean) {
    const route = this.route;
    if (this.session === undefined) return;
    if (!this.session) {
      if (route.name !== 'signin') {
        const next = location.pathname + location.search;
        this.replaceUrl(`/signin${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`);
      }
      return;
    }
    if (route.name === 'signin') {
      const next = route.params.next;
      this.replaceUrl(next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(this.session));
      return;
    }
    if (isView(route.name) && this.units) {
      // a shared link to a unit this user may not see opens their own unit, with a short notice (issue 19)
      const hidden = route.unit && this.units.length > 0 && !this.units.some((u) => u.code === route.unit) ? route.unit : null;
      this.hiddenUnit = hidden;
      const full = withDefaults(hidden ? { ...route, unit: undefined } : route, this.defaults);
      const href = formatRoute(full);
      if (href !== location.pathname + location.search) {
        if (replace) history.replaceState(null, '', href);
        else history.pushState(null, '', href);
      }
      this.route = full;
    }
  }

  private replaceUrl(href: string) {
    history.replaceState(null, '', href);
    this.route = parseRoute(location.pathname, location.search);
    this.settleRoute(true);
  }

  /** Navigates inside the app (pushState unless `replace`). */
  navigate(href: string, replace = false) {
    const url = new URL(href, location.href);
    const target = url.pathname + url.search;
    if (target === location.pathname + location.search) return;
    if (replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    const before = this.route.name;
    this.menuOpen = false;
    this.route = parseRoute(url.pathname, url.search);
    this.settleRoute(true);
    if (this.route.name !== before) {
      this.focusMainAfterRender = true;
      window.scrollTo?.(0, 0);
    }
  }

  private toSignin() {
    if (this.route.name === 'signin') return;
    this.session = null;
    const next = location.pathname + location.search;
    history.pushState(null, '', `/signin?next=${encodeURIComponent(next)}`);
    this.route = parseRoute(location.pathname, location.search);
  }

  private onPopState = () => {
    this.route = parseRoute(location.pathname, location.search);
    this.settleRoute(true);
  };

  private onClick = (e: MouseEvent) => {
    const anchor = routableAnchor(e);
    if (!anchor) return;
    e.preventDefault();
    this.navigate(anchor.href);
  };

  private onNavigate = (e: CustomEvent<NavigateDetail>) => {
    e.stopPropagation();
    this.navigate(e.detail.href, e.detail.replace);
  };

  private onContextChange = (e: CustomEvent<Partial<Context>>) => {
    e.stopPropagation();
    const route = { ...this.route, ...e.detail };
    this.navigate(formatRoute(route));
  };

  private onLocaleChange = async (e: CustomEvent<{ locale: Locale }>) => {
    e.stopPropagation();
    await applyLocale(e.detail.locale, true);
    this.locale = currentLocale();
  };

  private onSignedIn = async (e: CustomEvent<Session>) => {
    e.stopPropagation();
    this.session = e.detail;
    if (e.detail.user.mustChangePassword) return;
    try {
      await this.loadUnits();
    } catch (err) {
      this.bootError = err;
    }
    const next = this.route.params.next;
    this.navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(this.session), true);
    this.settleRoute(true);
  };

  private onRetry = (e: Event) => {
    // the views retry their own tasks; the shell only retries what it loads itself
    if (e.composedPath()[0] !== this && !(this.bootError || this.viewError)) return;
    if (this.bootError) {
      e.stopPropagation();
      void this.boot();
    } else if (this.viewError) {
      e.stopPropagation();
      this.viewError = null;
      this.loadedViews = new Set();
      void this.ensureView();
    }
  };

  private onPasswordChanged = async (e: Event) => {
    e.stopPropagation();
    this.changingPassword = false;
    const wasRequired = this.session?.user.mustChangePassword;
    this.session = await api.session();
    if (wasRequired && this.session) {
      await this.loadUnits();
      this.settleRoute(true);
    }
  };

  private async signOut() {
    try {
      await api.logout();
    } finally {
      this.session = null;
      this.units = null;
      history.pushState(null, '', '/signin');
      this.route = parseRoute('/signin', '');
    }
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('route' as keyof NsApp) || changed.has('session' as keyof NsApp)) void this.ensureView();
  }

  private async ensureView() {
    const name = this.route.name;
    if (!this.session || !isView(name) || this.loadedViews.has(name)) return;
    this.loadingView = true;
    try {
      await VIEW_LOADERS[name]();
      this.loadedViews = new Set([...this.loadedViews, name]);
    } catch (e) {
      this.viewError = e;
    } finally {
      this.loadingView = false;
    }
  }

  protected override updated() {
    document.title = this.pageTitle();
    if (this.focusMainAfterRender) {
      this.focusMainAfterRender = false;
      this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    }
  }

  private pageTitle(): string {
    const name = this.route.name;
    if (name === 'signin' || !this.session) return `${msg('Sign in')} · Northstar`;
    if (isView(name)) return `${navLabel(name)} · Northstar`;
    return 'Northstar';
  }

  override render() {
    if (this.session === undefined) {
      return this.bootError
        ? html`<div class="boot"><ns-state kind="error" .error=${this.bootError}></ns-state></div>`
        : html`<div class="boot"><ns-state kind="loading" message=${msg('Starting Northstar…')}></ns-state></div>`;
    }
    if (!this.session || this.route.name === 'signin') return html`<ns-signin .locale=${this.locale}></ns-signin>`;
    if (this.session.user.mustChangePassword) {
      return html`<main id="main" class="password-required" @ns-password-changed=${this.onPasswordChanged}><ns-change-password required></ns-change-password></main>`;
    }
    const ctx = this.contextOf();
    return html`${this.busy || this.loadingView ? html`<div class="progress" role="progressbar" aria-label=${msg('Loading…')} data-testid="progress"></div>` : nothing}<header>
        <button type="button" class="skip" data-testid="skip-link" @click=${this.skipToMain}>${msg('Skip to content')}</button>
        <div class="bar">
          <button
            type="button"
            class="btn menu"
            data-testid="menu-button"
            aria-expanded=${this.menuOpen ? 'true' : 'false'}
            aria-controls="main-nav"
            @click=${() => (this.menuOpen = !this.menuOpen)}
          >
            <span aria-hidden="true">☰</span>${msg('Menu')}
          </button>
          <a class="brand" href=${hrefFor('overview', ctx)}><span class="mark" aria-hidden="true">★</span>Northstar</a>
          <nav id="main-nav" class=${this.menuOpen ? 'open' : ''} aria-label=${msg('Main')} data-testid="main-nav">
            <ul>
              ${NAV.filter((name) => name !== 'evaluations' || evaluationAccess(this.session?.user.grants, this.units).read)
                .filter((name) => name !== 'targets' || (this.session?.user.grants ?? []).some((g) => PLANNERS.includes(g.role)))
                .filter((name) => canSee(name, this.session) && (name !== 'pay' || payAccess(this.session?.user.grants, this.units).read))
                .map(
                (name) =>
                  html`<li>
                    <a href=${hrefFor(name, ctx, { params: name === 'heatmap' && this.route.name === 'heatmap' ? { by: this.route.params.by } : {} })} data-nav=${name} aria-current=${this.route.name === name ? 'page' : nothing}
                      >${navLabel(name)}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          <div class="tools">
            <ns-locale-switch .value=${this.locale}></ns-locale-switch>
            <span class="user" data-testid="user">
              <span class="name" title=${this.session.user.username}>${this.session.user.displayName || this.session.user.username}</span>
              <button type="button" class="btn" data-testid="change-password" @click=${() => (this.changingPassword = true)}>${msg('Change password')}</button>
              <button type="button" class="btn" data-testid="signout" @click=${this.signOut}>${msg('Sign out')}</button>
            </span>
          </div>
        </div>
        ${isView(this.route.name) && this.route.name !== 'evaluations' && this.units?.length
          ? html`<div class="context" role="region" aria-label=${msg('Context')} data-testid="context-bar">
              <div class="bar">
                <ns-unit-picker .units=${this.units} .value=${ctx.unit}></ns-unit-picker>
                <ns-period-picker .value=${ctx.period}></ns-period-picker>
                <ns-window-switch .value=${ctx.window}></ns-window-switch>
                <ns-indicator-search class="search" .context=${ctx}></ns-indicator-search>
              </div>
            </div>`
          : nothing}
      </header>
      <main id="main" tabindex="-1" aria-busy=${this.busy ? 'true' : 'false'}>
        ${this.changingPassword ? nothing : this.renderCrumbs(ctx)}
        ${this.hiddenUnit && !this.changingPassword
          ? html`<p class="fallback-notice" role="status" data-testid="unit-fallback">${msg(str`The link was to ${this.hiddenUnit}, which you cannot see: showing your own unit instead.`)}</p>`
          : nothing}
        ${this.changingPassword
          ? html`<ns-change-password @ns-password-changed=${this.onPasswordChanged} @ns-password-cancel=${() => (this.changingPassword = false)}></ns-change-password>`
          : this.renderView(ctx)}
      </main>`;
  }

  private skipToMain() {
    this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private contextOf(): Context {
    const d = this.defaults;
    return { unit: this.route.unit ?? d.unit, period: this.route.period ?? d.period, window: this.route.window ?? d.window };
  }

  private renderView(ctx: Context) {
    const name = this.route.name;
    if (this.bootError) return html`<ns-state kind="error" .error=${this.bootError}></ns-state>`;
    if (!isView(name)) {
      return html`<section data-view="not-found">
        <h1>${msg('Page not found')}</h1>
        <p><a href=${hrefFor('overview', ctx)}>${msg('Go to the overview')}</a></p>
      </section>`;
    }
    if (this.units === null) return html`<ns-state kind="loading"></ns-state>`;
    if (this.units.length === 0) {
      return html`<section data-view="no-units"><h1>${navLabel(name)}</h1><ns-state kind="empty" message=${msg('You cannot see any org unit yet. Ask an administrator for access.')}></ns-state></section>`;
    }
    if (this.viewError) return html`<ns-state kind="error" .error=${this.viewError}></ns-state>`;
    if (!this.loadedViews.has(name)) return this.shownView ?? html`<ns-state kind="loading"></ns-state>`;
    this.shownView = this.viewTemplate(name, ctx);
    return this.shownView;
  }

  /** Breadcrumbs of the unit hierarchy (ancestors the user may see) and "up one level". */
  private renderCrumbs(ctx: Context) {
    const name = this.route.name;
    if (!isView(name) || name === 'evaluations' || name === 'people' || !this.units?.length) return nothing;
    const byCode = new Map(this.units.map((u) => [u.code, u]));
    const trail: Unit[] = [];
    for (let u = byCode.get(ctx.unit); u && trail.length < 20; u = u.parent ? byCode.get(u.parent) : undefined) trail.unshift(u);
    if (trail.length < 2) return nothing;
    const link = (code: string) => formatRoute({ ...this.route, unit: code, period: ctx.period, window: ctx.window });
    const parent = trail[trail.length - 2];
    return html`<div class="crumbs" data-testid="breadcrumbs">
      <nav aria-label=${msg('Unit hierarchy')}>
        <ol>
          ${trail.map((u, i) =>
            i === trail.length - 1
              ? html`<li><span aria-current="page">${localName(u.name, u.code)}</span></li>`
              : html`<li><a href=${link(u.code)} data-unit=${u.code}>${localName(u.name, u.code)}</a></li>`,
          )}
        </ol>
      </nav>
      <a class="up" href=${link(parent.code)} data-testid="up-level"><span aria-hidden="true">↑</span> ${msg('Up one level')}</a>
    </div>`;
  }

  private viewTemplate(name: ViewName, ctx: Context) {
    const { unit, period, window } = ctx;
    const params = this.route.params;
    const units = this.units;
    switch (name) {
      case 'overview':
        return html`<ns-overview-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units} .username=${this.session?.user.username ?? ''}></ns-overview-view>`;
      case 'scorecard':
        return html`<ns-scorecard-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units} .username=${this.session?.user.username ?? ''}></ns-scorecard-view>`;
      case 'indicator':
        return html`<ns-indicator-view .code=${this.route.code ?? ''} .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-indicator-view>`;
      case 'heatmap':
        return html`<ns-heatmap-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-heatmap-view>`;
      case 'strategy':
        return html`<ns-strategy-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-strategy-view>`;
      case 'portfolio':
        return html`<ns-portfolio-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-portfolio-view>`;
      case 'evaluations':
        return html`<ns-evaluations-view .code=${this.route.code ?? ''} .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units} .grants=${this.session?.user.grants ?? []}></ns-evaluations-view>`;
      case 'improvement':
        return html`<ns-initiatives-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-initiatives-view>`;
      case 'entry':
        return html`<ns-entry-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-entry-view>`;
      case 'targets':
        return html`<ns-targets-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-targets-view>`;
      case 'pay':
        return html`<ns-pay-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units} .grants=${this.session?.user.grants ?? []}></ns-pay-view>`;
      case 'mywork':
        return html`<ns-mywork-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-mywork-view>`;
      case 'close':
        return html`<ns-close-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-close-view>`;
      case 'people':
        return html`<ns-people-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units}></ns-people-view>`;
      case 'voc':
        return html`<ns-voc-view .unit=${unit} .period=${period} .window=${window} .params=${params} .units=${units} .grants=${this.session?.user.grants ?? []}></ns-voc-view>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ns-app': NsApp;
  }
}
