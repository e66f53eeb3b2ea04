import { type Kysely, sql } from 'kysely';

/**
 * Account security (issue 14):
 * - `must_change_password`: set when an admin resets a password; the account can do nothing
 *   but change it until it does.
 * - `login_throttle`: failed sign-ins per username with an exponential back-off, kept in the
 *   database so every server process (and a restart) sees the same count. Keyed by the name
 *   that was tried, whether or not such an account exists, so the answer never tells.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column must_change_password boolean not null default false`.execute(db);
  await sql`alter table app_user add column password_changed_at timestamptz`.execute(db);
  await sql`create table login_throttle (
     username text primary key,
     failures integer not null,
     last_failure_at timestamptz not null,
     locked_until timestamptz
   )`.execute(db);
}
