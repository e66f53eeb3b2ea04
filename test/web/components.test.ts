// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyLocale, browserLocale, currentLocale, localName } from '../../web/src/i18n.ts';
import { readTrend } from '../../web/src/labels.ts';
import '../../web/src/components/ns-status-badge.ts';
import '../../web/src/components/ns-trend-arrow.ts';
import '../../web/src/components/ns-sparkline.ts';
import '../../web/src/components/ns-state.ts';
import '../../web/src/components/ns-window-switch.ts';
import '../../web/src/components/ns-unit-picker.ts';
import '../../web/src/components/ns-period-picker.ts';
import '../../web/src/components/ns-locale-switch.ts';
import { ApiError } from '../../web/src/api.ts';

async function mount<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}) {
  const el = document.createElement(tag);
  Object.assign(el, props);
  document.body.append(el);
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}
const text = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

afterEach(async () => {
  document.body.innerHTML = '';
  await applyLocale('en');
});

describe('<ns-status-badge>', () => {
  it.each([
    ['on_track', '●', 'On track'],
    ['at_risk', '▲', 'At risk'],
    ['off_track', '■', 'Off track'],
    ['no_data', '○', 'No data'],
  ] as const)('shows %s with an icon and a text, not colour alone', async (status, icon, label) => {
    const el = await mount('ns-status-badge', { status });
    const badge = el.shadowRoot!.querySelector('.badge')!;
    expect(badge.classList.contains(status)).toBe(true);
    expect(badge.querySelector('.icon')!.textContent).toBe(icon);
    expect(badge.querySelector('.icon')!.getAttribute('aria-hidden')).toBe('true');
    expect(badge.querySelector('.label')!.textContent).toBe(label);
  });

  it('keeps the text for screen readers when compact, and reads unknown statuses as no data', async () => {
    const el = await mount('ns-status-badge', { status: 'off_track', compact: true });
    expect(el.shadowRoot!.querySelector('.sr-only')!.textContent).toBe('Off track');
    expect(el.shadowRoot!.querySelector('.badge')!.getAttribute('title')).toBe('Off track');
    const odd = await mount('ns-status-badge', { status: 'weird' as never });
    expect(text(odd)).toContain('No data');
  });

  it('speaks Korean after the locale switch', async () => {
    const el = await mount('ns-status-badge', { status: 'on_track' });
    await applyLocale('ko');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.label')!.textContent).toBe('정상');
    el.status = 'off_track';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.label')!.textContent).toBe('미달');
    el.status = 'at_risk';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.label')!.textContent).toBe('주의');
    el.status = 'no_data';
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.label')!.textContent).toBe('데이터 없음');
    expect(document.documentElement.lang).toBe('ko');
  });
});

describe('trend arrow', () => {
  it('reads the change with the direction', () => {
    expect(readTrend(5, 'increase')).toEqual({ arrow: '↑', favourable: true });
    expect(readTrend(-5, 'increase')).toEqual({ arrow: '↓', favourable: false });
    expect(readTrend(-0.3, 'decrease')).toEqual({ arrow: '↓', favourable: true });
    expect(readTrend(0, 'increase')).toEqual({ arrow: '→', favourable: null });
    expect(readTrend(2, 'maintain')).toEqual({ arrow: '↑', favourable: null });
    expect(readTrend(null)).toBeNull();
  });

  it('renders the arrow and says what it means', async () => {
    const el = await mount('ns-trend-arrow', { change: -0.3, direction: 'decrease' });
    const arrow = el.shadowRoot!.querySelector('[data-arrow]')!;
    expect(arrow.textContent).toBe('↓');
    expect(arrow.classList.contains('favourable')).toBe(true);
    expect(el.shadowRoot!.querySelector('.sr-only')!.textContent).toBe('Down, favourable');
  });
});

describe('<ns-sparkline>', () => {
  it('draws the values as an SVG path, decorative unless labelled', async () => {
    const el = await mount('ns-sparkline', { values: [90, 100, 110], reference: 100 });
    const svg = el.shadowRoot!.querySelector('svg')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelector('path')!.getAttribute('d')).toMatch(/^M.* L.* L/);
    expect(svg.querySelector('line.ref')).toBeTruthy();
    el.label = 'Score trend';
    await el.updateComplete;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Score trend');
  });

  it('renders nothing without values', async () => {
    const el = await mount('ns-sparkline', { values: [null, null] });
    expect(el.shadowRoot!.querySelector('svg')).toBeNull();
  });
});

