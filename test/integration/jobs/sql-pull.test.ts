import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile } from '../../helpers/model.ts';
import { count, runJob, saveJob, snapshot } from './support.ts';

/** The SQL source is a real second PostgreSQL database: only with TEST_DATABASE_URL. */
describe.skipIf(!process.env.TEST_DATABASE_URL).each(testDatabaseKinds())('SQL pull from another PostgreSQL database (into %s)', (kind) => {
  const app = useTestApp(kind);
  let source: Awaited<ReturnType<typeof createPostgresDatabase>>;
  beforeAll(async () => {
    source = await createPostgresDatabase();
    const s = postgres(source.url, { max: 1, onnotice: () => {} });
    await s.unsafe(`create table kpi_feed (kpi text, branch text, month date, amount numeric, remark text)`);
    await s.unsafe(`insert into kpi_feed values
      ('SALES', 'SEOUL', '2026-05-01', 210.5, 'from ERP'), ('SALES', 'BUSAN', '2026-05-01', 99, null),
      ('ORDERS', 'SEOUL', '2026-05-01', 40, null), ('SALES', 'SEOUL', '2026-06-01', 220, null)`);
    await s.end();
    process.env.NS_TEST_SOURCE_DB = source.url;
  });
  afterAll(async () => {
    delete process.env.NS_TEST_SOURCE_DB;
    await source?.drop();
  });
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
  });
  const query = `select kpi as indicator, branch as unit, to_char(month, 'YYYY-MM') as period, amount as value, remark as note from kpi_feed where to_char(month, 'YYYY-MM') = {period} order by kpi, branch`;

  it('pulls the period’s rows (the period bound as a parameter), updates scores, and a second pull changes nothing', async () => {
    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_TEST_SOURCE_DB', query, timeoutMs: 5000 } });
    const run = await runJob(app.ctx, 'erp', '2026-05');
    expect(run.status).toBe('succeeded');
    expect(run.outcome).toMatchObject({ rowsRead: 3, rowsAccepted: 3, rowsRejected: 0 });
    const first = await snapshot(app.db);
    expect(first.measurements).toEqual([
      expect.objectContaining({ indicator: 'ORDERS', unit: 'SEOUL', period: '2026-05', value: '40' }),
      expect.objectContaining({ indicator: 'SALES', unit: 'BUSAN', period: '2026-05', value: '99' }),
      expect.objectContaining({ indicator: 'SALES', unit: 'SEOUL', period: '2026-05', value: '210.5', note: 'from ERP', source: 'job:erp' }),
    ]);
    expect(first.rollup).toContainEqual(expect.objectContaining({ indicator: 'SALES', unit: 'HQ', period: '2026-05', value: '309.5' }));
    expect((await runJob(app.ctx, 'erp', '2026-05')).status).toBe('succeeded');
    expect(await snapshot(app.db)).toEqual(first);
  });

  it('runs read-only with a statement time-out; bad queries and missing settings fail the run with the reason', async () => {
    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_TEST_SOURCE_DB', query: `with written as (insert into kpi_feed values ('X', 'Y', now(), 1, null) returning *) select kpi as indicator, branch as unit, '2026-01' as period, amount as value from written`, timeoutMs: 5000 } });
    let run = await runJob(app.ctx, 'erp');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/read-only transaction/);

    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_TEST_SOURCE_DB', query: `select 'SALES' as indicator, 'SEOUL' as unit, '2026-01' as period, 1 as value from pg_sleep(3)`, timeoutMs: 300 } });
    run = await runJob(app.ctx, 'erp');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/statement time-out of 300 ms/);

    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_TEST_SOURCE_DB', query: `select kpi, branch as unit, '2026-01' as period, amount as value from kpi_feed`, timeoutMs: 5000 } });
    run = await runJob(app.ctx, 'erp');
    expect(run.outcome.error).toMatch(/lacks indicator/);

    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_TEST_NOT_SET', query, timeoutMs: 5000 } });
    run = await runJob(app.ctx, 'erp');
    expect(run.outcome.error).toMatch(/NS_TEST_NOT_SET .*is not set/);
    expect(await count(app.db, 'measurement')).toBe(0);
    const s = postgres(source.url, { max: 1, onnotice: () => {} });
    expect((await s`select count(*)::int as n from kpi_feed`)[0].n).toBe(4);
    await s.end();
  });
});
