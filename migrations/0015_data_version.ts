import { type Kysely, sql } from 'kysely';

/**
 * The data version (DESIGN.md: many readers): one number that changes whenever anything a
 * computed read (scorecard, heatmap, strategy map, breakdown, series) is built from changes.
 * Cached answers are keyed by it, so a cached card is never older than the last committed write.
 *
 * Bumped by statement-level triggers on the tables those reads come from, in the writer's own
 * transaction (so it becomes visible exactly when the write does) and at most once per
 * transaction (the row remembers the transaction that last bumped it: later statements of the
 * same transaction only read it). The value comes from a sequence, so versions never repeat,
 * not even after a truncate (tests) or a rolled-back writer. The bump also NOTIFYs
 * `northstar_data_version` with the new number (delivered on commit) so other server processes
 * on the same PostgreSQL drop their superseded entries at once.
 *
 * Triggers rather than calls in every writer: a writer added later (a new import, a repair
 * script, plain SQL) cannot forget it. Statement-level, so a bulk import of a million rows pays
 * one extra row update, not a million. Writers of measurements, targets and locks already hold
 * the measurement-writes advisory lock to commit, so the version row adds no new waiting there.
 * `indicator_rollup` is derived (and swapped whole by a rebuild, which would drop a trigger):
 * its writers bump through `northstar_bump_data_version()` instead (server/rollup/service.ts).
 */
export const DATA_VERSION_TABLES = [
  'org_unit',
  'perspective',
  'objective',
  'objective_link',
  'indicator',
  'target',
  'measurement',
  'period_lock',
  'ownership',
  'survey_run',
] as const;

const statements = [
  `create sequence data_version_seq`,
  `create table data_version (
     id boolean primary key default true check (id),
     version bigint not null,
     xact xid8,
     changed_at timestamptz not null default now()
   )`,
  `insert into data_version (version) values (nextval('data_version_seq'))`,
  `create function northstar_bump_data_version() returns bigint language plpgsql as $$
   declare v bigint;
   begin
     update data_version set version = nextval('data_version_seq'), xact = pg_current_xact_id(), changed_at = now()
       where xact is distinct from pg_current_xact_id()
       returning version into v;
     if v is null then
       select version into v from data_version;
       if v is null then
         -- the row was removed (a test truncating every table): start again from the sequence
         insert into data_version (version, xact) values (nextval('data_version_seq'), pg_current_xact_id())
           on conflict (id) do update set version = excluded.version, xact = excluded.xact, changed_at = now()
           returning version into v;
         perform pg_notify('northstar_data_version', v::text);
       end if;
       return v;
     end if;
     perform pg_notify('northstar_data_version', v::text);
     return v;
   end
   $$`,
  `create function northstar_data_version_trigger() returns trigger language plpgsql as $$
   begin
     perform northstar_bump_data_version();
     return null;
   end
   $$`,
  ...DATA_VERSION_TABLES.map(
    (table) => `create trigger ${table}_data_version after insert or update or delete or truncate on ${table}
       for each statement execute function northstar_data_version_trigger()`,
  ),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
