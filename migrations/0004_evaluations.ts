import { type Kysely, sql } from 'kysely';

/**
 * Evaluation cycles (DESIGN.md §3 "Evaluation (CS평가 → 보상)").
 *
 * `evaluation_cycle` holds the working definition (the cycle file). Each cycle has versions:
 * version 1 is created with the cycle; a provisional version has no stored results (its preview
 * is computed live); finalising stores the immutable snapshot in the version row (the definition
 * used, per-unit results, the breakdown down to indicators, the inputs' fingerprint, who and
 * when); reopening marks the final version superseded and adds version + 1, provisional, with a
 * reason. A trigger refuses any change to a finalised snapshot and any deletion of one, whatever
 * path tries it.
 */
const statements = [
  `create table evaluation_cycle (
     code text primary key,
     name jsonb not null,
     definition jsonb not null,
     created_at timestamptz not null default now(),
     created_by text not null,
     updated_at timestamptz not null default now(),
     updated_by text not null
   )`,
  `create table evaluation_version (
     cycle_code text not null references evaluation_cycle(code) on delete restrict,
     version integer not null check (version >= 1),
     status text not null default 'provisional' check (status in ('provisional', 'final', 'superseded')),
     definition jsonb,
     results jsonb,
     breakdown jsonb,
     fingerprint text,
     finalized_by text,
     finalized_by_id integer,
     finalized_at timestamptz,
     reopened_reason text,
     reopened_by text,
     superseded_at timestamptz,
     created_at timestamptz not null default now(),
     primary key (cycle_code, version),
     check (status = 'provisional' or (definition is not null and results is not null and breakdown is not null
            and fingerprint is not null and finalized_by is not null and finalized_at is not null))
   )`,
  `create function evaluation_version_guard() returns trigger language plpgsql as $$
   begin
     if tg_op = 'DELETE' then
       if old.status <> 'provisional' then
         raise exception 'evaluation % version % is final and cannot be deleted', old.cycle_code, old.version;
       end if;
       return old;
     end if;
     if old.status = 'provisional' then
       return new;
     end if;
     if old.status = 'final' and new.status = 'superseded'
        and new.cycle_code = old.cycle_code and new.version = old.version
        and new.definition = old.definition and new.results = old.results and new.breakdown = old.breakdown
        and new.fingerprint = old.fingerprint and new.finalized_by = old.finalized_by
        and new.finalized_by_id is not distinct from old.finalized_by_id and new.finalized_at = old.finalized_at
        and new.reopened_reason is not distinct from old.reopened_reason
        and new.reopened_by is not distinct from old.reopened_by and new.created_at = old.created_at then
       return new;
     end if;
     raise exception 'evaluation % version % is %: its results cannot change (reopen the cycle instead)', old.cycle_code, old.version, old.status;
   end
   $$`,
  `create trigger evaluation_version_immutable before update or delete on evaluation_version
     for each row execute function evaluation_version_guard()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
