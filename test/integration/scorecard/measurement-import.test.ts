import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { importModelFile, testActor } from '../../helpers/model.ts';
import { importMeasurementFile } from '../../../server/measurements/import.ts';
import { DomainError } from '../../../server/http/errors.ts';
import type { Db } from '../../../server/db/database.ts';


async function state(db: Db) {
  const { rows } = await sql<Record<string, unknown>>`
    select (select count(*) from measurement)::int as measurements, (select count(*) from measurement_revision)::int as revisions,
           (select coalesce(sum(value), 0) from measurement) as total`.execute(db);
  return rows[0];
}

const importFile = (db: Db, p: string, accept: 'all' | 'valid' = 'all') => db.transaction().execute((trx) => importMeasurementFile(trx, testActor, { path: p }, { accept }));

describe.each(testDatabaseKinds())('measurement files (%s)', (kind) => {
  const database = useTestDatabase(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-import-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await database.truncate();
    await importModelFile(database.db, 'design-example.yaml');
  });

  it('imports a CSV with case-insensitive headers, an optional target and notes', async () => {
    const p = file('ok.csv', 'Indicator,UNIT,Period,Value,Target,Note\nSALES,SEOUL,2026-01,101.5,100,opening month\nSALES,BUSAN,2026-01,-3,,\nCLAIMS,SEOUL,2026-01,+4,,\n');
    const result = await importFile(database.db, p);
    expect(result).toMatchObject({ rows: 3, changed: 3, unchanged: 0, rejected: [] });
    expect(await state(database.db)).toMatchObject({ measurements: 3, revisions: 3, total: 102.5 });
    const { rows } = await sql<{ note: string }>`select note from measurement where value = 101.5`.execute(database.db);
    expect(rows[0].note).toBe('opening month');
  });

  it('when the same file is imported twice, then the state is identical and no revision is added', async () => {
    const p = file('twice.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-01,100\nSALES,SEOUL,2026-02,120\n');
    await importFile(database.db, p);
    const first = await state(database.db);
    const again = await importFile(database.db, p);
    expect(again).toMatchObject({ changed: 0, unchanged: 2 });
    expect(await state(database.db)).toEqual(first);
  });

  it('when rows are bad, then each error names the row, field and reason, and nothing is applied', async () => {
    const p = file(
      'bad.csv',
      [
        'indicator,unit,period,value',
        'SALES,SEOUL,2026-01,100',
        'SALEZ,SEOUL,2026-01,1',
        'SALES,DAEGU,2026-01,1',
        'SALES,SEOUL,2026-13,1',
        'SALES,SEOUL,2026-02,"1,23"',
        'SALES,SEOUL,2026-03,12abc',
        'SALES,SEOUL,2026-01,5',
        'CLAIM_RATE,SEOUL,2026-01,5',
      ].join('\n'),
    );
    const err = await importFile(database.db, p).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    const details = (err as DomainError).details as { row: number; field: string; message: string }[];
    expect(details.map((d) => [d.row, d.field])).toEqual([[3, 'indicator'], [4, 'unit'], [5, 'period'], [6, 'value'], [7, 'value'], [8, 'period'], [9, 'indicator']]);
    expect(details[0].message).toMatch(/unknown indicator "SALEZ"/);
    expect(details[3].message).toMatch(/"1,23" is not a number \(.*1,234,567\.8 pattern\)/);
    expect(details[5].message).toMatch(/same indicator, unit and period as row 2/);
    expect(details[6].message).toMatch(/computed by its formula/);
    expect(await state(database.db)).toMatchObject({ measurements: 0, revisions: 0 });
  });

  it('when a value carries thousands separators in a quoted cell, then it is read in full: "1,234,567.8" is 1234567.8', async () => {
    const p = file('thousands.csv', 'indicator,unit,period,value,target\nSALES,SEOUL,2026-01,"1,234,567.8","1,200,000"\nSALES,BUSAN,2026-01,"-6,210",\n');
    expect(await importFile(database.db, p)).toMatchObject({ rows: 2, changed: 2, rejected: [] });
    expect(await state(database.db)).toMatchObject({ measurements: 2, total: 1234567.8 - 6210 });
  });

  it('when a value 1,000 is not quoted, then the row has five cells for four columns and the file is refused naming the row', async () => {
    const p = file('unquoted.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-01,100\nSALES,BUSAN,2026-01,1,000\nSALES,SEOUL,2026-02\n');
    const err = (await importFile(database.db, p).catch((e) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    const details = err.details as { row: number; field: string; code: string; message: string }[];
    expect(details.map((d) => [d.row, d.field, d.code])).toEqual([[3, 'row', 'cell_count'], [4, 'row', 'cell_count']]);
    expect(details[0].message).toMatch(/has 5 cells where the header has 4 .*"1,000"/);
    expect(details[1].message).toMatch(/has 3 cells where the header has 4/);
    expect(await state(database.db)).toMatchObject({ measurements: 0 });
  });

  it('with --decimal-comma, "1.234,5" is 1234.5 (thousands points, decimal comma)', async () => {
    const p = file('comma.csv', 'indicator;unit;period;value\nSALES;SEOUL;2026-01;1.234,5\n');
    const result = await database.db.transaction().execute((trx) => importMeasurementFile(trx, testActor, { path: p }, { accept: 'all', decimalComma: true }));
    expect(result).toMatchObject({ rows: 1, changed: 1 });
    expect(await state(database.db)).toMatchObject({ total: 1234.5 });
  });

  it('with accept=valid, the good rows are applied and the rest reported', async () => {
    const p = file('partial.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-01,100\nSALES,SEOUL,2026-02,abc\n');
    const result = await importFile(database.db, p, 'valid');
    expect(result).toMatchObject({ rows: 2, changed: 1, rejected: [{ row: 3, field: 'value' }] });
  });

  it('when a month is locked, then a file touching it is rejected saying so', async () => {
    const unit = await database.db.selectFrom('org_unit').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow();
    await database.db.insertInto('period_lock').values({ unit_id: unit.id, period: '2026-01', locked_by: null }).execute();
    const p = file('locked.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-01,100\nSALES,SEOUL,2026-02,100\n');
    const err = (await importFile(database.db, p).catch((e) => e)) as DomainError;
    expect(err.code).toBe('invalid_rows');
    expect(err.message).toMatch(/2026-01 is locked for SEOUL/);
    expect(await state(database.db)).toMatchObject({ measurements: 0 });
  });

  it('reads XLSX files, semicolon CSV and reports a header without the required columns', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('data');
    sheet.addRow(['indicator', 'unit', 'period', 'value']);
    sheet.addRow(['SALES', 'SEOUL', '2026-01', 100.25]);
    sheet.addRow(['ORDERS', 'BUSAN', '2026-01', 7]);
    const xlsx = path.join(dir, 'data.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    expect(await importFile(database.db, xlsx)).toMatchObject({ changed: 2 });
    expect(await importFile(database.db, file('semi.csv', 'indicator;unit;period;value\nCLAIMS;SEOUL;2026-01;2\n'))).toMatchObject({ changed: 1 });
    const err = (await importFile(database.db, file('nohead.csv', 'indicator,unit,value\nSALES,SEOUL,1\n')).catch((e) => e)) as DomainError;
    expect(err.message).toMatch(/lacks the column period/);
  });
});
