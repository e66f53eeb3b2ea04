/** Issue 15: submitted values are frozen; fed rows are read-only and rounded; typed numbers use the file parser. */
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { importMeasurementFile } from '../../../server/measurements/import.ts';

describe.each(testDatabaseKinds())('entry grid freeze and fed rows (%s)', (kind) => {
  const app = useTestApp(kind);
  let contributor: TestClient;
  let manager: TestClient;
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
    await app.user('contrib', [{ role: 'contributor', unit: 'SEOUL' }]);
    await app.user('boss', [{ role: 'manager', unit: 'HQ' }]);
    [contributor, manager] = await Promise.all([app.signIn('contrib'), app.signIn('boss')]);
  });

  it('when the month is submitted, then nobody changes its values in the grid until a manager returns it', async () => {
    expect((await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 110, expectedRevision: 0 }] })).status).toBe(200);
    await contributor.post('/api/v1/periods/SEOUL/2026-02/submit');
    const frozen = await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 999, expectedRevision: 1 }] });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error).toMatchObject({ code: 'submitted', details: { state: 'submitted' } });
    expect(frozen.body.error.message).toMatch(/SEOUL 2026-02 is submitted: its values are frozen/);
    expect((await manager.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 999, expectedRevision: 1 }] })).status).toBe(409);
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.rows[0]).toMatchObject({ indicator: 'SALES', value: 110 });

    await manager.post('/api/v1/periods/SEOUL/2026-02/return', { comment: 'check SALES' });
    expect((await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 120, expectedRevision: 1 }] })).status).toBe(200);
  });

  it('when a value was fed by a survey, then its row is read-only, rounded for display, and a save is refused naming the source', async () => {
    await measure(app.db, [['SALES', 'SEOUL', '2026-02', 79.64696195197149]], 'survey:CSI-2026');
    const grid = await contributor.get('/api/v1/entry/SEOUL/2026-02');
    expect(grid.body.rows[0]).toMatchObject({ indicator: 'SALES', value: 79.65, storedValue: 79.64696195197149, readOnly: true, source: 'survey:CSI-2026' });
    expect(grid.body.rows[1]).toMatchObject({ indicator: 'CLAIMS', readOnly: false, source: null });
    const save = await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 80, expectedRevision: 1 }] });
    expect(save.status).toBe(409);
    expect(save.body.error).toMatchObject({ code: 'read_only', details: [{ row: 1, field: 'value', indicator: 'SALES' }] });
    expect(save.body.error.message).toMatch(/fed by survey:CSI-2026/);
  });

  it('when a value is typed with thousands separators, then 6,210 is 6210; 6,21 is refused naming the row', async () => {
    const ok = await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: '6,210', expectedRevision: 0 }] });
    expect(ok.status).toBe(200);
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.rows[0].value).toBe(6210);
    const bad = await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'CLAIMS', value: '6,21', expectedRevision: 0 }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toMatch(/rows.*0.*value|"6,21" is not a number/);
  });

  it('when the month is submitted, then a contributor cannot change it through the measurements API, an upload, the CLI or the bulk path either; a manager can', async () => {
    expect((await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 110, expectedRevision: 0 }] })).status).toBe(200);
    await contributor.post('/api/v1/periods/SEOUL/2026-02/submit');

    const api = await contributor.post('/api/v1/measurements', { rows: [{ indicator: 'SALES', unit: 'SEOUL', period: '2026-02', value: 999 }] });
    expect(api.status).toBe(409);
    expect(api.body.error.details).toEqual([expect.objectContaining({ row: 1, field: 'period', code: 'submitted', value: '2026-02' })]);
    expect(api.body.error.message).toMatch(/row 1, period: 2026-02 is submitted for SEOUL: its values are frozen/);

    const csv = 'indicator,unit,period,value\nSALES,SEOUL,2026-01,5\nSALES,SEOUL,2026-02,999\n';
    const upload = await contributor.post('/api/v1/imports?filename=x.csv', csv, { 'content-type': 'text/csv' });
    expect(upload.status).toBe(409);
    const partial = await contributor.post('/api/v1/imports?filename=x.csv&accept=valid', csv, { 'content-type': 'text/csv' });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ changed: 1, rejected: [{ row: 3, field: 'period', code: 'submitted' }] });

    // CLI import and the file-drop job write without a person: a submitted month waits for its return.
    for (const bulkThreshold of [Number.POSITIVE_INFINITY, 0]) {
      const cli = await app.db.transaction().execute((trx) =>
        importMeasurementFile(trx, testActor, { buffer: Buffer.from(csv), name: 'drop.csv' }, { accept: 'valid', bulkThreshold }),
      );
      expect(cli.rejected).toEqual([expect.objectContaining({ row: 3, field: 'period', code: 'submitted' })]);
    }
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.rows[0]).toMatchObject({ indicator: 'SALES', value: 110 });

    const managed = await manager.post('/api/v1/measurements', { rows: [{ indicator: 'SALES', unit: 'SEOUL', period: '2026-02', value: 115 }] });
    expect(managed.status).toBe(200);
    expect(managed.body).toMatchObject({ changed: 1, rejected: [] });
    const managerFile = await manager.post('/api/v1/imports?filename=m.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-02,116\n', { 'content-type': 'text/csv' });
    expect(managerFile.body).toMatchObject({ changed: 1 });

    await manager.post('/api/v1/periods/SEOUL/2026-02/return', { comment: 'check SALES' });
    expect((await contributor.post('/api/v1/measurements', { rows: [{ indicator: 'SALES', unit: 'SEOUL', period: '2026-02', value: 120 }] })).status).toBe(200);
  });
});
