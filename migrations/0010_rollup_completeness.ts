import { type Kysely, sql } from 'kysely';

/**
 * Like-for-like parents (DESIGN.md §3 "Incomplete data"): each materialized rollup row of a
 * parent also carries how many entering units below it reported (`child_reported`) and, for
 * `sum` indicators, the targets of exactly those units summed up (`child_lfl_*`), carried up
 * level by level. A parent whose units did not all report compares Σ of what was reported with
 * Σ of the targets of the units that reported it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table indicator_rollup
    add column child_reported integer,
    add column child_lfl_target numeric,
    add column child_lfl_baseline numeric,
    add column child_lfl_stretch numeric,
    add column child_lfl_red_flag numeric`.execute(db);
}
