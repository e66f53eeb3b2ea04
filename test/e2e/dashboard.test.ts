import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, useDemoServerAndBrowser } from '../helpers/browser.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const hasBrowser = chromiumPath() !== null;
if (!hasBrowser) console.warn('end-to-end tests skipped: no Chromium (install Debian’s chromium or set CHROMIUM_PATH)');

const VIEWS = ['overview', 'scorecard', 'heatmap', 'strategy', 'portfolio', 'evaluations', 'improvement'] as const;

describe.skipIf(!hasBrowser)('the dashboard in Chromium, on the demo company', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-');
  let url = '';
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    url = demo.url;
    // bypassCSP lets axe-core be injected; the app itself runs under the real policy otherwise.
    context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', bypassCSP: true });
    page = await context.newPage();
  });

  const view = (name: string) => page.locator(`[data-view="${name}"]`);
  const shot = (name: string) => page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage: true });

  async function expectAccessible(name: string) {
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
        .map((v: any) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')})`);
    });
    if (violations.length) console.error(`axe on ${name}:`, violations.join("\n"));
    expect(violations, `axe on ${name}`).toEqual([]);
  }

  async function waitForView(name: string) {
    await view(name).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('[data-testid="state-loading"]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  }

  it('signs in from the sign-in page', async () => {
    await page.goto(`${url}/`);
    await page.locator('[data-testid="signin-username"]').fill('demo-manager');
    await page.locator('[data-testid="signin-password"]').fill(PASSWORD);
    await page.locator('[data-testid="signin-submit"]').click();
    // a manager lands on My work (the home below admin); the overview is one click away
    await waitForView('mywork');
    expect(page.url()).toMatch(/\/mywork\?/);
    await page.locator('nav [data-nav="overview"]').click();
    await waitForView('overview');
    await expect.poll(() => page.locator('[data-testid="total-score"]').innerText()).toMatch(/\d/);
  }, 60_000);

  it('opens every view, each accessible, and saves a screenshot of each', async () => {
    for (const name of VIEWS) {
      await page.goto(`${url}/${name}?unit=RETAIL&period=2026-06&window=ytd`);
      await waitForView(name);
      await expect.poll(() => page.locator('h1').first().innerText()).not.toBe('');
      await expectAccessible(name);
      await shot(name);
    }
  }, 180_000);

  it('drills from the overview down to an indicator’s history', async () => {
    await page.goto(`${url}/overview?unit=RETAIL&period=2026-06&window=ytd`);
    await waitForView('overview');
    await page.locator('[data-testid="off-target"] a').first().click();
    await waitForView('indicator');
    expect(page.url()).toMatch(/\/indicator\/[A-Z_]+/);
    await page.locator('[data-testid="revisions"]').waitFor();
    await expectAccessible('indicator');
    await shot('indicator');
  }, 90_000);

  it('shows a finalised evaluation cycle with its grades to a manager, accessibly', async () => {
    await page.goto(`${url}/evaluations`);
    await waitForView('evaluations');
    await page.locator('a[href*="-H1"]').first().click();
    await waitForView('evaluations');
    await expect.poll(() => page.locator('[data-view="evaluations"]').innerText()).toMatch(/DAEGU-DONGSEONGNO|Dongseongno|동성로/);
    await expectAccessible('evaluation-results');
    await shot('evaluation-results');
  }, 90_000);

  it('switches unit, period and window, and keeps them in the URL', async () => {
    await page.goto(`${url}/scorecard?unit=RETAIL&period=2026-06&window=ytd`);
    await waitForView('scorecard');
    await page.locator('[data-testid="unit-picker"]').selectOption('RETAIL-CAPITAL');
    await expect.poll(() => page.url()).toMatch(/unit=RETAIL-CAPITAL/);
    await page.locator('[data-testid="period-prev"]').click();
    await expect.poll(() => page.url()).toMatch(/period=2026-05/);
    await page.locator('[data-testid="window-switch"] [data-window="month"]').click();
    await expect.poll(() => page.url()).toMatch(/window=month/);
    await waitForView('scorecard');
    await page.locator('[data-testid="scorecard-tree"]').waitFor();
  }, 60_000);

  it('switches to Korean and back', async () => {
    await page.goto(`${url}/overview?unit=HQ&period=2026-06&window=ytd`);
    await waitForView('overview');
    await page.locator('[data-testid="locale-switch"] button', { hasText: '한국어' }).click();
    await expect.poll(() => page.locator('h1').first().innerText()).toMatch(/개요/);
    await shot('overview-ko');
    await expectAccessible('overview-ko');
    await page.locator('[data-testid="locale-switch"] button', { hasText: 'English' }).click();
    await expect.poll(() => page.locator('h1').first().innerText()).toMatch(/Overview/);
  }, 60_000);

  it('holds its layout at 768 px', async () => {
    await page.setViewportSize({ width: 768, height: 1000 });
    for (const name of VIEWS) {
      await page.goto(`${url}/${name}?unit=HQ&period=2026-06&window=ytd`);
      await waitForView(name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    await shot('overview-768');
  }, 120_000);
});
