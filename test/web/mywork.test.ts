// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

// The shell is tested with ECharts stubbed (no canvas here).
vi.mock('../../web/src/charts/echarts.ts', () => ({ init: () => ({ setOption() {}, resize() {}, dispose() {}, on() {} }) }));

const units = [
  { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
  { code: 'SEOUL-GANGNAM', name: 'Gangnam', parent: 'HQ', depth: 2 },
];
const session = { user: { username: 'lee', displayName: 'Lee', locale: 'en', grants: [{ role: 'contributor', unit: 'SEOUL-GANGNAM' }] }, csrfToken: 'tok' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const item = (id: number, kind: string, message: string, link: string | null) => ({ id, kind, unit: 'SEOUL-GANGNAM', indicator: null, period: '2026-03', message, link, createdAt: '2026-03-12T01:00:00Z', readAt: null });
const work = {
  user: 'lee',
  period: '2026-03',
  owned: { counts: { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 }, items: [] },
  toEnter: [],
  toApprove: [],
  notifications: {
    unread: 3,
    unreadMentions: 0,
    latest: [
      item(3, 'voc_overdue', 'Complaint NS-20260312-7KQ2XM at SEOUL-GANGNAM passed its SLA deadline unresolved', '/voc/NS-20260312-7KQ2XM'),
      item(2, 'voc_assigned', 'VOC NS-20260311-ABCDEF was assigned to you', '/voc/NS-20260311-ABCDEF'),
      item(1, 'submission_late', 'March is late', null),
    ],
    mentions: [],
  },
};
const profile = { username: 'lee', displayName: 'Lee', email: null, locale: 'en', disabled: false, notifications: { voc_assigned: 'immediately', voc_overdue: 'app' } };

async function boot(path: string) {
  history.replaceState(null, '', path);
  const fetchMock = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://localhost');
    if (url.pathname === '/api/v1/auth/session') return json(200, session);
    if (url.pathname === '/api/v1/units') return json(200, units);
    if (url.pathname === '/api/v1/me/work') return json(200, work);
    if (url.pathname === '/api/v1/me/profile') return json(200, profile);
    return json(404, { error: { code: 'not_found', message: url.pathname } });
  });
  vi.stubGlobal('fetch', fetchMock);
  await import('../../web/src/components/ns-app.ts');
  const app = document.createElement('ns-app');
  document.body.append(app);
  return app;
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

describe('My work and the VOC notifications', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('labels VOC notifications, links them to the record, and offers their delivery settings', async () => {
    const app = await boot('/mywork?unit=SEOUL-GANGNAM&period=2026-03&window=ytd');
    await vi.waitFor(() => expect(deep(app, '[data-testid="my-notifications"] li[data-kind="voc_assigned"]')).toBeTruthy(), { timeout: 5000 });
    const list = deep(app, '[data-testid="my-notifications"]')!;
    const assigned = list.querySelector('li[data-kind="voc_assigned"] a')!;
    const overdue = list.querySelector('li[data-kind="voc_overdue"] a')!;
    expect(assigned.textContent).toBe('VOC assigned to you');
    expect(overdue.textContent).toBe('VOC past its SLA deadline');
    expect(assigned.getAttribute('href')).toBe('/voc/NS-20260311-ABCDEF');
    expect(overdue.getAttribute('href')).toBe('/voc/NS-20260312-7KQ2XM');
    // a notification without a link stays on My work
    expect(list.querySelector('li[data-kind="submission_late"] a')!.getAttribute('href')).toBe('/mywork');

    // the settings list both VOC kinds with the stored delivery
    await vi.waitFor(() => expect(deep(app, 'select[name="voc_overdue"]')).toBeTruthy());
    const chosen = (kind: string) => deep(app, `select[name="${kind}"]`)!.querySelector('option[selected]')?.getAttribute('value');
    expect(chosen('voc_assigned')).toBe('immediately');
    expect(chosen('voc_overdue')).toBe('app');

    // following the link opens the VOC view with that record
    (overdue as HTMLElement).click();
    await vi.waitFor(() => expect(location.pathname).toBe('/voc'));
    expect(new URLSearchParams(location.search).get('record')).toBe('NS-20260312-7KQ2XM');
  });
});
