import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { aggregateChildrenStatement, insertOwnValuesStatement, phasedTargetsRelation } from './sql.ts';

export interface RollupKey {
  indicatorId: number;
  unitId: number;
  /** A month, `YYYY-MM`. */
  period: string;
}

/** Recomputes every materialized value from measurements and targets alone. */
export async function rebuildRollups(db: Db): Promise<void> {
  await sql`delete from indicator_rollup`.execute(db);
  await insertOwnValuesStatement().execute(db);
  const { rows } = await sql<{ depth: number | null }>`select max(depth) as depth from org_unit`.execute(db);
  const maxDepth = Number(rows[0]?.depth ?? 0);
  for (let depth = maxDepth - 1; depth >= 1; depth--) {
    await aggregateChildrenStatement({ kind: 'depth', depth }).execute(db);
  }
}

/**
 * After measurements changed (inserted, updated or deleted) at `keys`: refresh those units'
 * own values, then every ancestor's aggregate. The work grows with the depth of the tree and
 * the number of changed keys, not with the size of the data.
 */
export async function applyMeasurementChanges(db: Db, keys: RollupKey[]): Promise<void> {
  if (keys.length === 0) return;
  const { indicatorIds, unitIds, periods } = columns(keys);
  await sql`
    insert into indicator_rollup as r (indicator_id, unit_id, period, parent_id, own_value, value)
    select k.indicator_id, k.unit_id, k.period, u.parent_id, m.value, m.value
    from (select distinct * from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[]) as k(indicator_id, unit_id, period)) k
    join org_unit u on u.id = k.unit_id
    left join measurement m on m.indicator_id = k.indicator_id and m.unit_id = k.unit_id and m.period = k.period
    on conflict (indicator_id, unit_id, period) do update set
      own_value = excluded.own_value, value = coalesce(excluded.own_value, r.child_value)`.execute(db);
  await propagate(db, keys);
}

/**
 * After targets changed: re-phase the affected indicator × unit × year and refresh ancestors.
 * `keys` carry the target rows' periods (month, quarter or year).
 */
export async function refreshTargetRollups(db: Db, keys: { indicatorId: number; unitId: number; period: string }[]): Promise<void> {
  if (keys.length === 0) return;
  const years = keys.map((k) => k.period.slice(0, 4));
  const indicatorIds = keys.map((k) => k.indicatorId);
  const unitIds = keys.map((k) => k.unitId);
  const months = [...new Set(years)].flatMap((y) => Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`));
  const affected = sql`(select distinct * from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${years}::text[]) as a(indicator_id, unit_id, year))`;
  await sql`
    insert into indicator_rollup as r (indicator_id, unit_id, period, parent_id,
      own_target, target, own_baseline, baseline, own_stretch, stretch, own_red_flag, red_flag)
    select a.indicator_id, a.unit_id, m.period, u.parent_id,
      t.own_target, t.own_target, t.own_baseline, t.own_baseline, t.own_stretch, t.own_stretch, t.own_red_flag, t.own_red_flag
    from ${affected} a
    cross join lateral unnest(${months}::text[]) as m(period)
    join org_unit u on u.id = a.unit_id
    left join ${phasedTargetsRelation(sql`(t.indicator_id, t.unit_id, left(t.period, 4)) in (select * from ${affected} x)`)} t
      on t.indicator_id = a.indicator_id and t.unit_id = a.unit_id and t.period = m.period
    where left(m.period, 4) = a.year
    on conflict (indicator_id, unit_id, period) do update set
      own_target = excluded.own_target, target = coalesce(excluded.own_target, r.child_target),
      own_baseline = excluded.own_baseline, baseline = coalesce(excluded.own_baseline, r.child_baseline),
      own_stretch = excluded.own_stretch, stretch = coalesce(excluded.own_stretch, r.child_stretch),
      own_red_flag = excluded.own_red_flag, red_flag = coalesce(excluded.own_red_flag, r.child_red_flag)`.execute(db);
  const changed = keys.flatMap((k) => months.filter((m) => m.startsWith(k.period.slice(0, 4))).map((period) => ({ indicatorId: k.indicatorId, unitId: k.unitId, period })));
  await propagate(db, changed);
}

/**
 * Walks up the tree one level per round, recomputing the parents of everything the previous
 * round touched (and the indicators weighted by a changed one). A node is recomputed again in
 * a later round whenever one of its descendants further down changed, so the last computation
 * of every node sees its children's final values.
 */
async function propagate(db: Db, keys: RollupKey[]): Promise<void> {
  const weightedBy = await selectWeightedDependants(db);
  let level = dedupe(keys);
  while (level.length > 0) {
    const expanded = dedupe(level.flatMap((k) => [k, ...(weightedBy.get(k.indicatorId) ?? []).map((indicatorId) => ({ ...k, indicatorId }))]));
    const { indicatorIds, unitIds, periods } = columns(expanded);
    const { rows } = await sql<{ indicator_id: number; parent_id: number; period: string }>`
      select distinct k.indicator_id, u.parent_id, k.period
      from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[]) as k(indicator_id, unit_id, period)
      join org_unit u on u.id = k.unit_id
      where u.parent_id is not null`.execute(db);
    if (rows.length === 0) break;
    const parents = rows.map((r) => ({ indicatorId: Number(r.indicator_id), unitId: Number(r.parent_id), period: r.period }));
    await aggregateChildrenStatement({ kind: 'keys', ...columns(parents) }).execute(db);
    level = parents;
  }
}

/** indicator id → ids of the indicators aggregated over the org tree weighted by it. */
async function selectWeightedDependants(db: Db): Promise<Map<number, number[]>> {
  const { rows } = await sql<{ weight_id: number; dependant_id: number }>`
    select w.id as weight_id, i.id as dependant_id
    from indicator i join indicator w on w.code = substr(i.aggregation_org, 10)
    where i.aggregation_org like 'weighted:%'`.execute(db);
  const map = new Map<number, number[]>();
  for (const r of rows) map.set(Number(r.weight_id), [...(map.get(Number(r.weight_id)) ?? []), Number(r.dependant_id)]);
  return map;
}

function dedupe(keys: RollupKey[]): RollupKey[] {
  const seen = new Map<string, RollupKey>();
  for (const k of keys) seen.set(`${k.indicatorId}|${k.unitId}|${k.period}`, k);
  return [...seen.values()];
}

function columns(keys: RollupKey[]) {
  return { indicatorIds: keys.map((k) => k.indicatorId), unitIds: keys.map((k) => k.unitId), periods: keys.map((k) => k.period) };
}
