import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { exportModel, importModel } from '../../../server/model/service.ts';

const owners = [
  { indicator: 'REV', owner: 'kim', updaters: ['lee'] },
  { indicator: 'REV', unit: 'EAST', owner: 'choi', updaters: ['han'] },
  { objective: 'C1', owner: 'park', updaters: [] },
];

describe.each(testDatabaseKinds())('owners, updaters and profiles (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'org-tree.yaml');
    await app.db.transaction().execute((trx) => importModel(trx, testActor, { targets: [{ indicator: 'REV', unit: 'E1', period: 2026, target: 1200 }] }));
    await measure(app.db, [['REV', 'E1', '2026-02', 90]]);
    for (const name of ['kim', 'lee', 'choi', 'han', 'park']) await app.user(name, [{ role: 'viewer', unit: null }]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
  });

  it('when a model file names owners, then an export says the same and importing it again changes nothing', async () => {
    await app.db.transaction().execute((trx) => importModel(trx, testActor, { owners }));
    const exported = await exportModel(app.db);
    expect(exported.owners).toEqual([
      { objective: 'C1', owner: 'park', updaters: [] },
      { indicator: 'REV', owner: 'kim', updaters: ['lee'] },
      { indicator: 'REV', unit: 'EAST', owner: 'choi', updaters: ['han'] },
    ]);
    const again = await app.db.transaction().execute((trx) => importModel(trx, testActor, exported));
    expect(again.created).toEqual({});
    expect(again.updated).toEqual({});
  });

  it('when an owner entry names an unknown user, unit or indicator, then the import names each problem and writes nothing', async () => {
    const attempt = app.db.transaction().execute((trx) =>
      importModel(trx, testActor, { owners: [{ indicator: 'NOPE', owner: 'ghost' }, { objective: 'C1', unit: 'MARS', owner: 'kim' }] }),
    );
    await expect(attempt).rejects.toMatchObject({
      details: expect.arrayContaining([
        { path: 'owners[0].indicator', message: 'unknown indicator "NOPE"' },
        { path: 'owners[0].owner', message: 'unknown user "ghost"' },
        { path: 'owners[1].unit', message: 'unknown unit "MARS"' },
      ]),
    });
    const both = app.db.transaction().execute((trx) => importModel(trx, testActor, { owners: [{ indicator: 'REV', objective: 'C1', owner: 'kim' }] }));
    await expect(both).rejects.toMatchObject({ details: [{ path: 'owners[0] (REV).indicator', message: 'name exactly one of indicator or objective' }] });
    expect((await exportModel(app.db)).owners).toEqual([]);
  });

  it('shows owner and updaters in the scorecard JSON, the subtree entry overriding the organisation-wide one', async () => {
    const boss = await app.signIn('boss');
    for (const entry of owners) expect((await boss.put('/api/v1/owners', entry)).status).toBe(200);
    const east = await boss.get('/api/v1/scorecards/E1?period=2026-02&window=month');
    const west = await boss.get('/api/v1/scorecards/W1?period=2026-02&window=month');
    const rev = (card: any) => card.perspectives.flatMap((p: any) => p.objectives).flatMap((o: any) => o.indicators).find((i: any) => i.code === 'REV');
    const c1 = (card: any) => card.perspectives.flatMap((p: any) => p.objectives).find((o: any) => o.code === 'C1');
    expect(rev(east.body)).toMatchObject({ owner: 'choi', updaters: ['han'] });
    expect(rev(west.body)).toMatchObject({ owner: 'kim', updaters: ['lee'] });
    expect(c1(west.body)).toMatchObject({ owner: 'park', updaters: [] });
    const heat = await boss.get('/api/v1/heatmap/E1?period=2026-02&window=month&by=indicator');
    expect(heat.status).toBe(200);
    expect(heat.body.columns.find((c: any) => c.code === 'REV')).toMatchObject({ owner: 'choi' });
    expect((await boss.delete('/api/v1/owners?indicator=REV&unit=EAST')).status).toBe(204);
    expect(rev((await boss.get('/api/v1/scorecards/E1?period=2026-02&window=month')).body)).toMatchObject({ owner: 'kim' });
    const viewer = await app.signIn('kim');
    expect((await viewer.put('/api/v1/owners', owners[0])).status).toBe(403);
    expect((await boss.put('/api/v1/owners', { indicator: 'REV', owner: 'ghost' })).status).toBe(422);
  });

  it('keeps each user’s e-mail and notification choice per kind; only user managers change others', async () => {
    const kim = await app.signIn('kim');
    const mine = await kim.put('/api/v1/me/profile', { email: 'kim@example.com', notifications: { mention: 'daily', status_worsened: 'app' } });
    expect(mine.body).toMatchObject({ email: 'kim@example.com', notifications: { mention: 'daily', status_worsened: 'app', comment_reply: 'immediately' } });
    expect((await kim.put('/api/v1/me/profile', { email: 'not an address' })).status).toBe(400);
    expect((await kim.put('/api/v1/me/profile', { notifications: { mention: 'hourly' } })).status).toBe(400);
    expect((await kim.patch('/api/v1/users/lee/profile', { email: 'x@example.com' })).status).toBe(403);
    const boss = await app.signIn('boss');
    expect((await boss.patch('/api/v1/users/lee/profile', { email: 'lee@example.com', disabled: true })).body).toMatchObject({ email: 'lee@example.com', disabled: true });
    expect((await boss.get('/api/v1/directory?search=ki')).body.people).toEqual([{ username: 'kim', displayName: 'kim' }]);
  });
});
