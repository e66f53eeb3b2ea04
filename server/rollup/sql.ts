import { sql, type RawBuilder } from 'kysely';

/**
 * The org-tree aggregation of DESIGN.md §3, as SQL. One statement template serves both the full
 * rebuild (every parent at one depth) and the incremental path (the parents a write touched),
 * so the two cannot drift apart: values are `numeric`, sums are exact and do not depend on the
 * order rows are read in.
 *
 * Rules: a parent's value is its own measurement if it has one, else the aggregate of its
 * children's values by `aggregation.org` (sum, avg, weighted:<X> = Σ v·x / Σ x over children
 * with both); `none` and formula indicators are not aggregated (formulas are computed from
 * their aggregated inputs when read). Targets, baselines, stretch goals and red flags follow
 * the same rule as the value.
 */
export const VALUE_COLUMNS = ['value', 'target', 'baseline', 'stretch', 'red_flag'] as const;

function aggregateExpression(column: string): string {
  return `case
    when i.formula is not null or i.aggregation_org = 'none' then null
    when i.aggregation_org = 'sum' then sum(c.${column})
    when i.aggregation_org = 'avg' then avg(c.${column})
    else sum(c.${column} * w.value) / nullif(sum(w.value) filter (where c.${column} is not null and w.value is not null), 0)
  end`;
}

/** The keys (indicator_id, unit_id, period) of the parents to recompute, as a SQL relation. */
export type ParentKeys = { kind: 'depth'; depth: number } | { kind: 'keys'; indicatorIds: number[]; unitIds: number[]; periods: string[] };

function keysRelation(keys: ParentKeys): RawBuilder<unknown> {
  if (keys.kind === 'depth') {
    return sql`(select distinct c.indicator_id, c.parent_id as unit_id, c.period
                from indicator_rollup c join org_unit p on p.id = c.parent_id
                where p.depth = ${keys.depth})`;
  }
  return sql`(select distinct * from unnest(${keys.indicatorIds}::int[], ${keys.unitIds}::int[], ${keys.periods}::text[]) as k(indicator_id, unit_id, period))`;
}

/** Recomputes `child_*` (and so the effective columns) of the given parents from their children. */
export function aggregateChildrenStatement(keys: ParentKeys): RawBuilder<unknown> {
  const childColumns = VALUE_COLUMNS.map((c) => `child_${c}`);
  const aggregates = VALUE_COLUMNS.map((c) => `${aggregateExpression(c)} as child_${c}`).join(',\n    ');
  const updates = VALUE_COLUMNS.map((c) => `child_${c} = excluded.child_${c}, ${c} = coalesce(r.own_${c}, excluded.child_${c})`).join(',\n    ');
  return sql`
  insert into indicator_rollup as r (indicator_id, unit_id, period, parent_id, ${sql.raw(childColumns.join(', '))}, ${sql.raw(VALUE_COLUMNS.join(', '))})
  select k.indicator_id, k.unit_id, k.period, pu.parent_id, ${sql.raw(childColumns.join(', '))}, ${sql.raw(childColumns.join(', '))}
  from (
    select k.indicator_id, k.unit_id, k.period,
    ${sql.raw(aggregates)}
    from ${keysRelation(keys)} k
    join indicator i on i.id = k.indicator_id
    left join indicator wi on i.aggregation_org like 'weighted:%' and wi.code = substr(i.aggregation_org, 10)
    left join indicator_rollup c on c.indicator_id = k.indicator_id and c.parent_id = k.unit_id and c.period = k.period
    left join indicator_rollup w on w.indicator_id = wi.id and w.unit_id = c.unit_id and w.period = c.period
    group by k.indicator_id, k.unit_id, k.period, i.formula, i.aggregation_org
  ) k
  join org_unit pu on pu.id = k.unit_id
  on conflict (indicator_id, unit_id, period) do update set
    ${sql.raw(updates)}`;
}

/**
 * Targets given per month, quarter or year, spread over months (DESIGN.md §2): `sum`
 * indicators split a quarter or year evenly, others repeat it; the most specific row wins.
 * `where` narrows the target rows read (the incremental path).
 */
export function phasedTargetsRelation(where: RawBuilder<unknown> = sql`true`): RawBuilder<unknown> {
  return sql`(
    select distinct on (t.indicator_id, t.unit_id, m.period)
      t.indicator_id, t.unit_id, m.period,
      t.target / d.divisor as own_target, t.baseline / d.divisor as own_baseline,
      t.stretch / d.divisor as own_stretch, t.red_flag / d.divisor as own_red_flag
    from target t
    join indicator i on i.id = t.indicator_id
    cross join lateral (select
        case when length(t.period) = 4 then 12 when substr(t.period, 6, 1) = 'Q' then 3 else 1 end as months,
        case when length(t.period) = 4 then 1
             when substr(t.period, 6, 1) = 'Q' then (substr(t.period, 7, 1)::int - 1) * 3 + 1
             else substr(t.period, 6, 2)::int end as first_month) s
    cross join lateral (select case when coalesce(i.aggregation_time, 'avg') = 'sum' then s.months else 1 end::numeric as divisor) d
    cross join lateral (select to_char(make_date(left(t.period, 4)::int, g.month, 1), 'YYYY-MM') as period
                        from generate_series(s.first_month, s.first_month + s.months - 1) as g(month)) m
    where ${where}
    order by t.indicator_id, t.unit_id, m.period, s.months
  )`;
}

/** Rebuild, step one: every unit's own measurements and phased targets. */
export function insertOwnValuesStatement(): RawBuilder<unknown> {
  return sql`
  insert into indicator_rollup (indicator_id, unit_id, period, parent_id,
    own_value, value, own_target, target, own_baseline, baseline, own_stretch, stretch, own_red_flag, red_flag)
  select o.indicator_id, o.unit_id, o.period, u.parent_id,
    o.value, o.value, o.own_target, o.own_target, o.own_baseline, o.own_baseline, o.own_stretch, o.own_stretch, o.own_red_flag, o.own_red_flag
  from (
    select coalesce(m.indicator_id, t.indicator_id) as indicator_id, coalesce(m.unit_id, t.unit_id) as unit_id,
           coalesce(m.period, t.period) as period, m.value, t.own_target, t.own_baseline, t.own_stretch, t.own_red_flag
    from measurement m
    full join ${phasedTargetsRelation()} t on t.indicator_id = m.indicator_id and t.unit_id = m.unit_id and t.period = m.period
  ) o
  join org_unit u on u.id = o.unit_id`;
}
