/**
 * The base of every dashboard view: the context (unit, period, window) and the view's own URL
 * options come in as properties from the shell; navigation goes out as `ns-navigate` events.
 */
import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { currentLocale, localName } from '../i18n.ts';
import { hrefFor, navigateEvent, type Context, type RouteName } from '../router.ts';
import type { Locale, Unit, Window } from '../types.ts';

export abstract class ViewElement extends LitElement {
  /** The org unit code. */
  @property() unit = '';
  /** The month, `YYYY-MM`. */
  @property() period = '';
  @property() window: Window = 'ytd';
  /** The view's own URL options (`by`, `sort`, `focus`, …). */
  @property({ attribute: false }) params: Record<string, string> = {};
  /** The units the user may see (for names and children). */
  @property({ attribute: false }) units: readonly Unit[] = [];
  /** The signed-in user's username (for "My indicators"); empty when unknown. */
  @property() username = '';

  /** This view's route name (for links to itself with other options). */
  protected abstract readonly routeName: RouteName;

  get context(): Context {
    return { unit: this.unit, period: this.period, window: this.window };
  }

  protected get locale(): Locale {
    return currentLocale();
  }

  protected unitLabel(code: string): string {
    const unit = this.units.find((u) => u.code === code);
    return unit ? localName(unit.name, code) : code;
  }

  protected href(name: RouteName, extra: { code?: string; params?: Record<string, string | undefined>; context?: Partial<Context> } = {}): string {
    return hrefFor(name, { ...this.context, ...extra.context }, extra);
  }

  /** The "My indicators" view option (`mine=1` in the URL). */
  protected get mineOnly(): boolean {
    return this.params.mine === '1' && !!this.username;
  }

  protected go(href: string, replace = false) {
    this.dispatchEvent(navigateEvent(href, replace));
  }

  /** The `:code` of this view's path, if it has one. */
  protected get routeCode(): string | undefined {
    return undefined;
  }

  /** Changes this view's own URL options (keeps the others; `undefined` removes one). */
  protected setParams(changes: Record<string, string | undefined>, replace = true) {
    const params: Record<string, string | undefined> = { ...this.params, ...changes };
    this.go(this.href(this.routeName, { code: this.routeCode, params }), replace);
  }
}
