import { type Kysely, sql } from 'kysely';

/**
 * The whole model of DESIGN.md §2 plus what accounts, audit, jobs and notifications need.
 * Values are `numeric` so that sums over the org tree are exact and independent of the order
 * rows are read in (the incremental path and the full rebuild must agree to the last digit).
 * Periods are text: `YYYY-MM` for months (the base grain), `YYYY-Qn` and `YYYY` for targets.
 */
const statements = [
  `create table org_unit (
     id integer generated always as identity primary key,
     code text not null unique,
     name jsonb not null,
     parent_id integer references org_unit(id) on delete restrict,
     path text not null,
     depth integer not null,
     sort_order integer not null default 0,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index org_unit_parent_idx on org_unit (parent_id)`,
  `create index org_unit_path_idx on org_unit (path text_pattern_ops)`,

  `create table perspective (
     id integer generated always as identity primary key,
     code text not null unique,
     name jsonb not null,
     weight numeric not null,
     sort_order integer not null default 0
   )`,
  `create table objective (
     id integer generated always as identity primary key,
     code text not null unique,
     name jsonb not null,
     description jsonb,
     perspective_id integer not null references perspective(id) on delete restrict,
     weight numeric not null default 1,
     sort_order integer not null default 0
   )`,
  `create table objective_link (
     from_objective_id integer not null references objective(id) on delete cascade,
     to_objective_id integer not null references objective(id) on delete cascade,
     primary key (from_objective_id, to_objective_id)
   )`,
  `create table indicator (
     id integer generated always as identity primary key,
     code text not null unique,
     name jsonb not null,
     description jsonb,
     objective_id integer references objective(id) on delete restrict,
     weight numeric not null default 1,
     kind text not null default 'kpi',
     display_unit text not null default '',
     direction text not null default 'increase',
     tolerance numeric,
     scoring jsonb not null,
     aggregation_time text,
     aggregation_org text not null default 'sum',
     formula text,
     thresholds jsonb,
     applies_to jsonb,
     frequency text not null default 'monthly',
     sort_order integer not null default 0
   )`,
  `create table target (
     indicator_id integer not null references indicator(id) on delete cascade,
     unit_id integer not null references org_unit(id) on delete cascade,
     period text not null,
     target numeric not null,
     baseline numeric,
     stretch numeric,
     red_flag numeric,
     updated_at timestamptz not null default now(),
     updated_by integer,
     primary key (indicator_id, unit_id, period)
   )`,
  // Measurements and their revisions carry no foreign keys: the one write path
  // (server/measurements) resolves every indicator and unit first, nothing deletes either, and
  // per-row key checks made bulk ingestion six times slower.
  `create table measurement (
     indicator_id integer not null,
     unit_id integer not null,
     period text not null,
     value numeric not null,
     source text not null default 'manual',
     note text,
     revision integer not null default 1,
     updated_at timestamptz not null default now(),
     updated_by integer,
     primary key (indicator_id, unit_id, period)
   )`,
  `create index measurement_unit_period_idx on measurement (unit_id, period)`,
  `create table measurement_revision (
     id bigint generated always as identity primary key,
     indicator_id integer not null,
     unit_id integer not null,
     period text not null,
     revision integer not null,
     value numeric,
     previous_value numeric,
     source text not null,
     note text,
     reason text,
     changed_by integer,
     changed_by_name text,
     changed_at timestamptz not null default now()
   )`,
  `create index measurement_revision_key_idx on measurement_revision (indicator_id, unit_id, period, revision)`,
  // Materialized monthly values per indicator × unit × month after aggregation over the org
  // tree: what the scorecard reads. Kept current in the same transaction as every write and
  // rebuilt from measurement and target alone (into a fresh table that then replaces this one),
  // so it carries no foreign keys. Keyed unit first: scorecards read one unit's months.
  `create table indicator_rollup (
     indicator_id integer not null,
     unit_id integer not null,
     period text not null,
     parent_id integer,
     own_value numeric,
     child_value numeric,
     value numeric,
     own_target numeric,
     child_target numeric,
     target numeric,
     own_baseline numeric,
     child_baseline numeric,
     baseline numeric,
     own_stretch numeric,
     child_stretch numeric,
     stretch numeric,
     own_red_flag numeric,
     child_red_flag numeric,
     red_flag numeric
   )`,
  `alter table indicator_rollup add constraint indicator_rollup_pkey primary key (unit_id, period, indicator_id)`,

  `create table period_lock (
     unit_id integer not null references org_unit(id) on delete cascade,
     period text not null,
     locked_at timestamptz not null default now(),
     locked_by integer,
     primary key (unit_id, period)
   )`,
  `create table period_submission (
     unit_id integer not null references org_unit(id) on delete cascade,
     period text not null,
     state text not null default 'draft',
     comment text,
     submitted_by integer,
     submitted_at timestamptz,
     reviewed_by integer,
     reviewed_at timestamptz,
     updated_at timestamptz not null default now(),
     primary key (unit_id, period)
   )`,

  `create table app_user (
     id integer generated always as identity primary key,
     username text not null unique,
     display_name text not null,
     password_hash text not null,
     locale text not null default 'en',
     disabled boolean not null default false,
     created_at timestamptz not null default now(),
     last_login_at timestamptz
   )`,
  // unit_id null: granted on the whole organisation (every unit and company-wide settings)
  `create table role_grant (
     id integer generated always as identity primary key,
     user_id integer not null references app_user(id) on delete cascade,
     unit_id integer references org_unit(id) on delete cascade,
     role text not null,
     created_at timestamptz not null default now(),
     unique nulls not distinct (user_id, unit_id, role)
   )`,
  `create table api_token (
     id integer generated always as identity primary key,
     user_id integer not null references app_user(id) on delete cascade,
     name text not null,
     prefix text not null,
     token_hash text not null unique,
     scopes jsonb not null,
     expires_at timestamptz,
     revoked_at timestamptz,
     last_used_at timestamptz,
     created_at timestamptz not null default now()
   )`,
  `create table user_session (
     id text primary key,
     user_id integer not null references app_user(id) on delete cascade,
     csrf_token text not null,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     last_seen_at timestamptz not null default now()
   )`,
  `create index user_session_user_idx on user_session (user_id)`,
  `create table audit_log (
     id bigint generated always as identity primary key,
     at timestamptz not null default now(),
     actor_id integer,
     actor_name text not null,
     action text not null,
     entity text not null,
     entity_key text not null,
     before jsonb,
     after jsonb,
     reason text,
     request_id text
   )`,
  `create index audit_log_entity_idx on audit_log (entity, entity_key, id)`,
  `create index audit_log_at_idx on audit_log (at)`,

  `create table job (
     name text primary key,
     kind text not null,
     schedule text not null,
     timezone text not null default 'UTC',
     config jsonb not null default '{}'::jsonb,
     enabled boolean not null default true,
     time_limit_seconds integer not null default 600,
     max_attempts integer not null default 3,
     updated_at timestamptz not null default now()
   )`,
  `create table job_run (
     id bigint generated always as identity primary key,
     job_name text not null,
     trigger text not null,
     scheduled_for timestamptz,
     period text,
     attempt integer not null default 1,
     started_at timestamptz not null default now(),
     ended_at timestamptz,
     status text not null default 'running',
     rows_read integer not null default 0,
     rows_accepted integer not null default 0,
     rows_rejected integer not null default 0,
     error text,
     details jsonb
   )`,
  `create unique index job_run_tick_idx on job_run (job_name, scheduled_for) where trigger = 'schedule' and attempt = 1`,
  `create index job_run_job_idx on job_run (job_name, id)`,
  `create table notification (
     id bigint generated always as identity primary key,
     kind text not null,
     severity text not null default 'info',
     unit_id integer references org_unit(id) on delete cascade,
     indicator_id integer references indicator(id) on delete cascade,
     period text,
     message text not null,
     details jsonb,
     dedupe_key text unique,
     created_at timestamptz not null default now(),
     read_at timestamptz
   )`,
  `create table setting (
     key text primary key,
     value jsonb not null,
     updated_at timestamptz not null default now()
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
