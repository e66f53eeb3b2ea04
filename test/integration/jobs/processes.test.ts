import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDatabaseKinds, type TestDatabaseKind } from '../../helpers/database.ts';
import { runCli, startServerProcess } from '../../helpers/cli.ts';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { importModel } from '../../../server/model/service.ts';
import { testActor } from '../../helpers/model.ts';
import { saveJob } from './support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 90_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A company of 2 × 25 branches, 4 indicators: enough distinct keys for a large file. */
const model = {
  units: [{ code: 'HQ', name: 'Company', children: Array.from({ length: 2 }, (_, d) => ({ code: `D${d}`, name: `Division ${d}`, children: Array.from({ length: 25 }, (_, b) => ({ code: `D${d}B${b}`, name: `Branch ${d}-${b}` })) })) }],
  objectives: [{ code: 'O1', name: 'Objective', perspective: 'financial' }],
  indicators: Array.from({ length: 4 }, (_, i) => ({ code: `K${i}`, objective: 'O1', aggregation: { time: 'sum', org: 'sum' } })),
};

/** `rows` measurement rows over distinct keys: 4 indicators × 50 branches × months from 2000 on. */
function writeLargeCsv(file: string, rows: number) {
  const lines = ['indicator,unit,period,value'];
  for (let i = 0; i < rows; i++) {
    const key = i % 200;
    const month = Math.floor(i / 200);
    lines.push(`K${key % 4},D${Math.floor(key / 4) % 2}B${Math.floor(key / 8)},${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')},${(i % 997) + 0.5}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { rows, total: Array.from({ length: rows }, (_, i) => (i % 997) + 0.5).reduce((a, b) => a + b, 0) };
}

interface Target {
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

async function makeTarget(kind: TestDatabaseKind, dir: string): Promise<Target> {
  if (kind === 'postgres') {
    const created = await createPostgresDatabase();
    return { env: { DATABASE_URL: created.url }, open: () => openDatabase({ url: created.url, dataDir: '' }), drop: created.drop };
  }
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  return { env: { NORTHSTAR_DATA_DIR: dataDir, NORTHSTAR_ADMIN_PASSWORD: 'a-long-test-password' }, open: () => openDatabase({ url: null, dataDir }), drop: async () => {} };
}

describe.each(testDatabaseKinds())('server processes (%s)', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-proc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'when a server is killed in the middle of a large import and restarted, then the file is applied wholly or not at all, and the re-run completes with the same final state',
    async () => {
      const target = await makeTarget(kind, dir);
      const inbox = path.join(dir, 'inbox');
      fs.mkdirSync(inbox, { recursive: true });
      const expected = writeLargeCsv(path.join(inbox, 'big.csv'), kind === 'postgres' ? 80_000 : 40_000);
      let handle = await target.open();
      await migrateToLatest(handle.db);
      await handle.db.transaction().execute((trx) => importModel(trx, testActor, model));
      await saveJob(handle.db, { name: 'inbox', kind: 'file-drop', schedule: '*/2 * * * * *', config: { folder: inbox }, timeLimitSeconds: 600 });
      await handle.close();
      const env = { ...target.env, NORTHSTAR_SCHEDULER: 'on', LOG_LEVEL: 'info', NORTHSTAR_DROP_ROOTS: dir };
      try {
        const first = startServerProcess(env);
        await first.ready;
        await waitFor('the import to start', () => first.output().includes('"msg":"job started"'));
        await sleep(kind === 'postgres' ? 700 : 1200);
        first.child.kill('SIGKILL');
        await first.exited;

        handle = await target.open();
        const state = async () => (await sql<{ n: number; total: number | null; revisions: number }>`select count(*)::int as n, sum(value) as total, (select count(*)::int from measurement_revision) as revisions from measurement`.execute(handle.db)).rows[0];
        const afterKill = await state();
        const killedRun = (await sql<{ status: string }>`select status from job_run where job_name = 'inbox' order by id`.execute(handle.db)).rows;
        expect(killedRun.map((r) => r.status)).toEqual(['running']); // it really was killed mid-import
        expect([0, expected.rows]).toContain(afterKill.n); // wholly or not at all
        expect(fs.existsSync(path.join(inbox, 'big.csv'))).toBe(true);
        await handle.close();

        const second = startServerProcess({ ...env, LOG_LEVEL: 'silent' });
        await second.ready;
        await waitFor('the file to be archived', () => fs.existsSync(path.join(inbox, 'archive', 'big.csv')), 120_000);
        second.child.kill('SIGTERM');
        await second.exited;

        handle = await target.open();
        const final = await state();
        expect(final.n).toBe(expected.rows);
        expect(final.total).toBeCloseTo(expected.total, 6);
        expect(final.revisions).toBe(expected.rows);
        const runs = (await sql<{ status: string; error: string | null; rows_accepted: number }>`select status, error, rows_accepted from job_run where job_name = 'inbox' and status <> 'skipped' order by id`.execute(handle.db)).rows;
        expect(runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
        expect(runs[1]).toMatchObject({ status: 'succeeded', rows_accepted: expected.rows });
        await handle.close();
      } finally {
        await target.drop();
      }
    },
    300_000,
  );

  it(
    'the CLI lists jobs with their history and runs one now, for a period, exiting non-zero when it fails',
    async () => {
      const target = await makeTarget(kind, path.join(dir, 'cli'));
      const handle = await target.open();
      try {
        await migrateToLatest(handle.db);
        await saveJob(handle.db, { name: 'check', kind: 'rollup-check', config: {} });
        await saveJob(handle.db, { name: 'pull', kind: 'sql-pull', config: { connectionEnv: 'NS_TEST_NOWHERE', query: 'select 1' } });
      } finally {
        await handle.close();
      }
      try {
        const run = await runCli(['jobs', 'run', 'check', '--period', '2026-01', '--json'], target.env);
        expect(run.code, run.stderr).toBe(0);
        expect(run.json).toMatchObject({ status: 'succeeded' });
        const failed = await runCli(['jobs', 'run', 'pull'], target.env);
        expect(failed.code).toBe(1);
        expect(failed.stdout).toMatch(/failed \(The environment variable NS_TEST_NOWHERE/);
        const list = await runCli(['jobs', 'list', '--json'], target.env);
        expect(list.code, list.stderr).toBe(0);
        expect(list.json.map((j: any) => [j.name, j.runs[0]?.trigger ?? null, j.runs[0]?.period ?? null, j.runs[0]?.status ?? null])).toEqual([
          ['check', 'manual', '2026-01', 'succeeded'],
          ['pull', 'manual', null, 'failed'],
        ]);
        const unknown = await runCli(['jobs', 'run', 'nope'], target.env);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/Unknown job "nope"/);
      } finally {
        await target.drop();
      }
    },
    180_000,
  );

  it.skipIf(kind !== 'postgres')(
    'when two server instances share one PostgreSQL, then every scheduled tick of a job runs exactly once',
    async () => {
      const target = await makeTarget(kind, dir);
      const handle = await target.open();
      try {
        await migrateToLatest(handle.db);
        await saveJob(handle.db, { name: 'tick', kind: 'maintenance', schedule: '*/2 * * * * *', config: {} });
        const env = { ...target.env, NORTHSTAR_SCHEDULER: 'on' };
        const servers = [startServerProcess(env), startServerProcess(env)];
        try {
          await Promise.all(servers.map((s) => s.ready));
          const upSince = new Date();
          await sleep(9_000);
          const stopAt = new Date();
          for (const s of servers) s.child.kill('SIGTERM');
          await Promise.all(servers.map((s) => s.exited));
          const { rows } = await sql<{ scheduled_for: Date; runs: number; statuses: string }>`
            select scheduled_for, count(*)::int as runs, string_agg(status, ',') as statuses from job_run
            where job_name = 'tick' and scheduled_for between ${upSince} and ${stopAt} group by scheduled_for order by scheduled_for`.execute(handle.db);
          expect(rows.length).toBeGreaterThanOrEqual(3);
          for (const r of rows) expect(r).toMatchObject({ runs: 1, statuses: 'succeeded' });
          // no tick was lost between the first and the last
          const times = rows.map((r) => r.scheduled_for.getTime());
          for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(2000);
        } finally {
          for (const s of servers) s.child.kill('SIGKILL');
        }
      } finally {
        await handle.close();
        await target.drop();
      }
    },
    180_000,
  );
});
