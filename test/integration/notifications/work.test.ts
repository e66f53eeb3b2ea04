import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { importModel } from '../../../server/model/service.ts';

describe.each(testDatabaseKinds())('my work and the month-close board (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'org-tree.yaml');
    await app.db.transaction().execute((trx) => importModel(trx, testActor, { targets: [{ indicator: 'REV', unit: 'E1', period: 2026, target: 1200 }, { indicator: 'REV', unit: 'E2', period: 2026, target: 1200 }] }));
    await measure(app.db, [['REV', 'E1', '2026-02', 90], ['REV', 'E2', '2026-02', 120]]);
    await app.user('lee', [{ role: 'contributor', unit: 'E1' }, { role: 'contributor', unit: 'E2' }]);
    await app.user('kim', [{ role: 'manager', unit: 'EAST' }]);
    await app.user('admin', [{ role: 'admin', unit: null }]);
    await app.db.transaction().execute((trx) => importModel(trx, testActor, { owners: [{ indicator: 'REV', unit: 'EAST', owner: 'kim', updaters: ['lee'] }] }));
  });

  it('shows a contributor what to enter and a manager what they own and what waits for approval', async () => {
    const lee = await app.signIn('lee');
    expect((await lee.post('/api/v1/periods/E1/2026-02/submit', {})).status).toBe(200);
    const leeWork = (await lee.get('/api/v1/me/work?period=2026-02')).body;
    expect(leeWork.toEnter.map((u: any) => [u.unit, u.state])).toEqual([['E1', 'submitted'], ['E2', 'draft']]);
    expect(leeWork.toEnter[1]).toMatchObject({ deadline: '2026-03-06', late: true });
    const kim = await app.signIn('kim');
    const work = (await kim.get('/api/v1/me/work?period=2026-02')).body;
    expect(work.owned.counts).toMatchObject({ on_track: 1, off_track: 0 }); // EAST: 90 + 120 against 100 + 100
    expect(work.owned.items[0]).toMatchObject({ subject: 'indicator', code: 'REV', unit: 'EAST' });
    expect(work.toApprove).toMatchObject([{ unit: 'E1', period: '2026-02', submittedBy: 'lee' }]);
    expect(work.notifications).toMatchObject({ unread: 1, latest: [{ kind: 'approval_waiting', unit: 'E1' }] });
  });

  it('approves and locks several units at once only when told plainly, returns with a comment, reminds, and reports each unit', async () => {
    const lee = await app.signIn('lee');
    for (const u of ['E1', 'E2']) expect((await lee.post(`/api/v1/periods/${u}/2026-02/submit`, {})).status).toBe(200);
    const kim = await app.signIn('kim');
    const board = (await kim.get('/api/v1/close-board?unit=EAST&period=2026-02')).body;
    expect(board.counts).toMatchObject({ submitted: 2, draft: 1 });
    expect(board.units.find((u: any) => u.unit === 'E1')).toMatchObject({ state: 'submitted', submittedBy: 'lee', leaf: true, can: { review: true } });
    expect((await kim.post('/api/v1/close-board/actions', { period: '2026-02', action: 'approve', units: ['E1', 'E2'] })).body.error.code).toBe('confirmation_required');
    expect((await kim.post('/api/v1/close-board/actions', { period: '2026-02', action: 'return', units: ['E2'] })).body.error.code).toBe('comment_required');
    const returned = await kim.post('/api/v1/close-board/actions', { period: '2026-02', action: 'return', units: ['E2'], comment: 'REV looks doubled' });
    expect(returned.body).toMatchObject({ done: 1, results: [{ unit: 'E2', ok: true, state: 'returned' }] });
    const approved = await kim.post('/api/v1/close-board/actions', { period: '2026-02', action: 'approve', units: ['E1', 'E2', 'W1'], confirmLock: true });
    expect(approved.body).toMatchObject({ done: 1, failed: 2, results: [{ unit: 'E1', ok: true, state: 'locked' }, { unit: 'E2', ok: false, error: { code: 'invalid_transition' } }, { unit: 'W1', ok: false, error: { code: 'forbidden' } }] });
    expect((await kim.post('/api/v1/close-board/actions', { period: '2026-02', action: 'remind', units: ['E2'], comment: 'Please fix today' })).body).toMatchObject({ done: 1 });
    const inbox = (await lee.get('/api/v1/me/notifications?kind=submission_late')).body;
    expect(inbox.items[0]).toMatchObject({ unit: 'E2', message: 'kim reminds E2 to submit 2026-02: Please fix today' });
    expect((await lee.post('/api/v1/close-board/actions', { period: '2026-02', action: 'approve', units: ['E1'], confirmLock: true })).status).toBe(403);
  });
});
