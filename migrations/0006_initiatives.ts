import { type Kysely, sql } from 'kysely';

/**
 * Improvement initiatives (개선활동 전개표), benchmarks (벤치마킹 결과 정리표) and improvement
 * priorities (개선 우선순위). Initiatives carry their action items as a jsonb list
 * `[{ title, due, done }]` and their linked indicators as a list of codes.
 */
const statements = [
  `create table initiative (
     id integer generated always as identity primary key,
     code text not null unique,
     title text not null,
     unit_id integer not null references org_unit(id) on delete restrict,
     indicators jsonb not null default '[]',
     owner text,
     start_date text,
     end_date text,
     evaluation text,
     target_value numeric,
     baseline_value numeric,
     current_value numeric,
     status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'on_hold')),
     actions jsonb not null default '[]',
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     updated_by text
   )`,
  `create index initiative_unit_idx on initiative (unit_id)`,
  `create table benchmark (
     indicator_id integer not null references indicator(id) on delete cascade,
     period text not null,
     competitor text not null,
     value numeric not null,
     updated_at timestamptz not null default now(),
     primary key (indicator_id, period, competitor)
   )`,
  `create table improvement_priority (
     unit_id integer not null references org_unit(id) on delete cascade,
     indicator_id integer not null references indicator(id) on delete cascade,
     expected numeric,
     importance numeric,
     cause text,
     target numeric,
     updated_at timestamptz not null default now(),
     primary key (unit_id, indicator_id)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
