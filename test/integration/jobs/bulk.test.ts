import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { importModelFile, testActor } from '../../helpers/model.ts';
import { importMeasurementFile } from '../../../server/measurements/import.ts';
import { parseMeasurementFile } from '../../../server/measurements/file.ts';
import { writeMeasurements, type MeasurementInput } from '../../../server/measurements/service.ts';
import { importModel } from '../../../server/model/service.ts';
import { compareRollups } from '../../../server/rollup/service.ts';
import type { Db } from '../../../server/db/database.ts';
import { snapshot } from './support.ts';

/** Every kind of row the validator knows, good and bad, in one file. */
const FIRST = [
  'indicator,unit,period,value,target,note',
  'SALES,SEOUL,2026-01,100,90,first',
  'SALES,BUSAN,2026-01,50,,',
  'ORDERS,SEOUL,2026-01,10.25,,',
  'SALEZ,SEOUL,2026-01,1,,', // unknown indicator
  'SALES,DAEGU,2026-01,1,,', // unknown unit
  'SALEZ,DAEGU,2026-1,1,,', // three errors on one row
  'SALES,SEOUL,2026-Q1,1,,', // a quarter for a monthly indicator
  'QTR,SEOUL,2026-Q2,7,,', // a quarterly indicator lands on the quarter's last month
  'QTR,SEOUL,2026-13,7,,',
  'CLAIM_RATE,SEOUL,2026-01,3,,', // computed by a formula
  'LOCAL,BUSAN,2026-01,3,,', // does not apply to BUSAN
  'LOCAL,SEOUL,2026-01,3,,',
  'SALES,SEOUL,2026-01,101,,', // same key as row 2
  'SALES,BUSAN,2026-02,5,,', // locked
  'SALES,SEOUL,2026-02,abc,,', // not a number
  'CLAIMS,SEOUL,2026-01,-2,,',
].join('\n');

/** The same keys again: some unchanged, some changed, a note changed, one new. */
const SECOND = [
  'indicator,unit,period,value,note',
  'SALES,SEOUL,2026-01,100,first',
  'SALES,BUSAN,2026-01,55,',
  'ORDERS,SEOUL,2026-01,10.25,now with a note',
  'CLAIMS,SEOUL,2026-01,-2,',
  'CLAIMS,BUSAN,2026-03,4,',
].join('\n');

