import { sql, type RawBuilder } from 'kysely';

/**
 * The org-tree aggregation of DESIGN.md §3, as SQL over `numeric` values, so sums are exact
 * and independent of the order rows are read in: the incremental path and the full rebuild
 * share these aggregate expressions and must agree to the last digit (a property test and the
 * nightly check compare them).
 *
 * Rules: a unit's value is its own measurement if it has one, else the aggregate of its
 * children's values by `aggregation.org` (sum, avg, weighted:<X> = Σ v·x / Σ x over children
 * with both); `none` and formula indicators are not aggregated (formulas are computed from
 * their aggregated inputs when read). Targets, baselines, stretch goals and red flags follow
 * the same rule as the value.
 */
export const VALUE_COLUMNS = ['value', 'target', 'baseline', 'stretch', 'red_flag'] as const;
const OWN = VALUE_COLUMNS.map((c) => `own_${c}`);
const CHILD = VALUE_COLUMNS.map((c) => `child_${c}`);

/** Like-for-like columns (DESIGN.md §3 "Incomplete data"), stored only as children aggregates. */
export const LFL_COLUMNS = ['target', 'baseline', 'stretch', 'red_flag'] as const;
export const COMPLETENESS_COLUMNS = ['child_reported', ...LFL_COLUMNS.map((c) => `child_lfl_${c}`)];

/** A child's entering units that reported: itself when it holds its own value, else those below it. */
const reportedOfChild = `case when c.own_value is not null then 1 else coalesce(c.child_reported, 0) end`;
/** A child's like-for-like target: its own (effective) target when it entered its value, else what its reporting units carry up. */
const lflOfChild = (column: string) => `case when c.own_value is not null then c.${column} else c.child_lfl_${column} end`;

/**
 * `child_reported`: entering units below that reported (null when none; `none` and formula
 * indicators are not aggregated). `child_lfl_*` (`sum` only): Σ of the like-for-like targets of
 * the children that reported, null when one of them has none (no like-for-like target).
 */
function completenessAggregates(i: string): string {
  const counted = `min(${i}.formula) is null and min(${i}.aggregation_org) <> 'none'`;
  const summed = `min(${i}.formula) is null and min(${i}.aggregation_org) = 'sum'`;
  const lfl = (column: string) => `case when ${summed} and count(*) filter (where c.value is not null and (${lflOfChild(column)}) is null) = 0
        then sum(${lflOfChild(column)}) filter (where c.value is not null) end as child_lfl_${column}`;
  return [`case when ${counted} then nullif(sum(${reportedOfChild}), 0)::int end as child_reported`, ...LFL_COLUMNS.map(lfl)].join(',\n    ');
}

/** The aggregates of children `c` by method; both paths are built from these pieces. */
const sumOf = (column: string) => `sum(c.${column})`;
const avgOf = (column: string) => `avg(c.${column})`;
/** Σ v·x / Σ x over children with both a value and a weight `w`. */
const weightedOf = (column: string) => `sum(c.${column} * w.value) / nullif(sum(w.value) filter (where c.${column} is not null and w.value is not null), 0)`;

/**
 * Aggregates of children `c` (with their weight `w`) for indicator `i`, one per value column.
 * The indicator's settings are read through min() so the grouping key stays (indicator, parent,
 * period) alone, which the planner estimates well. `weighted: false` leaves the weighted case
 * out, for a query that reads no weights.
 */
function childAggregates(i = 'i', options: { weighted?: boolean } = {}): string {
  return VALUE_COLUMNS.map(
    (column) => `case
      when min(${i}.formula) is not null or min(${i}.aggregation_org) = 'none' then null
      when min(${i}.aggregation_org) = 'sum' then ${sumOf(column)}
      when min(${i}.aggregation_org) = 'avg' then ${avgOf(column)}
      ${options.weighted === false ? 'else null' : `else ${weightedOf(column)}`}
    end as child_${column}`,
  ).join(',\n    ');
}

/**
 * The children aggregates of one tree level of `table`, grouped by parent: indicators
 * aggregated by plain sum or average in one pass, weighted ones (joined to their weights) in
 * another, so the planner never weighs the whole level against the weights.
 */
function levelAggregates(table: string, childDepth: number, weightIds: number[]): string {
  // Literal ids let the planner see how few weight rows there are (a subquery hides it).
  const weights = weightIds.length ? weightIds.map((id) => String(Math.trunc(id))).join(', ') : 'null';
  const children = `(select c.* from ${table} c join org_unit cu on cu.id = c.unit_id where cu.depth = ${childDepth}) c
    join indicator i on i.id = c.indicator_id`;
  return `select c.indicator_id, c.parent_id as unit_id, c.period, ${childAggregates('i', { weighted: false })}, ${completenessAggregates('i')}
    from ${children}
    where i.aggregation_org not like 'weighted:%'
    group by c.indicator_id, c.parent_id, c.period
    union all
    select c.indicator_id, c.parent_id as unit_id, c.period, ${VALUE_COLUMNS.map((column) => `${weightedOf(column)} as child_${column}`).join(', ')}, ${completenessAggregates('i')}
    from ${children}
    join indicator wi on wi.code = substr(i.aggregation_org, 10)
    left join (select * from ${table} where indicator_id in (${weights})) w on w.indicator_id = wi.id and w.unit_id = c.unit_id and w.period = c.period
    where i.aggregation_org like 'weighted:%' and i.formula is null
    group by c.indicator_id, c.parent_id, c.period`;
}

