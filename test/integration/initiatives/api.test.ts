import { beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { exportModel, importModel } from '../../../server/model/service.ts';

const initiative = {
  code: 'INI-1',
  title: 'Cut local complaints <fast>',
  unit: 'E1',
  indicators: ['LOCAL'],
  owner: 'Kim',
  start: '2026-01-01',
  end: '2026-06-30',
  evaluation: 'complaints per month',
  target: 10,
  baseline: 20,
  current: 15,
  status: 'in_progress',
  actions: [
    { title: 'Root-cause review', due: '2026-02-15', done: true },
    { title: 'Retrain staff', due: '2026-04-30', done: false },
  ],
};

describe.each(testDatabaseKinds())('initiatives, benchmarks, priorities and the report (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'org-tree.yaml');
    await app.db.transaction().execute((trx) =>
      importModel(trx, testActor, { targets: [{ indicator: 'RATE', unit: 'HQ', period: 2026, target: 90 }, { indicator: 'RATE', unit: 'E1', period: 2026, target: 90 }] }),
    );
    await measure(app.db, [['RATE', 'E1', '2026-02', 80], ['LOCAL', 'E1', '2026-02', 5]]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('eastman', [{ role: 'manager', unit: 'EAST' }]);
    await app.user('viewer', [{ role: 'viewer', unit: 'EAST' }]);
  });

  it('stores initiatives with the improvement rate read with the direction, by permission', async () => {
    const manager = await app.signIn('eastman');
    const created = await manager.post('/api/v1/initiatives', initiative);
    expect(created.status).toBe(201);
    // LOCAL decreases: 20 → 15 is a 25 % improvement.
    expect(created.body).toMatchObject({ code: 'INI-1', measure: { indicator: 'LOCAL', direction: 'decrease' }, improvement: { change: -5, rate: 25, improved: true }, progress: 50 });
    expect((await manager.post('/api/v1/initiatives', initiative)).status).toBe(409);
    expect((await manager.post('/api/v1/initiatives', { ...initiative, code: 'INI-W', unit: 'W1' })).status).toBe(403);
    expect((await manager.post('/api/v1/initiatives', { ...initiative, code: 'INI-X', indicators: ['NOPE'] })).status).toBe(422);
    const viewer = await app.signIn('viewer');
    expect((await viewer.post('/api/v1/initiatives', { ...initiative, code: 'INI-V' })).status).toBe(403);
    expect((await viewer.get('/api/v1/initiatives?unit=EAST')).body.map((i: any) => i.code)).toEqual(['INI-1']);
    const updated = await manager.put('/api/v1/initiatives/INI-1', { ...initiative, status: 'done', current: 25, actions: initiative.actions.map((a) => ({ ...a, done: true })) });
    expect(updated.body).toMatchObject({ status: 'done', improvement: { rate: -25, improved: false }, progress: 100 });
    expect((await viewer.get('/api/v1/initiatives?unit=EAST&indicator=LOCAL&status=done')).body).toHaveLength(1);
    expect((await manager.delete('/api/v1/initiatives/INI-1')).status).toBe(204);
    expect((await viewer.get('/api/v1/initiatives/INI-1')).status).toBe(404);
  });

  it('imports benchmarks from CSV and reads the gaps with the direction; ranks priorities', async () => {
    const boss = await app.signIn('boss');
    const csv = 'indicator,period,A사,B사,TOP\nRATE,2026-02,85,78,95\nLOCAL,2026-02,4,8,2\n';
    const imported = await boss.post('/api/v1/benchmarks/import', csv, { 'content-type': 'text/csv' });
    expect(imported.body).toMatchObject({ rows: 6, created: 6 });
    expect((await boss.post('/api/v1/benchmarks/import', 'indicator,period,TOP\nRATE,2026-02,abc\n', { 'content-type': 'text/csv' })).status).toBe(422);
    const rate = await boss.get('/api/v1/benchmarks/E1/RATE');
    expect(rate.body.periods[0]).toMatchObject({ period: '2026-02', own: 80, top: { value: 95, gap: -15, favourable: false } });
    expect(rate.body.periods[0].competitors.map((c: any) => [c.name, c.gap, c.favourable])).toEqual([['A사', -5, false], ['B사', 2, true]]);
    const local = await boss.get('/api/v1/benchmarks/E1/LOCAL');
    // LOCAL decreases: our 5 against B사's 8 is 3 better.
    expect(local.body.periods[0].competitors.map((c: any) => [c.name, c.gap, c.favourable])).toEqual([['A사', -1, false], ['B사', 3, true]]);
    expect((await boss.put('/api/v1/priorities/E1/LOCAL', { importance: 0.2, cause: 'slow response', target: 3 })).body).toEqual({ outcome: 'created' });
    const priorities = await boss.get('/api/v1/priorities/E1?period=2026-02');
    // Shortfall = |gap| / max(|current|, |expected|) × 100 in both directions:
    // RATE 15/95 = 15.79 % × weight 1 = 15.79; LOCAL 3/5 = 60 % × 0.2 = 12.
    expect(priorities.body.items.map((p: any) => [p.indicator, p.rank, p.expectedSource])).toEqual([['RATE', 1, 'TOP'], ['LOCAL', 2, 'TOP']]);
    const localPriority = priorities.body.items.find((p: any) => p.indicator === 'LOCAL');
    expect(localPriority).toMatchObject({ expected: 2, current: 5, gap: 3, cause: 'slow response', target: 3 });
    expect(localPriority.priority).toBeCloseTo(12, 6);
    expect(priorities.body.items[0].priority).toBeCloseTo(1500 / 95, 6);
    const viewer = await app.signIn('viewer');
    expect((await viewer.put('/api/v1/benchmarks', [{ indicator: 'RATE', period: '2026-03', competitor: 'TOP', value: 1 }])).status).toBe(403);
  });

  it('carries initiatives, benchmarks and priorities in the model file, idempotently', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/initiatives', initiative);
    await boss.put('/api/v1/benchmarks', [{ indicator: 'RATE', period: '2026', competitor: 'TOP', value: 95 }]);
    await boss.put('/api/v1/priorities/E1/RATE', { expected: 92, cause: 'queue' });
    const exported = await exportModel(app.db);
    expect(exported.initiatives).toEqual([{ ...initiative }]);
    expect(exported.benchmarks).toEqual([{ indicator: 'RATE', period: '2026', competitor: 'TOP', value: 95 }]);
    expect(exported.priorities).toEqual([{ unit: 'E1', indicator: 'RATE', expected: 92, cause: 'queue' }]);
    const again = await app.db.transaction().execute((trx) => importModel(trx, testActor, JSON.parse(JSON.stringify(exported))));
    expect(again.created).toEqual({});
    expect(again.updated).toEqual({});
    const bad = await app.db.transaction().execute((trx) => importModel(trx, testActor, { initiatives: [{ ...initiative, unit: 'NOWHERE' }] })).catch((e) => e);
    expect(bad.message).toMatch(/initiatives\[0\] \(INI-1\)\.unit: unknown unit "NOWHERE"/);
  });

  it('renders the management report as escaped HTML with print styles, and the scorecard as XLSX', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/initiatives', initiative);
    const html = await boss.get('/api/v1/reports/E1?period=2026-02&format=html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain('@page { size: A4 landscape');
    expect(html.text).toContain('East 1');
    expect(html.text).toContain('Cut local complaints &lt;fast&gt;');
    expect(html.text).not.toContain('<fast>');
    expect(html.text).toMatch(/Indicators off target[\s\S]*RATE/);
    expect(html.text).not.toMatch(/<script|<link|src="http/);
    const ko = await boss.get('/api/v1/reports/E1?period=2026-02&format=html&locale=ko');
    expect(ko.text).toContain('경영위원회 보고');
    const xlsx = await fetch(`${app.url}/api/v1/reports/E1?period=2026-02&format=xlsx`, { headers: boss.headers });
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as any);
    const rows = wb.getWorksheet('Scorecard')!.getSheetValues().filter(Boolean).map((r: any) => r.slice(1));
    expect(rows.find((r: any[]) => r[1] === 'RATE')).toEqual(expect.arrayContaining(['indicator', 'RATE', 80, 90]));
    expect(wb.getWorksheet('Initiatives')!.getRow(2).getCell(1).value).toBe('INI-1');
    expect((await boss.get('/api/v1/reports/E1?period=bad&format=html')).status).toBe(400);
    const viewer = await app.signIn('viewer');
    expect((await viewer.get('/api/v1/reports/WEST?period=2026-02')).status).toBe(403);
  });
});
