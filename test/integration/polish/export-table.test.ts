/** Export what you see: POST /exports/table writes the shown table as CSV (the one CSV writer) or XLSX. */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';

const table = {
  name: 'scorecard-서울-2026-03',
  sheet: 'Scorecard',
  columns: [{ label: '지표' }, { label: '점수', digits: 1 }, { label: '반영률', digits: 0, percent: true }],
  rows: [
    ['매출액', 104.3, 0.67],
    ['=HYPERLINK("x")', null, 1],
  ],
};

describe.each(testDatabaseKinds())('export what you see (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await app.user('viewer', [{ role: 'viewer', unit: null }]);
  });

  it('writes CSV with the headers given, numbers as shown and formulas neutralised', async () => {
    const viewer = await app.signIn('viewer');
    const res = await viewer.post('/api/v1/exports/table', { ...table, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('scorecard-서울-2026-03.csv')}`);
    const rows = parse(res.text, { bom: true }) as string[][];
    expect(rows).toEqual([
      ['지표', '점수', '반영률'],
      ['매출액', '104.3', '0.67'],
      ["'=HYPERLINK(\"x\")", '', '1'],
    ]);
  });

  it('writes XLSX with numeric cells in the shown format', async () => {
    const viewer = await app.signIn('viewer');
    const res = await fetch(`${app.url}/api/v1/exports/table`, { method: 'POST', headers: { ...viewer.headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...table, format: 'xlsx' }) });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Scorecard')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['매출액', 104.3, 0.67]);
    expect(sheet.getColumn(2).numFmt).toBe('#,##0.0');
    expect(sheet.getColumn(3).numFmt).toBe('0%');
  });

  it('refuses a ragged table with a 400 naming the row, and anonymous callers', async () => {
    const viewer = await app.signIn('viewer');
    const bad = await viewer.post('/api/v1/exports/table', { ...table, format: 'csv', rows: [['a', 1, 1], ['b', 2]] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', details: [{ row: 2, field: 'rows' }] });
    const badFormat = await viewer.post('/api/v1/exports/table', { ...table, format: 'pdf' });
    expect(badFormat.status).toBe(400);
    expect((await app.anonymous().post('/api/v1/exports/table', { ...table, format: 'csv' })).status).toBe(401);
  });
});
