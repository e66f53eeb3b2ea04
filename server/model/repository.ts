import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { LocalizedName } from '../db/schema.ts';

export async function selectPerspectives(db: Db) {
  return db.selectFrom('perspective').select(['id', 'code', 'name', 'weight', 'sort_order as sortOrder']).orderBy('sort_order').orderBy('id').execute();
}

export async function selectObjectives(db: Db) {
  return db
    .selectFrom('objective as o')
    .innerJoin('perspective as p', 'p.id', 'o.perspective_id')
    .select(['o.id', 'o.code', 'o.name', 'o.description', 'p.code as perspective', 'o.weight', 'o.sort_order as sortOrder'])
    .orderBy('p.sort_order')
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
}

export async function selectObjectiveLinks(db: Db) {
  return db
    .selectFrom('objective_link as l')
    .innerJoin('objective as f', 'f.id', 'l.from_objective_id')
    .innerJoin('objective as t', 't.id', 'l.to_objective_id')
    .select(['f.code as from', 't.code as to'])
    .orderBy('f.code')
    .orderBy('t.code')
    .execute();
}

export type IndicatorRow = Awaited<ReturnType<typeof selectIndicators>>[number];

export async function selectIndicators(db: Db) {
  return db
    .selectFrom('indicator as i')
    .leftJoin('objective as o', 'o.id', 'i.objective_id')
    .select([
      'i.id',
      'i.code',
      'i.name',
      'i.description',
      'o.code as objective',
      'i.weight',
      'i.kind',
      'i.display_unit as unit',
      'i.direction',
      'i.tolerance',
      'i.scoring',
      'i.aggregation_time as aggregationTime',
      'i.aggregation_org as aggregationOrg',
      'i.formula',
      'i.thresholds',
      'i.applies_to as appliesTo',
      'i.frequency',
      'i.sort_order as sortOrder',
    ])
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
}

export async function selectTargets(db: Db) {
  return db
    .selectFrom('target as t')
    .innerJoin('indicator as i', 'i.id', 't.indicator_id')
    .innerJoin('org_unit as u', 'u.id', 't.unit_id')
    .select(['i.code as indicator', 'u.code as unit', 't.period', 't.target', 't.baseline', 't.stretch', 't.red_flag as redFlag', 't.indicator_id as indicatorId', 't.unit_id as unitId'])
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .orderBy('u.path')
    .orderBy('t.period')
    .execute();
}

export async function upsertPerspective(db: Db, p: { code: string; name: LocalizedName; weight: number; sortOrder: number }) {
  const values = { code: p.code, name: jsonb(p.name), weight: p.weight, sort_order: p.sortOrder };
  await db.insertInto('perspective').values(values).onConflict((oc) => oc.column('code').doUpdateSet(values)).execute();
}

export async function upsertObjective(db: Db, o: { code: string; name: LocalizedName; description: LocalizedName | null; perspectiveId: number; weight: number; sortOrder: number }) {
  const values = { code: o.code, name: jsonb(o.name), description: jsonb(o.description), perspective_id: o.perspectiveId, weight: o.weight, sort_order: o.sortOrder };
  return db.insertInto('objective').values(values).onConflict((oc) => oc.column('code').doUpdateSet(values)).returning('id').executeTakeFirstOrThrow();
}

export async function replaceObjectiveLinks(db: Db, fromId: number, toIds: number[]) {
  await db.deleteFrom('objective_link').where('from_objective_id', '=', fromId).execute();
  if (toIds.length) await db.insertInto('objective_link').values(toIds.map((to) => ({ from_objective_id: fromId, to_objective_id: to }))).execute();
}

export interface IndicatorValues {
  code: string;
  name: LocalizedName;
  description: LocalizedName | null;
  objectiveId: number | null;
  weight: number;
  kind: string;
  unit: string;
  direction: string;
  tolerance: number | null;
  scoring: Record<string, unknown>;
  aggregationTime: string | null;
  aggregationOrg: string;
  formula: string | null;
  thresholds: Record<string, number> | null;
  appliesTo: string[] | null;
  frequency: string;
  sortOrder: number;
}

export async function upsertIndicator(db: Db, i: IndicatorValues) {
  const values = {
    code: i.code,
    name: jsonb(i.name),
    description: jsonb(i.description),
    objective_id: i.objectiveId,
    weight: i.weight,
    kind: i.kind,
    display_unit: i.unit,
    direction: i.direction,
    tolerance: i.tolerance,
    scoring: jsonb(i.scoring),
    aggregation_time: i.aggregationTime,
    aggregation_org: i.aggregationOrg,
    formula: i.formula,
    thresholds: jsonb(i.thresholds),
    applies_to: jsonb(i.appliesTo),
    frequency: i.frequency,
    sort_order: i.sortOrder,
  };
  return db.insertInto('indicator').values(values).onConflict((oc) => oc.column('code').doUpdateSet(values)).returning('id').executeTakeFirstOrThrow();
}

export async function upsertTargets(db: Db, rows: { indicatorId: number; unitId: number; period: string; target: number; baseline: number | null; stretch: number | null; redFlag: number | null; updatedBy: number | null }[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => ({
      indicator_id: r.indicatorId,
      unit_id: r.unitId,
      period: r.period,
      target: r.target,
      baseline: r.baseline,
      stretch: r.stretch,
      red_flag: r.redFlag,
      updated_by: r.updatedBy,
      updated_at: new Date(),
    }));
    await db
      .insertInto('target')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['indicator_id', 'unit_id', 'period']).doUpdateSet((eb) => ({
          target: eb.ref('excluded.target'),
          baseline: eb.ref('excluded.baseline'),
          stretch: eb.ref('excluded.stretch'),
          red_flag: eb.ref('excluded.red_flag'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Moves a unit under a new parent and rewrites the materialized paths of its whole subtree. */
export async function updateUnit(db: Db, unit: { id: number; name: LocalizedName; parentId: number | null; sortOrder: number }, oldPath: string, newPath: string, depthDelta: number) {
  await db.updateTable('org_unit').set({ name: jsonb(unit.name), parent_id: unit.parentId, sort_order: unit.sortOrder, updated_at: new Date() }).where('id', '=', unit.id).execute();
  if (oldPath !== newPath) {
    await db
      .updateTable('org_unit')
      .set((eb) => ({
        path: eb.fn('overlay', [eb.ref('path'), eb.val(newPath), eb.val(1), eb.val(oldPath.length)]) as never,
        depth: eb('depth', '+', depthDelta),
      }))
      .where('path', 'like', `${oldPath}%`)
      .execute();
  }
}
