import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure } from '../../helpers/model.ts';
import { compareRollups } from '../../../server/rollup/service.ts';

/** DESIGN.md §3 "Incomplete data" through the scorecard API, on the materialized rollup. */
describe.each(testDatabaseKinds())('scorecard with a late unit (%s)', (kind) => {
  const app = useTestApp(kind);
  const indicator = (card: any, code: string) =>
    card.perspectives.flatMap((p: any) => p.objectives.flatMap((o: any) => o.indicators)).find((i: any) => i.code === code);

  beforeEach(async () => {
    await importModelFile(app.db, 'late-units.yaml');
    // Targets: 100 a month per store (1200 a year spread evenly). Store 4 is late in March.
    await measure(app.db, [
      ['REVENUE', 'S1', '2026-03', 100], ['REVENUE', 'S2', '2026-03', 90], ['REVENUE', 'S3', '2026-03', 95],
      ['REVENUE', 'S5', '2026-03', 100], ['REVENUE', 'S6', '2026-03', 100],
      ['PROFIT', 'S1', '2026-03', 300], ['PROFIT', 'S2', '2026-03', 280], ['PROFIT', 'S3', '2026-03', 312],
      ['HEADCOUNT', 'S1', '2026-03', 10], ['HEADCOUNT', 'S2', '2026-03', 10], ['HEADCOUNT', 'S3', '2026-03', 10], ['HEADCOUNT', 'S4', '2026-03', 10],
      ['HEADCOUNT', 'CALL', '2026-03', 40],
      ['CSAT', 'S1', '2026-03', 80], ['CSAT', 'S2', '2026-03', 70], ['CSAT', 'S3', '2026-03', 90],
    ]);
    await app.user('boss', [{ role: 'admin', unit: null }]);
  });

  it('when store 4 has not reported, then the area compares 3 stores with their 3 targets and says so', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/AREA1?period=2026-03&window=month');
    expect(res.status).toBe(200);
    // 100 + 90 + 95 = 285 against 3 × 100 = 300 → 95 (not 285 / 400 = 71.25)
    expect(indicator(res.body, 'REVENUE')).toMatchObject({
      actual: 285,
      target: 300,
      score: 95,
      status: 'at_risk',
      completeness: { units: { reported: 3, expected: 4, missing: ['S4'] }, months: null },
    });
    expect(indicator(res.body, 'REVENUE').warning).toMatch(/3 of 4 units reported \(S4 not yet\)/);
    // CSAT averages the reporting stores: (80 + 70 + 90) / 3 = 80 against the company's 80
    expect(indicator(res.body, 'CSAT')).toMatchObject({ actual: 80, target: 80, score: 100, completeness: { units: { reported: 3, expected: 4, missing: ['S4'] } } });
    // Profit per employee over the stores that reported both inputs: 892 / 30, not 892 / 40 = 22.3
    expect(indicator(res.body, 'PPE').actual).toBeCloseTo(892 / 30, 9);
    expect(indicator(res.body, 'PPE').completeness.units).toEqual({ reported: 3, expected: 4, missing: ['S4'] });
    expect(res.body.complete).toBe(false);
    expect(res.body.perspectives.find((p: any) => p.code === 'financial').complete).toBe(false);
  });

  it('when the late figure carries up, then the company compares 5 stores with exactly their targets', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/HQ?period=2026-03&window=month');
    // 285 + 200 = 485 against 500 → 97
    expect(indicator(res.body, 'REVENUE')).toMatchObject({ actual: 485, target: 500, score: 97, completeness: { units: { reported: 5, expected: 6, missing: ['S4'] } } });
  });

  it('when store 4 enters its figure, then the area is complete and scored as before', async () => {
    await measure(app.db, [['REVENUE', 'S4', '2026-03', 100], ['PROFIT', 'S4', '2026-03', 250], ['CSAT', 'S4', '2026-03', 80]]);
    await measure(app.db, ['S1', 'S2', 'S3', 'S4'].map((store) => ['VISITS', store, '2026-03', 100] as [string, string, string, number]));
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/AREA1?period=2026-03&window=month');
    expect(indicator(res.body, 'REVENUE')).toMatchObject({ actual: 385, target: 400, score: 96.25, completeness: { units: null, months: null } });
    expect(indicator(res.body, 'PPE').actual).toBeCloseTo(1142 / 40, 9);
    expect(res.body.complete).toBe(true);
    expect(await app.db.transaction().execute((trx) => compareRollups(trx))).toEqual([]);
  });

  it('when the reporting stores have no target of their own, then there is no like-for-like target and the warning names the late unit', async () => {
    // VISITS has a target on the area only (400 a month); three stores report, store 4 is late.
    await measure(app.db, [['VISITS', 'S1', '2026-03', 100], ['VISITS', 'S2', '2026-03', 100], ['VISITS', 'S3', '2026-03', 100]]);
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/AREA1?period=2026-03&window=month');
    const visits = indicator(res.body, 'VISITS');
    expect(visits).toMatchObject({ actual: 300, target: null, score: null, status: 'no_data', completeness: { units: { reported: 3, expected: 4, missing: ['S4'] } } });
    expect(visits.warning).toMatch(/no like-for-like target .*S4/);
    // Once store 4 reports, the area's own target holds again: 400 against 400.
    await measure(app.db, [['VISITS', 'S4', '2026-03', 100]]);
    const complete = await boss.get('/api/v1/scorecards/AREA1?period=2026-03&window=month');
    expect(indicator(complete.body, 'VISITS')).toMatchObject({ actual: 400, target: 400, score: 100 });
  });

  it('when two stores of the division have no satisfaction figure, then the division averages the four that do and names the two', async () => {
    await measure(app.db, [['CSAT', 'S5', '2026-03', 75]]);
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/RETAIL?period=2026-03&window=month');
    expect(indicator(res.body, 'REVENUE')).toMatchObject({ actual: 485, target: 500 });
    expect(indicator(res.body, 'CSAT').completeness.units).toEqual({ reported: 4, expected: 6, missing: ['S4', 'S6'] });
  });

  it('when profit does not apply at the call centre, then profit per employee is absent there, not scored 0', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/CALL?period=2026-03&window=month');
    expect(indicator(res.body, 'PPE')).toBeUndefined();
    expect(indicator(res.body, 'REVENUE')).toBeUndefined();
    // Nothing of the financial perspective applies: it is left out rather than scored as missing.
    expect(res.body.perspectives.map((p: any) => p.code)).not.toContain('financial');
  });

  it('publishes completeness and complete in the OpenAPI document', async () => {
    const boss = await app.signIn('boss');
    const doc = (await boss.get('/api/v1/openapi.json')).body;
    expect(JSON.stringify(doc.components.schemas.Completeness)).toMatch(/reported/);
    expect(JSON.stringify(doc.components.schemas.Scorecard)).toMatch(/complete/);
  });
});
