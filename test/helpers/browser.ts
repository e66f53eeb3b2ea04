import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, startServerProcess } from './cli.ts';

/** Debian's Chromium (or CHROMIUM_PATH); null when this machine has none. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium: install Debian’s chromium package or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    // The closed network here refuses Chromium's own background traffic; keep it quiet.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The end-to-end tests serve the built web app; build it once if it is missing. */
export async function ensureWebBuilt(): Promise<void> {
  if (fs.existsSync(path.join(repoRoot, 'dist', 'web', 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn' });
}

export const resultsDir = path.join(repoRoot, 'test-results');

/** The demo accounts' password in the end-to-end servers. */
export const DEMO_PASSWORD = 'northstar-demo';

const DEMO_SERVER_ENV = { DATABASE_URL: undefined, NORTHSTAR_ADMIN_PASSWORD: 'e2e-admin-password', NORTHSTAR_DEMO_PASSWORD: DEMO_PASSWORD, NORTHSTAR_SCHEDULER: 'off' };

/**
 * A data directory the demo company was seeded into by a first `serve`, made once per test run
 * and copied by every end-to-end file: seeding is most of a server's start. The first file to
 * ask seeds it (an atomic mkdir decides who); the others wait for its marker.
 */
async function seededDemoTemplate(): Promise<string> {
  const template = path.join(inject('runDir'), 'demo-template');
  const [claim, ready, failed] = ['.claim', '.ready', '.failed'].map((suffix) => template + suffix);
  try {
    fs.mkdirSync(claim);
  } catch {
    for (const deadline = Date.now() + 280_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      if (fs.existsSync(ready)) return template;
      if (fs.existsSync(failed)) throw new Error(`seeding the demo template failed: ${fs.readFileSync(failed, 'utf8')}`);
    }
    throw new Error('timed out waiting for the demo template');
  }
  const seeding = startServerProcess({ ...DEMO_SERVER_ENV, NORTHSTAR_DATA_DIR: template }, 240_000);
  try {
    await seeding.ready;
  } catch (error) {
    fs.writeFileSync(failed, String(error));
    throw error;
  }
  seeding.child.kill('SIGTERM');
  await seeding.exited;
  fs.writeFileSync(ready, '');
  return template;
}

/**
 * For a describe block: the built web app served by a real server on a fresh embedded database
 * with the demo company (scheduler off), and Chromium; both stopped and the data removed after.
 * Read `url` and `browser` inside the tests (they are set in beforeAll).
 */
export function useDemoServerAndBrowser(prefix: string): { readonly url: string; readonly browser: Browser } {
  const state = { url: '', browser: undefined as unknown as Browser };
  let server: ReturnType<typeof startServerProcess> | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  beforeAll(async () => {
    await ensureWebBuilt();
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.cpSync(await seededDemoTemplate(), dataDir, { recursive: true });
    server = startServerProcess({ ...DEMO_SERVER_ENV, NORTHSTAR_DATA_DIR: dataDir }, 240_000);
    state.url = await server.ready;
    state.browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await state.browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return state;
}

export interface SignInOptions {
  locale?: string;
  viewport?: { width: number; height: number };
  /** Lets axe-core be injected; the app itself runs under the real policy otherwise. */
  bypassCSP?: boolean;
}

/**
 * Signs a demo account in through the sign-in form, in a fresh browser context, and waits for
 * its home view: the overview for admins, My work for everyone below.
 */
export async function signInAs(browser: Browser, url: string, username: string, options: SignInOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: options.locale ?? 'en-US', bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.locator('[data-testid="signin-username"]').fill(username);
  await page.locator('[data-testid="signin-password"]').fill(DEMO_PASSWORD);
  await page.locator('[data-testid="signin-submit"]').click();
  await page.locator('[data-view="overview"], [data-view="mywork"]').first().waitFor({ state: 'visible', timeout: 30_000 });
  return page;
}
