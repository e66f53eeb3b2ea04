import fs from 'node:fs';
import { DomainError } from '../http/errors.ts';

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium; null when neither exists. */
export function chromiumExecutable(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export const NO_CHROMIUM = 'PDF needs Chromium: install Debian’s chromium package (apt-get install chromium) or set CHROMIUM_PATH; HTML and XLSX work without it';

/** Prints a self-contained HTML page to an A4 landscape PDF with headless Chromium. */
export async function htmlToPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new DomainError('pdf_unavailable', NO_CHROMIUM, undefined, 503);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    // The page is self-contained: refuse every request so nothing outside it can load.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return Buffer.from(await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true, tagged: true }));
  } finally {
    await browser.close();
  }
}
