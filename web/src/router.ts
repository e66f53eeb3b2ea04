/**
 * A tiny History API router. The URL carries the whole view state (unit, period, window and
 * each view's own options) so every view can be bookmarked and shared:
 *   /overview?unit=HQ&period=2026-03&window=ytd
 *   /indicator/SALES?unit=SEOUL&period=2026-03&window=month
 */
import { isMonth } from './period.ts';
import type { Window } from './types.ts';

export const VIEWS = ['overview', 'scorecard', 'indicator', 'heatmap', 'strategy', 'portfolio', 'evaluations', 'improvement', 'entry', 'targets', 'pay', 'mywork', 'close', 'people', 'voc'] as const;
export type ViewName = (typeof VIEWS)[number];
export type RouteName = ViewName | 'signin' | 'not-found';

export interface Route {
  name: RouteName;
  /** The `:code` of /indicator/:code and /evaluations/:code. */
  code?: string;
  unit?: string;
  period?: string;
  window?: Window;
  /** Every other query parameter (view options such as `by`, `sort`, `focus`, `next`). */
  params: Record<string, string>;
}

/** The context every dashboard view needs. */
export interface Context {
  unit: string;
  period: string;
  window: Window;
}

const CONTEXT_KEYS = ['unit', 'period', 'window'] as const;

export const isWindow = (value: unknown): value is Window => value === 'month' || value === 'ytd';

export function parseRoute(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const params: Record<string, string> = {};
  for (const [key, value] of query) {
    if (!(CONTEXT_KEYS as readonly string[]).includes(key)) params[key] = value;
  }
  const route: Route = { name: 'not-found', params };
  const unit = query.get('unit');
  if (unit) route.unit = unit;
  const period = query.get('period');
  if (isMonth(period)) route.period = period;
  const window = query.get('window');
  if (isWindow(window)) route.window = window;

  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean).map(safeDecode);
  if (parts.length === 0) route.name = 'overview';
  else if (parts.length === 1 && parts[0] === 'signin') route.name = 'signin';
  else if (parts.length === 2 && parts[0] === 'indicator' && parts[1]) {
    route.name = 'indicator';
    route.code = parts[1];
  } else if (parts.length === 2 && parts[0] === 'voc' && parts[1]) {
    // a notification's link to one VOC record: the VOC view with the record open
    route.name = 'voc';
    route.params = { ...params, record: parts[1] };
  } else if (parts.length === 2 && parts[0] === 'evaluations' && parts[1]) {
    route.name = 'evaluations';
    route.code = parts[1];
  } else if (parts.length === 1 && (VIEWS as readonly string[]).includes(parts[0]) && parts[0] !== 'indicator') {
    route.name = parts[0] as ViewName;
  }
  return route;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The canonical URL of a route: context first (unit, period, window), then the rest sorted. */
export function formatRoute(route: Route): string {
  let path: string;
  switch (route.name) {
    case 'indicator':
      path = `/indicator/${encodeURIComponent(route.code ?? '')}`;
      break;
    case 'evaluations':
      path = route.code ? `/evaluations/${encodeURIComponent(route.code)}` : '/evaluations';
      break;
    case 'not-found':
      path = '/';
      break;
    default:
      path = `/${route.name}`;
  }
  const query = new URLSearchParams();
  if (route.unit) query.set('unit', route.unit);
  if (route.period) query.set('period', route.period);
  if (route.window) query.set('window', route.window);
  for (const key of Object.keys(route.params).sort()) {
    const value = route.params[key];
    if (value !== undefined && value !== '') query.set(key, value);
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A link to a view in a context, with extra view options. */
export function hrefFor(name: RouteName, context: Partial<Context>, extra: { code?: string; params?: Record<string, string | undefined> } = {}): string {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(extra.params ?? {})) if (v !== undefined && v !== '') params[k] = v;
  return formatRoute({ name, code: extra.code, unit: context.unit, period: context.period, window: context.window, params });
}

/** Fills what the URL leaves out: the first visible unit, the latest complete month, YTD. */
export function withDefaults(route: Route, defaults: Context): Route & Context {
  return {
    ...route,
    unit: route.unit ?? defaults.unit,
    period: route.period ?? defaults.period,
    window: route.window ?? defaults.window,
  };
}

export const NAVIGATE_EVENT = 'ns-navigate' as const;

export interface NavigateDetail {
  href: string;
  replace?: boolean;
}

/** Views ask the shell to navigate with this event (it bubbles and crosses shadow roots). */
export function navigateEvent(href: string, replace = false): CustomEvent<NavigateDetail> {
  return new CustomEvent<NavigateDetail>(NAVIGATE_EVENT, { detail: { href, replace }, bubbles: true, composed: true });
}

/** The anchor a click should be routed through the SPA for, or null to let the browser have it. */
export function routableAnchor(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event.composedPath().find((n): n is HTMLAnchorElement => (n as Element)?.tagName === 'A') ?? null;
  if (!anchor || !anchor.href || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return null;
  if (anchor.dataset.router === 'off') return null;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api')) return null;
  return anchor;
}

declare global {
  interface HTMLElementEventMap {
    'ns-navigate': CustomEvent<NavigateDetail>;
  }
}
