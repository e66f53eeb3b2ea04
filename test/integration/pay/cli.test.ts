/** `northstar people import FILE` and `northstar export payout CODE`, as a user runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../../helpers/database.ts';
import { evaluationFixture } from '../evaluations/setup.ts';
import { payFixture } from './setup.ts';

/** Each command starts Node, compiles TypeScript and opens the database: seconds apiece. */
const CLI_TIMEOUT = 300_000;

describe.each(testDatabaseKinds())('people and pay CLI (%s)', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-pay-'));
  let env: Record<string, string | undefined> = { NORTHSTAR_DATA_DIR: dir, DATABASE_URL: undefined };
  let drop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await createPostgresDatabase();
      env = { ...env, DATABASE_URL: database.url };
      drop = database.drop;
    }
    expect((await runCli(['model', 'import', evaluationFixture('model.yaml'), '--json'], env)).stderr).toBe('');
    expect((await runCli(['import', evaluationFixture('measurements.csv'), '--json'], env)).json).toMatchObject({ changed: 21 });
    expect((await runCli(['evaluate', 'finalize', payFixture('q1-pay.yaml'), '--json'], env)).json).toMatchObject({ version: 1, status: 'final' });
  }, CLI_TIMEOUT);
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports a roster once; a bad one fails naming its rows and changes nothing', async () => {
    const first = await runCli(['people', 'import', payFixture('roster.csv'), '--json'], env);
    expect(first.json).toMatchObject({ employees: 5, added: 5 });
    const again = await runCli(['people', 'import', payFixture('roster.csv')], env);
    expect(again.stdout).toBe('roster.csv: 6 rows, 5 employees: 0 added, 0 replaced, 5 unchanged (nothing changed)\n');
    const bad = await runCli(['people', 'import', payFixture('roster-bad.csv')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('row 3, unit: unknown unit "NOWHERE"');
    expect(bad.stderr).toContain('row 7, from: employee E006');
  }, CLI_TIMEOUT);

  it('exports the payouts with Korean headers (CSV on stdout, XLSX to a file)', async () => {
    const csv = await runCli(['export', 'payout', '2026-Q1', '--format', 'csv', '--locale', 'ko'], env);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout) as string[][];
    expect(rows[0].slice(0, 9)).toEqual(['사번', '성명', '소속', '소속명', '일수', '등급', '지급률', '기준액', '지급액']);
    expect(rows.slice(1, 5).map((r) => [r[0], r[8]])).toEqual([['E001', '4500000'], ['E002', '5000000'], ['E003', '861000'], ['E004', '1653000']]);
    expect(rows[rows.length - 1].slice(1, 9)).toEqual(['합계', '', '', '', '', '', '12700000', '12014000']);
    const out = path.join(dir, 'payout.xlsx');
    expect((await runCli(['export', 'payout', '2026-Q1', '--format', 'xlsx', '--out', out], env)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Payouts', 'Units', 'Run']);
  }, CLI_TIMEOUT);
});
