/**
 * Web benchmark (issues "The dashboard" and "On a phone", budgets): the initial JavaScript
 * gzipped (goal ≤ 60 KB),
 * the overview's API requests (goal ≤ 4) and, on the synthetic organisation of the scorecard
 * benchmark, the overview rendered in Chromium with no long task over 200 ms.
 * Run through `npm run bench` (it needs the large PostgreSQL database the scorecard part builds).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'vite';
import { startServerProcess, repoRoot } from '../test/helpers/cli.ts';
import { launchChromium } from '../test/helpers/browser.ts';

/** The entry script and everything it preloads: what a first visit downloads before any view. */
function initialJavaScript(distDir: string) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const sizes = files.map((f) => {
    const content = fs.readFileSync(path.join(distDir, f));
    return { file: f, bytes: content.length, gzip: zlib.gzipSync(content, { level: 9 }).length };
  });
  return { files: sizes, gzipBytes: sizes.reduce((s, f) => s + f.gzip, 0) };
}

export async function runWebBench(databaseUrl: string, credentials: { username: string; password: string }) {
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
  const initial = initialJavaScript(path.join(repoRoot, 'dist', 'web'));

  const server = startServerProcess({ DATABASE_URL: databaseUrl, NORTHSTAR_SCHEDULER: 'off' });
  const url = await server.ready;
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.addInitScript(() => {
      (window as any).__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => (window as any).__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${url}/signin`);
    await page.locator('[data-testid="signin-username"]').fill(credentials.username);
    await page.locator('[data-testid="signin-password"]').fill(credentials.password);
    await page.locator('[data-testid="signin-submit"]').click();
    // below admin the home is My work (the bench user is a company-wide viewer)
    await page.locator('[data-view="overview"], [data-view="mywork"]').first().waitFor({ timeout: 120_000 });
    // A cold load of the overview for the whole company: count its API calls and long tasks.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(new URL(r.url()).pathname);
    });
    const started = Date.now();
    await page.goto(`${url}/overview?unit=HQ&period=2026-06&window=ytd`);
    await page.locator('[data-testid="total-score"]').waitFor();
    await page.waitForFunction(() => !document.querySelector('ns-app')?.shadowRoot?.querySelector('[data-view="overview"]')?.shadowRoot?.querySelector('[data-testid="state-loading"]'), null, { timeout: 60_000 }).catch(() => undefined);
    await page.waitForLoadState('networkidle');
    const renderMs = Date.now() - started;
    const longTasks: number[] = await page.evaluate(() => (window as any).__longTasks);
    const overviewRequests = [...requests];
    // The scorecard of the whole company on a phone (cards), then a period change (calm loading:
    // the previous card stays while the next loads): long tasks of both.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => ((window as any).__longTasks = []));
    const scStarted = Date.now();
    await page.goto(`${url}/scorecard?unit=HQ&period=2026-06&window=ytd`);
    await page.locator('[data-testid="scorecard-tree"]').waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    const scorecardMs = Date.now() - scStarted;
    await page.locator('[data-testid="period-prev"]').click();
    await page.waitForFunction(() => location.search.includes('period=2026-05'));
    await page.waitForLoadState('networkidle');
    const phoneTasks: number[] = await page.evaluate(() => (window as any).__longTasks);
    const phoneOverflow: number = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const result = {
      initialJsGzipKB: initial.gzipBytes / 1024,
      initialFiles: initial.files,
      overviewApiRequests: overviewRequests.length,
      overviewRequests,
      overviewRenderMs: renderMs,
      longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      longTasksOver200ms: longTasks.filter((d) => d > 200).length,
      phoneScorecardMs: scorecardMs,
      phoneLongestTaskMs: phoneTasks.length ? Math.max(...phoneTasks) : 0,
      phoneLongTasksOver200ms: phoneTasks.filter((d) => d > 200).length,
      phoneOverflowPx: phoneOverflow,
      goals: { initialJsGzipKB: 60, overviewApiRequests: 4, longestTaskMs: 200, phoneOverflowPx: 0 },
    };
    console.log('\nWeb benchmark (Chromium, synthetic organisation of 2,001 units on PostgreSQL)');
    console.log(`initial JavaScript: ${result.initialJsGzipKB.toFixed(1)} KB gzipped (${initial.files.map((f) => f.file).join(', ')})`);
    console.log(`phone (390 px) scorecard of HQ: ${scorecardMs} ms, then a period change; longest task ${result.phoneLongestTaskMs.toFixed(0)} ms, ${result.phoneLongTasksOver200ms} over 200 ms, ${phoneOverflow} px wider than the screen`);
    const over = [
      result.initialJsGzipKB > 60 && `initial JS ${result.initialJsGzipKB.toFixed(1)} KB > 60 KB`,
      result.overviewApiRequests > 4 && `overview ${result.overviewApiRequests} requests > 4`,
      result.longTasksOver200ms + result.phoneLongTasksOver200ms > 0 && 'long tasks over 200 ms',
      phoneOverflow > 0 && 'scorecard wider than a phone',
    ].filter(Boolean);
    console.log(over.length ? `OVER BUDGET: ${over.join('; ')}` : 'within budget');
    console.log(`overview: ${result.overviewApiRequests} API requests (${overviewRequests.join(', ')}), rendered in ${renderMs} ms, longest task ${result.longestTaskMs.toFixed(0)} ms, ${result.longTasksOver200ms} over 200 ms`);
    fs.mkdirSync('bench-results', { recursive: true });
    fs.writeFileSync('bench-results/web.json', JSON.stringify(result, null, 2));
    return result;
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
