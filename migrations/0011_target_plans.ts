import { type Kysely, sql } from 'kysely';

/**
 * Target setting (DESIGN.md §3): a year's plan per indicator × unit, draft until a manager of
 * the parent unit approves it, and every change to it as a revision. Approved plans are
 * written to `target` as monthly rows (what scorecards read); drafts live here only.
 */
const statements = [
  `create table target_plan (
     indicator_id integer not null references indicator(id) on delete cascade,
     unit_id integer not null references org_unit(id) on delete cascade,
     year integer not null,
     status text not null default 'draft' check (status in ('draft', 'approved')),
     months jsonb not null,
     yearly numeric,
     baseline numeric,
     stretch numeric,
     red_flag numeric,
     method jsonb not null default '{}'::jsonb,
     updated_at timestamptz not null default now(),
     updated_by integer,
     updated_by_name text not null,
     approved_at timestamptz,
     approved_by_name text,
     primary key (indicator_id, unit_id, year)
   )`,
  `create table target_revision (
     id integer generated always as identity primary key,
     indicator_id integer not null references indicator(id) on delete cascade,
     unit_id integer not null references org_unit(id) on delete cascade,
     year integer not null,
     period text collate "C",
     action text not null,
     old_value numeric,
     new_value numeric,
     reason text,
     changed_by integer,
     changed_by_name text not null,
     changed_at timestamptz not null default now()
   )`,
  `create index target_revision_key_idx on target_revision (indicator_id, year, unit_id, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
