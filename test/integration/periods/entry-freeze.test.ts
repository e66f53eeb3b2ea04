/** Issue 15: submitted values are frozen; fed rows are read-only and rounded; typed numbers use the file parser. */
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { importModelFile, measure } from '../../helpers/model.ts';

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
});
