/**
 * Numbers you can trust while the month is still closing (issue 15), in Chromium on the demo
 * company, whose last month keeps a store late: the scorecard and the indicator page show the
 * same figure and status; a parent of the late store shows its partial badge with the missing
 * store's name; an unquoted `1,000` in an uploaded file is refused, naming the row.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, useDemoServerAndBrowser, signInAs } from '../helpers/browser.ts';
import { latestCompleteMonth } from '../../web/src/period.ts';

const hasBrowser = chromiumPath() !== null;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious or critical axe-core violations on the page (the badges included). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical').map((v: any) => `${v.id}: ${v.help}`);
  });
}
const PERIOD = latestCompleteMonth();
const LATE_STORE = 'SEOUL-GANGNAM'; // the demo contributor's store, always late in the last month

type Part = { reported: number; expected: number; missing: string[] } | null;
type Indicator = { code: string; score: number | null; status: string; completeness: { units: Part; months: Part } };
type Card = { perspectives: { objectives: { indicators: Indicator[] }[] }[] };

describe.skipIf(!hasBrowser)('incomplete data on screen, in Chromium on the demo company', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-incomplete-');
  let url = '';
  let browser: Browser;
  beforeAll(() => {
    url = demo.url;
    browser = demo.browser;
  });

  const signIn = (username: string): Promise<Page> => signInAs(browser, url, username, { bypassCSP: true });

  async function card(page: Page, unit: string, window: 'month' | 'ytd'): Promise<Card> {
    const res = await page.request.get(`${url}/api/v1/scorecards/${unit}?period=${PERIOD}&window=${window}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as Card;
  }
  const indicatorsOf = (c: Card) => c.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators));

  /** The nearest ancestor of the late store whose month figure is missing it. */
  async function partialParent(page: Page): Promise<{ unit: string; indicator: Indicator }> {
    const units = (await (await page.request.get(`${url}/api/v1/units`)).json()) as { code: string; parent: string | null }[];
    const list = Array.isArray(units) ? units : ((units as { units?: typeof units }).units ?? []);
    for (let u = list.find((x) => x.code === LATE_STORE)?.parent ?? null; u; u = list.find((x) => x.code === u)?.parent ?? null) {
      const partial = indicatorsOf(await card(page, u, 'month')).find((i) => i.completeness?.units?.missing.includes(LATE_STORE));
      if (partial) return { unit: u, indicator: partial };
    }
    throw new Error(`no parent of ${LATE_STORE} is partial in ${PERIOD}`);
  }

  it('a parent of the late store shows "n of m units" and names the store, on the scorecard and the overview', async () => {
    const page = await signIn('demo-manager');
    const { unit, indicator } = await partialParent(page);
    const parts = indicator.completeness.units!;
    await page.goto(`${url}/scorecard?unit=${unit}&period=${PERIOD}&window=month`);
    await page.locator('[data-testid="scorecard-tree"]').waitFor({ timeout: 30_000 });
    const badge = page.locator(`tr[data-kind="indicator"][data-code="${indicator.code}"] ns-completeness-badge button`);
    await expect.poll(() => badge.innerText()).toContain(`${parts.reported} of ${parts.expected} units`);
    await badge.focus();
    const tip = page.locator(`tr[data-kind="indicator"][data-code="${indicator.code}"] ns-completeness-badge [role="tooltip"]`);
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toMatch(/Not reported: .*(Gangnam|강남|SEOUL-GANGNAM)/);
    await page.screenshot({ path: path.join(resultsDir, 'scorecard-partial.png'), fullPage: true });
    expect(await axeViolations(page), 'axe on the partial scorecard').toEqual([]);

    await page.goto(`${url}/overview?unit=${unit}&period=${PERIOD}&window=month`);
    const total = page.locator('[data-testid="total-partial"] button');
    await expect.poll(() => total.innerText(), { timeout: 30_000 }).toContain('Partial');
    await total.click(); // a tap opens the names too
    await expect.poll(() => page.locator('[data-testid="total-partial"] [role="tooltip"]').innerText()).toContain('units');
  }, 120_000);

  it('the scorecard → indicator click shows the same number and status, month and year to date', async () => {
    const page = await signIn('demo-manager');
    const { unit } = await partialParent(page);
    for (const window of ['ytd', 'month'] as const) {
      const scored = indicatorsOf(await card(page, unit, window)).filter((i) => i.score !== null);
      expect(scored.length).toBeGreaterThan(0);
      const pick = scored.find((i) => i.completeness?.units?.missing.length) ?? scored[0];
      await page.goto(`${url}/scorecard?unit=${unit}&period=${PERIOD}&window=${window}`);
      await page.locator('[data-testid="scorecard-tree"]').waitFor({ timeout: 30_000 });
      const row = page.locator(`tr[data-kind="indicator"][data-code="${pick.code}"]`).first();
      const score = await row.locator('[data-figure="score"]').innerText();
      const status = await row.locator('ns-status-badge').getAttribute('status');
      await row.locator('a').first().click();
      await page.locator('[data-view="indicator"]').waitFor({ timeout: 30_000 });
      expect(page.url()).toContain(`window=${window}`);
      const shown = page.locator(`section[data-window="${window}"]`);
      await expect.poll(() => shown.locator('[data-figure="score"]').innerText(), { timeout: 30_000 }).toBe(score);
      expect(await shown.locator('ns-status-badge').getAttribute('status')).toBe(status);
      expect(await shown.getAttribute('aria-current')).toBe('true');
      // score and achievement % are both there and labelled apart
      expect(await shown.innerText()).toMatch(/Score[\s\S]*Achievement %/);
    }
    await page.screenshot({ path: path.join(resultsDir, 'indicator-windows.png'), fullPage: true });
    expect(await axeViolations(page), 'axe on the indicator page').toEqual([]);
  }, 120_000);

  it('refuses an unquoted 1,000 in an uploaded file, naming the row, and imports nothing', async () => {
    const page = await signIn('demo-contributor');
    await page.goto(`${url}/entry?unit=${LATE_STORE}&period=${PERIOD}`);
    await page.locator('[data-testid="workflow-state"]').waitFor({ state: 'visible', timeout: 30_000 });
    const first = page.locator('input[data-testid^="value-"]').first();
    const code = (await first.getAttribute('data-testid'))!.slice('value-'.length);
    const csv = `indicator,unit,period,value\n${code},${LATE_STORE},${PERIOD},1,000\n`;
    await page.locator('[data-testid="entry-upload"]').setInputFiles({ name: 'thousands.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const errors = page.locator('[data-testid="upload-errors"]');
    await expect.poll(() => errors.innerText(), { timeout: 30_000 }).toMatch(/2/);
    expect(await errors.innerText()).toContain('has 5 cells where the header has 4');
    expect(await page.locator('[data-testid="upload-apply"]').isDisabled()).toBe(true);
    expect(await first.inputValue()).not.toBe('1');
    await page.screenshot({ path: path.join(resultsDir, 'entry-upload-thousands.png'), fullPage: true });
  }, 120_000);
});
