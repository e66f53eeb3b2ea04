// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The shell is tested with ECharts stubbed (no canvas here).
vi.mock('../../web/src/charts/echarts.ts', () => ({ init: () => ({ setOption() {}, resize() {}, dispose() {}, on() {} }) }));

const units = [
  { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
  { code: 'SEOUL', name: 'Seoul', parent: 'HQ', depth: 2 },
];
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function api(role: string) {
  const session = { user: { username: 'kim', displayName: 'Kim', locale: 'en', grants: [{ role, unit: null }] }, csrfToken: 'tok' };
  return vi.fn(async (input: string) => {
    const url = new URL(input, 'http://localhost');
    if (url.pathname === '/api/v1/auth/session') return json(200, session);
    if (url.pathname === '/api/v1/units') return json(200, units);
    if (url.pathname === '/api/v1/evaluations') return json(200, []);
    return json(404, { error: { code: 'not_found', message: url.pathname } });
  });
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

async function boot(path: string, role: string) {
  history.replaceState(null, '', path);
  vi.stubGlobal('fetch', api(role));
  await import('../../web/src/components/ns-app.ts');
  const app = document.createElement('ns-app');
  document.body.append(app);
  return app;
}

describe('<ns-app> and evaluations', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('links to the evaluations for reviewers and opens the view without the dashboard context bar', async () => {
    const app = await boot('/evaluations', 'reviewer');
    await vi.waitFor(() => expect(deep(app, '[data-view="evaluations"]')).toBeTruthy(), { timeout: 5000 });
    const link = app.shadowRoot!.querySelector('a[data-nav="evaluations"]')!;
    expect(link.textContent!.trim()).toBe('Evaluations');
    expect(link.getAttribute('aria-current')).toBe('page');
    expect(app.shadowRoot!.querySelector('[data-testid="context-bar"]')).toBeNull();
    expect(document.title).toBe('Evaluations · Northstar');
  });

  it('shows no evaluations link to viewers', async () => {
    const app = await boot('/overview?unit=HQ&period=2026-03&window=ytd', 'viewer');
    await vi.waitFor(() => expect(app.shadowRoot!.querySelector('a[data-nav="overview"]')).toBeTruthy(), { timeout: 5000 });
    expect(app.shadowRoot!.querySelector('a[data-nav="evaluations"]')).toBeNull();
  });
});
