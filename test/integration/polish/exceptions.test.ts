import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { importModelFile, measure } from '../../helpers/model.ts';
import { upsertJob } from '../../../server/scheduling/repository.ts';

const months = (from: string, to: string) => {
  const out: string[] = [];
  for (let [y, m] = from.split('-').map(Number); `${y}-${String(m).padStart(2, '0')}` <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) out.push(`${y}-${String(m).padStart(2, '0')}`);
  return out;
};

/** A1 slips from 110 to 60 with February 2026 not entered; A2 is at 95 every month; B1 at 120. */
async function seed(db: Parameters<typeof measure>[0]) {
  await importModelFile(db, 'exceptions.yaml');
  const rows: [string, string, string, number | null][] = [];
  const a1: Record<string, number> = { '2025-12': 90, '2026-01': 85, '2026-03': 70, '2026-04': 60 };
  for (const p of months('2025-01', '2026-04')) {
    if (p !== '2026-02') rows.push(['SALES', 'A1', p, a1[p] ?? 110]);
    rows.push(['SALES', 'A2', p, 95], ['SALES', 'B1', p, 120]);
  }
  rows.push(['RATE', 'A1', '2026-03', 95], ['RATE', 'A1', '2026-04', 85]);
  await measure(db, rows);
}

describe.each(testDatabaseKinds())('exceptions, comparison and child units (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await seed(app.db);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('anna', [{ role: 'viewer', unit: 'A' }]);
  });

  it('lists every indicator below target, largest shortfall first, with the months in a row off target', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/exceptions?unit=HQ&period=2026-04&window=month');
    expect(res.status).toBe(200);
    const items = res.body.items as any[];
    const shortfalls = items.map((i) => i.shortfall);
    expect(shortfalls).toEqual([...shortfalls].sort((a, b) => b - a));
    const a1 = items.find((i) => i.unit === 'A1' && i.indicator === 'SALES');
    // February was not entered: the run is March and April
    expect(a1).toMatchObject({ actual: 60, target: 100, status: 'off_track', shortfall: 40, offTargetMonths: 2, offTargetSince: '2026-03', measure: 'KRW mn' });
    expect(items[0]).toMatchObject({ unit: 'A1', indicator: 'SALES' });
    // at risk every month: capped at the look-back
    expect(items.find((i) => i.unit === 'A2')).toMatchObject({ status: 'at_risk', shortfall: 5, offTargetMonths: 12, offTargetSince: '2025-05' });
    expect(items.find((i) => i.unit === 'A1' && i.indicator === 'RATE')).toMatchObject({ status: 'at_risk', offTargetMonths: 1 });
    expect(items.some((i) => i.unit === 'B1' || i.unit === 'B')).toBe(false);
    expect(res.body.total).toBe(items.length);

    const offOnly = await boss.get('/api/v1/exceptions?unit=HQ&period=2026-04&window=month&status=off_track');
    expect(offOnly.body.items.every((i: any) => i.status === 'off_track')).toBe(true);
    const own = await boss.get('/api/v1/exceptions?unit=A1&period=2026-04&window=month&scope=unit');
    expect(own.body.items.map((i: any) => i.indicator)).toEqual(['SALES', 'RATE']);
  });

  it('is scoped to the caller’s subtree and refuses bad input with a 400', async () => {
    const anna = await app.signIn('anna');
    expect((await anna.get('/api/v1/exceptions?unit=HQ&period=2026-04')).status).toBe(403);
    const mine = await anna.get('/api/v1/exceptions?unit=A&period=2026-04&window=month');
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.items.map((i: any) => i.unit))).toEqual(new Set(['A', 'A1', 'A2']));
    const bad = await anna.get('/api/v1/exceptions?unit=A&period=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('compares the scorecard with last month and the same month last year, in score and actual', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/A1?period=2026-04&window=month');
    expect(res.status).toBe(200);
    const sales = res.body.perspectives.find((p: any) => p.code === 'financial').objectives[0].indicators[0];
    expect(sales.compare).toEqual({
      previous: { period: '2026-03', score: 70, scoreDelta: -10, actual: 70, actualDelta: -10 },
      lastYear: { period: '2025-04', score: 110, scoreDelta: -50, actual: 110, actualDelta: -50 },
    });
    const rate = res.body.perspectives.find((p: any) => p.code === 'customer').objectives[0].indicators[0];
    expect(rate.compare.previous).toMatchObject({ actual: 95, actualDelta: -10 });
    expect(rate.compare.lastYear).toMatchObject({ actual: null, actualDelta: null, scoreDelta: null });
    expect(res.body.compare.previous).toMatchObject({ period: '2026-03', scoreDelta: expect.any(Number) });
    expect(res.body.perspectives[0].compare.lastYear).toMatchObject({ period: '2025-04', score: 110 });
    // only fields were added: the DESIGN.md §4 shape is unchanged
    expect(sales).toMatchObject({ code: 'SALES', actual: 60, target: 100, score: 60, status: 'off_track', gap: -40, gapPct: -40, favourable: false });
  });

  it('gives the overview its child-unit table in the same request, scoped to what the caller may see', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/scorecards/HQ?period=2026-04&window=month&children=true');
    expect(res.body.children.map((c: any) => c.unit)).toEqual(['A', 'B']);
    const a = res.body.children[0];
    expect(a).toMatchObject({ name: { en: 'Division A', ko: 'A 부문' }, status: 'off_track', complete: true, expected: 2, reported: 2, exceptions: 2 });
    expect(a.gap).toBeCloseTo(a.score - 100, 6);
    expect(res.body.children[1]).toMatchObject({ unit: 'B', score: 120, status: 'on_track', gap: 20 });
    expect((await boss.get('/api/v1/scorecards/HQ?period=2026-04')).body.children).toBeUndefined();
  });

  it('adds earlier scores to the heatmap cells on request', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/heatmap/A?period=2026-04&window=month&by=indicator&compare=true');
    expect(res.status).toBe(200);
    expect(res.body.compare).toEqual({ previous: '2026-03', lastYear: '2025-04' });
    const a1 = res.body.rows.find((r: any) => r.unit === 'A1');
    expect(a1.cells.SALES).toMatchObject({ score: 60, previous: 70, lastYear: 110 });
    const plain = await boss.get('/api/v1/heatmap/A?period=2026-04&window=month');
    expect(plain.body.compare).toBeUndefined();
  });

  it('the freshness panel lists only the jobs that bring data in as sources', async () => {
    const job = { schedule: '0 0 1 1 *', timezone: 'UTC', enabled: true, timeLimitSeconds: 60, maxAttempts: 1 };
    await upsertJob(app.db, { ...job, name: 'pos-drop', kind: 'file-drop', config: { directory: '/tmp/none' } });
    await upsertJob(app.db, { ...job, name: 'mail', kind: 'mail', config: {} });
    await upsertJob(app.db, { ...job, name: 'maintenance', kind: 'maintenance', config: {} });
    const boss = await app.signIn('boss');
    const res = await boss.get('/api/v1/freshness?unit=HQ&period=2026-04');
    expect(res.body.sources.map((s: any) => s.job)).toEqual(['pos-drop']);
  });
});
