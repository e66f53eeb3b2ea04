/**
 * People and pay over HTTP, on both databases: roster imports (all or nothing, idempotent,
 * history kept), payouts from finalised versions only, a reopened cycle's new payout version
 * beside the unchanged first one, sign-off, fairness checks, exports.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { loadEvaluationCompany } from '../evaluations/setup.ts';
import { EXPECTED_V1, payCycle, payoutsOf, rosterFile } from './setup.ts';

describe.each(testDatabaseKinds())('people and pay (%s)', (kind) => {
  const app = useTestApp(kind);
  let boss: TestClient;
  let rita: TestClient;
  let hana: TestClient;

  const upload = (client: TestClient, file: Buffer | string, name = 'roster.csv', dryRun = false) =>
    client.post(`/api/v1/people/imports?filename=${name}&dryRun=${dryRun}`, typeof file === 'string' ? file : new Uint8Array(file), { 'content-type': 'text/csv' });
  const count = async (table: 'employee_assignment' | 'roster_import') => Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeEach(async () => {
    await loadEvaluationCompany(app.db);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('rita', [{ role: 'reviewer', unit: null }]);
    await app.user('hana', [{ role: 'hr', unit: null }]);
    [boss, rita, hana] = await Promise.all([app.signIn('boss'), app.signIn('rita'), app.signIn('hana')]);
  });

  describe('roster imports', () => {
    it('imports a roster; the same file again changes nothing', async () => {
      const first = await upload(hana, rosterFile());
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ rows: 6, employees: 5, added: 5, replaced: 0, unchanged: 0 });
      expect(first.body.importId).toEqual(expect.any(Number));
      const again = await upload(hana, rosterFile());
      expect(again.body).toMatchObject({ rows: 6, employees: 5, added: 0, replaced: 0, unchanged: 5, importId: null });
      expect([await count('employee_assignment'), await count('roster_import')]).toEqual([6, 1]);

      const roster = await rita.get('/api/v1/people');
      expect(roster.status).toBe(200);
      expect(roster.body.employees).toBe(5);
      expect(roster.body.assignments.filter((a: any) => a.employee === 'E002').map((a: any) => [a.unit, a.from, a.to, a.base])).toEqual([
        ['SEOUL', '2019-01-01', '2026-02-14', 4_000_000],
        ['BUSAN', '2026-02-15', null, 4_000_000],
      ]);
    });

    it('a newer file replaces the assignments of the employees it names and keeps the old ones as history', async () => {
      await upload(hana, rosterFile());
      const newer = 'employee,name,unit,from,to,base,eligible\nE003,박지호,DAEGU,2026-03-01,,"2,600,000",yes\nE001,김민준,SEOUL,2020-03-02,,3000000,true\n';
      const res = await upload(boss, newer, 'roster-2026-04.csv');
      expect(res.body).toMatchObject({ employees: 2, added: 0, replaced: 1, unchanged: 1 });
      const current = await hana.get('/api/v1/people?employee=E003');
      expect(current.body.assignments.map((a: any) => a.base)).toEqual([2_600_000]);
      const history = await hana.get('/api/v1/people?employee=E003&history=true');
      expect(history.body.assignments.map((a: any) => [a.base, a.supersededBy])).toEqual([
        [2_500_000, 'boss'],
        [2_600_000, null],
      ]);
      // E002 and E004, not named in the newer file, are left as they were.
      expect((await hana.get('/api/v1/people')).body.employees).toBe(5);
    });

    it('a bad roster changes nothing and names every bad row', async () => {
      await upload(hana, rosterFile());
      const before = (await hana.get('/api/v1/people?history=true')).body.assignments;
      const res = await upload(hana, rosterFile('roster-bad.csv'), 'roster-bad.csv');
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid_roster');
      expect(res.body.error.details.map((d: any) => [d.row, d.field, d.code])).toEqual([
        [3, 'unit', 'unknown_unit'],
        [4, 'to', 'invalid_cell'],
        [5, 'base', 'invalid_cell'],
        [7, 'from', 'overlapping_assignment'],
      ]);
      expect(res.body.error.details[3].message).toContain('overlaps row 6');
      expect((await hana.get('/api/v1/people?history=true')).body.assignments).toEqual(before);
      expect(await count('roster_import')).toBe(1);
    });

    it('a dry run previews the changes and writes nothing', async () => {
      const res = await upload(hana, rosterFile(), 'roster.csv', true);
      expect(res.body).toMatchObject({ dryRun: true, added: 5, importId: null });
      expect(res.body.changes.find((c: any) => c.employee === 'E002').assignments).toHaveLength(2);
      expect(await count('employee_assignment')).toBe(0);
    });

    it('reads an XLSX roster with date cells', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('roster');
      sheet.addRow(['employee', 'name', 'unit', 'from', 'to', 'base', 'eligible']);
      sheet.addRow(['E001', '김민준', 'SEOUL', new Date(Date.UTC(2020, 2, 2)), null, 3_000_000, 'Y']);
      const res = await upload(hana, Buffer.from(await workbook.xlsx.writeBuffer()), 'roster.xlsx');
      expect(res.body).toMatchObject({ added: 1 });
      expect((await hana.get('/api/v1/people')).body.assignments.map((a: any) => [a.from, a.base, a.eligible])).toEqual([['2020-03-02', 3_000_000, true]]);
    });
  });

  describe('payouts', () => {
    beforeEach(async () => {
      await upload(hana, rosterFile());
      expect((await boss.post('/api/v1/evaluations', payCycle())).status).toBe(201);
    });

    it('come only from a finalised version', async () => {
      const res = await rita.get('/api/v1/evaluations/2026-Q1/payouts');
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('not_final');
    });

    it('finalise → payout → reopen → a new payout version; the first stays unchanged', async () => {
      await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
      const draft = await rita.get('/api/v1/evaluations/2026-Q1/payouts');
      expect(draft.body).toMatchObject({ version: 1, status: 'draft', run: null, span: { from: '2026-01-01', to: '2026-03-31', days: 90 }, ineligible: 1 });
      expect(payoutsOf(draft.body)).toEqual(EXPECTED_V1);
      expect(draft.body.totals.units.map((u: any) => [u.unit, u.payout])).toEqual([['BUSAN', 2_000_000], ['DAEGU', 861_000], ['INCHEON', 1_653_000], ['SEOUL', 7_500_000]]);
      expect(draft.body.totals.overall).toEqual({ employees: 4, base: 12_700_000, payout: 12_014_000 });

      expect((await rita.post('/api/v1/evaluations/2026-Q1/payouts/prepare', {})).body).toMatchObject({ run: 1, status: 'prepared', preparedBy: 'rita' });
      expect((await hana.post('/api/v1/evaluations/2026-Q1/payouts/approve', {})).body).toMatchObject({ status: 'approved', approvedBy: 'hana' });
      const frozen = await boss.post('/api/v1/evaluations/2026-Q1/payouts/freeze', {});
      expect(frozen.body).toMatchObject({ status: 'frozen', frozenBy: 'boss' });

      // Reopen: BUSAN gets +10 points (88.5 → 98.5: S), so E002's BUSAN days pay 150 %.
      expect((await boss.post('/api/v1/evaluations/2026-Q1/reopen', { reason: 'Audit finding withdrawn' })).status).toBe(200);
      const reopened = await rita.get('/api/v1/evaluations/2026-Q1/payouts');
      expect(reopened.body).toMatchObject({ version: 1, status: 'frozen', evaluationStatus: 'superseded' });
      await boss.put('/api/v1/evaluations/2026-Q1', payCycle({ adjustments: [{ unit: 'BUSAN', points: 10, reason: 'Audit finding withdrawn; service award' }] }));
      await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });

      const v2 = await rita.get('/api/v1/evaluations/2026-Q1/payouts');
      expect(v2.body).toMatchObject({ version: 2, status: 'draft' });
      expect(payoutsOf(v2.body)).toEqual({ ...EXPECTED_V1, E002: 6_000_000 });
      const v1 = await rita.get('/api/v1/evaluations/2026-Q1/payouts?version=1');
      expect(v1.body).toEqual({ ...frozen.body, evaluationStatus: 'superseded' });
      // The database itself refuses to change a frozen run.
      await expect(app.db.updateTable('payout_run').set({ status: 'approved' }).where('version', '=', 1).execute()).rejects.toThrow(/frozen/);
      await expect(app.db.deleteFrom('payout_run').execute()).rejects.toThrow(/cannot be deleted/);
      // The superseded version's run cannot be replaced by a new preparation.
      expect((await rita.post('/api/v1/evaluations/2026-Q1/payouts/prepare', { version: 1 })).status).toBe(409);
    });

    it('a run is prepared by one person and approved by another with pay:approve; every step is audited', async () => {
      await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
      await hana.post('/api/v1/evaluations/2026-Q1/payouts/prepare', {});
      const own = await hana.post('/api/v1/evaluations/2026-Q1/payouts/approve', {});
      expect([own.status, own.body.error.code]).toEqual([403, 'own_preparation']);
      expect((await rita.post('/api/v1/evaluations/2026-Q1/payouts/approve', {})).status).toBe(403); // reviewers prepare, they do not approve
      expect((await boss.post('/api/v1/evaluations/2026-Q1/payouts/freeze', {})).status).toBe(409); // not approved yet
      // A roster change after preparing: approve is refused until prepared again.
      await upload(hana, 'employee,name,unit,from,to,base,eligible\nE007,오하늘,SEOUL,2026-03-16,,2000000,true\n', 'joiner.csv');
      expect((await boss.post('/api/v1/evaluations/2026-Q1/payouts/approve', {})).body.error.code).toBe('roster_changed');
      expect((await rita.post('/api/v1/evaluations/2026-Q1/payouts/prepare', {})).body).toMatchObject({ run: 2, status: 'prepared' });
      const approved = await boss.post('/api/v1/evaluations/2026-Q1/payouts/approve', {});
      // E007 joined SEOUL (S) on 03-16: 2,000,000 × 150 % × 16 / 90 = 533,333.3 → 533,000
      expect(payoutsOf(approved.body).E007).toBe(533_000);
      await hana.post('/api/v1/evaluations/2026-Q1/payouts/freeze', {});
      const runs = await rita.get('/api/v1/evaluations/2026-Q1/payouts/runs');
      expect(runs.body.runs.map((r: any) => [r.run, r.status])).toEqual([[2, 'frozen'], [1, 'withdrawn']]);
      const audit = await boss.get('/api/v1/audit?entity=payout_run&limit=10');
      expect(audit.body.map((a: any) => [a.action, a.actor]).reverse()).toEqual([['prepare', 'hana'], ['withdraw', 'rita'], ['prepare', 'rita'], ['approve', 'boss'], ['freeze', 'hana']]);
    });

    it('exports CSV with Korean headers, subtotals per unit and the total, and who signed', async () => {
      await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
      await rita.post('/api/v1/evaluations/2026-Q1/payouts/prepare', {});
      await hana.post('/api/v1/evaluations/2026-Q1/payouts/approve', {});
      const res = await fetch(`${app.url}/api/v1/evaluations/2026-Q1/payouts/export?format=csv&locale=ko`, { headers: rita.headers });
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="payout-2026-Q1-v1-run1.csv"');
      const rows = parse(Buffer.from(await res.arrayBuffer()), { bom: true }) as string[][];
      expect(rows[0].slice(0, 9)).toEqual(['사번', '성명', '소속', '소속명', '일수', '등급', '지급률', '기준액', '지급액']);
      expect(rows[0].slice(9)).toEqual(['평가', '평가차수', '지급회차', '상태', '작성자', '승인자', '확정자', '확정일시']);
      expect(rows[2].slice(0, 9)).toEqual(['E002', '이서연', 'SEOUL; BUSAN', '서울점; 부산점', '45; 45', 'S; B', '125', '4000000', '5000000']);
      expect(rows[2].slice(9, 15)).toEqual(['2026-Q1', '1', '1', '승인', 'rita', 'hana']);
      expect(rows.slice(5).map((r) => [r[1], r[2], r[8]])).toEqual([['소계', 'BUSAN', '2000000'], ['소계', 'DAEGU', '861000'], ['소계', 'INCHEON', '1653000'], ['소계', 'SEOUL', '7500000'], ['합계', '', '12014000']]);
    });

    it('exports XLSX with text cells as text and amounts as numbers', async () => {
      await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
      const res = await fetch(`${app.url}/api/v1/evaluations/2026-Q1/payouts/export?format=xlsx&locale=en`, { headers: hana.headers });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      const sheet = workbook.getWorksheet('Payouts')!;
      expect((sheet.getRow(2).values as unknown[]).slice(1, 10)).toEqual(['E001', '김민준', 'SEOUL', 'Seoul branch', 90, 'S', 150, 3_000_000, 4_500_000]);
      const meta = new Map<string, unknown>();
      workbook.getWorksheet('Run')!.eachRow((r) => meta.set(String(r.getCell(1).value), r.getCell(2).value));
      expect([meta.get('evaluation version'), meta.get('status'), meta.get('evaluation finalized by')]).toEqual([1, 'draft (not signed)', 'boss']);
    });

    it('the pay policy is validated and set on the open version only', async () => {
      const missing = await hana.put('/api/v1/evaluations/2026-Q1/pay', { rates: { S: 150, A: 120 }, rounding: 1000 });
      expect(missing.status).toBe(422);
      expect(JSON.stringify(missing.body.error.details)).toContain('grade B has no rate');
      expect((await hana.put('/api/v1/evaluations/2026-Q1/pay', { rates: { S: 200, A: 120, B: 100, C: 80, D: 0 }, rounding: 10 })).status).toBe(200);
      expect((await boss.get('/api/v1/evaluations/2026-Q1')).body.definition.pay).toEqual({ rates: { S: 200, A: 120, B: 100, C: 80, D: 0 }, proration: 'days', rounding: 10 });
      await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
      expect((await hana.put('/api/v1/evaluations/2026-Q1/pay', { rates: { S: 150, A: 120, B: 100, C: 80, D: 50 } })).status).toBe(409);
      expect(payoutsOf((await hana.get('/api/v1/evaluations/2026-Q1/payouts')).body).E001).toBe(6_000_000);
    });
  });

  describe('fairness checks before finalising', () => {
    beforeEach(async () => {
      await boss.post('/api/v1/evaluations', payCycle({ fairness: { minCoverage: 0.8 } }));
    });

    it('lists units below the threshold and blocks finalising until each is acknowledged with a reason', async () => {
      const fairness = await rita.get('/api/v1/evaluations/2026-Q1/fairness');
      expect(fairness.body).toMatchObject({ version: 1, provisional: true, blocking: true, thresholds: { minCoverage: 0.8 } });
      expect(fairness.body.flagged.map((f: any) => [f.unit, f.coverage, f.reasons])).toEqual([['DAEGU', 0.5, ['coverage 50.0 % is below 80.0 %']]]);

      const blocked = await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
      expect([blocked.status, blocked.body.error.code, blocked.body.error.details]).toEqual([409, 'fairness_unacknowledged', [{ unit: 'DAEGU', reasons: ['coverage 50.0 % is below 80.0 %'] }]]);
      expect((await rita.post('/api/v1/evaluations/2026-Q1/fairness/acknowledgments', { units: ['DAEGU'], reason: 'CSAT survey not run in Daegu this quarter' })).status).toBe(403);
      expect((await boss.post('/api/v1/evaluations/2026-Q1/fairness/acknowledgments', { units: ['SEOUL'], reason: 'not flagged' })).status).toBe(400);
      const acked = await boss.post('/api/v1/evaluations/2026-Q1/fairness/acknowledgments', { units: ['DAEGU'], reason: 'CSAT survey not run in Daegu this quarter' });
      expect(acked.body).toMatchObject({ blocking: false, flagged: [{ unit: 'DAEGU', acknowledged: { reason: 'CSAT survey not run in Daegu this quarter', by: 'boss' } }] });
      expect((await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true })).status).toBe(200);
      const audit = await boss.get('/api/v1/audit?entity=evaluation_fairness');
      expect(audit.body.map((a: any) => [a.action, a.key, a.reason])).toEqual([['acknowledge', '2026-Q1#1', 'CSAT survey not run in Daegu this quarter']]);
    });

    it('counts grades per division', async () => {
      const fairness = await rita.get('/api/v1/evaluations/2026-Q1/fairness');
      // The fixture's branches sit right under the company, so each is its own division.
      expect(fairness.body.divisions.map((d: any) => [d.division, d.grades])).toEqual([['BUSAN', { B: 1 }], ['DAEGU', { B: 1 }], ['INCHEON', { S: 1 }], ['SEOUL', { S: 1 }]]);
    });
  });
});
