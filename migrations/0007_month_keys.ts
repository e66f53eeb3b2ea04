import { type Kysely, sql } from 'kysely';

/**
 * Cheaper keys for the measurement tables, the ones bulk imports write a million rows into.
 *
 * - Periods (`YYYY-MM`, `YYYY-Qn`, `YYYY-Hn`, `YYYY`) are ASCII and sort the same bytewise, so
 *   every period column takes the "C" collation: PostgreSQL then compares them with memcmp
 *   and abbreviated sort keys instead of the database locale's strcoll (a quarter off index
 *   builds and sorted inserts). All of them at once, so joins between tables never mix
 *   collations.
 * - `measurement` is keyed unit first (unit, month, indicator), the order the entry view and
 *   the scorecard read in, which makes the separate (unit, period) index redundant.
 * - `measurement_revision` is keyed by its natural key in the same order; the surrogate
 *   identity went unused, and the database now refuses two writers claiming the same revision.
 */
const tablesWithPeriods = ['target', 'measurement', 'measurement_revision', 'indicator_rollup', 'period_lock', 'period_submission', 'job_run', 'notification', 'survey_run', 'benchmark'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of tablesWithPeriods) {
    await sql`alter table ${sql.table(table)} alter column period type text collate "C"`.execute(db);
  }
  await sql`drop index measurement_unit_period_idx`.execute(db);
  await sql`alter table measurement drop constraint measurement_pkey`.execute(db);
  await sql`alter table measurement add primary key (unit_id, period, indicator_id)`.execute(db);
  await sql`drop index measurement_revision_key_idx`.execute(db);
  await sql`alter table measurement_revision drop column id`.execute(db);
  await sql`alter table measurement_revision add primary key (unit_id, period, indicator_id, revision)`.execute(db);
}
