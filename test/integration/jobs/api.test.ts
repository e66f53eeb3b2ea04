import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { importModel } from '../../../server/model/service.ts';
import { DomainError } from '../../../server/http/errors.ts';
import { Scheduler } from '../../../jobs/scheduler.ts';
import { jobKinds } from '../../../jobs/registry.ts';
import { selectRuns } from '../../../server/scheduling/repository.ts';
import type { JobKind } from '../../../jobs/types.ts';
import { TransientJobError } from '../../../jobs/types.ts';
import { count, runJob, saveJob } from './support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabaseKinds())('jobs API, scheduler, rollup check and alerts (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
  });

  describe('jobs API', () => {
    it('lists, saves (validating kind and config), runs with a period, shows the history and deletes jobs, each behind its permission', async () => {
      await app.user('boss', [{ role: 'admin', unit: null }]);
      await app.user('mgr', [{ role: 'manager', unit: null }]);
      const admin = await app.signIn('boss');
      const manager = await app.signIn('mgr');

      let res = await admin.put('/api/v1/jobs/nightly-check', { kind: 'rollup-check', schedule: '0 2 * * *', timezone: 'Asia/Seoul', maxAttempts: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'nightly-check', kind: 'rollup-check', timezone: 'Asia/Seoul', config: {} });
      expect((await manager.put('/api/v1/jobs/x', { kind: 'rollup-check', schedule: '0 2 * * *' })).status).toBe(403);

      res = await admin.put('/api/v1/jobs/bad', { kind: 'ftp-pull', schedule: 'every day', timezone: 'Mars/Olympus' });
      expect(res.status).toBe(422);
      expect(res.body.error.details.map((d: any) => d.path)).toEqual(['kind', 'schedule', 'timezone']);
      res = await admin.put('/api/v1/jobs/bad', { kind: 'http-pull', schedule: '0 * * * *', config: { url: 'ftp://x', headers: { Authorization: 'Bearer plain' }, mapping: { indicator: 'k', unit: 'u', value: 'v' }, extra: 1 } });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(/config\.url/);
      expect(res.body.error.message).toMatch(/config\.headers\.Authorization: looks like a secret/);
      expect(res.body.error.message).toMatch(/config\.mapping\.period: map a period field or set periodFromRun/);

      const list = await manager.get('/api/v1/jobs');
      expect(list.status).toBe(200);
      expect(list.body.map((j: any) => j.name)).toEqual(['nightly-check']);

      res = await admin.post('/api/v1/jobs/nightly-check/run', { period: '2026-01' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ job: 'nightly-check', trigger: 'api', period: '2026-01', status: 'succeeded' });
      expect((await manager.post('/api/v1/jobs/nightly-check/run', {})).status).toBe(403);
      expect((await admin.post('/api/v1/jobs/nightly-check/run', { period: '2026-13' })).status).toBe(400);
      expect((await admin.post('/api/v1/jobs/nope/run', {})).status).toBe(404);

      const runs = await manager.get('/api/v1/jobs/nightly-check/runs');
      expect(runs.body).toHaveLength(1);
      expect(runs.body[0]).toMatchObject({ trigger: 'api', status: 'succeeded', rowsRead: expect.any(Number), error: null });
      expect((await manager.get('/api/v1/jobs')).body[0].lastRun.id).toBe(runs.body[0].id);

      expect((await admin.delete('/api/v1/jobs/nightly-check')).status).toBe(204);
      expect((await admin.delete('/api/v1/jobs/nightly-check')).status).toBe(404);
      const audit = await sql<{ action: string }>`select action from audit_log where entity = 'job' order by id`.execute(app.db);
      expect(audit.rows.map((r) => r.action)).toEqual(['create', 'delete']);
    });

    it('when a model file names an unknown job kind or a bad config, then it is rejected naming the job', async () => {
      const err = await app.db
        .transaction()
        .execute((trx) => importModel(trx, testActor, { jobs: [{ name: 'feed', kind: 'ftp', schedule: '0 * * * *' }, { name: 'drop', kind: 'file-drop', schedule: '0 * * * *', config: { accept: 'some' } }] }))
        .catch((e) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).details).toEqual([
        { path: 'jobs[0] (feed).kind', message: expect.stringMatching(/unknown job kind "ftp"/) },
        { path: 'jobs[1] (drop).config.folder', message: expect.any(String) },
        { path: 'jobs[1] (drop).config.accept', message: expect.any(String) },
      ]);
      await app.db.transaction().execute((trx) => importModel(trx, testActor, { jobs: [{ name: 'drop', kind: 'file-drop', schedule: '*/5 * * * *', config: { folder: 'inbox' } }] }));
      expect((await sql<{ n: number }>`select count(*)::int as n from job where name = 'drop'`.execute(app.db)).rows[0].n).toBe(1);
    });
  });

  describe('scheduler', () => {
    it('when a schedule changes, then the new one takes effect without a restart; each tick runs once', async () => {
      const scheduler = new Scheduler(app.ctx, jobKinds);
      try {
        await saveJob(app.db, { name: 'tick', kind: 'maintenance', config: {}, schedule: '0 0 1 1 *' });
        await scheduler.start();
        await saveJob(app.db, { name: 'tick', kind: 'maintenance', config: {}, schedule: '* * * * * *' });
        await scheduler.reload();
        await sleep(2600);
        await saveJob(app.db, { name: 'tick', kind: 'maintenance', config: {}, enabled: false });
        await scheduler.reload();
        await sleep(300);
        const runs = await selectRuns(app.db, { jobName: 'tick', limit: 50 });
        expect(runs.length).toBeGreaterThanOrEqual(2);
        expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'succeeded')).toBe(true);
        expect(new Set(runs.map((r) => r.scheduledFor!.getTime())).size).toBe(runs.length);
        await sleep(1200);
        expect(await selectRuns(app.db, { jobName: 'tick', limit: 50 })).toHaveLength(runs.length);
      } finally {
        await scheduler.stop();
      }
    });

    it('retries transient failures with backoff, enforces the time limit, and refuses a second run of a running job', async () => {
      let calls = 0;
      const flaky: JobKind = {
        kind: 'maintenance',
        description: 'flaky',
        async run(_ctx, run) {
          calls++;
          if (run.period === '2026-01' && calls < 2) throw new TransientJobError('network blip');
          if (run.period === '2026-02') await new Promise((_, reject) => run.signal.addEventListener('abort', () => reject(run.signal.reason)));
          if (run.period === '2026-03') await sleep(800);
          return { rowsRead: 1, rowsAccepted: 1 };
        },
      };
      const scheduler = new Scheduler(app.ctx, new Map([['maintenance', flaky]]));
      await saveJob(app.db, { name: 'flaky', kind: 'maintenance', config: {}, maxAttempts: 3, timeLimitSeconds: 1 });
      const started = Date.now();
      const retried = await scheduler.runNow('flaky', { trigger: 'manual', period: '2026-01' });
      expect(retried).toMatchObject({ status: 'succeeded' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // first backoff: 1 s
      expect((await selectRuns(app.db, { jobName: 'flaky', limit: 5 })).map((r) => [r.attempt, r.status, r.error])).toEqual([
        [2, 'succeeded', null],
        [1, 'failed', 'network blip'],
      ]);

      await saveJob(app.db, { name: 'flaky', kind: 'maintenance', config: {}, maxAttempts: 1, timeLimitSeconds: 1 });
      const timedOut = await scheduler.runNow('flaky', { trigger: 'manual', period: '2026-02' });
      expect(timedOut).toMatchObject({ status: 'timed_out', outcome: { error: 'Time limit of 1 s exceeded' } });

      const first = scheduler.runNow('flaky', { trigger: 'manual', period: '2026-03' });
      await sleep(100);
      const second = await scheduler.runNow('flaky', { trigger: 'api', period: '2026-03' }).catch((e) => e);
      expect(second).toMatchObject({ status: 409, code: 'job_running' });
      expect(await first).toMatchObject({ status: 'succeeded' });
    });

    it('when a run was left running by a server that died, then the next run marks it interrupted', async () => {
      await saveJob(app.db, { name: 'm', kind: 'maintenance', config: {} });
      await sql`insert into job_run (job_name, trigger, status, started_at) values ('m', 'schedule', 'running', now() - interval '1 hour')`.execute(app.db);
      expect((await runJob(app.ctx, 'm')).status).toBe('succeeded');
      const runs = await selectRuns(app.db, { jobName: 'm', limit: 5 });
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
      expect(runs[1].error).toMatch(/interrupted/);
    });
  });

  describe('rollup check', () => {
    it('when the kept rollup agrees with a rebuild, then the run succeeds; when it does not, the run fails naming the difference and repairs it', async () => {
      await measure(app.db, [['SALES', 'SEOUL', '2026-01', 100], ['SALES', 'BUSAN', '2026-01', 50]]);
      await saveJob(app.db, { name: 'check', kind: 'rollup-check', config: {} });
      expect((await runJob(app.ctx, 'check')).status).toBe('succeeded');

      await sql`update indicator_rollup set value = 149 where unit_id = (select id from org_unit where code = 'HQ') and period = '2026-01' and value = 150`.execute(app.db);
      const failed = await runJob(app.ctx, 'check');
      expect(failed.status).toBe('failed');
      expect(failed.outcome.error).toMatch(/disagreed .* in 1 place .*SALES HQ 2026-01 value: kept 149, rebuilt 150/);
      expect(await count(app.db, 'notification')).toBe(1);
      expect((await runJob(app.ctx, 'check')).status).toBe('succeeded');
    });
  });

  describe('alerts and notifications', () => {
    it('records a notification when a status worsens and when a unit’s data is missing after the deadline, once, readable through the API by the units it concerns', async () => {
      // SALES targets: SEOUL 100 a month, BUSAN 50 a month. January on track, February off track at SEOUL.
      await measure(app.db, [
        ['SALES', 'SEOUL', '2026-01', 110], ['SALES', 'BUSAN', '2026-01', 60], ['SALES', 'SEOUL', '2026-02', 50], ['SALES', 'BUSAN', '2026-02', 55],
        ['CLAIMS', 'SEOUL', '2026-02', 1], ['ORDERS', 'SEOUL', '2026-02', 100], ['CLAIMS', 'BUSAN', '2026-02', 1],
      ]);
      await saveJob(app.db, { name: 'alerts', kind: 'alerts', config: { deadlineDay: 5 } });
      const run = await runJob(app.ctx, 'alerts', '2026-02');
      expect(run.status).toBe('succeeded');
      const rows = await sql<{ kind: string; message: string }>`select kind, message from notification order by kind, message`.execute(app.db);
      expect(rows.rows).toEqual([
        { kind: 'data_missing', message: 'BUSAN has not entered 1 indicator for 2026-02 (due 2026-03-05): ORDERS' },
        { kind: 'status_worsened', message: expect.stringMatching(/^SALES at HQ went from on track to off track in 2026-02/) },
        { kind: 'status_worsened', message: expect.stringMatching(/^SALES at SEOUL went from on track to off track in 2026-02 \(score 110 → 50\)/) },
      ]);
      expect((await runJob(app.ctx, 'alerts', '2026-02')).outcome).toMatchObject({ rowsAccepted: 0 });
      expect(await count(app.db, 'notification')).toBe(3);

      await app.user('busan', [{ role: 'viewer', unit: 'BUSAN' }]);
      await app.user('ceo', [{ role: 'viewer', unit: null }]);
      const busan = await app.signIn('busan');
      const ceo = await app.signIn('ceo');
      const mine = await busan.get('/api/v1/notifications');
      expect(mine.status).toBe(200);
      expect(mine.body.map((n: any) => [n.kind, n.unit])).toEqual([['data_missing', 'BUSAN']]);
      expect((await ceo.get('/api/v1/notifications')).body).toHaveLength(3);
      const seoulId = (await ceo.get('/api/v1/notifications?unit=SEOUL')).body[0].id;
      expect((await busan.post(`/api/v1/notifications/${seoulId}/read`)).status).toBe(404);
      expect((await busan.post(`/api/v1/notifications/${mine.body[0].id}/read`)).status).toBe(204);
      expect((await busan.get('/api/v1/notifications?unread=true')).body).toEqual([]);
      expect((await ceo.get('/api/v1/notifications?unread=true')).body).toHaveLength(2);
    });
  });
});
