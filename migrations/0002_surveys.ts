import { type Kysely, sql } from 'kysely';

/**
 * Survey indices (DESIGN.md §3 "Survey indices"): stored definitions and one row per
 * computation, which keeps its inputs (definition snapshot, file name and hash, unit, period,
 * settings) and its result for audit.
 *
 * A run with a unit column produces one pooled row (`parent_id` null, `unit_id` the `--unit` or
 * null) and one row per unit found in the file (`parent_id` = the pooled row, `scope` = 'unit'),
 * so every unit's result is found the same way: by definition code, unit and period.
 */
const statements = [
  `create table survey_definition (
     code text primary key,
     kind text not null default 'csi',
     definition jsonb not null,
     updated_at timestamptz not null default now(),
     updated_by integer
   )`,
  `create table survey_run (
     id bigint generated always as identity primary key,
     parent_id bigint references survey_run(id) on delete cascade,
     scope text not null default 'pooled',
     definition_code text not null,
     kind text not null default 'csi',
     definition jsonb not null,
     definition_sha256 text not null,
     unit_id integer references org_unit(id) on delete cascade,
     period text not null,
     file_name text not null,
     file_sha256 text not null,
     settings jsonb not null default '{}'::jsonb,
     respondents integer not null,
     result jsonb not null,
     report jsonb not null,
     created_by integer,
     created_by_name text not null,
     created_at timestamptz not null default now()
   )`,
  `create index survey_run_lookup_idx on survey_run (definition_code, unit_id, period, id)`,
  `create index survey_run_unit_period_idx on survey_run (unit_id, period, id)`,
  `create index survey_run_parent_idx on survey_run (parent_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
