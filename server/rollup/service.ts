import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { buildLevelStatement, COMPLETENESS_COLUMNS, phasedTargetsRelation, refreshParentsStatement, VALUE_COLUMNS } from './sql.ts';

/** Every materialized column the two paths must agree on. */
const COMPARED_COLUMNS = [...VALUE_COLUMNS, ...COMPLETENESS_COLUMNS];

export interface RollupKey {
  indicatorId: number;
  unitId: number;
  /** A month, `YYYY-MM`. */
  period: string;
}

/**
 * Writers of measurements, targets, period locks and the rollup take this lock in their
 * transaction before they read what their writes build on (current revisions, locked months,
 * the children's values), and hold it to commit. Without it two writers of sibling units each
 * recompute the parent without the other's change (the parent then misses one), two writers of
 * one key both claim the next revision, and a month locked meanwhile takes a write anyway.
 * Readers never wait for it; writes are short, and a bulk import holds it only while it merges.
 * The incremental functions below (applyMeasurementChanges, refreshTargetRollups,
 * rebuildRollupMonths) expect their caller to hold it already; the full rebuild and the
 * comparison, which jobs and the CLI call on their own, take it themselves.
 */
export async function lockMeasurementWrites(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended('northstar.measurement-writes', 0))`.execute(db);
}

/**
 * Recomputes every materialized value from measurements and targets alone, into a fresh table
 * (bottom-up, one statement per tree level, indexes built once at the end) that then replaces
 * the live one. Readers keep the old table until the swap commits.
 */
export async function rebuildRollups(db: Db): Promise<void> {
  await lockMeasurementWrites(db);
  await bumpDataVersion(db);
  await buildRollupTable(db, 'indicator_rollup_next', { durable: true });
  await sql`drop table indicator_rollup`.execute(db);
  await sql`alter table indicator_rollup_next rename to indicator_rollup`.execute(db);
  await sql`alter index indicator_rollup_next_pkey rename to indicator_rollup_pkey`.execute(db);
  await sql`alter statistics indicator_rollup_next_parent_stats rename to indicator_rollup_parent_stats`.execute(db);
}

/**
 * Builds the rollup into `table`. A `durable` table (one that will replace the live one) is
 * logged from the start: turning an unlogged one logged afterwards copies it and logs every
 * page, which costs more than logging the inserts. A scratch table stays unlogged.
 */
async function buildRollupTable(db: Db, table: string, { durable, months }: { durable: boolean; months?: string[] }): Promise<void> {
  await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await sql`create ${sql.raw(durable ? '' : 'unlogged')} table ${sql.table(table)} (like indicator_rollup including defaults)`.execute(db);
  // Parents are few per (indicator, period): say so, or the planner expects a group per row.
  await sql`create statistics ${sql.id(`${table}_parent_stats`)} (ndistinct) on indicator_id, parent_id, period from ${sql.table(table)}`.execute(db);
  // A bulk rebuild may hash generously; `set local` ends with the caller's transaction.
  await sql`set local work_mem = '256MB'`.execute(db);
  const { rows } = await sql<{ depth: number | null }>`select max(depth) as depth from org_unit`.execute(db);
  const weightIds = [...(await selectWeightedDependants(db)).keys()];
  const deepest = Number(rows[0]?.depth ?? 0);
  for (let depth = deepest; depth >= 1; depth--) {
    await buildLevelStatement(table, depth, weightIds, months).execute(db);
    // Fresh statistics let the planner hash-aggregate the next level instead of sorting it.
    // The deepest level holds nearly all rows (every level above is a parent per group of
    // children), so its statistics serve the levels above too; only the grouping columns
    // are sampled (the value columns are many, and no plan depends on them).
    if (depth === deepest && depth > 1) await sql`analyze ${sql.table(table)} (indicator_id, unit_id, period, parent_id)`.execute(db);
  }
  if (!months) await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_pkey`)} primary key (unit_id, period, indicator_id)`.execute(db);
}

/**
 * After a bulk write touching `months`: recomputes those months only, when they hold less
 * than half of the table (a month's file into years of history), and everything otherwise
 * (the swap of a fresh table beats deleting and re-inserting most rows). Months do not depend
 * on each other, so the result equals a full rebuild.
 */
export async function rebuildRollupMonths(db: Db, months: string[]): Promise<void> {
  const { rows } = await sql<{ touched: number; total: number }>`
    select count(*) filter (where period = any(${months}::text[]))::int as touched, count(*)::int as total from indicator_rollup`.execute(db);
  const { touched, total } = rows[0];
  if (months.length === 0 || touched * 2 >= total) return rebuildRollups(db);
  await bumpDataVersion(db);
  await buildRollupTable(db, 'indicator_rollup_months', { durable: false, months });
  await sql`delete from indicator_rollup where period = any(${months}::text[])`.execute(db);
  await sql`insert into indicator_rollup select * from indicator_rollup_months`.execute(db);
  await sql`drop table indicator_rollup_months`.execute(db);
}

export interface RollupDifference {
  indicator: string;
  unit: string;
  period: string;
  column: string;
  kept: number | null;
  rebuilt: number | null;
}

/**
 * Rebuilds into a scratch table and compares it with what the incremental path kept: the
 * differences (at most `limit`), empty when both agree. Leaves the live table untouched.
 */
export async function compareRollups(db: Db, limit = 100): Promise<RollupDifference[]> {
  await lockMeasurementWrites(db);
  await buildRollupTable(db, 'indicator_rollup_check', { durable: false });
  const differs = COMPARED_COLUMNS.map((c) => `k.${c} is distinct from r.${c}`).join(' or ');
  const columns = COMPARED_COLUMNS.map((c) => `'${c}', jsonb_build_array(k.${c}, r.${c})`).join(', ');
  const nonEmpty = (alias: string) => COMPARED_COLUMNS.map((c) => `${alias}.${c} is not null`).join(' or ');
  const { rows } = await sql<{ indicator: string; unit: string; period: string; pairs: Record<string, [number | null, number | null]> }>`
    select i.code as indicator, u.code as unit, coalesce(k.period, r.period) as period, jsonb_build_object(${sql.raw(columns)}) as pairs
    from (select * from indicator_rollup k where ${sql.raw(nonEmpty('k'))}) k
    full join (select * from indicator_rollup_check r where ${sql.raw(nonEmpty('r'))}) r
      on r.indicator_id = k.indicator_id and r.unit_id = k.unit_id and r.period = k.period
    join indicator i on i.id = coalesce(k.indicator_id, r.indicator_id)
    join org_unit u on u.id = coalesce(k.unit_id, r.unit_id)
    where ${sql.raw(differs)}
    order by 1, 2, 3
    limit ${limit}`.execute(db);
  await sql`drop table indicator_rollup_check`.execute(db);
  return rows.flatMap((row) =>
    Object.entries(row.pairs)
      .filter(([, [kept, rebuilt]]) => kept !== rebuilt && !(kept !== null && rebuilt !== null && Number(kept) === Number(rebuilt)))
      .map(([column, [kept, rebuilt]]) => ({ indicator: row.indicator, unit: row.unit, period: row.period, column, kept: kept === null ? null : Number(kept), rebuilt: rebuilt === null ? null : Number(rebuilt) })),
  );
}

/**
 * After measurements changed (inserted, updated or deleted) at `keys`: refresh those units'
 * own values, then every ancestor's aggregate. The work grows with the depth of the tree and
 * the number of changed keys, not with the size of the data.
 */
export async function applyMeasurementChanges(db: Db, keys: RollupKey[]): Promise<void> {
  if (keys.length === 0) return;
  await bumpDataVersion(db);
  const { indicatorIds, unitIds, periods } = columns(keys);
  await sql`
    insert into indicator_rollup as r (indicator_id, unit_id, period, parent_id, own_value, value)
    select k.indicator_id, k.unit_id, k.period, u.parent_id, m.value, m.value
    from (select distinct * from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[]) as k(indicator_id, unit_id, period)) k
    join org_unit u on u.id = k.unit_id
    left join measurement m on m.indicator_id = k.indicator_id and m.unit_id = k.unit_id and m.period = k.period
    on conflict (unit_id, period, indicator_id) do update set
      own_value = excluded.own_value, value = coalesce(excluded.own_value, r.child_value)`.execute(db);
  await propagate(db, keys);
}

/**
 * After targets changed: re-phase the affected indicator × unit × year and refresh ancestors.
 * `keys` carry the target rows' periods (month, quarter or year).
 */
export async function refreshTargetRollups(db: Db, keys: { indicatorId: number; unitId: number; period: string }[]): Promise<void> {
  if (keys.length === 0) return;
  await bumpDataVersion(db);
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
    on conflict (unit_id, period, indicator_id) do update set
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
    await refreshParentsStatement(columns(parents)).execute(db);
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