/**
 * Incremental path: recomputes `child_*` (and so the effective columns) of the given parents
 * from their children in the live table. Parents without any child row get null aggregates.
 */
export function refreshParentsStatement(keys: { indicatorIds: number[]; unitIds: number[]; periods: string[] }): RawBuilder<unknown> {
  const updates = [
    ...VALUE_COLUMNS.map((c) => `child_${c} = excluded.child_${c}, ${c} = coalesce(r.own_${c}, excluded.child_${c})`),
    ...COMPLETENESS_COLUMNS.map((c) => `${c} = excluded.${c}`),
  ].join(',\n    ');
  return sql`
  insert into indicator_rollup as r (indicator_id, unit_id, period, parent_id, ${sql.raw(CHILD.join(', '))}, ${sql.raw(VALUE_COLUMNS.join(', '))}, ${sql.raw(COMPLETENESS_COLUMNS.join(', '))})
  select a.indicator_id, a.unit_id, a.period, pu.parent_id, ${sql.raw(CHILD.join(', '))}, ${sql.raw(CHILD.join(', '))}, ${sql.raw(COMPLETENESS_COLUMNS.join(', '))}
  from (
    select k.indicator_id, k.unit_id, k.period,
    ${sql.raw(childAggregates('ki'))},
    ${sql.raw(completenessAggregates('ki'))}
    from (select distinct * from unnest(${keys.indicatorIds}::int[], ${keys.unitIds}::int[], ${keys.periods}::text[]) as k(indicator_id, unit_id, period)) k
    join indicator ki on ki.id = k.indicator_id
    left join indicator wi on ki.aggregation_org like 'weighted:%' and wi.code = substr(ki.aggregation_org, 10)
    left join org_unit cu on cu.parent_id = k.unit_id
    left join indicator_rollup c on c.unit_id = cu.id and c.period = k.period and c.indicator_id = k.indicator_id
    left join indicator_rollup w on w.unit_id = c.unit_id and w.period = c.period and w.indicator_id = wi.id
    group by k.indicator_id, k.unit_id, k.period
  ) a
  join org_unit pu on pu.id = a.unit_id
  on conflict (unit_id, period, indicator_id) do update set
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

/**
 * Rebuild, one level of the tree into `table` (bottom-up, leaves first): each unit at `depth`
 * gets its own values (measurements and phased targets) and the aggregate of its children,
 * which the previous level already wrote. Plain inserts: the table has no index yet. With
 * `months`, only those months (months do not depend on each other).
 */
export function buildLevelStatement(table: string, depth: number, weightIds: number[], months?: string[]): RawBuilder<unknown> {
  const inMonths = (period: string) => (months ? sql`and ${sql.ref(period)} = any(${months}::text[])` : sql``);
  const effective = VALUE_COLUMNS.map((c) => `coalesce(o.own_${c}, a.child_${c})`).join(', ');
  return sql`
  insert into ${sql.table(table)} (indicator_id, unit_id, period, parent_id, ${sql.raw(OWN.join(', '))}, ${sql.raw(CHILD.join(', '))}, ${sql.raw(VALUE_COLUMNS.join(', '))}, ${sql.raw(COMPLETENESS_COLUMNS.join(', '))})
  select coalesce(o.indicator_id, a.indicator_id), coalesce(o.unit_id, a.unit_id), coalesce(o.period, a.period), u.parent_id,
    ${sql.raw(OWN.map((c) => `o.${c}`).join(', '))}, ${sql.raw(CHILD.map((c) => `a.${c}`).join(', '))}, ${sql.raw(effective)}, ${sql.raw(COMPLETENESS_COLUMNS.map((c) => `a.${c}`).join(', '))}
  from (
    -- own values: measurements with their phased targets, then targets without a measurement
    -- (a full join in two halves, so the big side is read once, sequentially)
    select m.indicator_id, m.unit_id, m.period, m.value as own_value, t.own_target, t.own_baseline, t.own_stretch, t.own_red_flag
    from measurement m
    join org_unit mu on mu.id = m.unit_id and mu.depth = ${depth} ${inMonths('m.period')}
    left join ${phasedTargetsRelation()} t on t.indicator_id = m.indicator_id and t.unit_id = m.unit_id and t.period = m.period
    union all
    select t.indicator_id, t.unit_id, t.period, null, t.own_target, t.own_baseline, t.own_stretch, t.own_red_flag
    from ${phasedTargetsRelation()} t
    join org_unit tu on tu.id = t.unit_id and tu.depth = ${depth}
    where not exists (select 1 from measurement m where m.indicator_id = t.indicator_id and m.unit_id = t.unit_id and m.period = t.period)
      ${inMonths('t.period')}
  ) o
  full join (
    ${sql.raw(levelAggregates(table, depth + 1, weightIds))}
  ) a on a.indicator_id = o.indicator_id and a.unit_id = o.unit_id and a.period = o.period
  join org_unit u on u.id = coalesce(o.unit_id, a.unit_id)`;
}
