import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { saveJob, runJob } from '../jobs/support.ts';
import { importModel } from '../../../server/model/service.ts';

describe.each(testDatabaseKinds())('who is told what by the alerts and reminders jobs (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
    await app.user('owner', [{ role: 'viewer', unit: null }]);
    await app.user('upd', [{ role: 'contributor', unit: 'SEOUL' }]);
    await app.user('mgr', [{ role: 'manager', unit: 'HQ' }]);
    await app.user('reader', [{ role: 'viewer', unit: null }]);
    await app.db.transaction().execute((trx) =>
      importModel(trx, testActor, {
        owners: [{ indicator: 'SALES', owner: 'owner', updaters: ['upd'] }],
        initiatives: [{ code: 'FIX-SEOUL', title: 'Win back Seoul sales', unit: 'SEOUL', indicators: ['SALES'], status: 'in_progress' }],
      }),
    );
    // SALES targets: SEOUL 100 a month, BUSAN 50. Both on track in January, off track in February.
    await measure(app.db, [['SALES', 'SEOUL', '2026-01', 110], ['SALES', 'BUSAN', '2026-01', 60], ['SALES', 'SEOUL', '2026-02', 50], ['SALES', 'BUSAN', '2026-02', 20]]);
  });

  it('tells the owner when an indicator turns off track: without an open initiative as such, with one as a status change; once', async () => {
    await saveJob(app.db, { name: 'alerts', kind: 'alerts', config: { missingData: false } });
    expect((await runJob(app.ctx, 'alerts', '2026-02')).status).toBe('succeeded');
    expect((await runJob(app.ctx, 'alerts', '2026-02')).status).toBe('succeeded');
    const owner = await app.signIn('owner');
    const inbox = (await owner.get('/api/v1/me/notifications')).body;
    expect(inbox.items.map((n: any) => [n.kind, n.unit]).sort()).toEqual([
      ['off_track_without_initiative', 'BUSAN'],
      ['status_worsened', 'HQ'], // the Seoul initiative works below HQ
      ['status_worsened', 'SEOUL'],
    ]);
    expect(inbox.items.find((n: any) => n.unit === 'BUSAN').link).toBe('/indicator/SALES?unit=BUSAN&period=2026-02&window=month');
    expect((await (await app.signIn('reader')).get('/api/v1/me/notifications')).body.items).toEqual([]);
  });

  it('tells a late unit’s updaters and managers that its month was not submitted', async () => {
    await saveJob(app.db, { name: 'reminders', kind: 'reminders', config: {} });
    expect((await runJob(app.ctx, 'reminders', '2026-02')).status).toBe('succeeded');
    const upd = (await (await app.signIn('upd')).get('/api/v1/me/notifications')).body.items;
    const mgr = (await (await app.signIn('mgr')).get('/api/v1/me/notifications')).body.items;
    expect(mgr.map((n: any) => [n.kind, n.unit]).sort()).toEqual([['submission_late', 'BUSAN'], ['submission_late', 'SEOUL']]);
    // upd is an updater of SALES everywhere (the organisation-wide entry)
    expect(upd.map((n: any) => n.unit).sort()).toEqual(['BUSAN', 'SEOUL']);
    expect(upd[0].link).toMatch(/^\/entry\?unit=(BUSAN|SEOUL)&period=2026-02$/);
  });
});