describe('<ns-state>', () => {
  it('announces loading politely and errors as alerts, with a retry that bubbles out', async () => {
    const loading = await mount('ns-state', { kind: 'loading' });
    expect(loading.shadowRoot!.querySelector('[role="status"]')!.textContent).toContain('Loading');
    const error = await mount('ns-state', { kind: 'error', error: new ApiError(500, 'internal', 'Something went wrong on our side') });
    expect(error.shadowRoot!.querySelector('[role="alert"]')!.textContent).toContain('internal');
    const retry = vi.fn();
    document.body.addEventListener('ns-retry', retry);
    error.shadowRoot!.querySelector('button')!.click();
    expect(retry).toHaveBeenCalledOnce();
  });

  it('explains a 403 without offering a pointless retry; shows empty messages', async () => {
    const error = await mount('ns-state', { kind: 'error', error: new ApiError(403, 'forbidden', 'You do not have access to this') });
    expect(text(error)).toContain('You do not have access to this unit.');
    expect(error.shadowRoot!.querySelector('button')).toBeNull();
    const empty = await mount('ns-state', { kind: 'empty', message: 'No survey yet.' });
    expect(text(empty)).toBe('No survey yet.');
  });
});

describe('pickers', () => {
  it('the window switch marks the current window and sends the other up', async () => {
    const el = await mount('ns-window-switch', { value: 'ytd' });
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true']);
    const seen = vi.fn();
    document.body.addEventListener('ns-context-change', (e) => seen((e as CustomEvent).detail));
    buttons[0].click();
    expect(seen).toHaveBeenCalledWith({ window: 'month' });
  });

  it('the closed unit picker shows the chosen unit without its indent; the open list indents it', async () => {
    const units = [
      { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
      { code: 'SEOUL', name: 'Seoul', parent: 'HQ', depth: 2 },
    ];
    const el = await mount('ns-unit-picker', { units, value: 'SEOUL' });
    const select = el.shadowRoot!.querySelector('select')!;
    const texts = () => [...select.querySelectorAll('option')].map((o) => o.textContent);
    expect(texts()).toEqual(['Company', 'Seoul']);
    select.dispatchEvent(new Event('focus'));
    await el.updateComplete;
    expect(texts()).toEqual(['Company', '\u00a0\u00a0Seoul']);
    select.dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(texts()).toEqual(['Company', 'Seoul']);
  });

  it('the unit picker indents children and sends the chosen unit', async () => {
    const units = [
      { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
      { code: 'SEOUL', name: 'Seoul', parent: 'HQ', depth: 2 },
    ];
    const el = await mount('ns-unit-picker', { units, value: 'HQ' });
    const select = el.shadowRoot!.querySelector('select')!;
    const options = [...select.querySelectorAll('option')];
    expect(options.map((o) => o.textContent)).toEqual(['Company', '\u00a0\u00a0Seoul']);
    const seen = vi.fn();
    document.body.addEventListener('ns-context-change', (e) => seen((e as CustomEvent).detail));
    select.value = 'SEOUL';
    select.dispatchEvent(new Event('change'));
    expect(seen).toHaveBeenCalledWith({ unit: 'SEOUL' });
  });

  it('the period picker steps back a month and lists months in the locale', async () => {
    const el = await mount('ns-period-picker', { value: '2026-01', latest: '2026-03', count: 6 });
    const options = [...el.shadowRoot!.querySelectorAll('option')];
    expect(options.map((o) => o.value)).toEqual(['2026-03', '2026-02', '2026-01', '2025-12', '2025-11', '2025-10']);
    expect(options[0].textContent).toBe('Mar 2026');
    const seen = vi.fn();
    document.body.addEventListener('ns-context-change', (e) => seen((e as CustomEvent).detail));
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid="period-prev"]')!.click();
    expect(seen).toHaveBeenCalledWith({ period: '2025-12' });
    await applyLocale('ko');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('option')!.textContent).toBe('2026년 3월');
  });

  it('the locale switch names each language in itself and asks for the other', async () => {
    const el = await mount('ns-locale-switch', { value: 'en' });
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => [b.textContent!.trim(), b.getAttribute('lang')])).toEqual([
      ['한국어', 'ko'],
      ['English', 'en'],
    ]);
    const seen = vi.fn();
    document.body.addEventListener('ns-locale-change', (e) => seen((e as CustomEvent).detail));
    buttons[0].click();
    expect(seen).toHaveBeenCalledWith({ locale: 'ko' });
  });
});

describe('locales', () => {
  beforeAll(async () => {
    await applyLocale('en');
  });

  it('prefers Korean when the browser does', () => {
    expect(browserLocale(['ko-KR', 'en-US'])).toBe('ko');
    expect(browserLocale(['en-GB', 'ko'])).toBe('en');
    expect(browserLocale(['fr-FR', 'ko'])).toBe('ko');
    expect(browserLocale(['de'])).toBe('en');
  });

  it('picks the current locale of a name, falling back to the other', async () => {
    expect(localName({ en: 'Company', ko: '전사' }, 'HQ', 'ko')).toBe('전사');
    expect(localName({ en: 'Company' }, 'HQ', 'ko')).toBe('Company');
    expect(localName({ ko: '전사' }, 'HQ', 'en')).toBe('전사');
    expect(localName('Seoul branch', 'SEOUL', 'ko')).toBe('Seoul branch');
    expect(localName(null, 'SEOUL')).toBe('SEOUL');
    expect(localName({}, 'X')).toBe('X');
    await applyLocale('ko');
    expect(currentLocale()).toBe('ko');
    expect(localName({ en: 'Company', ko: '전사' })).toBe('전사');
  });
});
