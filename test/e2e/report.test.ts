import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { chromiumPath } from '../helpers/browser.ts';
import { openDatabase } from '../../server/db/database.ts';
import { getScorecard } from '../../server/scorecards/service.ts';

const hasBrowser = chromiumPath() !== null;
if (!hasBrowser) console.warn('report PDF test skipped: no Chromium (install Debian’s chromium or set CHROMIUM_PATH)');
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (hasBrowser && !hasPoppler) console.warn('report PDF text assertions skipped: no pdftotext (install poppler-utils)');

const END = '2026-10';

describe.skipIf(!hasBrowser)('northstar report: the management report printed to PDF by Chromium (demo company)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-report-'));
  const env = { NORTHSTAR_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: undefined };
  let expected: { score: number; offTarget: string[] };

  beforeAll(async () => {
    const seeded = await runCli(['seed', '--demo', '--end-month', END, '--no-accounts', '--json'], env, 240_000);
    expect(seeded.code, seeded.stderr).toBe(0);
    // What the report must show, read straight from the scorecard service.
    const handle = await openDatabase({ url: null, dataDir: env.NORTHSTAR_DATA_DIR });
    try {
      const card = await getScorecard(handle.db, 'SERVICE', END, { window: 'ytd' });
      const indicators = card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators));
      expected = { score: card.score!, offTarget: indicators.filter((i) => i.status === 'at_risk' || i.status === 'off_track').map((i) => i.code) };
    } finally {
      await handle.close();
    }
  }, 300_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes an A4 landscape PDF, summary / initiatives / portfolio pages, with the unit, its total score and its off-target indicators', async () => {
    const out = path.join(dir, 'service.pdf');
    const res = await runCli(['report', '--unit', 'SERVICE', '--period', END, '--out', out, '--json'], env, 180_000);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json).toMatchObject({ file: out, format: 'pdf' });
    const pdf = fs.readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    fs.mkdirSync(path.join(process.cwd(), 'test-results'), { recursive: true });
    fs.copyFileSync(out, path.join(process.cwd(), 'test-results', 'report-service.pdf'));
    if (!hasPoppler) return;
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    const pageCount = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    // A4 landscape: 842 × 595 points.
    expect(info).toMatch(/Page size:\s+84[12](\.\d+)? x 59[45](\.\d+)? pts/);
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    // The expected pages: the summary (with the off-target indicators, which may run on), then
    // initiatives and priorities starting a new page, then the CS portfolio on the last page.
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages).toHaveLength(pageCount);
    expect(pageCount).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toMatch(/^\s*Management report: Service division/);
    const initiativesPage = pages.findIndex((p) => /^\s*Improvement initiatives/.test(p));
    expect(initiativesPage).toBeGreaterThanOrEqual(1);
    expect(pages[initiativesPage]).toContain('Improvement priorities');
    expect(pages.at(-1)).toMatch(/^\s*CS portfolio/);
    expect(pages.at(-1)).toMatch(/CSI/);
    expect(initiativesPage).toBe(pageCount - 2);
    expect(text).toContain('Management report: Service division');
    expect(text).toContain(expected.score.toLocaleString('en-US', { maximumFractionDigits: 1 }));
    expect(expected.offTarget.length).toBeGreaterThan(0);
    for (const code of expected.offTarget) expect(text).toContain(code);
    expect(text).toContain('Improvement initiatives');
    expect(text).toContain('IMP-REPAIR-SPEED');
    expect(text).toContain('CS portfolio');
  }, 240_000);

  it('writes the HTML and XLSX forms, and refuses an unknown extension', async () => {
    const html = path.join(dir, 'hq.html');
    expect((await runCli(['report', '--unit', 'HQ', '--period', END, '--out', html], env)).code).toBe(0);
    expect(fs.readFileSync(html, 'utf8')).toContain('@page { size: A4 landscape');
    const xlsx = path.join(dir, 'hq.xlsx');
    expect((await runCli(['report', '--unit', 'HQ', '--period', END, '--out', xlsx], env)).code).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const bad = await runCli(['report', '--unit', 'HQ', '--period', END, '--out', path.join(dir, 'x.doc')], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/\.pdf, \.html or \.xlsx/);
  }, 180_000);
});
