import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import YAML from 'yaml';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { fixturePath, importModelFile, testActor } from '../../helpers/model.ts';
import { exportModel, importModel } from '../../../server/model/service.ts';
import { DomainError } from '../../../server/http/errors.ts';
import type { Db } from '../../../server/db/database.ts';

const base = () => YAML.parse(fs.readFileSync(fixturePath('model', 'design-example.yaml'), 'utf8'));

async function counts(db: Db) {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*) from org_unit)::int as units, (select count(*) from objective)::int as objectives,
    (select count(*) from indicator)::int as indicators, (select count(*) from target)::int as targets,
    (select count(*) from audit_log)::int as audit`.execute(db);
  return rows[0];
}

async function rejection(db: Db, raw: unknown): Promise<DomainError> {
  try {
    await db.transaction().execute((trx) => importModel(trx, testActor, raw));
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('the import was accepted');
}

describe.each(testDatabaseKinds())('model file import and export (%s)', (kind) => {
  const database = useTestDatabase(kind);
  beforeEach(() => database.truncate());

  it('imports the DESIGN.md example, and exporting then importing changes nothing', async () => {
    const first = await importModelFile(database.db, 'design-example.yaml');
    expect(first.created).toMatchObject({ unit: 3, objective: 2, indicator: 4, target: 4 });
    const exported = await exportModel(database.db);
    const before = await counts(database.db);
    const again = await database.db.transaction().execute((trx) => importModel(trx, testActor, JSON.parse(JSON.stringify(exported))));
    expect(again.created).toEqual({});
    expect(again.updated).toEqual({});
    expect(await counts(database.db)).toEqual(before);
    expect(await exportModel(database.db)).toEqual(exported);
  });

  it('re-importing with a change updates by code and records who changed what', async () => {
    await importModelFile(database.db, 'design-example.yaml');
    const changed = base();
    changed.indicators[0].weight = 3;
    const summary = await database.db.transaction().execute((trx) => importModel(trx, testActor, changed));
    expect(summary.updated).toEqual({ indicator: 1 });
    const { rows } = await sql<{ before: any; after: any; actor_name: string }>`select before, after, actor_name from audit_log where entity = 'indicator' and entity_key = 'SALES' order by id desc limit 1`.execute(database.db);
    expect(rows[0].before.weight).toBe(2);
    expect(rows[0].after.weight).toBe(3);
    expect(rows[0].actor_name).toBe('test');
  });

  const mistakes: [string, (m: any) => void, RegExp][] = [
    ['an unknown objective', (m) => (m.indicators[0].objective = 'NOPE'), /indicators\[0\] \(SALES\)\.objective: unknown objective "NOPE"/],
    ['a weight that is not a number', (m) => (m.indicators[0].weight = 'heavy'), /indicators\[0\] \(SALES\)\.weight: .*number/],
    ['a missing aggregation.time', (m) => delete m.indicators[0].aggregation.time, /indicators\[0\] \(SALES\)\.aggregation\.time: required/],
    ['a formula naming an unknown indicator', (m) => (m.indicators[1].formula = 'CLAIMS / SHIPMENTS * 100'), /indicators\[1\] \(CLAIM_RATE\)\.formula: names an unknown indicator "SHIPMENTS"/],
    ['a formula that does not parse', (m) => (m.indicators[1].formula = 'CLAIMS / (ORDERS'), /indicators\[1\] \(CLAIM_RATE\)\.formula: /],
    ['a cycle in the unit tree', (m) => (m.units = [{ code: 'A', name: 'A', parent: 'B' }, { code: 'B', name: 'B', parent: 'A' }]), /cycle: A → B → A/],
    ['a target for an unknown unit', (m) => (m.targets[0].unit = 'DAEGU'), /targets\[0\] \(SALES DAEGU 2026\)\.unit: unknown unit "DAEGU"/],
    ['an unknown field', (m) => (m.indicators[0].colour = 'red'), /indicators\[0\] \(SALES\)/],
  ];
  for (const [what, mutate, message] of mistakes) {
    it(`when the file has ${what}, then it is rejected naming the item and field, and nothing changes`, async () => {
      await importModelFile(database.db, 'design-example.yaml');
      const before = await counts(database.db);
      const exported = await exportModel(database.db);
      const model = base();
      model.indicators.push({ code: 'EXTRA', kind: 'kpi', aggregation: { time: 'sum' } });
      mutate(model);
      const err = await rejection(database.db, model);
      expect(err.code).toBe('invalid_model');
      expect(JSON.stringify(err.details) + err.message).toMatch(message);
      expect(await counts(database.db)).toEqual(before);
      expect(await exportModel(database.db)).toEqual(exported);
    });
  }

  it('moving a unit to another parent re-aggregates its data there', async () => {
    await importModelFile(database.db, 'design-example.yaml');
    const model = base();
    model.units[0].children.push({ code: 'SOUTH', name: 'South division', children: [] });
    await database.db.transaction().execute((trx) => importModel(trx, testActor, model));
    const moved = { units: [{ code: 'BUSAN', name: 'Busan branch', parent: 'SOUTH' }] };
    const summary = await database.db.transaction().execute((trx) => importModel(trx, testActor, moved));
    expect(summary.rebuilt).toBe(true);
    const exported = await exportModel(database.db);
    const south = exported.units[0].children!.find((u) => u.code === 'SOUTH')!;
    expect(south.children?.map((c) => c.code)).toEqual(['BUSAN']);
  });
});
