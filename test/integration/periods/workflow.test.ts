/** Monthly entry, review and close over the HTTP API (issue: data entry, review and period close). */
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { importModelFile, measure } from '../../helpers/model.ts';
import { deadlineOf } from '../../../server/periods/service.ts';
import { upsertSetting } from '../../../server/periods/repository.ts';
import { remindersJob } from '../../../jobs/reminders.ts';

describe('deadline', () => {
  it('is the 5th working day (Mon–Fri) of the following month by default, configurable', () => {
    expect(deadlineOf('2026-02')).toBe('2026-03-06'); // 1 March 2026 is a Sunday
    expect(deadlineOf('2026-02', 1)).toBe('2026-03-02');
    expect(deadlineOf('2025-12')).toBe('2026-01-07');
    expect(deadlineOf('2026-01', 30)).toBe('2026-02-28');
  });
});

describe.each(testDatabaseKinds())('period workflow (%s)', (kind) => {
  const app = useTestApp(kind);
  let contributor: TestClient;
  let manager: TestClient;
  let admin: TestClient;
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
    await measure(app.db, [
      ['SALES', 'SEOUL', '2026-01', 100],
      ['SALES', 'SEOUL', '2025-02', 80],
    ]);
    await app.user('contrib', [{ role: 'contributor', unit: 'SEOUL' }]);
    await app.user('boss', [{ role: 'manager', unit: 'HQ' }]);
    await app.user('root', [{ role: 'admin', unit: null }]);
    [contributor, manager, admin] = await Promise.all([app.signIn('contrib'), app.signIn('boss'), app.signIn('root')]);
  });

  it('the grid lists the entered indicators with target, last month, last year, revision and the workflow', async () => {
    const res = await contributor.get('/api/v1/entry/SEOUL/2026-02');
    expect(res.status).toBe(200);
    expect(res.body.rows.map((r: { indicator: string }) => r.indicator)).toEqual(['SALES', 'CLAIMS', 'ORDERS']); // CLAIM_RATE is computed
    expect(res.body.rows[0]).toMatchObject({ indicator: 'SALES', lastMonth: 100, lastYear: 80, value: null, revision: 0, unit: 'KRW' });
    expect(res.body.rows[0].target).toBeCloseTo(100); // 1200 a year
    expect(res.body.workflow).toMatchObject({ state: 'draft', deadline: '2026-03-06', late: true, locked: false });
    expect(res.body.can).toEqual({ write: true, submit: true, review: false, lock: false, reopen: false });
    // a parent unit enters only what is not summed up from below
    expect((await manager.get('/api/v1/entry/HQ/2026-02')).body.rows).toEqual([]);
    await upsertSetting(app.db, 'entry.deadlineWorkingDay', 1);
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.workflow.deadline).toBe('2026-03-02');
  });

  it('contributor submits, manager returns with a comment, contributor resubmits, manager approves and the month locks on every path; admin reopens with a reason', async () => {
    const save = await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 110, note: 'promo', expectedRevision: 0 }, { indicator: 'ORDERS', value: 50, expectedRevision: 0 }] });
    expect(save.status).toBe(200);
    expect(save.body).toMatchObject({ changed: 2 });
    // submitted after the deadline (2026-03-06): the month stays flagged late (issue 19)
    expect((await contributor.post('/api/v1/periods/SEOUL/2026-02/submit')).body).toMatchObject({ state: 'submitted', submittedBy: 'contrib', late: true });
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.workflow).toMatchObject({ state: 'submitted', late: true });
    expect((await contributor.post('/api/v1/periods/SEOUL/2026-02/approve')).status).toBe(403);
    const noComment = await manager.post('/api/v1/periods/SEOUL/2026-02/return', {});
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.code).toBe('comment_required');
    expect((await manager.post('/api/v1/periods/SEOUL/2026-02/return', { comment: 'ORDERS looks low' })).body).toMatchObject({ state: 'returned', comment: 'ORDERS looks low', reviewedBy: 'boss' });
    const grid = await contributor.get('/api/v1/entry/SEOUL/2026-02');
    const orders = grid.body.rows.find((r: { indicator: string }) => r.indicator === 'ORDERS');
    expect(orders).toMatchObject({ value: 50, revision: 1 });
    expect((await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'ORDERS', value: 500, note: 'typo fixed', expectedRevision: 1 }] })).status).toBe(200);
    expect((await contributor.post('/api/v1/periods/SEOUL/2026-02/submit')).body.state).toBe('submitted');
    // approving locks: the API wants that said (confirmLock: true) and says it back
    const unconfirmed = await manager.post('/api/v1/periods/SEOUL/2026-02/approve', {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error).toMatchObject({ code: 'confirmation_required', details: { field: 'confirmLock' } });
    expect(unconfirmed.body.error.message).toMatch(/Approve and lock.*confirmLock: true/);
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.workflow.state).toBe('submitted');
    const approved = await manager.post('/api/v1/periods/SEOUL/2026-02/approve', { confirmLock: true });
    expect(approved.body).toMatchObject({ state: 'locked', locked: true, lockedAt: 'SEOUL' });
    expect(approved.body.message).toMatch(/^Approved and locked/);

    const entry = await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 1, expectedRevision: 1 }] });
    expect(entry.status).toBe(423);
    expect(entry.body.error.message).toMatch(/2026-02 is locked for SEOUL/);
    const api = await admin.post('/api/v1/measurements', { rows: [{ indicator: 'SALES', unit: 'SEOUL', period: '2026-02', value: 1 }] });
    expect(api.status).toBe(423);
    const file = await admin.post('/api/v1/imports?filename=x.csv', 'indicator,unit,period,value\nSALES,SEOUL,2026-02,1\n', { 'content-type': 'text/csv' });
    expect(file.status).toBe(423);
    expect(file.body.error.message).toMatch(/2026-02 is locked/);
    expect((await contributor.post('/api/v1/periods/SEOUL/2026-02/submit')).status).toBe(409);

    expect((await manager.post('/api/v1/periods/SEOUL/2026-02/reopen', { reason: 'x' })).status).toBe(403);
    expect((await admin.post('/api/v1/periods/SEOUL/2026-02/reopen', {})).body.error.code).toBe('reason_required');
    expect((await admin.post('/api/v1/periods/SEOUL/2026-02/reopen', { reason: 'audit correction' })).body).toMatchObject({ state: 'draft', locked: false });
    expect((await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 111, expectedRevision: 1 }] })).status).toBe(200);

    const audit = await manager.get('/api/v1/periods/SEOUL/2026-02/audit');
    expect(audit.body.steps.map((s: { action: string; actor: string }) => `${s.action}:${s.actor}`)).toEqual([
      'period.submit:contrib',
      'period.return:boss',
      'period.submit:contrib',
      'period.approve:boss',
      'period.lock:boss',
      'period.reopen:root',
    ]);
    expect(audit.body.steps[1].reason).toBe('ORDERS looks low');
    expect(audit.body.steps[5].reason).toBe('audit correction');
    const history = await contributor.get('/api/v1/measurements/SEOUL/SALES/2026-02/history');
    expect(history.body.length ?? history.body.revisions?.length).toBeGreaterThanOrEqual(2);

    const list = await manager.get('/api/v1/periods?unit=HQ&period=2026-02');
    expect(list.body.units.map((u: { unit: string; state: string; late: boolean }) => [u.unit, u.state, u.late])).toEqual([
      ['HQ', 'draft', true],
      ['SEOUL', 'draft', true],
      ['BUSAN', 'draft', true],
    ]);
  });

  it('a lock on a parent holds for its subtree and can only be reopened there', async () => {
    expect((await manager.post('/api/v1/periods/HQ/2026-03/lock', { reason: 'close Q1' })).body.state).toBe('locked');
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-03')).body.workflow).toMatchObject({ state: 'locked', lockedAt: 'HQ' });
    expect((await admin.post('/api/v1/periods/SEOUL/2026-03/reopen', { reason: 'r' })).body.error.code).toBe('locked_above');
    expect((await admin.post('/api/v1/periods/HQ/2026-03/reopen', { reason: 'r' })).status).toBe(200);
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-03')).body.workflow.locked).toBe(false);
  });

  it('when two people edit the same value, the second save gets a conflict with the current value and nothing is overwritten', async () => {
    const other = await app.signIn('boss');
    expect((await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 120, expectedRevision: 0 }] })).status).toBe(200);
    const second = await other.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'CLAIMS', value: 3, expectedRevision: 0 }, { indicator: 'SALES', value: 130, expectedRevision: 0 }] });
    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual([expect.objectContaining({ row: 2, indicator: 'SALES', current: { value: 120, note: null, revision: 1 } })]);
    const grid = await contributor.get('/api/v1/entry/SEOUL/2026-02');
    expect(grid.body.rows.map((r: { value: number | null }) => r.value)).toEqual([120, null, null]);
  });

  it('the template (CSV) is pre-filled and re-imports as a preview of changes and per-row errors', async () => {
    await contributor.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 120, expectedRevision: 0 }] });
    const csv = await contributor.get('/api/v1/entry/SEOUL/2026-02/template?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('entry-SEOUL-2026-02.csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('indicator,unit,period,value,note,name,display unit,target (reference),last month (reference)');
    expect(lines[1]).toMatch(/^SALES,SEOUL,2026-02,120,,/);
    const edited = [lines[0], lines[1].replace('SEOUL,2026-02,120', 'SEOUL,2026-02,125'), lines[2].replace('SEOUL,2026-02,', 'SEOUL,2026-02,abc')].join('\n');
    const preview = await contributor.post('/api/v1/imports?filename=t.csv&dryRun=true&accept=valid', edited, { 'content-type': 'text/csv' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ changed: 1, rejected: [expect.objectContaining({ row: 3, field: 'value' })] });
    expect((await contributor.get('/api/v1/entry/SEOUL/2026-02')).body.rows[0].value).toBe(120);
    const xlsx = await contributor.get('/api/v1/entry/SEOUL/2026-02/template?format=xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });
  it('the reminders job notifies data-entry units that have not submitted after the deadline, once', async () => {
    const run = { job: { name: 'reminders', kind: 'reminders', schedule: '0 8 * * *', timezone: 'UTC', config: {}, enabled: true, timeLimitSeconds: 60, maxAttempts: 1 }, runId: 1, trigger: 'manual' as const, period: '2026-02', scheduledFor: null, signal: new AbortController().signal };
    expect((await contributor.post('/api/v1/periods/SEOUL/2026-02/submit')).status).toBe(200);
    const first = await remindersJob.run(app.ctx, run);
    expect(first).toMatchObject({ rowsAccepted: 1, details: { deadline: '2026-03-06', late: 1 } });
    // (the submit above also told the approvers: approval_waiting)
    const notes = await app.db.selectFrom('notification').select(['kind', 'message']).where('kind', '!=', 'approval_waiting').execute();
    expect(notes).toEqual([{ kind: 'submission_late', message: 'BUSAN has not submitted 2026-02; the deadline was 2026-03-06' }]);
    expect((await remindersJob.run(app.ctx, run)).rowsAccepted).toBe(0);
    expect((await remindersJob.run(app.ctx, { ...run, period: '2099-01' })).details).toMatchObject({ late: 0 });
  });
});

describe('late flag', () => {
  it('stays after a late submission and through approval, and is not set for a submission on time', async () => {
    const { isLate } = await import('../../../server/periods/service.ts');
    const now = new Date('2026-03-20T10:00:00Z');
    expect(isLate('draft', '2026-03-06', now)).toBe(true);
    expect(isLate('submitted', '2026-03-06', now, new Date('2026-03-09T01:00:00Z'))).toBe(true);
    expect(isLate('locked', '2026-03-06', now, new Date('2026-03-09T01:00:00Z'))).toBe(true);
    expect(isLate('submitted', '2026-03-06', now, new Date('2026-03-06T23:00:00Z'))).toBe(false);
    expect(isLate('locked', '2026-03-06', now, null)).toBe(false); // locked by an administrator, never submitted
    expect(isLate('draft', '2026-03-06', new Date('2026-03-06T12:00:00Z'))).toBe(false);
  });
});
