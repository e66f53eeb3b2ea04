/**
 * The bulk path stages its rows with COPY (server/db/copy.ts): free text must arrive exactly
 * as written, a streamed file of many chunks stays all or nothing, and repeated keys in a file
 * are refused naming the first row, on both databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { importModelFile, testActor } from '../../helpers/model.ts';
import { importMeasurementFile } from '../../../server/measurements/import.ts';
import { BULK_CHUNK } from '../../../server/measurements/bulk-strategy.ts';
import { count, snapshot } from './support.ts';

/** Notes with every character COPY's text format escapes, and text that looks like its null. */
const AWKWARD = [
  'indicator,unit,period,value,note',
  'SALES,SEOUL,2026-01,100,"tab\there"',
  'SALES,BUSAN,2026-01,50,"back\\slash and \\N and \\t"',
  'ORDERS,SEOUL,2026-01,10.25,"two\nlines\r\nand a carriage return"',
  'ORDERS,BUSAN,2026-01,3,"\\N"',
  'CLAIMS,SEOUL,2026-01,-2,"매장 메모, ""quoted"""',
  'CLAIMS,BUSAN,2026-01,1,',
].join('\n');

/** `months` months from 1900-01 on, every key of two units × two indicators: 4 rows a month. */
function manyMonths(months: number): string[] {
  const lines = ['indicator,unit,period,value'];
  for (let m = 0; m < months; m++) {
    const period = `${1900 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const indicator of ['SALES', 'ORDERS']) for (const unit of ['SEOUL', 'BUSAN']) lines.push(`${indicator},${unit},${period},${(m % 97) + 0.5}`);
  }
  return lines;
}

describe.each(testDatabaseKinds())('bulk staging with COPY (%s)', (kind) => {
  const database = useTestDatabase(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bulk-copy-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const importWith = (p: string, bulkThreshold: number, accept: 'all' | 'valid' = 'all') =>
    database.db.transaction().execute((trx) => importMeasurementFile(trx, testActor, { path: p }, { accept, bulkThreshold }));

  it('when notes hold tabs, backslashes, line breaks, quotes and "\\N", then the bulk path stores them exactly as the row path does', async () => {
    const states = [];
    for (const threshold of [Number.POSITIVE_INFINITY, 1]) {
      await database.truncate();
      await importModelFile(database.db, 'design-example.yaml');
      await importWith(file('awkward.csv', AWKWARD), threshold);
      states.push(await snapshot(database.db));
    }
    expect(states[1]).toEqual(states[0]);
    expect(states[1].measurements.map((m: any) => m.note).sort()).toEqual(
      ['tab\there', 'back\\slash and \\N and \\t', 'two\nlines\r\nand a carriage return', '\\N', '매장 메모, "quoted"', null].sort(),
    );
  });

  it('when a file of several COPY chunks has one bad row at its end and a repeated key, then nothing is stored and both are named; fixed, every row is', async () => {
    await database.truncate();
    await importModelFile(database.db, 'design-example.yaml');
    const lines = manyMonths(Math.ceil((2.5 * BULK_CHUNK) / 4));
    const rows = lines.length - 1;
    const bad = [...lines, lines[5], 'SALES,SEOUL,3000-01,1'];
    const before = await snapshot(database.db);
    const refused = await importWith(file('bad.csv', bad.join('\n')), 100).catch((e) => e);
    expect(refused).toMatchObject({ code: 'invalid_rows', status: 422 });
    expect(refused.details.map((d: any) => `${d.row}:${d.field}:${d.code}`)).toEqual([`${rows + 2}:period:duplicate_key`, `${rows + 3}:period:bad_period`]);
    expect(refused.details[0].message).toBe('the same indicator, unit and period as row 6');
    expect(await snapshot(database.db)).toEqual(before);
    expect(await count(database.db, 'measurement')).toBe(0);

    const result = await importWith(file('good.csv', lines.join('\n')), 100);
    expect(result).toMatchObject({ rows, accepted: rows, changed: rows, rejected: [] });
    expect(await count(database.db, 'measurement')).toBe(rows);
    const { rows: hq } = await sql<{ value: number }>`select r.value from indicator_rollup r join org_unit u on u.id = r.unit_id join indicator i on i.id = r.indicator_id
      where u.code = 'HQ' and i.code = 'SALES' and r.period = '1900-03'`.execute(database.db);
    expect(hq).toEqual([{ value: 5 }]);
  });
});
