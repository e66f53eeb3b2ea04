/**
 * Target setting end to end in Chromium on the demo company: the retail division's manager
 * cascades the division's 2026 revenue target to its sales departments and on to the capital
 * area stores by last year's shares, approves the drafts, and the stores' scorecards show the
 * new monthly targets.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, useDemoServerAndBrowser, signInAs } from '../helpers/browser.ts';

const hasBrowser = chromiumPath() !== null;
const YEAR = 2026;
const PERIOD = '2026-10';

describe.skipIf(!hasBrowser)('target setting in Chromium', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-targets-');
  let url = '';
  let browser: Browser;
  beforeAll(() => {
    url = demo.url;
    browser = demo.browser;
  });

  const signIn = (username: string): Promise<Page> => signInAs(browser, url, username, { viewport: { width: 1400, height: 900 } });

  async function openTargets(page: Page, unit: string) {
    await page.goto(`${url}/targets?unit=${unit}&period=${PERIOD}&indicator=REVENUE&year=${YEAR}`);
    await page.locator('[data-testid="targets-grid"]').waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Opens the cascade dialog, previews with the keyboard (Enter submits) and applies; returns the preview's yearly figures by unit. */
  async function cascade(page: Page, target: string): Promise<Map<string, number>> {
    await page.locator('[data-testid="open-cascade"]').click();
    await page.locator('[data-testid="cascade-target"]').fill(target);
    await page.locator('[data-testid="cascade-by"]').selectOption('last_year');
    await page.locator('[data-testid="cascade-phasing"]').selectOption('last_year');
    await page.locator('[data-testid="cascade-target"]').press('Enter');
    const table = page.locator('[data-testid="cascade-preview-table"]');
    await table.waitFor({ state: 'visible', timeout: 20_000 });
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-unit')!, (tr.querySelector('[data-testid="preview-yearly"]') as HTMLElement).innerText]));
    await page.locator('[data-testid="cascade-apply"]').click();
    await expect.poll(() => page.locator('[data-testid="targets-message"]').innerText(), { timeout: 20_000 }).toMatch(/Cascaded to \d+ unit\(s\) as drafts/);
    return new Map(rows.map(([unit, text]) => [unit, Number(text.replace(/,/g, ''))]));
  }

  async function api(username: string) {
    const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    return async (p: string) => (await fetch(`${url}/api/v1${p}`, { headers: { cookie } })).json() as Promise<any>;
  }

  it('a division manager cascades by last year’s shares down to the stores, approves, and the stores’ scorecards show the new targets', async () => {
    const page = await signIn('demo-manager');
    expect(await page.locator('nav [data-nav="targets"]').count()).toBe(1);
    await openTargets(page, 'RETAIL');
    // The demo's 2026 revenue is itself an approved cascade.
    await expect.poll(() => page.locator('tr[data-unit="SEOUL-GANGNAM"] [data-testid="plan-status"]').innerText()).toBe('Approved');

    const departments = await cascade(page, '400000');
    expect([...departments.keys()]).toEqual(['RETAIL', 'RETAIL-CAPITAL', 'RETAIL-REGIONAL']);
    expect(departments.get('RETAIL-CAPITAL')! + departments.get('RETAIL-REGIONAL')!).toBe(400000);
    await expect.poll(() => page.locator('tr[data-unit="RETAIL-CAPITAL"] [data-testid="plan-status"]').innerText()).toBe('Draft');

    await openTargets(page, 'RETAIL-CAPITAL');
    const stores = await cascade(page, String(departments.get('RETAIL-CAPITAL')));
    expect([...stores.keys()]).toEqual(['RETAIL-CAPITAL', 'SEOUL-GANGNAM', 'SEOUL-JAMSIL', 'SEOUL-YEOUIDO', 'GYEONGGI-BUNDANG']);
    expect([...stores.values()].slice(1).reduce((a, b) => a + b, 0)).toBe(departments.get('RETAIL-CAPITAL'));

    await openTargets(page, 'RETAIL');
    const approve = page.locator('[data-testid="approve-targets"]');
    // The two departments and the four stores; the division itself waits for the company (HQ).
    await expect.poll(() => approve.innerText()).toBe('Approve 6 draft(s)');
    await approve.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="targets-message"]').innerText(), { timeout: 30_000 }).toMatch(/Approved: RETAIL-CAPITAL, SEOUL-GANGNAM/);
    await expect.poll(() => page.locator('tr[data-unit="SEOUL-GANGNAM"] [data-testid="plan-status"]').innerText()).toBe('Approved');
    expect(await page.locator('tr[data-unit="RETAIL"] [data-testid="plan-status"]').innerText()).toBe('Draft');
    await page.screenshot({ path: path.join(resultsDir, 'targets-approved.png'), fullPage: true });

    const get = await api('demo-manager');
    const grid = await get(`/targets/grid?indicator=REVENUE&unit=RETAIL-CAPITAL&year=${YEAR}`);
    const gangnam = grid.rows.find((r: any) => r.unit === 'SEOUL-GANGNAM');
    expect(gangnam.approved.yearly).toBe(stores.get('SEOUL-GANGNAM'));
    const october = gangnam.approved.months[9] as number;
    const card = await get(`/scorecards/SEOUL-GANGNAM?period=${PERIOD}&window=month`);
    const revenue = card.perspectives.flatMap((p: any) => p.objectives).flatMap((o: any) => o.indicators).find((i: any) => i.code === 'REVENUE');
    expect(revenue.target).toBe(october);

    await page.goto(`${url}/scorecard?unit=SEOUL-GANGNAM&period=${PERIOD}&window=month`);
    const row = page.locator('[data-testid="scorecard-tree"] tr[data-code="REVENUE"]');
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    // REVENUE is kept in KRW mn and shown as the web's one money formatter does: KRW 6.67bn
    const shown = `KRW ${new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 }).format((october * 1e6) / 1e9)}bn`;
    await expect.poll(() => row.locator('td').nth(2).innerText()).toContain(shown);
    await page.screenshot({ path: path.join(resultsDir, 'targets-scorecard.png'), fullPage: true });
  });
});
