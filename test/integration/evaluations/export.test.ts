/** Reward exports: CSV, XLSX (read back with exceljs) and JSON, one row per unit. */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { cycleFile, loadEvaluationCompany } from './setup.ts';

const HEADER = ['unit', 'unit_name', 'financial', 'customer', 'score', 'adjustment', 'total', 'coverage', 'rank', 'grade', 'cycle', 'version', 'status', 'finalized_at', 'finalized_by', 'complete', 'left_out', 'partial'];

const HEADER_KO = ['조직코드', '조직명', '재무', '고객', '점수', '가감점', '최종점수', '반영률', '순위', '등급', '평가', '평가차수', '상태', '확정일시', '확정자', '데이터 완전', '제외 지표', '일부 누락 지표'];

describe.each(testDatabaseKinds())('evaluation exports (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await loadEvaluationCompany(app.db);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('rita', [{ role: 'reviewer', unit: null }]);
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
  });

  it('exports XLSX with a header row, one row per unit and numbers as numbers, and the version on a second sheet', async () => {
    const rita = await app.signIn('rita');
    const res = await fetch(`${app.url}/api/v1/evaluations/2026-Q1/export?format=xlsx&locale=ko`, { headers: rita.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026-Q1-v1.xlsx"');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Results')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(sheet.rowCount).toBe(5);
    // locale=ko: the headers and words a Korean HR team reads
    expect(values(1)).toEqual(HEADER_KO);
    const finalizedAt = values(2)[13];
    expect(typeof finalizedAt).toBe('string');
    expect(values(2).slice(0, 15)).toEqual(['SEOUL', '서울점', 100, 100, 100, 0, 100, 1, 1, 'S', '2026-Q1', 1, '확정', finalizedAt, 'boss']);
    expect(values(3).slice(0, 15)).toEqual(['INCHEON', '인천점', 95, 95, 95, 0, 95, 1, 2, 'S', '2026-Q1', 1, '확정', finalizedAt, 'boss']);
    expect(values(4).slice(0, 15)).toEqual(['BUSAN', '부산점', 90, 90, 90, -1.5, 88.5, 1, 3, 'B', '2026-Q1', 1, '확정', finalizedAt, 'boss']);
    // DAEGU has no customer score: an empty cell, not 0.
    const daegu = sheet.getRow(5);
    expect([daegu.getCell(1).value, daegu.getCell(3).value, daegu.getCell(4).value, daegu.getCell(5).value, daegu.getCell(8).value, daegu.getCell(10).value]).toEqual(['DAEGU', 80, null, 80, 0.5, 'B']);
    expect(typeof daegu.getCell(5).value).toBe('number');
    // Completeness beside the score: DAEGU's customer indicators had no data and were left out.
    expect(values(2).slice(15)).toEqual(['예', '', '']);
    expect([daegu.getCell(16).value, daegu.getCell(17).value]).toEqual(['아니오', 'CSAT']);
    expect(sheet.getColumn(5).numFmt).toBe('0.0');

    const about = workbook.getWorksheet('Cycle')!;
    const meta = new Map<string, unknown>();
    about.eachRow((r, n) => {
      if (n > 1) meta.set(String(r.getCell(1).value), r.getCell(2).value);
    });
    expect(Object.fromEntries([...meta].filter(([k]) => ['cycle', 'name', 'version', 'status', 'provisional', 'window', 'finalized by'].includes(k)))).toEqual({
      cycle: '2026-Q1',
      name: '2026 1분기 CS평가',
      version: 1,
      status: 'final',
      provisional: false,
      window: 'ytd',
      'finalized by': 'boss',
    });
    expect(meta.get('fingerprint')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports CSV with the English column codes by default and JSON in the results shape', async () => {
    const rita = await app.signIn('rita');
    const csv = await rita.get('/api/v1/evaluations/2026-Q1/export?format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026-Q1-v1.csv"');
    const rows = parse(csv.text) as string[][];
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1).map((r) => r.slice(0, 13))).toEqual([
      ['SEOUL', 'Seoul branch', '100', '100', '100', '0', '100', '1', '1', 'S', '2026-Q1', '1', 'final'],
      ['INCHEON', 'Incheon branch', '95', '95', '95', '0', '95', '1', '2', 'S', '2026-Q1', '1', 'final'],
      ['BUSAN', 'Busan branch', '90', '90', '90', '-1.5', '88.5', '1', '3', 'B', '2026-Q1', '1', 'final'],
      ['DAEGU', 'Daegu branch', '80', '', '80', '0', '80', '0.5', '4', 'B', '2026-Q1', '1', 'final'],
    ]);
    const json = await rita.get('/api/v1/evaluations/2026-Q1/export?format=json');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026-Q1-v1.json"');
    expect(json.body).toMatchObject({ cycle: '2026-Q1', version: 1, provisional: false, results: [{ unit: 'SEOUL' }, { unit: 'INCHEON' }, { unit: 'BUSAN' }, { unit: 'DAEGU' }] });
  });

  it('exports an open version as provisional, named so', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations/2026-Q1/reopen', { reason: 'Recheck' });
    const csv = await boss.get('/api/v1/evaluations/2026-Q1/export?format=csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="evaluation-2026-Q1-v2-provisional.csv"');
    expect((parse(csv.text) as string[][])[1].slice(10, 15)).toEqual(['2026-Q1', '2', 'provisional', '', '']);
    const v1 = await boss.get('/api/v1/evaluations/2026-Q1/export?format=csv&version=1');
    expect((parse(v1.text) as string[][])[1].slice(10, 13)).toEqual(['2026-Q1', '1', 'superseded']);
  });
});
