import { type Kysely, sql } from 'kysely';

/**
 * Owners and updaters (DESIGN.md §3 "Owners, commentary and notifications"), user e-mail and
 * notification preferences, commentary per indicator × unit × month with its edit history,
 * per-user notification delivery (who got which notification, read or not, by which channel)
 * and the transactional mail outbox the `mail` job drains.
 */
const statements = [
  `alter table app_user add column email text`,
  `alter table app_user add column notification_prefs jsonb not null default '{}'`,
  // One entry per subject (indicator or objective) and scope (a unit's subtree, or the whole organisation).
  `create table ownership (
     id integer generated always as identity primary key,
     indicator_id integer references indicator(id) on delete cascade,
     objective_id integer references objective(id) on delete cascade,
     unit_id integer references org_unit(id) on delete cascade,
     owner text,
     updaters jsonb not null default '[]',
     scope_key text not null unique,
     updated_at timestamptz not null default now(),
     check ((indicator_id is null) <> (objective_id is null))
   )`,
  `create table comment (
     id integer generated always as identity primary key,
     indicator_id integer not null references indicator(id) on delete cascade,
     unit_id integer not null references org_unit(id) on delete cascade,
     period text not null,
     kind text not null check (kind in ('analysis', 'action', 'note')),
     body text not null,
     reply_to integer references comment(id) on delete cascade,
     author_id integer references app_user(id) on delete set null,
     author_name text not null,
     mentions jsonb not null default '[]',
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     edited boolean not null default false
   )`,
  `create index comment_subject_idx on comment (indicator_id, unit_id, period)`,
  `create table comment_revision (
     comment_id integer not null references comment(id) on delete cascade,
     revision integer not null,
     kind text not null,
     body text not null,
     edited_by text not null,
     edited_at timestamptz not null default now(),
     primary key (comment_id, revision)
   )`,
  `alter table notification add column link text`,
  `create table notification_recipient (
     notification_id integer not null references notification(id) on delete cascade,
     user_id integer not null references app_user(id) on delete cascade,
     delivery text not null check (delivery in ('immediately', 'daily', 'app')),
     read_at timestamptz,
     digest_outbox_id integer,
     created_at timestamptz not null default now(),
     primary key (notification_id, user_id)
   )`,
  `create index notification_recipient_user_idx on notification_recipient (user_id, read_at)`,
  `create index notification_recipient_digest_idx on notification_recipient (delivery, digest_outbox_id) where delivery = 'daily' and digest_outbox_id is null`,
  `create table mail_outbox (
     id integer generated always as identity primary key,
     user_id integer references app_user(id) on delete cascade,
     to_address text not null,
     kind text not null check (kind in ('notification', 'digest', 'report')),
     notification_id integer references notification(id) on delete cascade,
     payload jsonb not null default '{}',
     dedupe_key text not null unique,
     status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'dropped')),
     attempts integer not null default 0,
     next_attempt_at timestamptz not null default now(),
     lease_until timestamptz,
     last_error text,
     message_id text,
     sent_at timestamptz,
     created_at timestamptz not null default now()
   )`,
  `create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status in ('pending', 'sending')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