describe.each(testDatabaseKinds())('bulk ingestion strategy (%s)', (kind) => {
  const database = useTestDatabase(kind);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bulk-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function fresh(db: Db) {
    await database.truncate();
    await importModelFile(db, 'design-example.yaml');
    await db.transaction().execute((trx) =>
      importModel(trx, testActor, {
        indicators: [
          { code: 'QTR', frequency: 'quarterly', aggregation: { time: 'sum', org: 'sum' } },
          { code: 'LOCAL', appliesTo: ['SEOUL'], aggregation: { time: 'sum', org: 'sum' } },
        ],
      }),
    );
    await sql`insert into period_lock (unit_id, period) select id, '2026-02' from org_unit where code = 'BUSAN'`.execute(db);
  }

  const importWith = (p: string, bulkThreshold: number, accept: 'all' | 'valid' = 'valid') =>
    database.db.transaction().execute((trx) => importMeasurementFile(trx, testActor, { path: p }, { accept, bulkThreshold }));

  /** Runs `steps` with one strategy on a fresh database; returns every result and the final state. */
  async function play(bulkThreshold: number) {
    await fresh(database.db);
    const results: unknown[] = [];
    results.push(await importWith(file('first.csv', FIRST), bulkThreshold));
    results.push(await importWith(file('second.csv', SECOND), bulkThreshold));
    results.push(await importWith(file('second.csv', SECOND), bulkThreshold)); // idempotent
    results.push(await importWith(file('first.csv', FIRST), bulkThreshold, 'all').catch((e) => ({ code: e.code, status: e.status, details: e.details })));
    const audit = await sql`select actor_name, entity_key, after from audit_log where entity = 'measurements' order by id`.execute(database.db);
    return { results, state: await snapshot(database.db), audit: audit.rows };
  }

  it('when the same files are imported row by row and in bulk, then results, state, revisions, rollups and audit are identical', async () => {
    const rowByRow = await play(Number.POSITIVE_INFINITY);
    const bulk = await play(2);
    expect(bulk.results).toEqual(rowByRow.results);
    expect(bulk.state).toEqual(rowByRow.state);
    expect(bulk.audit).toEqual(rowByRow.audit);
    // and the run did what it should have
    const first = rowByRow.results[0] as { accepted: number; changed: number; rejected: { row: number; code: string }[] };
    expect(first.accepted).toBe(6);
    expect(first.rejected.map((e) => `${e.row}:${e.code}`)).toEqual([
      '5:unknown_indicator', '6:unknown_unit', '7:unknown_indicator', '7:unknown_unit', '7:bad_period', '8:bad_period', '10:bad_period',
      '11:computed_indicator', '12:not_applicable', '14:duplicate_key', '15:period_locked', '16:invalid_cell',
    ]);
    expect(rowByRow.state.revisions).toHaveLength(9);
    expect(rowByRow.state.measurements.find((m: any) => m.indicator === 'QTR')).toMatchObject({ period: '2026-06' });
  });

  it('when a bulk import touches two months of a longer history, then it recomputes those months and the rollup equals a full rebuild', async () => {
    await fresh(database.db);
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const history = ['indicator,unit,period,value', ...months.flatMap((m) => [`SALES,SEOUL,${m},10`, `SALES,BUSAN,${m},20`, `ORDERS,SEOUL,${m},3`])];
    await importWith(file('history.csv', history.join('\n')), 2, 'all');
    // two of twelve months (and the 2026 targets): the month-limited rebuild, not the full one
    const update = ['indicator,unit,period,value,target', 'SALES,SEOUL,2025-06,15,12', 'SALES,BUSAN,2025-06,0,', 'ORDERS,BUSAN,2025-07,4,'];
    const result = await importWith(file('update.csv', update.join('\n')), 2, 'all');
    expect(result).toMatchObject({ accepted: 3, changed: 3 });
    expect(await database.db.transaction().execute((trx) => compareRollups(trx))).toEqual([]);
    const { rows } = await sql<{ indicator: string; period: string; value: number | null; target: number | null }>`
      select i.code as indicator, r.period, r.value, r.target from indicator_rollup r
      join org_unit u on u.id = r.unit_id join indicator i on i.id = r.indicator_id
      where u.code = 'HQ' and r.period between '2025-05' and '2025-07' order by 1, 2`.execute(database.db);
    expect(rows).toEqual([
      { indicator: 'ORDERS', period: '2025-05', value: 3, target: null },
      { indicator: 'ORDERS', period: '2025-06', value: 3, target: null },
      { indicator: 'ORDERS', period: '2025-07', value: 7, target: null },
      { indicator: 'SALES', period: '2025-05', value: 30, target: null },
      { indicator: 'SALES', period: '2025-06', value: 15, target: 12 },
      { indicator: 'SALES', period: '2025-07', value: 30, target: null },
    ]);
  });

  it('when a file has no quotes, then the fast reader gives the same rows and errors as the CSV parser', async () => {
    const body = '\uFEFFIndicator ; unit;PERIOD;value;note\r\nSALES; SEOUL ;2026-01; 100 ;a b\r\n\r\nSALES;BUSAN;2026-01;x;\r\n   \r\nORDERS;SEOUL;2026-02;+3.5\r\nCLAIMS;SEOUL;2026-02;1;n;extra\r\n';
    const fast = await parseMeasurementFile({ buffer: Buffer.from(body), name: 'plain.csv' });
    // one quoted cell sends the same content through csv-parse
    const parsed = await parseMeasurementFile({ buffer: Buffer.from(body.replace('a b', '"a b"')), name: 'quoted.csv' });
    expect(fast).toEqual(parsed);
    // Rows 6 and 7 have fewer and more cells than the header: row errors, never guessed (DESIGN.md §4).
    expect(fast.inputs.map((i) => i.row)).toEqual([2]);
    expect(fast.errors.map((e) => [e.row, e.field])).toEqual([[4, 'value'], [6, 'row'], [7, 'row']]);
  });

  it('when a writer may not set targets, then both paths refuse the rows that set one (403 when that is all that is wrong)', async () => {
    const inputs: MeasurementInput[] = [
      { row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-04', value: 1, target: 5 },
      { row: 2, indicator: 'SALES', unit: 'BUSAN', period: '2026-04', value: 2 },
    ];
    const options = { source: 'api', canWriteTarget: (u: { code: string }) => u.code !== 'SEOUL' };
    const run = async (bulkThreshold: number) => {
      await fresh(database.db);
      const write = (accept: 'all' | 'valid') => database.db.transaction().execute((trx) => writeMeasurements(trx, testActor, inputs, { ...options, accept, bulkThreshold }));
      const refusedWhole = await write('all').catch((e) => ({ status: e.status, details: e.details }));
      return { refusedWhole, partly: await write('valid'), state: await snapshot(database.db) };
    };
    const normal = await run(Number.POSITIVE_INFINITY);
    expect(await run(1)).toEqual(normal);
    expect(normal.refusedWhole).toMatchObject({ status: 403, details: [{ row: 1, field: 'target', code: 'forbidden' }] });
    expect(normal.partly).toMatchObject({ accepted: 1, changed: 1, rejected: [{ row: 1, field: 'target' }] });
    expect(normal.state.targets.filter((t: any) => t.period === '2026-04')).toEqual([]);
  });

  it('when writeMeasurements gets a large batch, then the bulk path gives the same answer and state as the row-at-a-time path', async () => {
    const inputs: MeasurementInput[] = [
      { row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-04', value: 1.5 },
      { row: 2, indicator: 'SALES', unit: 'BUSAN', period: '2026-04', value: 2, note: 'n' },
      { row: 3, indicator: 'SALES', unit: 'HQ', period: '2026-04', value: 9, target: 10 },
      { row: 4, indicator: 'SALES', unit: 'BUSAN', period: '2026-04', value: 3 },
    ];
    const canWrite = (u: { code: string }) => u.code !== 'HQ';
    const run = async (bulkThreshold: number) => {
      await fresh(database.db);
      const write = (rows: MeasurementInput[], extra = {}) => database.db.transaction().execute((trx) => writeMeasurements(trx, testActor, rows, { source: 'api', accept: 'valid', canWrite, bulkThreshold, ...extra }));
      const results = [await write(inputs), await write([{ row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-04', value: null }]), await write(inputs, { dryRun: true })];
      return { results, state: await snapshot(database.db) };
    };
    const normal = await run(Number.POSITIVE_INFINITY);
    const bulk = await run(1);
    expect(bulk).toEqual(normal);
    expect((normal.results[0] as any).rejected.map((e: any) => e.code)).toEqual(['forbidden', 'duplicate_key']);
    expect(normal.state.revisions.filter((r: any) => r.unit === 'SEOUL').map((r: any) => [r.value, r.previous])).toEqual([['1.5', null], [null, '1.5']]);
  });
});
