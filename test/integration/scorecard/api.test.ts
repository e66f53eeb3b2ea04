import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure } from '../../helpers/model.ts';

describe.each(testDatabaseKinds())('scorecard API (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'org-tree.yaml');
    await measure(app.db, [
      ['REV', 'E1', '2026-01', 100], ['REV', 'E2', '2026-01', 300], ['REV', 'W1', '2026-01', 600],
      ['REV', 'E1', '2026-02', 120], ['REV', 'E2', '2026-02', 280], ['REV', 'W1', '2026-02', 650],
      ['RATE', 'E1', '2026-02', 80], ['WSAT', 'E1', '2026-02', 70],
    ]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('east', [{ role: 'contributor', unit: 'EAST' }]);
  });

  it('returns the DESIGN.md §4 scorecard shape with history for sparklines', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/HQ?period=2026-02&window=ytd&history=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ unit: 'HQ', period: '2026-02', window: 'ytd', status: expect.any(String), coverage: expect.any(Number) });
    const financial = res.body.perspectives.find((p: any) => p.code === 'financial');
    expect(financial).toMatchObject({ name: { en: 'Financial', ko: '재무' }, weight: 25, history: [{ period: '2026-01' }, { period: '2026-02' }] });
    const rev = financial.objectives[0].indicators[0];
    expect(rev).toMatchObject({ code: 'REV', actual: 2050, target: null, score: null, status: 'no_data', gap: null, favourable: null, unit: 'KRW' });
    expect(rev.trend).toMatchObject({ previous: 1000, change: 50 });
    expect(res.body.warnings.join(' ')).toMatch(/REV/);
  });

  it('serves series, breakdown, heatmap, strategy map, revisions, freshness and search', async () => {
    const boss = await app.signIn('boss');
    const series = await boss.get('/api/v1/series/EAST/REV?from=2026-01&to=2026-02');
    expect(series.body.points.map((p: any) => p.actual)).toEqual([400, 400]);
    const breakdown = await boss.get('/api/v1/breakdown/HQ/REV?period=2026-02&window=month');
    expect(breakdown.body.children.map((c: any) => [c.unit, c.actual])).toEqual([['EAST', 400], ['WEST', 650]]);
    const heatmap = await boss.get('/api/v1/heatmap/HQ?period=2026-02&window=month');
    expect(heatmap.body.rows.map((r: any) => r.unit)).toEqual(['HQ', 'EAST', 'E1', 'E2', 'WEST', 'W1']);
    expect(heatmap.body.columns.map((c: any) => c.code)).toEqual(['financial', 'customer', 'process', 'infrastructure']);
    const map = await boss.get('/api/v1/strategy-map/HQ?period=2026-02');
    expect(map.body.objectives.find((o: any) => o.code === 'C1').drives).toEqual(['F1']);
    const history = await boss.get('/api/v1/measurements/E1/REV/2026-02/history');
    expect(history.body).toMatchObject([{ revision: 1, value: 120, previousValue: null, source: 'test' }]);
    const fresh = await boss.get('/api/v1/freshness?unit=HQ&period=2026-02');
    expect(fresh.body.missing.map((m: any) => m.unit)).toEqual(['E1', 'E2', 'W1']);
    const search = await boss.get('/api/v1/indicators?q=wsa');
    expect(search.body.map((i: any) => i.code)).toEqual(['WSAT']);
  });

  it('pushes measurements with a scoped token; rows outside the token owner’s units are refused', async () => {
    const east = await app.signIn('east');
    const token = (await east.post('/api/v1/tokens', { name: 'etl', scopes: ['measurement:write'] })).body.token;
    const machine = app.bearer(token);
    const ok = await machine.post('/api/v1/measurements', { rows: [{ indicator: 'REV', unit: 'E1', period: '2026-03', value: 10 }] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ changed: 1 });
    const outside = await machine.post('/api/v1/measurements', { rows: [{ indicator: 'REV', unit: 'W1', period: '2026-03', value: 10 }] });
    expect(outside.status).toBe(422);
    expect(outside.body.error.details[0]).toMatchObject({ row: 1, field: 'unit', code: 'forbidden' });
    // the token has no read scope
    expect((await machine.get('/api/v1/scorecards/EAST?period=2026-03')).status).toBe(403);
  });

  it('when a contributor’s file carries targets, then it is refused: targets need target:write', async () => {
    const east = await app.signIn('east');
    const res = await east.post('/api/v1/imports?filename=t.csv', 'indicator,unit,period,value,target\nREV,E1,2026-03,5,999\n', { 'content-type': 'text/csv' });
    expect(res.status).toBe(403);
    expect(res.body.error.details).toMatchObject([{ row: 2, field: 'target', code: 'forbidden' }]);
    const without = await east.post('/api/v1/imports?filename=t.csv', 'indicator,unit,period,value\nREV,E1,2026-03,5\n', { 'content-type': 'text/csv' });
    expect(without.status).toBe(200);
  });

  it('uploads a CSV, previews it with dryRun, and reports per-row errors as 422', async () => {
    const boss = await app.signIn('boss');
    const csv = 'indicator,unit,period,value\nREV,E1,2026-03,5\nREV,E2,2026-03,x\n';
    const bad = await boss.post('/api/v1/imports?filename=march.csv', csv, { 'content-type': 'text/csv' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toMatchObject([{ row: 3, field: 'value' }]);
    const preview = await boss.post('/api/v1/imports?filename=march.csv&dryRun=true', 'indicator,unit,period,value\nREV,E1,2026-03,5\n', { 'content-type': 'text/csv' });
    expect(preview.body).toMatchObject({ changed: 1 });
    expect((await boss.get('/api/v1/measurements/E1/REV/2026-03/history')).body).toEqual([]);
  });

  it('exports the model as YAML and imports a change through the API', async () => {
    const boss = await app.signIn('boss');
    const yaml = await boss.get('/api/v1/model/export');
    expect(yaml.text).toMatch(/code: REV/);
    const dry = await boss.post('/api/v1/model/import?dryRun=true', yaml.text.replace(/(code: REV\n(?:.*\n)*?\s+weight: )2/, '$15'), { 'content-type': 'application/yaml' });
    expect(dry.body).toMatchObject({ updated: { indicator: 1 }, dryRun: true });
    const bad = await boss.post('/api/v1/model/import', 'indicators:\n  - code: X\n', { 'content-type': 'application/yaml' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('indicators[0] (X).aggregation.time');
    const east = await app.signIn('east');
    expect((await east.post('/api/v1/model/import', 'units: []', { 'content-type': 'application/yaml' })).status).toBe(403);
  });
});
