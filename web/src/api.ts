/**
 * The typed client of /api/v1. Paths, parameters, bodies and answers are typed by the server's
 * OpenAPI document (web/src/api/schema.d.ts, `npm run gen:api`) through openapi-fetch. Every call
 * goes out through `send`: same-origin credentials, the CSRF token on writes; `{ error: { code,
 * message, details } }` becomes an ApiError, and a 401 sends the browser to the sign-in page
 * (except where the caller handles it).
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './api/schema.d.ts';
import type { CycleDefinition, ExportFormat, VocListQuery, VocRecordInput, VocTransition, Window } from './types.ts';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isNotFound() {
    return this.status === 404;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

let csrfToken: string | null = null;

/** The token sent as `X-CSRF-Token` on writes (from the sign-in answer or GET /auth/session). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
export const getCsrfToken = () => csrfToken;

type UnauthorizedHandler = () => void;
const defaultUnauthorized: UnauthorizedHandler = () => {
  if (typeof location === 'undefined' || location.pathname === '/signin') return;
  const next = location.pathname + location.search;
  location.assign(`/signin?next=${encodeURIComponent(next)}`);
};
let unauthorizedHandler: UnauthorizedHandler = defaultUnauthorized;

/** The app shell routes 401s through its router; the default reloads on /signin. */
export function onUnauthorized(handler: UnauthorizedHandler | null) {
  unauthorizedHandler = handler ?? defaultUnauthorized;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (file uploads), instead of `body`. */
  raw?: { body: BodyInit; contentType: string };
  signal?: AbortSignal;
  /** Leave a 401 to the caller (sign-in, the session probe) instead of redirecting. */
  handle401?: boolean;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The query string (without `?`): empty, null and undefined values are left out. */
function queryString(query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  return params.toString();
}

export function buildUrl(path: string, query?: Query): string {
  const qs = queryString(query);
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** A path segment, encoded. */
const seg = (value: string) => encodeURIComponent(value);

/**
 * How many calls are on the wire: the shell shows a thin progress bar while any is (calm loading:
 * the previous view stays on screen meanwhile). Listeners get the count after every change.
 */
let inFlight = 0;
const activityListeners = new Set<(count: number) => void>();
export function onActivity(listener: (count: number) => void): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}
function activity(delta: number) {
  inFlight = Math.max(0, inFlight + delta);
  for (const l of activityListeners) l(inFlight);
}

/** One HTTP call on the wire: the headers every call carries, network failures as ApiErrors. */
async function send(verb: string, url: string, content: { body?: BodyInit; contentType?: string | null; signal?: AbortSignal | null }): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (content.body !== undefined && content.contentType) headers['content-type'] = content.contentType;
  if (WRITE.has(verb) && csrfToken) headers['x-csrf-token'] = csrfToken;
  activity(1);
  try {
    return await fetch(url, { method: verb, credentials: 'same-origin', headers, body: content.body, signal: content.signal ?? undefined });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', (e as Error)?.message || 'The server could not be reached');
  } finally {
    activity(-1);
  }
}

/** A failed answer as an ApiError; a 401 also goes to the unauthorized handler unless the caller takes it. */
function failure(status: number, data: unknown, handle401 = false): ApiError {
  const err = toApiError(status, data);
  if (status === 401 && !handle401) unauthorizedHandler();
  return err;
}

/** An untyped call, for the routes whose answers the server does not describe yet. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const verb = method.toUpperCase();
  const content = options.raw
    ? { body: options.raw.body, contentType: options.raw.contentType }
    : options.body !== undefined
      ? { body: JSON.stringify(options.body), contentType: 'application/json' }
      : {};
  const res = await send(verb, buildUrl(path, options.query), { ...content, signal: options.signal });
  const text = res.status === 204 ? '' : await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) throw failure(res.status, data, options.handle401);
  return data as T;
}

/**
 * What openapi-fetch builds for a call, kept as URL and init so that `send` puts it on the wire
 * like every other call (a relative URL; the browser's Request would make it absolute).
 */
