/**
 * The nightly voc-feeds job (records that pass their deadline untouched; locked months skipped
 * and named; unit owners told) and a file-drop source with `target: voc`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { fixturePath, importModelFile, testActor } from '../../helpers/model.ts';
import { runJob, saveJob } from '../jobs/support.ts';
import { writeVocRecords } from '../../../server/voc/service.ts';

describe.each(testDatabaseKinds())('VOC jobs (%s)', (kind) => {
  const app = useTestApp(kind);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-voc-drop-'));
  beforeAll(() => {
    process.env.NORTHSTAR_DROP_ROOTS = root;
  });
  afterAll(() => {
    delete process.env.NORTHSTAR_DROP_ROOTS;
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await importModelFile(app.db, 'voc.yaml');
    await app.user('nam', [{ role: 'manager', unit: 'NORTH' }]);
  });
  const value = async (unit: string, period: string, indicator: string) => {
    const { rows } = await sql<{ value: number }>`select m.value::float8 as value from measurement m join indicator i on i.id = m.indicator_id join org_unit u on u.id = m.unit_id
      where u.code = ${unit} and i.code = ${indicator} and m.period = ${period}`.execute(app.db);
    return rows[0]?.value ?? null;
  };

  it('rewrites the feeds of records that passed their deadline untouched, skips locked months naming them, tells the unit owner once', async () => {
    const records = [
      { id: 'O1', receivedAt: '2026-03-10 09:00', type: 'complaint', category: 'SERVICE', unit: 'S1' },
      { id: 'O2', receivedAt: '2026-03-11 09:00', type: 'complaint', category: 'SERVICE', unit: 'S3' },
    ];
    // Recorded while both were still within their 24 hours: in neither slaDue nor slaMet.
    await app.db.transaction().execute((trx) => writeVocRecords(trx, testActor, [records.map((input, i) => ({ row: i + 1, input }))], { label: 'test', now: new Date('2026-03-10T01:00:00Z') }));
    expect([await value('S1', '2026-03', 'VOC_SLA_DUE'), await value('S3', '2026-03', 'VOC_SLA_DUE')]).toEqual([0, 0]);
    const s3 = (await sql<{ id: number }>`select id from org_unit where code = 'S3'`.execute(app.db)).rows[0].id;
    await sql`insert into period_lock (unit_id, period) values (${s3}, '2026-03')`.execute(app.db);

    await saveJob(app.db, { name: 'voc-feeds', kind: 'voc-feeds', config: {} });
    const run = await runJob(app.ctx, 'voc-feeds');
    expect(run.status).toBe('succeeded');
    expect((run.outcome.details as any)).toMatchObject({ records: 2, lockedMonths: [{ unit: 'S3', period: '2026-03' }] });
    expect([await value('S1', '2026-03', 'VOC_SLA_DUE'), await value('S1', '2026-03', 'VOC_SLA_MET'), await value('S3', '2026-03', 'VOC_SLA_DUE')]).toEqual([1, 0, 0]);
    const { rows } = await sql<{ message: string; username: string }>`select n.message, a.username from notification n join notification_recipient r on r.notification_id = n.id join app_user a on a.id = r.user_id where n.kind = 'voc_overdue'`.execute(app.db);
    expect(rows).toEqual([{ message: 'Complaint O1 at S1 passed its SLA deadline unresolved', username: 'nam' }]);
    const again = await runJob(app.ctx, 'voc-feeds');
    expect((again.outcome.details as any)).toMatchObject({ records: 1, changed: 0, lockedMonths: [{ unit: 'S3', period: '2026-03' }] }); // the locked month is named every night until reopened
    expect(Number((await sql<{ n: number }>`select count(*)::int as n from notification where kind = 'voc_overdue'`.execute(app.db)).rows[0].n)).toBe(1);
  });

  it('a file-drop source with target: voc imports VOC files; a bad one goes to rejected/ with its rows named', async () => {
    const folder = path.join(root, `drop-${kind}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.copyFileSync(fixturePath('voc', 'march.csv'), path.join(folder, 'a.csv'));
    fs.copyFileSync(fixturePath('voc', 'bad-category.csv'), path.join(folder, 'b.csv'));
    await saveJob(app.db, { name: 'voc-drop', kind: 'file-drop', config: { folder, target: 'voc' } });
    const run = await runJob(app.ctx, 'voc-drop');
    expect((run.outcome.details as any).files.map((f: any) => [f.file, f.status])).toEqual([
      ['a.csv', 'archived'],
      ['b.csv', 'rejected'],
    ]);
    expect(fs.readFileSync(path.join(folder, 'rejected', 'b.csv.errors.csv'), 'utf8')).toContain('3,category,unknown_category');
    expect(await value('S1', '2026-03', 'VOC_RECEIVED')).toBe(3);
  });

  it('an http-pull source with target: voc sends the records of the payload through the VOC import, all or nothing', async () => {
    let body: unknown = null;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.NORTHSTAR_HTTP_ALLOW = '127.0.0.1';
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/voc`;
      await saveJob(app.db, { name: 'voc-pull', kind: 'http-pull', config: { url, target: 'voc', mapping: { rows: 'items' } } });
      body = { items: [{ id: 'H1', received_at: '2026-03-05 10:00', type: 'complaint', category: 'PARKING', unit: 'S2', channel: 'web' }, { id: 'H2', receivedAt: '2026-03-06T01:00:00Z', type: 'praise', category: 'SERVICE', unit: 'S2' }] };
      const run = await runJob(app.ctx, 'voc-pull');
      expect(run.status).toBe('succeeded');
      expect(await value('S2', '2026-03', 'VOC_RECEIVED')).toBe(2);
      body = { items: [{ id: 'H3', received_at: '2026-03-07 10:00', type: 'complaint', category: 'NOPE', unit: 'S2' }] };
      const bad = await runJob(app.ctx, 'voc-pull');
      expect(bad.status).toBe('failed');
      expect((bad.outcome.details as any).rejected).toEqual([expect.objectContaining({ row: 1, field: 'category', code: 'unknown_category' })]);
      expect(await value('S2', '2026-03', 'VOC_RECEIVED')).toBe(2);
    } finally {
      delete process.env.NORTHSTAR_HTTP_ALLOW;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
