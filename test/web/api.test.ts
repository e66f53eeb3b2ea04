// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onUnauthorized, request, setCsrfToken } from '../../web/src/api.ts';

function respond(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('API client', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken(null);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    onUnauthorized(null);
  });

  it('reads with same-origin credentials and the query in the URL', async () => {
    fetchMock.mockResolvedValueOnce(respond(200, { unit: 'HQ' }));
    await api.scorecard('HQ', { period: '2026-03', window: 'ytd', history: 12 });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/scorecards/HQ?period=2026-03&window=ytd&history=12');
    expect(init.credentials).toBe('same-origin');
    expect(init.method).toBe('GET');
    expect(init.headers['x-csrf-token']).toBeUndefined();
  });

  it('encodes path segments', async () => {
    fetchMock.mockResolvedValueOnce(respond(200, []));
    await api.measurementHistory('HQ/1', 'A B', '2026-03');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/measurements/HQ%2F1/A%20B/2026-03/history');
  });

  it('keeps the CSRF token from the sign-in answer and sends it on writes only', async () => {
    fetchMock.mockResolvedValueOnce(respond(200, { user: { username: 'kim' }, csrfToken: 'tok-1' }));
    await api.login('kim', 'pw');
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ username: 'kim', password: 'pw' });
    fetchMock.mockResolvedValueOnce(respond(200, []));
    await api.units();
    expect(fetchMock.mock.calls[1][1].headers['x-csrf-token']).toBeUndefined();
    fetchMock.mockResolvedValueOnce(respond(201, { ok: true }));
    await request('POST', '/measurements', { body: { value: 1 } });
    expect(fetchMock.mock.calls[2][1].headers['x-csrf-token']).toBe('tok-1');
    expect(fetchMock.mock.calls[2][1].headers['content-type']).toBe('application/json');
  });

  it('takes the CSRF token from GET /auth/session too', async () => {
    fetchMock.mockResolvedValueOnce(respond(200, { user: { username: 'kim' }, csrfToken: 'tok-2' }));
    await api.session();
    fetchMock.mockResolvedValueOnce(respond(204));
    await api.logout();
    expect(fetchMock.mock.calls[1][1].headers['x-csrf-token']).toBe('tok-2');
  });

  it('turns an error body into a typed ApiError', async () => {
    fetchMock.mockResolvedValueOnce(respond(422, { error: { code: 'invalid_input', message: 'Bad period', details: [{ path: 'period' }] } }));
    const err = await api.units().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'invalid_input', message: 'Bad period', details: [{ path: 'period' }] });
  });

  it('reports non-JSON failures and network errors as ApiErrors', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(await api.units().catch((e) => e)).toMatchObject({ status: 502, code: 'internal' });
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await api.units().catch((e) => e)).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends the user to sign in on a 401', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    fetchMock.mockResolvedValueOnce(respond(401, { error: { code: 'unauthorized', message: 'Sign in first' } }));
    await expect(api.units()).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledOnce();
  });

  it('redirects to /signin with the current page as next by default', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { pathname: '/scorecard', search: '?unit=HQ', assign });
    fetchMock.mockResolvedValueOnce(respond(401, { error: { code: 'unauthorized', message: 'Sign in first' } }));
    await expect(api.units()).rejects.toBeInstanceOf(ApiError);
    expect(assign).toHaveBeenCalledWith('/signin?next=%2Fscorecard%3Funit%3DHQ');
  });

  it('leaves a failed sign-in and the session probe to the caller', async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    fetchMock.mockResolvedValueOnce(respond(401, { error: { code: 'unauthorized', message: 'Wrong username or password' } }));
    await expect(api.login('kim', 'nope')).rejects.toMatchObject({ status: 401 });
    fetchMock.mockResolvedValueOnce(respond(401, { error: { code: 'unauthorized', message: 'Sign in' } }));
    expect(await api.session()).toBeNull();
    expect(handler).not.toHaveBeenCalled();
  });

  it('reads a missing survey result (404) as null', async () => {
    fetchMock.mockResolvedValueOnce(respond(404, { error: { code: 'not_found', message: 'none' } }));
    expect(await api.surveyResult('HQ', '2026-03')).toBeNull();
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/surveys/results?unit=HQ&period=2026-03');
  });
});
