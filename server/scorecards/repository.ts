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
 * figures in arrays: a cold scorecard reads about a thousand rollup rows, and decoding them
 * one row each cost the embedded database more than twice as much as the arrays (bench
 * cold-scorecard).
 */
export async function selectRollupRows(db: Db, unitIds: number[], from: string, to: string): Promise<RollupRow[]> {
  if (unitIds.length === 0) return [];
  const { rows } = await sql<{
    unit_id: number; indicator_id: number; periods: string[]; value: (number | null)[]; target: (number | null)[]; baseline: (number | null)[];
    stretch: (number | null)[]; red_flag: (number | null)[]; own_value: (number | null)[]; child_reported: (number | null)[];
    lfl_target: (number | null)[]; lfl_baseline: (number | null)[]; lfl_stretch: (number | null)[]; lfl_red_flag: (number | null)[];
  }>`
    select unit_id, indicator_id, array_agg(period order by period) as periods,
      array_agg(value order by period) as value, array_agg(target order by period) as target, array_agg(baseline order by period) as baseline,
      array_agg(stretch order by period) as stretch, array_agg(red_flag order by period) as red_flag, array_agg(own_value order by period) as own_value,
      array_agg(child_reported order by period) as child_reported, array_agg(child_lfl_target order by period) as lfl_target,
      array_agg(child_lfl_baseline order by period) as lfl_baseline, array_agg(child_lfl_stretch order by period) as lfl_stretch,
      array_agg(child_lfl_red_flag order by period) as lfl_red_flag
    from indicator_rollup
    where unit_id = any(${unitIds}::int[]) and period >= ${from} and period <= ${to}
    group by unit_id, indicator_id`.execute(db);
  const out: RollupRow[] = [];
  for (const g of rows) {
    const [unitId, indicatorId] = [Number(g.unit_id), Number(g.indicator_id)];
    for (let i = 0; i < g.periods.length; i++) {
      out.push({
        indicatorId, unitId, period: g.periods[i], value: g.value[i], target: g.target[i], baseline: g.baseline[i], stretch: g.stretch[i], redFlag: g.red_flag[i],
        ownValue: g.own_value[i], childReported: g.child_reported[i], lflTarget: g.lfl_target[i], lflBaseline: g.lfl_baseline[i], lflStretch: g.lfl_stretch[i], lflRedFlag: g.lfl_red_flag[i],
      });
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
  const { rows } = await sql<{ indicator_id: number; period: string; units: number[]; own_value: (number | null)[]; value: number[] }>`
    select indicator_id, period, array_agg(unit_id order by unit_id) as units, array_agg(own_value order by unit_id) as own_value, array_agg(value order by unit_id) as value
    from indicator_rollup
    where indicator_id = any(${indicatorIds}::int[]) and unit_id = any(${unitIds}::int[]) and period = any(${periods}::text[]) and value is not null
    group by indicator_id, period`.execute(db);
  const out: { indicatorId: number; unitId: number; period: string; ownValue: number | null; value: number }[] = [];
  for (const g of rows) {
    const indicatorId = Number(g.indicator_id);
    for (let i = 0; i < g.units.length; i++) out.push({ indicatorId, unitId: Number(g.units[i]), period: g.period, ownValue: g.own_value[i], value: g.value[i] });
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
