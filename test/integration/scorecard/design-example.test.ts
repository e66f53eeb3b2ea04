import { describe, expect, it, beforeEach } from 'vitest';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { importModelFile, measure } from '../../helpers/model.ts';
import { getScorecard } from '../../../server/scorecards/service.ts';

describe.each(testDatabaseKinds())('the DESIGN.md example, end to end (%s)', (kind) => {
  const database = useTestDatabase(kind);
  beforeEach(async () => {
    await database.truncate();
    await importModelFile(database.db, 'design-example.yaml');
  });

  it('aggregates a formula over the org tree and time from its inputs (4 / 104 = 3.85 %)', async () => {
    await measure(database.db, [
      ['CLAIMS', 'SEOUL', '2026-01', 1], ['ORDERS', 'SEOUL', '2026-01', 2],
      ['CLAIMS', 'BUSAN', '2026-01', 1], ['ORDERS', 'BUSAN', '2026-01', 2],
      ['CLAIMS', 'SEOUL', '2026-02', 2], ['ORDERS', 'SEOUL', '2026-02', 100],
    ]);
    const card = await getScorecard(database.db, 'HQ', '2026-02', { window: 'ytd' });
    const claimRate = card.perspectives.find((p) => p.code === 'customer')!.objectives[0].indicators[0];
    expect(claimRate.actual).toBeCloseTo((4 / 104) * 100, 10);
    expect(claimRate.target).toBe(2.5);
    // decrease ratio: (2 − A/T) × 100
    expect(claimRate.score).toBeCloseTo((2 - (4 / 104) * 100 / 2.5) * 100, 10);
    // SEOUL inherits the company's rate target
    const seoul = await getScorecard(database.db, 'SEOUL', '2026-02', { window: 'month' });
    const seoulRate = seoul.perspectives.find((p) => p.code === 'customer')!.objectives[0].indicators[0];
    expect(seoulRate.actual).toBe(2);
    expect(seoulRate.target).toBe(2.5);
  });

  it('phases a yearly sum target evenly and sums branches into the company', async () => {
    await measure(database.db, [
      ['SALES', 'SEOUL', '2026-01', 110], ['SALES', 'SEOUL', '2026-02', 95], ['SALES', 'SEOUL', '2026-03', 100],
      ['SALES', 'BUSAN', '2026-01', 40], ['SALES', 'BUSAN', '2026-02', 50], ['SALES', 'BUSAN', '2026-03', 60],
    ]);
    const card = await getScorecard(database.db, 'HQ', '2026-03', { window: 'ytd' });
    const financial = card.perspectives.find((p) => p.code === 'financial')!;
    const sales = financial.objectives[0].indicators[0];
    expect(sales.actual).toBe(455);
    expect(sales.target).toBeCloseTo(450, 9); // (1200 + 600) / 12 × 3
    expect(sales.score).toBeCloseTo((455 / 450) * 100, 9);
    expect(sales.gap).toBeCloseTo(5, 9);
    expect(sales.favourable).toBe(true);
    // only the financial perspective has data in March: customer has no claims, so the total is financial alone
    expect(card.score).toBeCloseTo(sales.score!, 9);
    expect(card.coverage).toBeCloseTo(0.3, 9);
    const month = await getScorecard(database.db, 'BUSAN', '2026-02', { window: 'month' });
    expect(month.perspectives.find((p) => p.code === 'financial')!.objectives[0].indicators[0]).toMatchObject({ actual: 50, target: 50, score: 100, status: 'on_track' });
  });
});
