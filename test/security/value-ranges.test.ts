/**
 * Class 11 (values part): implausible numbers (|value| > 1e15, 1e308) and years outside
 * 1900–2999 (0000-01, 9999-12) are refused with a row error on every write path: the
 * measurement API, file imports, the entry grid and the model file's targets.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { importModelFile } from '../helpers/model.ts';
import { count } from '../integration/jobs/support.ts';

describe.each(testDatabaseKinds())('plausible values and periods (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importModelFile(app.db, 'design-example.yaml');
    await app.user('admin', [{ role: 'admin', unit: null }]);
  });

  it('when the API is sent 1e308 or a year outside 1900–2999, then each row is refused naming the field and nothing is stored', async () => {
    const admin = await app.signIn('admin');
    const res = await admin.post('/api/v1/measurements', {
      accept: 'valid',
      rows: [
        { indicator: 'SALES', unit: 'SEOUL', period: '2026-01', value: 1e308 },
        { indicator: 'SALES', unit: 'SEOUL', period: '2026-02', value: -2e15 },
        { indicator: 'SALES', unit: 'SEOUL', period: '0000-01', value: 1 },
        { indicator: 'SALES', unit: 'SEOUL', period: '9999-12', value: 1 },
        { indicator: 'SALES', unit: 'SEOUL', period: '2026-03', value: 5, target: 1e16 },
        { indicator: 'SALES', unit: 'SEOUL', period: '2026-04', value: -1e15 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.rejected).toEqual([
      expect.objectContaining({ row: 1, field: 'value', code: 'out_of_range' }),
      expect.objectContaining({ row: 2, field: 'value', code: 'out_of_range' }),
      expect.objectContaining({ row: 3, field: 'period', code: 'bad_period', message: expect.stringMatching(/1900 to 2999/) }),
      expect.objectContaining({ row: 4, field: 'period', code: 'bad_period' }),
      expect.objectContaining({ row: 5, field: 'target', code: 'out_of_range' }),
    ]);
    expect(res.body.accepted).toBe(1); // -1e15 itself is at the limit and accepted
  });

  it('when a file carries a 17-digit value or the month 9999-12, then the upload is a 422 naming row and column', async () => {
    const admin = await app.signIn('admin');
    const csv = 'indicator,unit,period,value\nSALES,SEOUL,2026-01,10000000000000000\nSALES,BUSAN,9999-12,1\n';
    const res = await admin.post('/api/v1/imports?filename=m.csv', csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ row: 2, field: 'value', code: 'out_of_range' }),
      expect.objectContaining({ row: 3, field: 'period', code: 'bad_period' }),
    ]);
    expect(await count(app.db, 'measurement')).toBe(0);
  });

  it('when the entry grid saves 1e308, then it is refused and nothing is saved', async () => {
    const admin = await app.signIn('admin');
    const res = await admin.put('/api/v1/entry/SEOUL/2026-02', { rows: [{ indicator: 'SALES', value: 1e308, expectedRevision: 0 }] });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toMatch(/out_of_range|plausible/);
    expect(await count(app.db, 'measurement')).toBe(0);
  });

  it('when a model file sets a target of 1e308 or for the year 9999, then the import is refused naming the path', async () => {
    const admin = await app.signIn('admin');
    const yaml = 'targets:\n  - { indicator: SALES, unit: SEOUL, period: 2026-01, target: 1e308 }\n  - { indicator: SALES, unit: SEOUL, period: 9999-01, target: 5 }\n';
    const res = await admin.post('/api/v1/model/import', yaml, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(422);
    const text = JSON.stringify(res.body);
    expect(text).toMatch(/targets\.0\.target|targets\[0\]/);
    expect(text).toMatch(/1900 to 2999|year from 1900/);
  });
});
