import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { importModelFile, measure, testActor } from '../../helpers/model.ts';
import { rebuildRollups } from '../../../server/rollup/service.ts';
import { importModel } from '../../../server/model/service.ts';
import { getScorecard } from '../../../server/scorecards/service.ts';
import { writeMeasurements } from '../../../server/measurements/service.ts';
import type { Db } from '../../../server/db/database.ts';

async function snapshot(db: Db) {
  const { rows } = await sql<Record<string, unknown>>`
    select i.code as indicator, u.code as unit, r.period, r.value, r.target, r.baseline, r.stretch, r.red_flag,
      r.child_reported, r.child_lfl_target, r.child_lfl_baseline, r.child_lfl_stretch, r.child_lfl_red_flag
    from indicator_rollup r join indicator i on i.id = r.indicator_id join org_unit u on u.id = r.unit_id
    where coalesce(r.value, r.target, r.baseline, r.stretch, r.red_flag, r.child_reported, r.child_lfl_target) is not null
    order by 1, 2, 3`.execute(db);
  return rows;
}

const indicatorValue = async (db: Db, unit: string, period: string, window: 'month' | 'ytd', code: string) => {
  const card = await getScorecard(db, unit, period, { window });
  return card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators)).find((i) => i.code === code)!;
};

describe.each(testDatabaseKinds())('org rollup (%s)', (kind) => {
  const database = useTestDatabase(kind);
  beforeEach(async () => {
    await database.truncate();
    await importModelFile(database.db, 'org-tree.yaml');
  });

  it('sums, averages and weights children; none stays with each unit', async () => {
    await measure(database.db, [
      ['REV', 'E1', '2026-01', 100], ['REV', 'E2', '2026-01', 300], ['REV', 'W1', '2026-01', 600],
      ['RATE', 'E1', '2026-01', 80], ['RATE', 'E2', '2026-01', 90], ['RATE', 'W1', '2026-01', 70],
      ['WSAT', 'E1', '2026-01', 50], ['WSAT', 'E2', '2026-01', 90], ['WSAT', 'W1', '2026-01', 60],
      ['LOCAL', 'E1', '2026-01', 3],
    ]);
    expect((await indicatorValue(database.db, 'EAST', '2026-01', 'month', 'REV')).actual).toBe(400);
    expect((await indicatorValue(database.db, 'HQ', '2026-01', 'month', 'REV')).actual).toBe(1000);
    expect((await indicatorValue(database.db, 'EAST', '2026-01', 'month', 'RATE')).actual).toBe(85);
    // HQ averages its children (EAST 85, WEST 70), not the leaves
    expect((await indicatorValue(database.db, 'HQ', '2026-01', 'month', 'RATE')).actual).toBe(77.5);
    // EAST: (50·100 + 90·300) / 400 = 80; HQ: (80·400 + 60·600) / 1000 = 68
    expect((await indicatorValue(database.db, 'EAST', '2026-01', 'month', 'WSAT')).actual).toBe(80);
    expect((await indicatorValue(database.db, 'HQ', '2026-01', 'month', 'WSAT')).actual).toBe(68);
    expect((await indicatorValue(database.db, 'E1', '2026-01', 'month', 'LOCAL')).actual).toBe(3);
    expect((await indicatorValue(database.db, 'EAST', '2026-01', 'month', 'LOCAL')).actual).toBeNull();
  });

  it('a parent with its own measurement uses it; removing it falls back to its children', async () => {
    await measure(database.db, [['REV', 'E1', '2026-02', 10], ['REV', 'E2', '2026-02', 20], ['REV', 'EAST', '2026-02', 99]]);
    expect((await indicatorValue(database.db, 'EAST', '2026-02', 'month', 'REV')).actual).toBe(99);
    expect((await indicatorValue(database.db, 'HQ', '2026-02', 'month', 'REV')).actual).toBe(99);
    await measure(database.db, [['REV', 'EAST', '2026-02', null]]);
    expect((await indicatorValue(database.db, 'EAST', '2026-02', 'month', 'REV')).actual).toBe(30);
    expect((await indicatorValue(database.db, 'HQ', '2026-02', 'month', 'REV')).actual).toBe(30);
  });

  it('a changed weight re-weights the weighted average above it', async () => {
    await measure(database.db, [['REV', 'E1', '2026-01', 100], ['REV', 'E2', '2026-01', 100], ['WSAT', 'E1', '2026-01', 50], ['WSAT', 'E2', '2026-01', 90]]);
    expect((await indicatorValue(database.db, 'EAST', '2026-01', 'month', 'WSAT')).actual).toBe(70);
    await measure(database.db, [['REV', 'E2', '2026-01', 300]]);
    expect((await indicatorValue(database.db, 'EAST', '2026-01', 'month', 'WSAT')).actual).toBe(80);
  });

  it('when random writes arrive one by one, then a full rebuild reproduces exactly what the incremental path kept', async () => {
    const units = ['HQ', 'EAST', 'WEST', 'E1', 'E2', 'W1'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('measure' as const),
        indicator: fc.constantFrom('REV', 'RATE', 'WSAT', 'LOCAL'),
        unit: fc.constantFrom(...units),
        period: fc.constantFrom('2026-01', '2026-02', '2026-03'),
        value: fc.option(fc.oneof(fc.integer({ min: -50, max: 1000 }), fc.double({ min: -100, max: 1000, noNaN: true, noDefaultInfinity: true }).map((v) => Math.round(v * 1000) / 1000)), { nil: null, freq: 5 }),
      }),
      fc.record({
        kind: fc.constant('target' as const),
        indicator: fc.constantFrom('REV', 'RATE', 'WSAT'),
        unit: fc.constantFrom(...units),
        period: fc.constantFrom('2026', '2026-Q1', '2026-02'),
        value: fc.integer({ min: 1, max: 1200 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        await database.truncate();
        await importModelFile(database.db, 'org-tree.yaml');
        for (const o of ops) {
          if (o.kind === 'measure') {
            await database.db.transaction().execute((trx) => writeMeasurements(trx, testActor, [{ row: 1, indicator: o.indicator, unit: o.unit, period: o.period, value: o.value }], { source: 'property', accept: 'all' }));
          } else {
            await database.db.transaction().execute((trx) => importModel(trx, testActor, { targets: [{ indicator: o.indicator, unit: o.unit, period: o.period, target: o.value }] }));
          }
        }
        const incremental = await snapshot(database.db);
        await database.db.transaction().execute((trx) => rebuildRollups(trx));
        const rebuilt = await snapshot(database.db);
        expect(incremental).toEqual(rebuilt);
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
