/**
 * The typed client of /api/v1. Every call goes through `request`: same-origin credentials,
 * the CSRF token on writes, `{ error: { code, message, details } }` turned into an ApiError,
 * and a 401 sends the browser to the sign-in page (except where the caller handles it).
 */
import type {
  Breakdown,
  CycleDefinition,
  EvaluationBreakdown,
  EvaluationCycle,
  EvaluationReopened,
  EvaluationResults,
  EvaluationSummary,
  ExportFormat,
  Freshness,
  Heatmap,
  IndicatorHit,
  Model,
  Revision,
  Scorecard,
  Series,
  Session,
  StrategyMap,
  SurveyResult,
  SurveyTrendPoint,
  Unit,
  Window,
} from './types.ts';

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

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** Path segments are encoded one by one: `seg\`/units/${code}\`` style helper. */
const seg = (value: string) => encodeURIComponent(value);

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const verb = method.toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (WRITE.has(verb) && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method: verb,
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal,
    });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', (e as Error)?.message || 'The server could not be reached');
  }

  const text = res.status === 204 ? '' : await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = toApiError(res.status, data);
    if (res.status === 401 && !options.handle401) unauthorizedHandler();
    throw err;
  }
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

const get = <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal });

export interface PeriodQuery {
  period: string;
  window: Window;
}

export const api = {
  async login(username: string, password: string): Promise<Session> {
    const session = await request<Session>('POST', '/auth/login', { body: { username, password }, handle401: true });
    setCsrfToken(session.csrfToken);
    return session;
  },
  async logout(): Promise<void> {
    try {
      await request<void>('POST', '/auth/logout', { handle401: true });
    } finally {
      setCsrfToken(null);
    }
  },
  /** Changes the signed-in user's own password (the current one is required). */
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/auth/password', { body: { currentPassword, newPassword } }),
  /** The signed-in session, or null when not signed in. */
  async session(signal?: AbortSignal): Promise<Session | null> {
    try {
      const session = await request<Session>('GET', '/auth/session', { signal, handle401: true });
      setCsrfToken(session.csrfToken);
      return session;
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  units: (signal?: AbortSignal) => get<Unit[]>('/units', undefined, signal),
  model: (signal?: AbortSignal) => get<Model>('/model', undefined, signal),
  scorecard: (unit: string, q: PeriodQuery & { history?: number }, signal?: AbortSignal) =>
    get<Scorecard>(`/scorecards/${seg(unit)}`, { period: q.period, window: q.window, history: q.history }, signal),
  series: (unit: string, indicator: string, q: { from: string; to: string }, signal?: AbortSignal) =>
    get<Series>(`/series/${seg(unit)}/${seg(indicator)}`, q, signal),
  breakdown: (unit: string, indicator: string, q: PeriodQuery, signal?: AbortSignal) =>
    get<Breakdown>(`/breakdown/${seg(unit)}/${seg(indicator)}`, { period: q.period, window: q.window }, signal),
  heatmap: (unit: string, q: PeriodQuery & { by: 'perspective' | 'indicator' }, signal?: AbortSignal) =>
    get<Heatmap>(`/heatmap/${seg(unit)}`, { period: q.period, window: q.window, by: q.by }, signal),
  strategyMap: (unit: string, q: PeriodQuery, signal?: AbortSignal) =>
    get<StrategyMap>(`/strategy-map/${seg(unit)}`, { period: q.period, window: q.window }, signal),
  measurementHistory: (unit: string, indicator: string, period: string, signal?: AbortSignal) =>
    get<Revision[]>(`/measurements/${seg(unit)}/${seg(indicator)}/${seg(period)}/history`, undefined, signal),
  freshness: (unit: string, period: string, signal?: AbortSignal) => get<Freshness>('/freshness', { unit, period }, signal),
  searchIndicators: (q: string, signal?: AbortSignal) => get<IndicatorHit[]>('/indicators', { q }, signal),
  /** The latest stored survey result for the unit and period, or null when there is none (404). */
  async surveyResult(unit: string, period: string, signal?: AbortSignal): Promise<SurveyResult | null> {
    try {
      return await get<SurveyResult>('/surveys/results', { unit, period }, signal);
    } catch (e) {
      if (isApiError(e) && e.status === 404) return null;
      throw e;
    }
  },
  surveyTrend: (unit: string, code: string, signal?: AbortSignal) => get<SurveyTrendPoint[]>('/surveys/trend', { unit, code }, signal),
  // Evaluation cycles (evaluation:read to read, evaluation:write to change)
  evaluations: (signal?: AbortSignal) => get<EvaluationSummary[]>('/evaluations', undefined, signal),
  evaluation: (code: string, signal?: AbortSignal) => get<EvaluationCycle>(`/evaluations/${seg(code)}`, undefined, signal),
  createEvaluation: (definition: CycleDefinition) => request<EvaluationCycle>('POST', '/evaluations', { body: definition }),
  updateEvaluation: (code: string, definition: CycleDefinition) => request<EvaluationCycle>('PUT', `/evaluations/${seg(code)}`, { body: definition }),
  evaluationPreview: (code: string, signal?: AbortSignal) => get<EvaluationResults>(`/evaluations/${seg(code)}/preview`, undefined, signal),
  previewDefinition: (definition: CycleDefinition) => request<EvaluationResults>('POST', '/evaluations/preview', { body: definition }),
  finalizeEvaluation: (code: string, confirm: { confirmToken: string } | { confirm: true }) => request<EvaluationResults>('POST', `/evaluations/${seg(code)}/finalize`, { body: confirm }),
  reopenEvaluation: (code: string, reason: string) => request<EvaluationReopened>('POST', `/evaluations/${seg(code)}/reopen`, { body: { reason } }),
  evaluationResults: (code: string, version?: number, signal?: AbortSignal) => get<EvaluationResults>(`/evaluations/${seg(code)}/results`, { version }, signal),
  evaluationBreakdown: (code: string, unit: string, version?: number, signal?: AbortSignal) =>
    get<EvaluationBreakdown>(`/evaluations/${seg(code)}/breakdown/${seg(unit)}`, { version }, signal),
};

/** The download link of a version's reward export (a plain link: the browser saves the file). */
export const evaluationExportUrl = (code: string, format: ExportFormat, version?: number, locale?: string) =>
  buildUrl(`/evaluations/${seg(code)}/export`, { format, version, locale });

export type Api = typeof api;
