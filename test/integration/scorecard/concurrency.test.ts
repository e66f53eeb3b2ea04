import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { importModelFile, testActor } from '../../helpers/model.ts';
import { writeMeasurements, type MeasurementInput, type WriteOptions } from '../../../server/measurements/service.ts';
import { BulkWriter } from '../../../server/measurements/bulk-strategy.ts';
import { transition } from '../../../server/periods/service.ts';
import { compareRollups } from '../../../server/rollup/service.ts';
import type { Db } from '../../../server/db/database.ts';

const count = async (db: Db) => (await sql<{ n: number }>`select count(*)::int as n from measurement`.execute(db)).rows[0].n;

/**
 * Two writers at once, on PostgreSQL (PGlite has one connection, so its transactions never
 * overlap): the first writes and holds its transaction open, the second starts meanwhile.
 */
describe.each(testDatabaseKinds())('concurrent measurement writers (%s)', (kind) => {
  const database = useTestDatabase(kind);
  beforeEach(async () => {
    await database.truncate();
    await importModelFile(database.db, 'design-example.yaml');
  });

  /** Runs `first` in a transaction held open until `second` (in its own) has had time to start. */
  async function overlapping<A, B>(first: (trx: Db) => Promise<A>, second: (trx: Db) => Promise<B>): Promise<{ one: A; two: B | unknown }> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let signalDone!: () => void;
    const done = new Promise<void>((resolve) => (signalDone = resolve));
    const one = database.db.transaction().execute(async (trx) => {
      const result = await first(trx);
      signalDone();
      await held;
      return result;
    });
    await done;
    const two = database.db.transaction().execute(second);
    two.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    return { one: await one, two: await two.then((r) => r, (e: unknown) => e) };
  }

  const writing = (rows: MeasurementInput[], options: Partial<WriteOptions> = {}) => (trx: Db) => writeMeasurements(trx, testActor, rows, { source: 'test', accept: 'all', ...options });

  it.skipIf(kind !== 'postgres')('when two writers enter sibling units of one month at once, then the parent adds up both and equals a rebuild', async () => {
    await overlapping(
      writing([{ row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-03', value: 100 }]),
      writing([{ row: 1, indicator: 'SALES', unit: 'BUSAN', period: '2026-03', value: 50 }]),
    );
    const { rows } = await sql<{ value: number }>`
      select r.value from indicator_rollup r join org_unit u on u.id = r.unit_id join indicator i on i.id = r.indicator_id
      where u.code = 'HQ' and i.code = 'SALES' and r.period = '2026-03'`.execute(database.db);
    expect(rows).toEqual([{ value: 150 }]);
    expect(await database.db.transaction().execute((trx) => compareRollups(trx))).toEqual([]);
  });

  it.skipIf(kind !== 'postgres')('when two writers save one key at once from the same revision, then the first wins and the second gets a conflict naming the new value', async () => {
    const { one, two } = await overlapping(
      writing([{ row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-03', value: 100, expectedRevision: 0 }]),
      writing([{ row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-03', value: 70, expectedRevision: 0 }]),
    );
    expect(one).toMatchObject({ changed: 1 });
    expect(two).toMatchObject({ status: 409, details: [{ row: 1, code: 'conflict', value: 100 }] });
    const { rows } = await sql<{ value: number; revisions: number }>`
      select m.value, (select count(*)::int from measurement_revision) as revisions from measurement m`.execute(database.db);
    expect(rows).toEqual([{ value: 100, revisions: 1 }]);
  });

  it.skipIf(kind !== 'postgres')('when a month is locked while a write waits, then the write is refused as locked', async () => {
    const { two } = await overlapping(
      (trx) => transition(trx, testActor, 'SEOUL', '2026-03', 'lock', 'closing'),
      writing([{ row: 1, indicator: 'SALES', unit: 'SEOUL', period: '2026-03', value: 100 }]),
    );
    expect(two).toMatchObject({ status: 423, details: [{ row: 1, code: 'period_locked' }] });
    expect(await count(database.db)).toBe(0);
  });

  it.skipIf(kind !== 'postgres')('when a month is locked while a bulk import is staging its rows, then its rows of that month are refused as locked', async () => {
    const rows: MeasurementInput[] = ['2026-03', '2026-04'].flatMap((period, p) =>
      ['SEOUL', 'BUSAN'].map((unit, u) => ({ row: p * 2 + u + 1, indicator: 'SALES', unit, period, value: 10 })),
    );
    const result = await database.db.transaction().execute(async (trx) => {
      const writer = await BulkWriter.open(trx, testActor, { source: 'test', accept: 'valid' });
      await writer.add(rows);
      await database.db.transaction().execute((other) => transition(other, testActor, 'BUSAN', '2026-04', 'lock', 'closing'));
      return writer.finish();
    });
    expect(result).toMatchObject({ accepted: 3, changed: 3, rejected: [{ row: 4, code: 'period_locked' }] });
    expect(await count(database.db)).toBe(3);
  });
});
