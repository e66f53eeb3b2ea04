// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { latestCompleteMonth } from '../../web/src/period.ts';
import { scorecard } from './fixtures.ts';

// The shell is tested with ECharts stubbed (no canvas here).
vi.mock('../../web/src/charts/echarts.ts', () => ({ init: () => ({ setOption() {}, resize() {}, dispose() {}, on() {} }) }));

const units = [
  { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
  { code: 'SEOUL', name: 'Seoul', parent: 'HQ', depth: 2 },
];
const session = { user: { username: 'kim', displayName: 'Kim', locale: 'en', grants: [{ role: 'viewer', unit: null }] }, csrfToken: 'tok' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function api(signedIn: boolean) {
  return vi.fn(async (input: string) => {
    const url = new URL(input, 'http://localhost');
    if (url.pathname === '/api/v1/auth/session') return signedIn ? json(200, session) : json(401, { error: { code: 'unauthorized', message: 'Sign in' } });
    if (url.pathname === '/api/v1/auth/login') return json(200, session);
    if (url.pathname === '/api/v1/units') return json(200, units);
    if (url.pathname.startsWith('/api/v1/scorecards/')) return json(200, scorecard({ unit: url.pathname.split('/').pop()! }));
    if (url.pathname === '/api/v1/freshness') return json(200, { sources: [{ job: 'ingest', kind: 'http', lastSuccessAt: null, lastStatus: null }], missing: [] });
    return json(404, { error: { code: 'not_found', message: url.pathname } });
  });
}

async function boot(path: string, signedIn = true) {
  history.replaceState(null, '', path);
  const fetchMock = api(signedIn);
  vi.stubGlobal('fetch', fetchMock);
  await import('../../web/src/components/ns-app.ts');
  const app = document.createElement('ns-app');
  document.body.append(app);
  return { app, fetchMock };
}

const deep = (root: Element, selector: string): Element | null => {
  const found = root.shadowRoot?.querySelector(selector);
  if (found) return found;
  for (const child of root.shadowRoot?.querySelectorAll('*') ?? []) {
    const hit = child.shadowRoot ? deep(child, selector) : null;
    if (hit) return hit;
  }
  return null;
};

describe('<ns-app>', () => {
  beforeEach(() => {
    localStorage.clear();
  });
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('sends a signed-out visitor to the sign-in page, keeping where they were going', async () => {
    const { app } = await boot('/heatmap?unit=SEOUL', false);
    await vi.waitFor(() => expect(deep(app, '[data-view="signin"]')).toBeTruthy());
    expect(location.pathname).toBe('/signin');
    expect(new URLSearchParams(location.search).get('next')).toBe('/heatmap?unit=SEOUL');
    expect(deep(app, 'h1')!.textContent).toBe('Sign in');
  });

  it('fills the default context into the URL and shows the overview in at most 4 requests', async () => {
    const { app, fetchMock } = await boot('/');
    await vi.waitFor(() => expect(deep(app, '[data-testid="total-score"]')).toBeTruthy(), { timeout: 5000 });
    await vi.waitFor(() => expect(deep(app, '[data-testid="freshness"] table')).toBeTruthy());
    expect(location.pathname + location.search).toBe(`/overview?unit=HQ&period=${latestCompleteMonth()}&window=ytd`);
    const calls = fetchMock.mock.calls.map((c) => String(c[0]).split('?')[0]);
    expect(calls.sort()).toEqual(['/api/v1/auth/session', '/api/v1/freshness', `/api/v1/scorecards/HQ`, '/api/v1/units'].sort());
    expect(fetchMock.mock.calls.length).toBeLessThanOrEqual(4);
    expect(deep(app, '[data-view="overview"] h1')!.textContent).toBe('Overview');
    expect(document.title).toBe('Overview · Northstar');
  });

  it('changes the unit through the URL when a picker says so', async () => {
    const { app } = await boot('/scorecard?unit=HQ&period=2026-03&window=ytd');
    await vi.waitFor(() => expect(deep(app, 'ns-unit-picker')).toBeTruthy());
    deep(app, 'ns-unit-picker')!.dispatchEvent(new CustomEvent('ns-context-change', { detail: { unit: 'SEOUL' }, bubbles: true, composed: true }));
    await vi.waitFor(() => expect(location.search).toBe('?unit=SEOUL&period=2026-03&window=ytd'));
    expect(location.pathname).toBe('/scorecard');
  });

  it('shows the unit hierarchy as breadcrumbs with "up one level", keeping the view', async () => {
    const { app } = await boot('/scorecard?unit=SEOUL&period=2026-03&window=ytd');
    await vi.waitFor(() => expect(deep(app, '[data-testid="breadcrumbs"]')).toBeTruthy());
    const crumbs = deep(app, '[data-testid="breadcrumbs"]')!;
    expect([...crumbs.querySelectorAll('li')].map((li) => li.textContent!.trim())).toEqual(['Company', 'Seoul']);
    expect(crumbs.querySelector('[aria-current="page"]')!.textContent).toBe('Seoul');
    expect(crumbs.querySelector('[data-testid="up-level"]')!.getAttribute('href')).toBe('/scorecard?unit=HQ&period=2026-03&window=ytd');
    (crumbs.querySelector('[data-testid="up-level"]') as HTMLElement).click();
    await vi.waitFor(() => expect(location.search).toBe('?unit=HQ&period=2026-03&window=ytd'));
    // the top of the tree has no trail
    await vi.waitFor(() => expect(deep(app, '[data-testid="breadcrumbs"]')).toBeNull());
  });

  it('opens the phone menu with its button and closes it with Escape, focus back on the button', async () => {
    const { app } = await boot('/scorecard?unit=HQ&period=2026-03&window=ytd');
    await vi.waitFor(() => expect(deep(app, '[data-testid="menu-button"]')).toBeTruthy());
    const button = deep(app, '[data-testid="menu-button"]') as HTMLButtonElement;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.getAttribute('aria-controls')).toBe('main-nav');
    button.click();
    await vi.waitFor(() => expect(button.getAttribute('aria-expanded')).toBe('true'));
    expect(deep(app, '#main-nav')!.classList.contains('open')).toBe(true);
    app.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await vi.waitFor(() => expect(button.getAttribute('aria-expanded')).toBe('false'));
    expect(app.shadowRoot!.activeElement).toBe(button);
  });

  it('keeps the previous scorecard on screen while the next unit loads (no blank spinner)', async () => {
    const { app, fetchMock } = await boot('/scorecard?unit=HQ&period=2026-03&window=ytd');
    await vi.waitFor(() => expect(deep(app, '[data-testid="scorecard-tree"]')).toBeTruthy(), { timeout: 5000 });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const plain = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (input: string) => {
      if (String(input).includes('/scorecards/SEOUL')) await gate;
      return plain(input);
    });
    deep(app, 'ns-unit-picker')!.dispatchEvent(new CustomEvent('ns-context-change', { detail: { unit: 'SEOUL' }, bubbles: true, composed: true }));
    await vi.waitFor(() => expect(location.search).toContain('unit=SEOUL'));
    await vi.waitFor(() => expect(deep(app, 'ns-state[kind="refreshing"]')).toBeTruthy());
    expect(deep(app, '[data-testid="scorecard-tree"]')).toBeTruthy();
    expect(deep(app, 'ns-state[kind="loading"]')).toBeNull();
    release();
    await vi.waitFor(() => expect(deep(app, 'ns-state[kind="refreshing"]')).toBeNull());
    expect(deep(app, '[data-testid="scorecard-tree"]')).toBeTruthy();
  });
});
