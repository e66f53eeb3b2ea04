import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { LocalizedName } from '../db/schema.ts';

export interface UnitRow {
  id: number;
  code: string;
  name: LocalizedName;
  parentId: number | null;
  path: string;
  depth: number;
  sortOrder: number;
}

const unitColumns = ['id', 'code', 'name', 'parent_id as parentId', 'path', 'depth', 'sort_order as sortOrder'] as const;

export async function selectUnits(db: Db): Promise<UnitRow[]> {
  return db.selectFrom('org_unit').select(unitColumns).orderBy('path').execute();
}

export async function selectUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('org_unit').select(unitColumns).where('code', '=', code).executeTakeFirst();
}

export async function selectUnitsByCodes(db: Db, codes: string[]): Promise<UnitRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('org_unit').select(unitColumns).where('code', 'in', codes).execute();
}

/** The unit and every unit below it. */
export async function selectSubtree(db: Db, path: string): Promise<UnitRow[]> {
  return db.selectFrom('org_unit').select(unitColumns).where('path', 'like', `${path}%`).orderBy('path').execute();
}

export async function selectChildren(db: Db, unitId: number): Promise<UnitRow[]> {
  return db.selectFrom('org_unit').select(unitColumns).where('parent_id', '=', unitId).orderBy('sort_order').orderBy('code').execute();
}

/** Inserts a unit under `parent` (or as a root) and fills in its materialized path. */
export async function insertUnit(db: Db, unit: { code: string; name: LocalizedName; parent: UnitRow | null; sortOrder?: number }): Promise<UnitRow> {
  const inserted = await db
    .insertInto('org_unit')
    .values({
      code: unit.code,
      name: jsonb(unit.name),
      parent_id: unit.parent?.id ?? null,
      path: '',
      depth: (unit.parent?.depth ?? 0) + 1,
      sort_order: unit.sortOrder ?? 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${unit.parent?.path ?? '/'}${inserted.id}/`;
  await db.updateTable('org_unit').set({ path }).where('id', '=', inserted.id).execute();
  return (await selectUnitByCode(db, unit.code))!;
}
