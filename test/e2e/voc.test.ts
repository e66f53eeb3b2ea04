/**
 * VOC end to end in Chromium on the demo company (issue 17): the Gangnam store's CS officer opens
 * the VOC view, sees the Pareto charts and the overdue and open lists, opens a record and
 * resolves it with a root cause, and takes a VOC at the counter; the SLA rate indicator drills to
 * the records behind its month; at 390 px the page (header included) does not scroll sideways; axe finds nothing serious.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, signInAs, useDemoServerAndBrowser } from '../helpers/browser.ts';

const hasBrowser = chromiumPath() !== null;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const STORE = 'SEOUL-GANGNAM';

/** Serious or critical axe-core violations on the page (shadow roots included). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')})`);
  });
}

/**
 * How far the whole page reaches past the window (0 when nothing scrolls sideways): the shell's
 * header and the view's column alike; tables in their own scroll box do not count.
 */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(!hasBrowser)('VOC in Chromium, on the demo company', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-voc-');
  let url = '';
  let browser: Browser;
  beforeAll(() => {
    url = demo.url;
    browser = demo.browser;
  });

  async function api(username: string) {
    const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${url}/api/v1${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, body: r.status === 204 ? null : await r.json() };
    };
  }

  async function openVoc(page: Page, query: string) {
    await page.goto(`${url}/voc?${query}`);
    await page.locator('[data-view="voc"]').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('[data-testid="voc-pareto-categories"] ns-chart').waitFor({ state: 'visible', timeout: 30_000 });
  }

  it('a store CS officer sees the Pareto and the lists, resolves a VOC with a root cause and takes one at the counter', async () => {
    const page = await signInAs(browser, url, 'demo-contributor', { bypassCSP: true });
    const period = new URL(page.url()).searchParams.get('period')!;
    await page.locator('nav [data-nav="voc"]').click();
    await page.locator('[data-view="voc"]').waitFor({ state: 'visible', timeout: 30_000 });
    await openVoc(page, `unit=${STORE}&period=${period}&window=ytd`);

    // the 80/20 of complaint categories, and of root causes
    const categories = page.locator('[data-testid="voc-pareto-categories"]');
    await expect.poll(() => categories.locator('ol.pareto li').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await categories.innerText()).toMatch(/categories make up \d+%/);
    await page.locator('[data-testid="voc-pareto-causes"]').waitFor({ state: 'visible' });
    await page.locator('[data-testid="voc-volume"]').waitFor({ state: 'visible' });
    await page.locator('[data-testid="voc-sla"]').waitFor({ state: 'visible' });

    // the open list, by deadline, with time left; open the first record
    const open = page.locator('[data-testid="voc-open"]');
    await open.locator('tr[data-voc]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('[data-testid="voc-overdue"]').waitFor({ state: 'visible' });
    expect(await open.locator('[data-testid="voc-time-left"]').first().innerText()).toMatch(/left|Overdue|No SLA/);
    await page.screenshot({ path: path.join(resultsDir, 'voc-view.png'), fullPage: true });
    expect(await axeViolations(page), 'axe on the VOC view').toEqual([]);

    const id = await open.locator('tr[data-voc]').first().getAttribute('data-voc');
    await open.locator('[data-testid="voc-open-record"]').first().click();
    const dialog = page.locator('[data-testid="voc-record"]');
    await dialog.locator('[data-testid="voc-status"]').waitFor({ state: 'visible', timeout: 30_000 });
    expect(page.url()).toContain(`record=${encodeURIComponent(id!)}`);
    expect(await dialog.locator('[data-testid="voc-history"], .meta').first().isVisible()).toBe(true);

    // resolving without a root cause is refused next to the field
    await dialog.locator('button[data-action="resolve"]').click();
    await dialog.locator('[data-testid="voc-resolution-input"]').fill('Apologised in person and exchanged the item; briefed the cashier team on the refund rule.');
    const needsCause = (await dialog.locator('[data-testid="voc-root-cause"]').getAttribute('aria-required')) === 'true';
    if (needsCause) {
      await dialog.locator('[data-testid="voc-action-submit"]').click();
      await expect.poll(() => dialog.locator('.field-error').first().innerText()).toMatch(/root cause/i);
    }
    await dialog.locator('[data-testid="voc-root-cause"]').selectOption('procedure');
    expect(await axeViolations(page), 'axe on the record dialog').toEqual([]);
    await dialog.locator('[data-testid="voc-action-submit"]').click();
    await expect.poll(() => dialog.locator('[data-testid="voc-status"]').innerText(), { timeout: 30_000 }).toBe('Resolved');
    await expect.poll(() => dialog.locator('[data-testid="voc-history"]').innerText()).toContain('Resolved');
    await page.screenshot({ path: path.join(resultsDir, 'voc-record.png'), fullPage: true });
    const asContributor = await api('demo-contributor');
    const stored = (await asContributor('GET', `/voc/${encodeURIComponent(id!)}`)).body as { status: string; rootCause: string };
    expect(stored).toMatchObject({ status: 'resolved', rootCause: 'procedure' });
    await dialog.locator('[data-testid="voc-record-close"]').click();
    await expect.poll(() => page.url()).not.toContain('record=');

    // a VOC taken at the counter: the empty form names its fields, then it is saved
    await page.locator('[data-testid="voc-new"]').click();
    const form = page.locator('[data-testid="voc-intake"]');
    await form.waitFor({ state: 'visible', timeout: 30_000 });
    await form.locator('[data-testid="intake-submit"]').click();
    await expect.poll(() => form.locator('[data-error-for="category"]').count()).toBe(1);
    expect(await form.locator('[data-error-for="text"]').count()).toBe(1);
    await form.locator('[data-testid="intake-channel-store"]').check();
    await form.locator('[data-testid="intake-type"]').selectOption('complaint');
    const firstCategory = await form.locator('[data-testid="intake-category"] option').nth(1).getAttribute('value');
    await form.locator('[data-testid="intake-category"]').selectOption(firstCategory!);
    await form.locator('[data-testid="intake-unit"]').selectOption(STORE);
    await form.locator('[data-testid="intake-customer"]').fill('M-20931177');
    await form.locator('[data-testid="intake-text"]').fill('계산대 대기 줄이 너무 길었습니다. 주말에는 계산대를 더 열어 주세요.');
    expect(await axeViolations(page), 'axe on the intake form').toEqual([]);
    await form.locator('[data-testid="intake-submit"]').click();
    await expect.poll(() => form.locator('[data-testid="intake-created"]').innerText(), { timeout: 30_000 }).toMatch(/Saved as NS-\d{8}-[A-Z0-9]{6}/);
    const created = /NS-\d{8}-[A-Z0-9]{6}/.exec(await form.locator('[data-testid="intake-created"]').innerText())![0];
    const record = (await asContributor('GET', `/voc/${created}`)).body as { channel: string; unit: string; type: string; status: string };
    expect(record).toMatchObject({ channel: 'store', unit: STORE, type: 'complaint', status: 'received' });
    await page.screenshot({ path: path.join(resultsDir, 'voc-intake.png'), fullPage: true });

    // on a phone: lists as cards, nothing scrolls sideways
    await page.setViewportSize({ width: 390, height: 844 });
    await openVoc(page, `unit=${STORE}&period=${period}&window=ytd`);
    await page.locator('[data-testid="voc-open"] tr[data-voc]').first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await sideways(page), 'the VOC view scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(resultsDir, 'voc-390.png'), fullPage: true });
    await page.context().close();
  }, 240_000);

  it('the SLA rate indicator drills to the records behind its month', async () => {
    const asManager = await api('demo-manager');
    const config = (await asManager('GET', '/voc/config')).body as { feeds: Record<string, string> };
    const model = (await asManager('GET', '/model')).body as { indicators: { code: string; formula: string | null }[] };
    const rate = model.indicators.find((i) => i.formula && i.formula.includes(config.feeds.slaMet) && i.formula.includes(config.feeds.slaDue));
    expect(rate, 'the demo model has an SLA rate over the VOC feeds').toBeTruthy();
    const page = await signInAs(browser, url, 'demo-manager', { bypassCSP: true });
    const period = new URL(page.url()).searchParams.get('period')!;
    // the scorecard row of the rate links to the same records (its vocFeed comes with the scorecard)
    await page.goto(`${url}/scorecard?unit=${STORE}&period=${period}&window=month`);
    const rowLink = page.locator(`tr[data-code="${rate!.code}"] [data-testid="voc-row-drill"]`);
    await rowLink.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await rowLink.getAttribute('href')).toContain(`feed=slaDue&indicator=${rate!.code}`);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await rowLink.isVisible(), 'the VOC link stays on the phone card').toBe(true);
    expect(await sideways(page), 'the scorecard scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${url}/indicator/${rate!.code}?unit=${STORE}&period=${period}&window=month`);
    await page.locator('[data-testid="voc-drill"]').click({ timeout: 30_000 });
    const records = page.locator('[data-testid="voc-records"]');
    await records.waitFor({ state: 'visible', timeout: 30_000 });
    expect(page.url()).toContain('feed=slaDue');
    // the filter names the feed's indicator once the VOC config is in (the key until then)
    await expect.poll(() => page.locator('[data-testid="voc-filter"]').innerText(), { timeout: 30_000 }).toContain(config.feeds.slaDue);
    const listed = (await asManager('GET', `/voc?unit=${STORE}&feed=slaDue&period=${period}&limit=1`)).body as { total: number };
    if (listed.total > 0) await records.locator('tr[data-voc]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sideways(page), 'the drill list scrolls sideways at 390 px').toBeLessThanOrEqual(0);
    expect(await axeViolations(page), 'axe on the drill list').toEqual([]);
    await page.screenshot({ path: path.join(resultsDir, 'voc-drill.png'), fullPage: true });
    await page.context().close();
  }, 180_000);
});
