/**
 * Every view at a phone (390 × 844) and a desktop (1,440 × 900), in English and Korean: the
 * document is never wider than the viewport, axe-core finds nothing serious or critical, and a
 * screenshot of each lands in test-results/ (gitignored). One browser; one signed-in context per
 * locale, reused for both widths, so the whole walk stays within a few minutes on two cores.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { chromiumPath, resultsDir, useDemoServerAndBrowser } from '../helpers/browser.ts';
import { VIEWS } from '../../web/src/router.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const hasBrowser = chromiumPath() !== null;

const CONTEXT = 'unit=RETAIL&period=2026-06&window=ytd';
/** One URL per view route of the router; the two with a `:code` get a real code. */
function routeUrls(cycle: string | null): { name: string; path: string }[] {
  return VIEWS.flatMap((name) => {
    if (name === 'indicator') return [{ name, path: `/indicator/OVERALL_SAT?${CONTEXT}` }];
    // the demo's survey is the company's: the portfolio with its factor table, charts and numbers
    if (name === 'portfolio') return [{ name, path: '/portfolio?unit=HQ&period=2026-06&window=ytd' }];
    if (name === 'evaluations') return [{ name, path: '/evaluations' }, ...(cycle ? [{ name: 'evaluation-cycle', path: `/evaluations/${encodeURIComponent(cycle)}` }] : [])];
    return [{ name, path: `/${name}?${CONTEXT}` }];
  });
}
const WIDTHS = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
];

interface Finding {
  where: string;
  overflow: number;
  axe: string[];
}

describe.skipIf(!hasBrowser)('every view on a phone and a desktop, in English and Korean', () => {
  const demo = useDemoServerAndBrowser('northstar-responsive-');
  const contexts: BrowserContext[] = [];
  const findings: Finding[] = [];

  async function signIn(locale: 'en' | 'ko'): Promise<Page> {
    // bypassCSP lets axe-core be injected; the app itself runs under the real policy otherwise.
    const context = await demo.browser.newContext({ viewport: WIDTHS[1], locale: locale === 'ko' ? 'ko-KR' : 'en-US', bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${demo.url}/`);
    await page.locator('[data-testid="signin-username"]').fill('admin');
    await page.locator('[data-testid="signin-password"]').fill('e2e-admin-password');
    await page.locator('[data-testid="signin-submit"]').click();
    await page.locator('[data-view="overview"], [data-view="mywork"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.evaluate((l) => localStorage.setItem('northstar.locale', l), locale);
    return page;
  }

  async function settle(page: Page, name: string) {
    const view = name === 'evaluation-cycle' ? 'evaluations' : name;
    await page.locator(`[data-view="${view}"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('[data-testid="state-loading"]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(150); // charts resize on the next frame
  }

  async function axeSerious(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
    return page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations
        .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
        .map((v: any) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')})`);
    });
  }

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  let cycle: string | null = null;
  beforeAll(async () => {
    const page = await signIn('en');
    await page.goto(`${demo.url}/evaluations`);
    await settle(page, 'evaluations');
    const href = await page.locator('a[href^="/evaluations/"]').first().getAttribute('href', { timeout: 10_000 }).catch(() => null);
    cycle = href ? decodeURIComponent(href.split('?')[0].split('/')[2]) : null;
  }, 300_000);

  for (const locale of ['en', 'ko'] as const) {
    it(`${locale}: no view is wider than the screen at 390 or 1,440 px, and axe finds nothing serious`, async () => {
      const page = locale === 'en' ? await contexts[0].pages()[0] : await signIn('ko');
      if (locale === 'ko') {
        await page.reload();
        await page.locator('[data-view]').first().waitFor();
      }
      for (const viewport of WIDTHS) {
        await page.setViewportSize(viewport);
        for (const { name, path: p } of routeUrls(cycle)) {
          await page.goto(`${demo.url}${p}`);
          await settle(page, name);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          const axe = await axeSerious(page);
          const where = `${name} ${locale} ${viewport.width}px`;
          await page.screenshot({ path: path.join(resultsDir, `responsive-${name}-${locale}-${viewport.width}.png`), fullPage: true });
          if (overflow > 0 || axe.length) findings.push({ where, overflow, axe });
        }
      }
      const mine = findings.filter((f) => f.where.includes(` ${locale} `));
      if (mine.length) console.error(mine.map((f) => `${f.where}: ${f.overflow > 0 ? `${f.overflow}px too wide` : ''} ${f.axe.join('; ')}`).join('\n'));
      expect(mine.filter((f) => f.overflow > 0).map((f) => `${f.where} +${f.overflow}px`)).toEqual([]);
      expect(mine.filter((f) => f.axe.length).map((f) => `${f.where}: ${f.axe.join('; ')}`)).toEqual([]);
    }, 600_000);
  }

  it('prints on A4 landscape without navigation or controls, charts kept', async () => {
    const page = contexts[0].pages()[0];
    await page.setViewportSize({ width: 1123, height: 794 });
    await page.emulateMedia({ media: 'print' });
    try {
      for (const name of ['overview', 'scorecard']) {
        await page.goto(`${demo.url}/${name}?${CONTEXT}`);
        await settle(page, name);
        const look = await page.evaluate(() => {
          const root = document.querySelector('ns-app')!.shadowRoot!;
          const shown = (el: Element | null) => !!el && getComputedStyle(el).display !== 'none';
          const view = [...root.querySelector('main')!.children].find((e) => e.tagName.endsWith('-VIEW'))?.shadowRoot;
          const charts = [...(view?.querySelectorAll('ns-chart, ns-sparkline') ?? [])];
          return {
            header: shown(root.querySelector('header')),
            main: shown(root.querySelector('main')),
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            charts: charts.length > 0 && charts.every((c) => shown(c) && c.getBoundingClientRect().width > 0),
          };
        });
        expect(look, name).toEqual({ header: false, main: true, overflow: 0, charts: true });
        await page.pdf({ path: path.join(resultsDir, `print-${name}.pdf`), format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
      }
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  }, 120_000);
});
