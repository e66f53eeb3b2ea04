/**
 * Issue 19 features end to end in Chromium on the demo company: the exceptions filter and list,
 * period comparison, "export what you see" (a real download), the overview's child units, a
 * shared link to a unit the reader may not see, and "copy last month" in the entry grid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, resultsDir, useDemoServerAndBrowser, signInAs } from '../helpers/browser.ts';

const hasBrowser = chromiumPath() !== null;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe finds nothing serious or critical on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.nodes.length}`);
  });
}
const PERIOD = '2026-09';

describe.skipIf(!hasBrowser)('exceptions, comparison, export and entry polish in Chromium', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-polish-');
  let url = '';
  let browser: Browser;
  beforeAll(() => {
    url = demo.url;
    browser = demo.browser;
  });

  const settled = async (page: Page, view: string) => {
    await page.locator(`[data-view="${view}"]`).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('[data-testid="state-loading"]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  };

  it('filters the scorecard to the indicators below target, compares with last year and downloads what it shows', async () => {
    const page = await signInAs(browser, url, 'demo-viewer');
    await page.goto(`${url}/scorecard?unit=HQ&period=${PERIOD}&window=ytd`);
    await settled(page, 'scorecard');
    const indicatorRows = page.locator('tr[data-kind="indicator"]');
    await indicatorRows.first().waitFor({ state: 'visible', timeout: 30_000 });
    const all = await indicatorRows.count();
    await page.locator('[data-testid="exception-filter"] [data-filter="below"]').click();
    await expect.poll(() => page.url()).toContain('show=below');
    const statuses = await page.locator('tr[data-kind="indicator"] ns-status-badge').evaluateAll((els) => els.map((e) => e.getAttribute('status')));
    expect(statuses.length).toBeLessThan(all);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 'off_track' || s === 'at_risk')));

    await page.locator('[data-testid="compare-switch"] [data-vs="year"]').click();
    await expect.poll(() => page.url()).toContain('vs=year');
    await expect.poll(() => page.locator('tr[data-kind="indicator"] [data-figure="change"]').first().innerText()).toMatch(/[+-]?\d|–/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').first().click()]);
    const file = path.join(resultsDir, 'polish-scorecard.csv');
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(download.suggestedFilename()).toBe(`scorecard-HQ-${PERIOD}.csv`);
    expect(lines[0]).toMatch(/Score vs last year/);
    // the shown rows only (filtered), scores with one decimal at most
    const indicatorLines = lines.filter((l) => l.startsWith('Indicator,'));
    expect(indicatorLines).toHaveLength(statuses.length);
    await page.screenshot({ path: path.join(resultsDir, 'polish-scorecard-exceptions.png'), fullPage: true });
  }, 120_000);

  it('lists the exceptions below the unit with months off target, and the heatmap shows each cell’s change', async () => {
    const page = await signInAs(browser, url, 'demo-viewer', { bypassCSP: true });
    await page.goto(`${url}/heatmap?unit=HQ&period=${PERIOD}&window=month&display=list&show=below`);
    await settled(page, 'heatmap');
    const rows = page.locator('[data-testid="exception"]');
    await rows.first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="off-since"]').first().innerText()).toMatch(/\d|–/);
    await page.screenshot({ path: path.join(resultsDir, 'polish-exceptions-list.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${url}/heatmap?unit=HQ&period=${PERIOD}&window=month&vs=month`);
    await settled(page, 'heatmap');
    await page.locator('[data-testid="cell-change"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('[data-testid="cell-change"]').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  }, 180_000);

  it('the overview compares with last month and last year and lists the units below', async () => {
    const page = await signInAs(browser, url, 'demo-viewer', { bypassCSP: true, viewport: { width: 390, height: 844 } });
    await page.goto(`${url}/overview?unit=HQ&period=${PERIOD}&window=ytd`);
    await settled(page, 'overview');
    await page.locator('[data-testid="comparison"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('[data-testid="total-score"] [data-testid="comparison"] [data-vs="month"]').innerText()).toMatch(/\d|–/);
    const children = page.locator('[data-testid="child-unit"]');
    await children.first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await children.count()).toBeGreaterThan(1);
    await page.screenshot({ path: path.join(resultsDir, 'polish-overview-390.png'), fullPage: true });
    // on a phone the page never scrolls sideways, and axe finds nothing serious
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);

  it('a shared link to a unit the reader may not see opens their own unit with a notice', async () => {
    const page = await signInAs(browser, url, 'demo-contributor');
    await page.goto(`${url}/overview?unit=HQ&period=${PERIOD}&window=ytd`);
    await page.locator('[data-testid="unit-fallback"]').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => page.url()).toContain('unit=SEOUL-GANGNAM');
    expect(await page.locator('[data-view="overview"]').count()).toBe(1);
  }, 120_000);

  it('copy last month fills the empty cells without saving, and the progress count follows', async () => {
    const page = await signInAs(browser, url, 'demo-contributor');
    await page.goto(`${url}/entry?unit=SEOUL-GANGNAM&period=2026-11`);
    await page.locator('[data-testid="workflow-state"]').waitFor({ state: 'visible', timeout: 30_000 });
    const progress = page.locator('[data-testid="entry-progress"]');
    const before = await progress.innerText();
    const inputs = page.locator('input[data-testid^="value-"]');
    const empties = await inputs.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).value === '').length);
    expect(empties).toBeGreaterThan(0);
    await page.locator('[data-testid="entry-copy-last-month"]').click();
    await expect.poll(() => inputs.evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).value === '').length)).toBeLessThan(empties);
    expect(await progress.innerText()).not.toBe(before);
    await page.screenshot({ path: path.join(resultsDir, 'polish-entry-copied.png'), fullPage: true });
    // nothing was saved: a reload shows the empty cells again
    await page.reload();
    await page.locator('[data-testid="workflow-state"]').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => page.locator('input[data-testid^="value-"]').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).value === '').length)).toBe(empties);
  }, 120_000);
});
