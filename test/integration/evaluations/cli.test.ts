/** `northstar evaluate preview|finalize FILE --json` and `northstar export evaluation CODE`, as a user runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../../helpers/database.ts';
import { evaluationFixture } from './setup.ts';

/** Each command starts Node, compiles TypeScript and opens the database: seconds apiece. */
const CLI_TIMEOUT = 300_000;

describe.each(testDatabaseKinds())('evaluation CLI (%s)', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-evaluate-'));
  let env: Record<string, string | undefined> = { NORTHSTAR_DATA_DIR: dir, DATABASE_URL: undefined };
  let drop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await createPostgresDatabase();
      env = { ...env, DATABASE_URL: database.url };
      drop = database.drop;
    }
    const model = await runCli(['model', 'import', evaluationFixture('model.yaml'), '--json'], env);
    expect(model.stderr).toBe('');
    const data = await runCli(['import', evaluationFixture('measurements.csv'), '--json'], env);
    expect(data.json).toMatchObject({ changed: 21 });
  }, CLI_TIMEOUT);
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews a cycle file without storing it, then finalises it, in the DESIGN.md §3 JSON shape', async () => {
    const preview = await runCli(['evaluate', 'preview', evaluationFixture('q1-bands.yaml'), '--json'], env);
    expect(preview.stderr).toBe('');
    expect(preview.code).toBe(0);
    expect(preview.json).toMatchObject({ cycle: '2026-Q1', version: 1, provisional: true });
    expect(preview.json.results).toEqual([
      { unit: 'SEOUL', name: { en: 'Seoul branch', ko: '서울점' }, score: 100, adjustment: 0, total: 100, coverage: 1, rank: 1, grade: 'S', perspectives: { financial: 100, customer: 100 }, complete: true, completeness: { leftOut: [], partial: [] } },
      { unit: 'INCHEON', name: { en: 'Incheon branch', ko: '인천점' }, score: 95, adjustment: 0, total: 95, coverage: 1, rank: 2, grade: 'S', perspectives: { financial: 95, customer: 95 }, complete: true, completeness: { leftOut: [], partial: [] } },
      { unit: 'BUSAN', name: { en: 'Busan branch', ko: '부산점' }, score: 90, adjustment: -1.5, total: 88.5, coverage: 1, rank: 3, grade: 'B', perspectives: { financial: 90, customer: 90 }, complete: true, completeness: { leftOut: [], partial: [] } },
      { unit: 'DAEGU', name: { en: 'Daegu branch', ko: '대구점' }, score: 80, adjustment: 0, total: 80, coverage: 0.5, rank: 4, grade: 'B', perspectives: { financial: 80, customer: null }, complete: false, completeness: { leftOut: ['CSAT'], partial: [] } },
    ]);
    const nothingYet = await runCli(['export', 'evaluation', '2026-Q1', '--format', 'json'], env);
    expect(nothingYet.code).not.toBe(0);
    expect(nothingYet.stderr).toMatch(/Unknown evaluation cycle "2026-Q1"/);

    const final = await runCli(['evaluate', 'finalize', evaluationFixture('q1-bands.yaml'), '--json'], env);
    expect(final.stderr).toBe('');
    expect(final.json).toMatchObject({ cycle: '2026-Q1', version: 1, provisional: false, status: 'final', finalizedBy: expect.stringMatching(/^cli:/) });
    expect(final.json.results).toEqual(preview.json.results);

    const again = await runCli(['evaluate', 'finalize', evaluationFixture('q1-bands.yaml')], env);
    expect(again.code).not.toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/already final.*reopen/);
  }, CLI_TIMEOUT);

  it('exports the finalised cycle as CSV on stdout and as XLSX to a file', async () => {
    const csv = await runCli(['export', 'evaluation', '2026-Q1', '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout) as string[][];
    expect(rows.map((r) => [r[0], r[6], r[9]])).toEqual([['unit', 'total', 'grade'], ['SEOUL', '100', 'S'], ['INCHEON', '95', 'S'], ['BUSAN', '88.5', 'B'], ['DAEGU', '80', 'B']]);

    const out = path.join(dir, 'rewards.xlsx');
    const xlsx = await runCli(['export', 'evaluation', '2026-Q1', '--format', 'xlsx', '--out', out], env);
    expect(xlsx.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Results')!;
    const busan = sheet.getRow(4);
    expect([busan.getCell(1).value, busan.getCell(5).value, busan.getCell(6).value, busan.getCell(7).value, busan.getCell(9).value, busan.getCell(10).value]).toEqual(['BUSAN', 90, -1.5, 88.5, 3, 'B']);

    const bad = await runCli(['export', 'evaluation', '2026-Q1', '--format', 'pdf'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--format must be csv, xlsx or json/);
  }, CLI_TIMEOUT);
});
