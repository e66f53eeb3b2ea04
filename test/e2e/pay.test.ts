/**
 * The Pay view in Chromium, on the demo company: HR sees the signed-off first-half payout run
 * with its total and the fairness panel; a viewer has no Pay link and sees no pay data.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, useDemoServerAndBrowser, signInAs } from '../helpers/browser.ts';

const hasBrowser = chromiumPath() !== null;
if (!hasBrowser) console.warn('end-to-end tests skipped: no Chromium (install Debian’s chromium or set CHROMIUM_PATH)');

describe.skipIf(!hasBrowser)('people and pay in Chromium, on the demo company', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-pay-');
  let url = '';
  beforeAll(() => {
    url = demo.url;
  });

  const signIn = (username: string): Promise<Page> => signInAs(demo.browser, url, username, { locale: 'ko-KR' });

  it('HR opens Pay from the navigation and sees the frozen H1 run with its total, in Korean', async () => {
    const page = await signIn('demo-hr');
    await page.locator('[data-nav="pay"]').click();
    await page.waitForURL(/\/pay/);
    await expect.poll(() => page.locator('[data-testid="run-status"]').innerText(), { timeout: 30_000 }).toBe('확정');
    await expect.poll(() => page.locator('[data-testid="payout-total"]').innerText()).toMatch(/^\d{1,3}(,\d{3})+$/);
    expect(await page.locator('[data-testid="payout-table"] tbody tr').count()).toBeGreaterThan(250);
    expect(await page.locator('[data-view="pay"]').innerText()).toContain('demo-hr');
    await page.screenshot({ path: path.join(resultsDir, 'pay.png'), fullPage: false });
    await page.context().close();
  }, 120_000);

  it('a viewer has no Pay link, and the view shows no pay data', async () => {
    const page = await signIn('demo-viewer');
    expect(await page.locator('[data-nav="pay"]').count()).toBe(0);
    await page.goto(`${url}/pay`);
    await expect.poll(() => page.locator('ns-pay-view ns-state').getAttribute('message'), { timeout: 30_000 }).toMatch(/급여 정보|Pay data/);
    expect(await page.locator('[data-testid="payout-table"]').count()).toBe(0);
    await page.context().close();
  }, 120_000);
});