class OutgoingCall {
  readonly method: string;
  constructor(
    readonly url: string,
    readonly init: RequestInit & { headers: Headers },
  ) {
    this.method = (init.method ?? 'GET').toUpperCase();
  }
}

const client = createClient<paths>({
  Request: OutgoingCall as unknown as typeof Request,
  fetch: (call) => {
    const { method, url, init } = call as unknown as OutgoingCall;
    return send(method, url, { body: init.body ?? undefined, contentType: init.headers.get('content-type'), signal: init.signal });
  },
  querySerializer: (query) => queryString(query as Query),
});

/** The answer of a typed call, or its failure as an ApiError. */
async function answer<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>, handle401 = false): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw failure(response.status, error, handle401);
  return data as T;
}

export function toApiError(status: number, data: unknown): ApiError {
  const e = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (e && typeof e === 'object') {
    return new ApiError(
      status,
      typeof e.code === 'string' ? e.code : 'error',
      typeof e.message === 'string' ? e.message : `Request failed (${status})`,
      e.details,
    );
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'error', `Request failed (${status})`);
}

export interface PeriodQuery {
  period: string;
  window: Window;
}

export const api = {
  async login(username: string, password: string) {
    const session = await answer(client.POST('/api/v1/auth/login', { body: { username, password } }), true);
    setCsrfToken(session.csrfToken);
    return session;
  },
  async logout(): Promise<void> {
    try {
      await answer(client.POST('/api/v1/auth/logout'), true);
    } finally {
      setCsrfToken(null);
    }
  },
  /** Changes the signed-in user's own password (the current one is required). */
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/auth/password', { body: { currentPassword, newPassword } }),
  /** The signed-in session, or null when not signed in. */
  async session(signal?: AbortSignal) {
    try {
      const session = await answer(client.GET('/api/v1/auth/session', { signal }), true);
      setCsrfToken(session.csrfToken);
      return session;
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  units: (signal?: AbortSignal) => answer(client.GET('/api/v1/units', { signal })),
  model: (signal?: AbortSignal) => answer(client.GET('/api/v1/model', { signal })),
  scorecard: (unit: string, q: PeriodQuery & { history?: number; children?: boolean }, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/scorecards/{unit}', { params: { path: { unit }, query: { period: q.period, window: q.window, history: q.history, children: q.children ? 'true' : undefined } }, signal })),
  /** Exceptions first: indicators below target at the unit and below, largest shortfall first. */
  exceptions: (unit: string, q: PeriodQuery & { status?: 'off_track' | 'at_risk' }, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/exceptions', { params: { query: { unit, period: q.period, window: q.window, status: q.status } }, signal })),
  series: (unit: string, indicator: string, q: { from: string; to: string }, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/series/{unit}/{indicator}', { params: { path: { unit, indicator }, query: q }, signal })),
  breakdown: (unit: string, indicator: string, q: PeriodQuery, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/breakdown/{unit}/{indicator}', { params: { path: { unit, indicator }, query: { period: q.period, window: q.window } }, signal })),
  heatmap: (unit: string, q: PeriodQuery & { by: 'perspective' | 'indicator'; compare?: boolean }, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/heatmap/{unit}', { params: { path: { unit }, query: { period: q.period, window: q.window, by: q.by, compare: q.compare ? 'true' : undefined } }, signal })),
  strategyMap: (unit: string, q: PeriodQuery, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/strategy-map/{unit}', { params: { path: { unit }, query: { period: q.period, window: q.window } }, signal })),
  measurementHistory: (unit: string, indicator: string, period: string, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/measurements/{unit}/{indicator}/{period}/history', { params: { path: { unit, indicator, period } }, signal })),
  freshness: (unit: string, period: string, signal?: AbortSignal) => answer(client.GET('/api/v1/freshness', { params: { query: { unit, period } }, signal })),
  searchIndicators: (q: string, signal?: AbortSignal) => answer(client.GET('/api/v1/indicators', { params: { query: { q } }, signal })),
  /** The latest stored survey result for the unit and period, or null when there is none (404). */
  async surveyResult(unit: string, period: string, signal?: AbortSignal) {
    try {
      return await answer(client.GET('/api/v1/surveys/results', { params: { query: { unit, period } }, signal }));
    } catch (e) {
      if (isApiError(e) && e.status === 404) return null;
      throw e;
    }
  },
  surveyTrend: (unit: string, code: string, signal?: AbortSignal) => answer(client.GET('/api/v1/surveys/trend', { params: { query: { unit, code } }, signal })),
  // Evaluation cycles (evaluation:read to read, evaluation:write to change)
  evaluations: (signal?: AbortSignal) => answer(client.GET('/api/v1/evaluations', { signal })),
  evaluation: (code: string, signal?: AbortSignal) => answer(client.GET('/api/v1/evaluations/{code}', { params: { path: { code } }, signal })),
  createEvaluation: (definition: CycleDefinition) => answer(client.POST('/api/v1/evaluations', { body: definition })),
  updateEvaluation: (code: string, definition: CycleDefinition) => answer(client.PUT('/api/v1/evaluations/{code}', { params: { path: { code } }, body: definition })),
  evaluationPreview: (code: string, signal?: AbortSignal) => answer(client.GET('/api/v1/evaluations/{code}/preview', { params: { path: { code } }, signal })),
  previewDefinition: (definition: CycleDefinition) => answer(client.POST('/api/v1/evaluations/preview', { body: definition })),
  finalizeEvaluation: (code: string, confirm: { confirmToken: string } | { confirm: true }) =>
    answer(client.POST('/api/v1/evaluations/{code}/finalize', { params: { path: { code } }, body: confirm })),
  reopenEvaluation: (code: string, reason: string) => answer(client.POST('/api/v1/evaluations/{code}/reopen', { params: { path: { code } }, body: { reason } })),
  evaluationResults: (code: string, version?: number, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/evaluations/{code}/results', { params: { path: { code }, query: { version } }, signal })),
  evaluationBreakdown: (code: string, unit: string, version?: number, signal?: AbortSignal) =>
    answer(client.GET('/api/v1/evaluations/{code}/breakdown/{unit}', { params: { path: { code, unit }, query: { version } }, signal })),
  // VOC (DESIGN.md §3 "VOC"): settings, records, summary, intake and workflow
  vocConfig: (unit?: string, signal?: AbortSignal) => answer(client.GET('/api/v1/voc/config', { params: { query: { unit } }, signal })),
  vocList: (query: VocListQuery, signal?: AbortSignal) => answer(client.GET('/api/v1/voc', { params: { query }, signal })),
  vocSummary: (query: { unit: string; from: string; to: string }, signal?: AbortSignal) => answer(client.GET('/api/v1/voc/summary', { params: { query }, signal })),
  vocRecord: (id: string, signal?: AbortSignal) => answer(client.GET('/api/v1/voc/{id}', { params: { path: { id } }, signal })),
  createVoc: (records: VocRecordInput[]) => answer(client.POST('/api/v1/voc', { body: { records } })),
  vocTransition: (id: string, body: VocTransition) => answer(client.POST('/api/v1/voc/{id}/transition', { params: { path: { id } }, body })),
};

export type TableExport = components['schemas']['TableExport'];

/** "Export what you see": the server writes the shown table as CSV or XLSX; the browser saves it. */
export async function downloadTable(table: TableExport): Promise<void> {
  const res = await send('POST', buildUrl('/exports/table'), { body: JSON.stringify(table), contentType: 'application/json' });
  if (!res.ok) {
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      data = undefined;
    }
    throw failure(res.status, data);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${table.name.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.${table.format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The download link of a version's reward export (a plain link: the browser saves the file). */
export const evaluationExportUrl = (code: string, format: ExportFormat, version?: number, locale?: string) =>
  buildUrl(`/evaluations/${seg(code)}/export`, { format, version, locale });

export type Api = typeof api;
