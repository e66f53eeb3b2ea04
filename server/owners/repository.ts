import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { OwnerEntry } from './resolve.ts';

/** Every owner entry with its subject's code and its unit's code and path. */
export async function selectOwnerEntries(db: Db): Promise<(OwnerEntry & { id: number })[]> {
  const rows = await db
    .selectFrom('ownership as o')
    .leftJoin('indicator as i', 'i.id', 'o.indicator_id')
    .leftJoin('objective as b', 'b.id', 'o.objective_id')
    .leftJoin('org_unit as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'i.code as indicator', 'b.code as objective', 'u.code as unit', 'u.path as unitPath', 'o.owner', 'o.updaters'])
    .orderBy(sql`coalesce(i.code, b.code)`)
    .orderBy(sql`u.path nulls first`)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    subject: r.indicator !== null ? 'indicator' : 'objective',
    code: (r.indicator ?? r.objective)!,
    unit: r.unit,
    unitPath: r.unitPath,
    owner: r.owner,
    updaters: r.updaters ?? [],
  }));
}

export interface OwnershipKey {
  indicatorId: number | null;
  objectiveId: number | null;
  unitId: number | null;
}

export const scopeKeyOf = (k: OwnershipKey) => `${k.indicatorId !== null ? `i${k.indicatorId}` : `o${k.objectiveId}`}|${k.unitId ?? '*'}`;

export async function upsertOwnership(db: Db, key: OwnershipKey, owner: string | null, updaters: string[]) {
  await db
    .insertInto('ownership')
    .values({ indicator_id: key.indicatorId, objective_id: key.objectiveId, unit_id: key.unitId, owner, updaters: jsonb(updaters), scope_key: scopeKeyOf(key) })
    .onConflict((oc) => oc.column('scope_key').doUpdateSet({ owner, updaters: jsonb(updaters), updated_at: new Date() }))
    .execute();
}

export async function deleteOwnership(db: Db, key: OwnershipKey): Promise<boolean> {
  const result = await db.deleteFrom('ownership').where('scope_key', '=', scopeKeyOf(key)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
