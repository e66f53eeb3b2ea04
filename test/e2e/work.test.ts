/**
 * Commentary, My work and the month-close board end to end in Chromium on the demo company:
 * a contributor comments on an indicator mentioning the division manager; the manager sees the
 * mention in My work; the manager approves and locks three submitted stores from the board.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, useDemoServerAndBrowser, signInAs } from '../helpers/browser.ts';

const hasBrowser = chromiumPath() !== null;

describe.skipIf(!hasBrowser)('commentary, My work and the close board in Chromium', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-work-');
  let url = '';
  let browser: Browser;
  beforeAll(() => {
    url = demo.url;
    browser = demo.browser;
  });

  const signIn = (username: string): Promise<Page> => signInAs(browser, url, username);

  async function api(username: string) {
    const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return async (method: string, p: string, body?: unknown) => {
      const r = await fetch(`${url}/api/v1${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: r.status, body: r.status === 204 ? null : await r.json() };
    };
  }

  it('a contributor comments with a mention and the mentioned manager sees it in My work', async () => {
    const contributor = await signIn('demo-contributor');
    const period = new URL(contributor.url()).searchParams.get('period')!;
    await contributor.goto(`${url}/indicator/OVERALL_SAT?unit=SEOUL-GANGNAM&period=${period}&window=month`);
    const thread = contributor.locator('[data-testid="comment-thread"]');
    await thread.waitFor({ state: 'visible', timeout: 30_000 });
    const before = await contributor.locator('[data-testid="comment"]').count();
    await contributor.locator('[data-testid="comment-kind"]').selectOption('analysis');
    await contributor.locator('[data-testid="comment-body"]').fill('Queue times rose after the refit. @demo-manager can we add weekend staff?');
    await contributor.locator('[data-testid="comment-submit"]').click();
    await expect.poll(() => contributor.locator('[data-testid="comment"]').count(), { timeout: 20_000 }).toBe(before + 1);
    await contributor.screenshot({ path: path.join(resultsDir, 'work-comment.png'), fullPage: true });

    const manager = await signIn('demo-manager');
    const mentions = manager.locator('[data-testid="my-mentions"]');
    await mentions.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => mentions.innerText()).toContain('demo-contributor mentioned you on OVERALL_SAT at SEOUL-GANGNAM');
    await manager.screenshot({ path: path.join(resultsDir, 'work-mywork.png'), fullPage: true });
  }, 120_000);

  it('a manager approves and locks three stores from the close board, after saying so plainly', async () => {
    const manager = await signIn('demo-manager');
    const period = new URL(manager.url()).searchParams.get('period')!;
    const asManager = await api('demo-manager');
    const asAdmin = await api('demo-admin');
    const board = (await asManager('GET', `/close-board?unit=RETAIL&period=${period}`)).body as { units: { unit: string; leaf: boolean; state: string }[] };
    const stores = board.units.filter((u) => u.leaf && ['draft', 'returned', 'submitted'].includes(u.state)).slice(0, 3).map((u) => u.unit);
    expect(stores).toHaveLength(3);
    for (const unit of stores) {
      const state = board.units.find((u) => u.unit === unit)!.state;
      if (state !== 'submitted') expect((await asAdmin('POST', `/periods/${unit}/${period}/submit`, {})).status).toBe(200);
    }
    await manager.goto(`${url}/close?unit=RETAIL&period=${period}&window=ytd`);
    await manager.locator('[data-testid="board"]').waitFor({ state: 'visible', timeout: 30_000 });
    for (const unit of stores) await manager.locator(`tr[data-unit="${unit}"] input[type="checkbox"]`).check();
    await manager.locator('[data-testid="approve-lock"]').click();
    const confirm = manager.locator('[data-testid="confirm"]');
    await confirm.waitFor({ state: 'visible' });
    expect(await confirm.innerText()).toContain('Locked months cannot be changed');
    await manager.locator('[data-testid="confirm-yes"]').click();
    await expect.poll(() => manager.locator('[data-testid="board-outcome"]').innerText(), { timeout: 30_000 }).toContain('3 done, 0 not done');
    for (const unit of stores) await expect.poll(() => manager.locator(`tr[data-unit="${unit}"] [data-testid="state"]`).innerText()).toBe('Locked');
    await manager.screenshot({ path: path.join(resultsDir, 'work-close-board.png'), fullPage: true });
  }, 120_000);
});
