import { type Kysely, sql } from 'kysely';

/**
 * People and pay (DESIGN.md §3 "People and pay (인사/급여 반영)").
 *
 * - `roster_import`: one row per roster file that changed something (who, when, counts).
 * - `employee_assignment`: effective-dated rows (employee, unit, from, to, base, eligible). A
 *   newer file replaces the current rows of the employees it names: the old rows stay, marked
 *   superseded (when, by whom, by which import), so the roster of any earlier day can be read.
 * - `payout_run`: the payouts of one finalised evaluation version, computed once and stored
 *   (rows, totals, the policy and span used, a fingerprint of the roster it read), then
 *   approved and frozen. A trigger keeps the computed columns immutable, a frozen run
 *   entirely so, and refuses deletions: a reopened cycle's new version gets its own run.
 * - `evaluation_fairness_ack`: units flagged by the fairness check (coverage or completeness
 *   below the cycle's threshold) acknowledged with a reason before finalising a version.
 */
const statements = [
  `create table roster_import (
     id integer generated always as identity primary key,
     file_name text not null,
     fingerprint text not null,
     rows integer not null,
     employees integer not null,
     changed integer not null,
     created_at timestamptz not null default now(),
     created_by text not null
   )`,
  `create table employee_assignment (
     id integer generated always as identity primary key,
     employee text not null,
     name text not null,
     unit_id integer not null references org_unit(id) on delete restrict,
     valid_from date not null,
     valid_to date,
     base numeric(16, 2) not null check (base >= 0),
     eligible boolean not null,
     import_id integer not null references roster_import(id),
     source_row integer not null,
     created_at timestamptz not null default now(),
     created_by text not null,
     superseded_at timestamptz,
     superseded_by text,
     superseded_by_import integer references roster_import(id),
     check (valid_to is null or valid_to >= valid_from)
   )`,
  `create index employee_assignment_current on employee_assignment (employee, valid_from) where superseded_at is null`,
  `create table payout_run (
     id integer generated always as identity primary key,
     cycle_code text not null,
     version integer not null,
     run integer not null check (run >= 1),
     status text not null check (status in ('prepared', 'approved', 'frozen', 'withdrawn')),
     policy jsonb not null,
     span jsonb not null,
     rows jsonb not null,
     totals jsonb not null,
     warnings jsonb not null,
     roster_fingerprint text not null,
     prepared_by text not null,
     prepared_by_id integer,
     prepared_at timestamptz not null default now(),
     approved_by text,
     approved_by_id integer,
     approved_at timestamptz,
     frozen_by text,
     frozen_by_id integer,
     frozen_at timestamptz,
     withdrawn_by text,
     withdrawn_at timestamptz,
     foreign key (cycle_code, version) references evaluation_version(cycle_code, version) on delete restrict,
     unique (cycle_code, version, run),
     check (status not in ('approved', 'frozen') or (approved_by is not null and approved_at is not null)),
     check (status <> 'frozen' or (frozen_by is not null and frozen_at is not null))
   )`,
  `create unique index payout_run_live on payout_run (cycle_code, version) where status <> 'withdrawn'`,
  `create function payout_run_guard() returns trigger language plpgsql as $$
   begin
     if tg_op = 'DELETE' then
       raise exception 'payout run % of % version % cannot be deleted', old.run, old.cycle_code, old.version;
     end if;
     if old.status in ('frozen', 'withdrawn') then
       raise exception 'payout run % of % version % is %: it cannot change', old.run, old.cycle_code, old.version, old.status;
     end if;
     if new.cycle_code <> old.cycle_code or new.version <> old.version or new.run <> old.run
        or new.policy <> old.policy or new.span <> old.span or new.rows <> old.rows or new.totals <> old.totals
        or new.warnings <> old.warnings or new.roster_fingerprint <> old.roster_fingerprint
        or new.prepared_by <> old.prepared_by or new.prepared_at <> old.prepared_at then
       raise exception 'payout run % of % version %: computed payouts cannot change (prepare a new run)', old.run, old.cycle_code, old.version;
     end if;
     return new;
   end
   $$`,
  `create trigger payout_run_immutable before update or delete on payout_run
     for each row execute function payout_run_guard()`,
  `create table evaluation_fairness_ack (
     cycle_code text not null references evaluation_cycle(code) on delete restrict,
     version integer not null,
     unit text not null,
     reason text not null,
     acknowledged_by text not null,
     acknowledged_at timestamptz not null default now(),
     primary key (cycle_code, version, unit)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
