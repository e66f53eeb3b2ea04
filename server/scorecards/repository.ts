import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface RollupRow {
  indicatorId: number;
  unitId: number;
  period: string;
  value: number | null;
  target: number | null;
  baseline: number | null;
  stretch: number | null;
  redFlag: number | null;
  /** The unit's own measurement (null: aggregated from below, or none). */
  ownValue: number | null;
  childReported: number | null;
  lflTarget: number | null;
  lflBaseline: number | null;
  lflStretch: number | null;
  lflRedFlag: number | null;
}

/**
 * Materialized monthly values of `unitIds` for months in [from, to]: what scorecards read, in
 * key order (unit, month, indicator). Read as one row per unit and indicator with the months'
 * figures in a JSON array: a cold scorecard reads about a thousand rollup rows, and decoding them
 * one row each cost the embedded database more than twice as much (bench cold-scorecard).
 */
export async function selectRollupRows(db: Db, unitIds: number[], from: string, to: string): Promise<RollupRow[]> {
  if (unitIds.length === 0) return [];
  // JSON rather than SQL arrays: postgres.js reads a NULL inside an array as NaN or "NULL",
  // JSON keeps null; numbers parse as Number() parses numeric text, so values are the same.
  const { rows } = await sql<{ unit_id: number; indicator_id: number; months: [string, ...(number | null)[]][] }>`
    select unit_id, indicator_id, json_agg(json_build_array(period, value, target, baseline, stretch, red_flag, own_value, child_reported,
      child_lfl_target, child_lfl_baseline, child_lfl_stretch, child_lfl_red_flag) order by period) as months
    from indicator_rollup
    where unit_id = any(${unitIds}::int[]) and period >= ${from} and period <= ${to}
    group by unit_id, indicator_id`.execute(db);
  const out: RollupRow[] = [];
  for (const g of rows) {
    const [unitId, indicatorId] = [Number(g.unit_id), Number(g.indicator_id)];
    for (const [period, value, target, baseline, stretch, redFlag, ownValue, childReported, lflTarget, lflBaseline, lflStretch, lflRedFlag] of g.months) {
      out.push({ indicatorId, unitId, period, value, target, baseline, stretch, redFlag, ownValue, childReported, lflTarget, lflBaseline, lflStretch, lflRedFlag });
    }
  }
  return out.sort(byKey);
}

/** Key order of indicator_rollup: unit, month, indicator. */
const byKey = (a: { unitId: number; period: string; indicatorId: number }, b: { unitId: number; period: string; indicatorId: number }) =>
  a.unitId - b.unitId || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || a.indicatorId - b.indicatorId;

/**
 * Own and effective values of `indicatorIds` at `unitIds` in `periods`: the entering units
 * behind a partial parent. Read grouped by indicator and month, as selectRollupRows does.
 */
export async function selectEnteredValues(db: Db, indicatorIds: number[], unitIds: number[], periods: string[]) {
  if (indicatorIds.length === 0 || unitIds.length === 0 || periods.length === 0) return [];
  const { rows } = await sql<{ indicator_id: number; period: string; units: [number, number | null, number][] }>`
    select indicator_id, period, json_agg(json_build_array(unit_id, own_value, value) order by unit_id) as units
    from indicator_rollup
    where indicator_id = any(${indicatorIds}::int[]) and unit_id = any(${unitIds}::int[]) and period = any(${periods}::text[]) and value is not null
    group by indicator_id, period`.execute(db);
  const out: { indicatorId: number; unitId: number; period: string; ownValue: number | null; value: number }[] = [];
  for (const g of rows) {
    const indicatorId = Number(g.indicator_id);
    for (const [unitId, ownValue, value] of g.units) out.push({ indicatorId, unitId, period: g.period, ownValue, value });
  }
  return out.sort(byKey);
}

/** Targets set on the ancestors themselves, for indicators whose targets are inherited downward. */
export async function selectOwnTargets(db: Db, unitIds: number[], from: string, to: string) {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('indicator_rollup')
    .select(['indicator_id as indicatorId', 'unit_id as unitId', 'period', 'own_target as target', 'own_baseline as baseline', 'own_stretch as stretch', 'own_red_flag as redFlag'])
    .where('unit_id', 'in', unitIds)
    .where('period', '>=', from)
    .where('period', '<=', to)
    .where('own_target', 'is not', null)
    .execute();
}

/** Units below `unitId` (any depth) with, per indicator, whether a value exists in `period`. */
export async function selectMissingEntries(db: Db, unitPath: string, period: string) {
  const { rows } = await sql<{ unit_id: number; code: string; name: unknown; expected: number; present: number }>`
    select u.id as unit_id, u.code, u.name,
      count(i.id)::int as expected,
      count(m.indicator_id)::int as present
    from org_unit u
    join indicator i on i.formula is null and i.frequency = 'monthly'
      and (i.applies_to is null or exists (
        select 1 from jsonb_array_elements_text(i.applies_to) a(code) join org_unit au on au.code = a.code where u.path like au.path || '%'))
    left join measurement m on m.indicator_id = i.id and m.unit_id = u.id and m.period = ${period}
    where u.path like ${unitPath + '%'}
      and not exists (select 1 from org_unit c where c.parent_id = u.id)
    group by u.id, u.code, u.name
    having count(m.indicator_id) < count(i.id)
    order by u.code`.execute(db);
  return rows;
}
