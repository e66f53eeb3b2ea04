import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './cli.ts';

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
