import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, testActor } from '../../helpers/model.ts';
import { createToken } from '../../../server/auth/service.ts';
import { selectRuns } from '../../../server/scheduling/repository.ts';
import { count, runJob, saveJob, snapshot } from './support.ts';

const CSV = 'indicator,unit,period,value,note\nSALES,SEOUL,2026-01,100,first\nSALES,BUSAN,2026-01,50,\nCLAIMS,SEOUL,2026-01,3,\n';

async function writeXlsx(file: string, rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('data');
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

const rollupValue = async (db: any, indicator: string, unit: string, period: string) => {
  const { rows } = await sql<{ value: number | null }>`select r.value from indicator_rollup r join indicator i on i.id = r.indicator_id join org_unit u on u.id = r.unit_id
    where i.code = ${indicator} and u.code = ${unit} and r.period = ${period}`.execute(db);
  return rows[0]?.value ?? null;
};

describe.each(testDatabaseKinds())('ingestion sources (%s)', (kind) => {
  const app = useTestApp(kind);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-drop-'));
  let folder = '';
  let n = 0;
  beforeAll(() => {
    process.env.NORTHSTAR_DROP_ROOTS = root; // absolute drop folders must lie inside a listed root
  });
  afterAll(() => {
    delete process.env.NORTHSTAR_DROP_ROOTS;
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
    folder = path.join(root, `drop-${++n}`);
    fs.mkdirSync(folder);
    await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder } });
  });
  const listing = (sub: string) => (fs.existsSync(path.join(folder, sub)) ? fs.readdirSync(path.join(folder, sub)).sort() : []);

  describe('file drop', () => {
    it('when CSV and XLSX files are dropped, then both are imported and archived, and a bad file is rejected with an error report beside it', async () => {
      fs.writeFileSync(path.join(folder, 'a.csv'), CSV);
      await writeXlsx(path.join(folder, 'b.xlsx'), [['Indicator', 'Unit', 'Period', 'Value'], ['ORDERS', 'SEOUL', '2026-01', 120], ['ORDERS', 'BUSAN', '2026-01', 80]]);
      fs.writeFileSync(path.join(folder, 'c.csv'), 'indicator,unit,period,value\nSALES,SEOUL,2026-02,10\nSALEZ,SEOUL,2026-02,1\nSALES,BUSAN,2026-02,abc\n');
      fs.writeFileSync(path.join(folder, 'notes.md'), 'not a measurement file');

      const run = await runJob(app.ctx, 'drop');
      expect(run.status).toBe('failed');
      expect(run.outcome).toMatchObject({ rowsRead: 5, rowsAccepted: 5, rowsRejected: 2 });
      expect(run.outcome.error).toMatch(/1 of 3 files rejected.*c\.csv/);
      expect(listing('archive')).toEqual(['a.csv', 'b.xlsx']);
      expect(listing('rejected')).toEqual(['c.csv', 'c.csv.errors.csv']);
      expect(fs.readdirSync(folder).filter((f) => !fs.statSync(path.join(folder, f)).isDirectory())).toEqual(['notes.md']);
      const report = fs.readFileSync(path.join(folder, 'rejected', 'c.csv.errors.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(report[0]).toBe('row,column,code,message,value');
      expect(report[1]).toMatch(/^3,indicator,unknown_indicator,"?unknown indicator ""SALEZ""/);
      expect(report[2]).toMatch(/^4,value,invalid_cell,/);
      // c.csv was all or nothing: its good row is not applied either
      expect(await count(app.db, 'measurement')).toBe(5);
      // scores are current: the company's SALES is the branches' sum
      expect(await rollupValue(app.db, 'SALES', 'HQ', '2026-01')).toBe(150);
      const runs = await selectRuns(app.db, { jobName: 'drop', limit: 5 });
      expect(runs[0]).toMatchObject({ trigger: 'manual', status: 'failed', rowsRead: 5, rowsAccepted: 5, rowsRejected: 2 });
      expect(runs[0].endedAt).toBeInstanceOf(Date);
      const audit = await sql<{ actor_name: string; entity_key: string }>`select actor_name, entity_key from audit_log where entity = 'measurements' order by id`.execute(app.db);
      expect(audit.rows).toEqual([
        { actor_name: 'job:drop', entity_key: 'file:a.csv' },
        { actor_name: 'job:drop', entity_key: 'file:b.xlsx' },
      ]);
    });

    it('when the same file is dropped twice, then the state is identical and no revision is added', async () => {
      fs.writeFileSync(path.join(folder, 'same.csv'), CSV);
      expect((await runJob(app.ctx, 'drop')).status).toBe('succeeded');
      const first = await snapshot(app.db);
      fs.writeFileSync(path.join(folder, 'same.csv'), CSV);
      const again = await runJob(app.ctx, 'drop');
      expect(again.status).toBe('succeeded');
      expect(again.outcome).toMatchObject({ rowsRead: 3, rowsAccepted: 3, details: { files: [{ file: 'same.csv', changed: 0 }] } });
      expect(await snapshot(app.db)).toEqual(first);
      expect(first.revisions).toHaveLength(3);
      expect(listing('archive')).toHaveLength(2);
    });

    it('with accept: valid, then the good rows are applied and the rest (unknown unit, locked period, same key twice) reported beside the archived file', async () => {
      await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder, accept: 'valid' } });
      await sql`insert into period_lock (unit_id, period) select id, '2026-03' from org_unit where code = 'BUSAN'`.execute(app.db);
      fs.writeFileSync(path.join(folder, 'partial.csv'), 'indicator,unit,period,value\nSALES,SEOUL,2026-03,10\nSALES,DAEGU,2026-03,1\nSALES,BUSAN,2026-03,5\nSALES,SEOUL,2026-03,11\nSALES,SEOUL,2026-13,1\n');
      const run = await runJob(app.ctx, 'drop');
      expect(run.status).toBe('succeeded');
      expect(run.outcome).toMatchObject({ rowsRead: 5, rowsAccepted: 1, rowsRejected: 4 });
      expect(listing('archive')).toEqual(['partial.csv', 'partial.csv.errors.csv']);
      const report = fs.readFileSync(path.join(folder, 'archive', 'partial.csv.errors.csv'), 'utf8');
      expect(report).toMatch(/^3,unit,unknown_unit,/m);
      expect(report).toMatch(/^4,period,period_locked,2026-03 is locked for BUSAN/m);
      expect(report).toMatch(/^5,period,duplicate_key,"the same indicator, unit and period as row 2"/m);
      expect(report).toMatch(/^6,period,bad_period,/m);
      expect(await count(app.db, 'measurement')).toBe(1);
    });

    it('when a file cannot be read at all, then it is rejected with the reason instead of blocking the folder', async () => {
      fs.writeFileSync(path.join(folder, 'broken.xlsx'), 'this is not a zip archive');
      fs.writeFileSync(path.join(folder, 'fine.csv'), CSV);
      const run = await runJob(app.ctx, 'drop');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/broken\.xlsx: The file is not an XLSX workbook/);
      expect(listing('rejected')).toEqual(['broken.xlsx', 'broken.xlsx.errors.csv']);
      expect(listing('archive')).toEqual(['fine.csv']);
      expect(await count(app.db, 'measurement')).toBe(3);
    });

    it('when the folder does not exist, then the run fails naming it', async () => {
      await saveJob(app.db, { name: 'drop', kind: 'file-drop', config: { folder: path.join(root, 'missing') } });
      const run = await runJob(app.ctx, 'drop');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/missing does not exist/);
    });
  });

  describe('HTTP JSON pull', () => {
    let server: http.Server;
    let base = '';
    const seen: { url: string; authorization?: string; tenant?: string }[] = [];
    let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => {};
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        seen.push({ url: req.url!, authorization: req.headers.authorization, tenant: req.headers['x-tenant'] as string | undefined });
        answer(req, res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      process.env.NORTHSTAR_SECRET_TEST_HTTP_TOKEN = 'Bearer s3cret';
      process.env.NORTHSTAR_HTTP_ALLOW = '127.0.0.1'; // the test server is on loopback, refused unless listed
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      delete process.env.NORTHSTAR_SECRET_TEST_HTTP_TOKEN;
      delete process.env.NORTHSTAR_HTTP_ALLOW;
    });
    beforeEach(() => {
      seen.length = 0;
    });
    const json = (status: number, body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const mapping = { rows: 'data.items', indicator: 'kpi', unit: 'branch.code', period: 'month', value: 'figures.actual' };

    it('maps the payload, sends secret headers from the environment, templates the period, and is idempotent', async () => {
      answer = json(200, {
        data: {
          items: [
            { kpi: 'SALES', branch: { code: 'SEOUL' }, month: '2026-04', figures: { actual: 321.5 } },
            { kpi: 'SALES', branch: { code: 'BUSAN' }, month: '2026-04', figures: { actual: '100' } },
          ],
        },
      });
      await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/kpis/{period}?x=1`, headers: { authorization: { env: 'NORTHSTAR_SECRET_TEST_HTTP_TOKEN' }, 'x-tenant': 'acme' }, timeoutMs: 2000, mapping } });
      const stored = await sql<{ config: unknown }>`select config from job where name = 'pull'`.execute(app.db);
      expect(JSON.stringify(stored.rows[0].config)).not.toContain('s3cret');

      const run = await runJob(app.ctx, 'pull', '2026-04');
      expect(run.status).toBe('succeeded');
      expect(run.outcome).toMatchObject({ rowsRead: 2, rowsAccepted: 2, rowsRejected: 0 });
      expect(seen[0]).toEqual({ url: '/kpis/2026-04?x=1', authorization: 'Bearer s3cret', tenant: 'acme' });
      expect(await rollupValue(app.db, 'SALES', 'HQ', '2026-04')).toBe(421.5);
      const first = await snapshot(app.db);
      expect((await runJob(app.ctx, 'pull', '2026-04')).status).toBe('succeeded');
      expect(await snapshot(app.db)).toEqual(first);
    });

    it('when the payload has bad rows, then nothing is applied and each error names the row and field', async () => {
      answer = json(200, { data: { items: [{ kpi: 'SALES', branch: { code: 'SEOUL' }, month: '2026-05', figures: { actual: 1 } }, { kpi: 'SALES', branch: { code: 'SEOUL' }, month: '2026-05', figures: { actual: 'n/a' } }, { kpi: 'NOPE', branch: { code: 'SEOUL' }, month: '2026-05', figures: { actual: 2 } }] } });
      await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/x`, timeoutMs: 2000, mapping } });
      const run = await runJob(app.ctx, 'pull');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/2 of 3 rows cannot be applied/);
      expect((run.outcome.details as any).rejected.map((e: any) => [e.row, e.field, e.code])).toEqual([[2, 'value', 'not_a_number'], [3, 'indicator', 'unknown_indicator']]);
      expect(await count(app.db, 'measurement')).toBe(0);
    });

    it('when the answer is not 2xx or too slow, then the run fails with the reason; 5xx answers are retried', async () => {
      answer = json(404, { message: 'no such report' });
      await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/missing`, timeoutMs: 2000, mapping } });
      let run = await runJob(app.ctx, 'pull', '2026-01');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/answered HTTP 404 Not Found$/);
      expect(run.outcome.error).not.toMatch(/no such report/); // response bodies are not echoed

      answer = json(503, {});
      await saveJob(app.db, { name: 'pull', kind: 'http-pull', maxAttempts: 2, config: { url: `${base}/down`, timeoutMs: 2000, mapping } });
      run = await runJob(app.ctx, 'pull', '2026-01');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/HTTP 503/);
      const attempts = (await selectRuns(app.db, { jobName: 'pull', limit: 2 })).map((r) => r.attempt);
      expect(attempts).toEqual([2, 1]);
      expect(seen.filter((s) => s.url === '/down')).toHaveLength(2);

      answer = (_req, res) => void setTimeout(() => json(200, { data: { items: [] } })(_req, res), 1500);
      await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/slow`, timeoutMs: 200, mapping } });
      run = await runJob(app.ctx, 'pull', '2026-01');
      expect(run.status).toBe('failed');
      expect(run.outcome.error).toMatch(/did not answer within 200 ms/);

      await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/x`, headers: { authorization: { env: 'NORTHSTAR_SECRET_TEST_UNSET' } }, mapping } });
      run = await runJob(app.ctx, 'pull', '2026-01');
      expect(run.outcome.error).toMatch(/NORTHSTAR_SECRET_TEST_UNSET .* is not set/);
    });
  });

  describe('push API', () => {
    const rows = [
      { indicator: 'SALES', unit: 'SEOUL', period: '2026-06', value: 10 },
      { indicator: 'SALES', unit: 'BUSAN', period: '2026-06', value: 20, note: 'ok' },
    ];
    async function token(scopes: string[]) {
      await app.user('pusher', [{ role: 'contributor', unit: null }]);
      const { rows: u } = await sql<{ id: number }>`select id from app_user where username = 'pusher'`.execute(app.db);
      return (await createToken(app.db, testActor, { userId: u[0].id, name: 'etl', scopes: scopes as never, expiresAt: null })).token;
    }

    it('accepts a batch with a scoped token, all or nothing, and the same batch twice changes nothing', async () => {
      const client = app.bearer(await token(['measurement:write']));
      let res = await client.post('/api/v1/measurements', { rows });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ rows: 2, changed: 2, unchanged: 0, rejected: [] });
      expect(await rollupValue(app.db, 'SALES', 'HQ', '2026-06')).toBe(30);
      const first = await snapshot(app.db);
      res = await client.post('/api/v1/measurements', { rows });
      expect(res.body).toMatchObject({ changed: 0, unchanged: 2 });
      expect(await snapshot(app.db)).toEqual(first);

      res = await client.post('/api/v1/measurements', { rows: [{ ...rows[0], value: 11 }, { indicator: 'SALES', unit: 'NOWHERE', period: '2026-06', value: 1 }] });
      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ row: 2, field: 'unit', code: 'unknown_unit' })]);
      expect(await snapshot(app.db)).toEqual(first);

      res = await client.post('/api/v1/measurements', { rows: [{ ...rows[0], value: 11 }, { indicator: 'SALES', unit: 'NOWHERE', period: '2026-06', value: 1 }], accept: 'valid' });
      expect(res.body).toMatchObject({ changed: 1, rejected: [{ row: 2, code: 'unknown_unit' }] });
    });

    it('refuses tokens without the scope and batches over 10,000 rows', async () => {
      const reader = app.bearer(await token(['scorecard:read']));
      expect((await reader.post('/api/v1/measurements', { rows })).status).toBe(403);
      const { rows: u } = await sql<{ id: number }>`select id from app_user where username = 'pusher'`.execute(app.db);
      const writer = app.bearer((await createToken(app.db, testActor, { userId: u[0].id, name: 'w', scopes: ['measurement:write'], expiresAt: null })).token);
      const big = Array.from({ length: 10_001 }, (_, i) => ({ indicator: 'SALES', unit: 'SEOUL', period: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, value: i }));
      const res = await writer.post('/api/v1/measurements', { rows: big });
      expect(res.status).toBe(400);
      expect(await count(app.db, 'measurement')).toBe(0);
    });

    it('imports uploaded CSV and XLSX files: a second upload of the same file adds no revision; a bad one names rows and columns', async () => {
      const client = app.bearer(await token(['measurement:write']));
      const upload = (name: string, body: string) => client.post(`/api/v1/imports?filename=${name}`, body, { 'content-type': 'text/csv' });
      expect((await upload('u.csv', CSV)).body).toMatchObject({ rows: 3, changed: 3 });
      const first = await snapshot(app.db);
      expect((await upload('u.csv', CSV)).body).toMatchObject({ changed: 0, unchanged: 3 });
      expect(await snapshot(app.db)).toEqual(first);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('data');
      ws.addRows([['indicator', 'unit', 'period', 'value'], ['ORDERS', 'BUSAN', '2026-01', 42]]);
      const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
      const sent = await client.post('/api/v1/imports?filename=u.xlsx', new Uint8Array(xlsx), { 'content-type': 'application/octet-stream' });
      expect(sent.body).toMatchObject({ rows: 1, changed: 1 });
      const bad = await upload('bad.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-01,1\nSALES,SEOUL,2026-01,2\n');
      expect(bad.status).toBe(422);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ row: 3, field: 'period', code: 'duplicate_key' })]);
    });
  });
});
