import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createPostgresDatabase } from '../../helpers/database.ts';
import { runCli, startServerProcess } from '../../helpers/cli.ts';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { upsertJob } from '../../../server/scheduling/repository.ts';

/** A GET on a fresh connection (so the cluster's round robin hands each to the next worker). */
function getFresh(url: string): Promise<{ status: number; worker: string | undefined }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, worker: res.headers['x-northstar-worker'] as string | undefined }));
      })
      .on('error', reject);
  });
}

describe('NORTHSTAR_WORKERS', () => {
  it('when more than one worker is asked for on the embedded database, then serve refuses and says why', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-workers-'));
    try {
      const run = await runCli(['serve'], { DATABASE_URL: undefined, NORTHSTAR_DATA_DIR: dataDir, NORTHSTAR_WORKERS: '2', PORT: '0' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/NORTHSTAR_WORKERS=2: more than one server process needs PostgreSQL \(DATABASE_URL\)/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('when two workers serve one PostgreSQL, then both answer and a job tick runs once', async () => {
    const database = await createPostgresDatabase();
    try {
      const handle = await openDatabase({ url: database.url, dataDir: '' });
      await migrateToLatest(handle.db);
      // every second, so a few ticks fall inside the test
      await upsertJob(handle.db, { name: 'tick', kind: 'maintenance', schedule: '* * * * * *', timezone: 'UTC', config: {}, enabled: true, timeLimitSeconds: 60, maxAttempts: 1 });
      await handle.close();

      const server = startServerProcess({ DATABASE_URL: database.url, NORTHSTAR_WORKERS: '2', NORTHSTAR_SCHEDULER: 'on', LOG_LEVEL: 'info' }, 120_000);
      const url = await server.ready;
      const answers = await Promise.all(Array.from({ length: 12 }, () => getFresh(`${url}/healthz`)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(['1', '2']));
      await new Promise((r) => setTimeout(r, 3500));
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);

      expect(server.output().match(/scheduler runs in this worker/g)?.length).toBe(1);
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      const runs = await sql<{ scheduled_for: Date; status: string }[]>`select scheduled_for, status from job_run where job_name = 'tick' and trigger = 'schedule' order by id`;
      await sql.end();
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(new Set(runs.map((r) => r.scheduled_for.toISOString())).size).toBe(runs.length);
      expect(runs.filter((r) => r.status === 'skipped')).toEqual([]);
    } finally {
      await database.drop();
    }
  }, 180_000);
});
