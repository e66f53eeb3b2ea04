import { type Kysely, sql } from 'kysely';

/**
 * VOC (고객의 소리, DESIGN.md §3 "VOC").
 *
 * - `voc_record`: one row per VOC, keyed by the source system's id. `month` is the month of
 *   receipt in `voc.timezone` and `deadline` the SLA deadline, both fixed when the record is
 *   written (the feeds group by them). `is_repeat` is kept up to date for the customer and
 *   category a write touches. `feed_due` is whether the last feed computation counted the
 *   record as SLA-due: the nightly job looks for open records past their deadline not yet so
 *   counted.
 * - `voc_status_history`: every status change (who, when, from → to, note).
 */
const statements = [
  `create table voc_record (
     id text primary key,
     received_at timestamptz not null,
     month text not null,
     channel text not null check (channel in ('call', 'web', 'store', 'app', 'sns', 'email', 'other')),
     type text not null check (type in ('complaint', 'inquiry', 'suggestion', 'praise')),
     category text not null,
     unit_id integer not null references org_unit(id) on delete restrict,
     severity text not null check (severity in ('low', 'normal', 'high', 'critical')),
     customer text,
     text text,
     status text not null check (status in ('received', 'assigned', 'in_progress', 'resolved', 'closed')),
     assignee text,
     resolved_at timestamptz,
     resolution text,
     root_cause text check (root_cause in ('people', 'procedure', 'facility', 'product', 'other')),
     repeat_of text,
     is_repeat boolean not null default false,
     deadline timestamptz,
     feed_due boolean not null default false,
     overdue_notified boolean not null default false,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     updated_by text not null
   )`,
  `create index voc_record_unit_month on voc_record (unit_id, month)`,
  `create index voc_record_customer_category on voc_record (customer, category, received_at) where customer is not null`,
  `create index voc_record_open_deadline on voc_record (deadline) where resolved_at is null and deadline is not null`,
  `create index voc_record_status on voc_record (status, deadline)`,
  `create index voc_record_repeat_of on voc_record (repeat_of) where repeat_of is not null`,
  `create table voc_status_history (
     id bigint generated always as identity primary key,
     voc_id text not null references voc_record(id) on delete cascade,
     at timestamptz not null default now(),
     by_name text not null,
     by_id integer,
     from_status text,
     to_status text not null,
     note text
   )`,
  `create index voc_status_history_voc on voc_status_history (voc_id, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
