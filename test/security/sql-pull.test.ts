/**
 * Class 1: sql-pull is read-only. A query that begins with `commit;` (or any second statement)
 * is refused by the PostgreSQL server itself (one statement, extended protocol), so nothing of
 * it runs; COPY … TO PROGRAM is refused before it is sent; a source that is Northstar's own
 * database is refused; run errors never echo the source's values.
 * The source is a real second PostgreSQL database: only with TEST_DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { importModelFile } from '../helpers/model.ts';
import { count, runJob, saveJob } from '../integration/jobs/support.ts';

const SELECT_ROW = `select 'SALES' as indicator, 'SEOUL' as unit, '2026-01' as period, 1 as value`;

describe.skipIf(!process.env.TEST_DATABASE_URL).each(testDatabaseKinds())('sql-pull cannot write or read Northstar (into %s)', (kind) => {
  const app = useTestApp(kind);
  let source: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const tables = async () => {
    const s = postgres(source.url, { max: 1, onnotice: () => {} });
    const rows = await s`select tablename from pg_tables where schemaname = 'public' order by 1`;
    const kpis = (await s`select count(*)::int as n from kpi_feed`)[0].n as number;
    await s.end();
    return { tables: rows.map((r) => r.tablename as string), kpis };
  };
  beforeAll(async () => {
    source = await createPostgresDatabase();
    const s = postgres(source.url, { max: 1, onnotice: () => {} });
    await s.unsafe(`create table kpi_feed (kpi text, branch text, month text, amount numeric, secret text)`);
    await s.unsafe(`insert into kpi_feed values ('SALES', 'SEOUL', '2026-01', 1, 'top-secret-value'), ('NOPE', 'SEOUL', '2026-01', 2, 'other-secret')`);
    await s.end();
    process.env.NS_SEC_SOURCE_DB = source.url;
  });
  afterAll(async () => {
    delete process.env.NS_SEC_SOURCE_DB;
    delete process.env.NS_SEC_OWN_DB;
    await source?.drop();
  });
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
  });

  it('when a query begins with commit; and creates a table, then the server refuses the second statement and nothing changes', async () => {
    // Sent to the server: it refuses the second statement, so not even the first one runs.
    for (const query of [`${SELECT_ROW}; commit; create table pwned (x int)`, `${SELECT_ROW}; drop table kpi_feed`, `with x as (select 1) ${SELECT_ROW}; end; insert into kpi_feed values ('X', 'Y', 'Z', 9, 'w')`]) {
      await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_SEC_SOURCE_DB', query, timeoutMs: 5000 } });
      const run = await runJob(app.ctx, 'erp');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/cannot insert multiple commands into a prepared statement/);
    }
    // Not a query at all: refused before it is sent.
    for (const query of [`commit; create table pwned (x int); ${SELECT_ROW}`, `end; drop table kpi_feed; ${SELECT_ROW}`]) {
      await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_SEC_SOURCE_DB', query, timeoutMs: 5000 } });
      const run = await runJob(app.ctx, 'erp');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/cannot insert multiple commands|one query: SELECT/);
    }
    expect(await tables()).toEqual({ tables: ['kpi_feed'], kpis: 2 });
    expect(await count(app.db, 'measurement')).toBe(0);
  });

  it('when a query is COPY … TO PROGRAM, then saving it is a 422 naming config.query and a stored one never runs', async () => {
    const marker = path.join(os.tmpdir(), `ns-sec-copy-${process.pid}-${Date.now()}`);
    await app.user('admin', [{ role: 'admin', unit: null }]);
    const admin = await app.signIn('admin');
    const copy = `copy (select 1) to program 'touch ${marker}'`;
    const res = await admin.put('/api/v1/jobs/erp', { kind: 'sql-pull', schedule: '0 6 * * *', config: { connectionEnv: 'NS_SEC_SOURCE_DB', query: copy } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.error.details)).toMatch(/config\.query/);
    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_SEC_SOURCE_DB', query: `/* x */ ${copy}`, timeoutMs: 5000 } });
    expect((await runJob(app.ctx, 'erp')).status).toBe('failed');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('when a row is bad, then the run error names row and column but no value of the source', async () => {
    const query = `select kpi as indicator, secret as unit, month as period, amount as value from kpi_feed order by kpi`;
    await saveJob(app.db, { name: 'erp', kind: 'sql-pull', config: { connectionEnv: 'NS_SEC_SOURCE_DB', query, timeoutMs: 5000 } });
    const run = await runJob(app.ctx, 'erp');
    expect(run.status).toBe('failed');
    expect(run.outcome.details).toMatchObject({ rejected: [expect.objectContaining({ row: 1, field: 'indicator' }), expect.objectContaining({ row: 1, field: 'unit' }), expect.objectContaining({ row: 2, field: 'unit' })] });
    const cast = `select kpi as indicator, branch as unit, month as period, secret::numeric as value from kpi_feed`;
    await saveJob(app.db, { name: 'erp2', kind: 'sql-pull', config: { connectionEnv: 'NS_SEC_SOURCE_DB', query: cast, timeoutMs: 5000 } });
    const failed = await runJob(app.ctx, 'erp2');
    expect(failed.outcome.error).toMatch(/SQLSTATE 22P02/);
    const runs = await sql`select error, details::text as details from job_run`.execute(app.db);
    expect(JSON.stringify(runs.rows)).not.toMatch(/secret-value|other-secret/);
  });

  it.runIf(kind === 'postgres')('when the connection is Northstar’s own database (even spelt differently), then the run is refused and reads nothing', async () => {
    const own = (await sql<{ name: string }>`select current_database() as name`.execute(app.db)).rows[0].name;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${own}`;
    url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : url.hostname;
    process.env.NS_SEC_OWN_DB = url.toString();
    await app.user('victim', [{ role: 'viewer', unit: null }]);
    const query = `select username as indicator, password_hash as unit, '2026-01' as period, 1 as value from app_user`;
    await saveJob(app.db, { name: 'steal', kind: 'sql-pull', config: { connectionEnv: 'NS_SEC_OWN_DB', query, timeoutMs: 5000 } });
    const run = await runJob(app.ctx, 'steal');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/own database/);
    expect(JSON.stringify(run.outcome)).not.toMatch(/argon2|victim/);
  });
});
