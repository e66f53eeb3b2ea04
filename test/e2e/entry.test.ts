/**
 * Monthly entry end to end in Chromium on the demo company: a contributor fills in and submits a
 * month; a manager returns it with a comment; the contributor corrects and resubmits; the
 * manager approves and the month locks; imports into it are refused as locked; an admin reopens
 * it with a reason; the audit log shows each step.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, DEMO_PASSWORD as PASSWORD, resultsDir, useDemoServerAndBrowser, signInAs } from '../helpers/browser.ts';

const hasBrowser = chromiumPath() !== null;
const UNIT = 'SEOUL-GANGNAM';
const PERIOD = '2026-10';

describe.skipIf(!hasBrowser)('monthly entry, review and close in Chromium', () => {
  const demo = useDemoServerAndBrowser('northstar-e2e-entry-');
  let url = '';
  let browser: Browser;
  beforeAll(() => {
    url = demo.url;
    browser = demo.browser;
  });

  const signIn = (username: string): Promise<Page> => signInAs(browser, url, username);

  async function openEntry(page: Page) {
    await page.goto(`${url}/entry?unit=${UNIT}&period=${PERIOD}`);
    await page.locator('[data-testid="workflow-state"]').waitFor({ state: 'visible', timeout: 30_000 });
  }
  const stateOf = (page: Page) => page.locator('[data-testid="workflow-state"]').getAttribute('data-state');

  async function api(username: string) {
    const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return (method: string, p: string, body?: string, type = 'application/json') =>
      fetch(`${url}/api/v1${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': type }, body });
  }

  it('walks a month from draft to locked and back, with every step in the audit log', async () => {
    const contributor = await signIn('demo-contributor');
    await openEntry(contributor);
    expect(await contributor.locator('nav [data-nav="entry"]').count()).toBe(1);
    const first = contributor.locator('input[data-testid^="value-"]').first();
    const code = (await first.getAttribute('data-testid'))!.slice('value-'.length);
    const note = contributor.locator(`[data-testid="note-${code}"]`);
    await first.fill('12345');
    await note.fill('entered in the e2e test');
    await contributor.locator('[data-testid="entry-submit"]').click();
    await expect.poll(() => stateOf(contributor), { timeout: 20_000 }).toBe('submitted');
    await contributor.screenshot({ path: path.join(resultsDir, 'entry-submitted.png'), fullPage: true });

    const manager = await signIn('demo-manager');
    await openEntry(manager);
    expect(await stateOf(manager)).toBe('submitted');
    await manager.locator('[data-testid="workflow-text"]').fill('Please check the value');
    await manager.locator('[data-testid="workflow-return"]').click();
    await expect.poll(() => stateOf(manager), { timeout: 20_000 }).toBe('returned');

    await openEntry(contributor);
    expect(await stateOf(contributor)).toBe('returned');
    await expect.poll(() => contributor.locator('[data-testid="workflow-comment"]').innerText()).toContain('Please check the value');
    await contributor.locator(`[data-testid="value-${code}"]`).fill('12346');
    await contributor.locator('[data-testid="entry-submit"]').click();
    await expect.poll(() => stateOf(contributor), { timeout: 20_000 }).toBe('submitted');

    await openEntry(manager);
    await manager.locator('[data-testid="workflow-approve"]').click();
    await manager.locator('[data-testid="workflow-approve-confirm"]').click();
    await expect.poll(() => stateOf(manager), { timeout: 20_000 }).toBe('locked');
    await manager.screenshot({ path: path.join(resultsDir, 'entry-locked.png'), fullPage: true });

    const admin = await api('demo-admin');
    const file = await admin('POST', '/imports?filename=late.csv', `indicator,unit,period,value\n${code},${UNIT},${PERIOD},1\n`, 'text/csv');
    expect(file.status).toBe(423);
    expect(((await file.json()) as any).error.message).toMatch(new RegExp(`${PERIOD} is locked for ${UNIT}`));
    const push = await admin('POST', '/measurements', JSON.stringify({ rows: [{ indicator: code, unit: UNIT, period: PERIOD, value: 1 }] }));
    expect(push.status).toBe(423);

    const adminPage = await signIn('demo-admin');
    await openEntry(adminPage);
    await adminPage.locator('[data-testid="workflow-text"]').fill('Correction after audit');
    await adminPage.locator('[data-testid="workflow-reopen"]').click();
    await expect.poll(() => stateOf(adminPage), { timeout: 20_000 }).toBe('draft');

    const audit = (await (await admin('GET', `/periods/${UNIT}/${PERIOD}/audit`)).json()) as { steps: { action: string; actor: string; reason: string | null }[] };
    expect(audit.steps.map((s) => `${s.action}:${s.actor}`)).toEqual([
      'period.submit:demo-contributor',
      'period.return:demo-manager',
      'period.submit:demo-contributor',
      'period.approve:demo-manager',
      'period.lock:demo-manager',
      'period.reopen:demo-admin',
    ]);
    expect(audit.steps.at(-1)!.reason).toBe('Correction after audit');
    const history = (await (await admin('GET', `/measurements/${UNIT}/${code}/${PERIOD}/history`)).json()) as unknown[];
    expect(history.length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
