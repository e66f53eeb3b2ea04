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

/** Materialized monthly values of `unitIds` for months in [from, to]: what scorecards read. */
export async function selectRollupRows(db: Db, unitIds: number[], from: string, to: string): Promise<RollupRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('indicator_rollup')
    .select([
      'indicator_id as indicatorId', 'unit_id as unitId', 'period', 'value', 'target', 'baseline', 'stretch', 'red_flag as redFlag',
      'own_value as ownValue', 'child_reported as childReported', 'child_lfl_target as lflTarget', 'child_lfl_baseline as lflBaseline',
      'child_lfl_stretch as lflStretch', 'child_lfl_red_flag as lflRedFlag',
    ])
    .where('unit_id', 'in', unitIds)
    .where('period', '>=', from)
    .where('period', '<=', to)
    .execute();
}

/** Own and effective values of `indicatorIds` at `unitIds` in `periods`: the entering units behind a partial parent. */
export async function selectEnteredValues(db: Db, indicatorIds: number[], unitIds: number[], periods: string[]) {
  if (indicatorIds.length === 0 || unitIds.length === 0 || periods.length === 0) return [];
  return db
    .selectFrom('indicator_rollup')
    .select(['indicator_id as indicatorId', 'unit_id as unitId', 'period', 'own_value as ownValue', 'value'])
    .where('indicator_id', 'in', indicatorIds)
    .where('unit_id', 'in', unitIds)
    .where('period', 'in', periods)
    .where('value', 'is not', null)
    .execute();
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
