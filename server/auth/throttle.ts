import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Failed sign-ins an account may have before each further one makes it wait. */
export const FREE_FAILURES = 5;
const BASE_DELAY_SECONDS = 2;
const MAX_DELAY_SECONDS = 15 * 60;
/** A quiet hour forgets earlier failures. */
const FORGET_AFTER_SECONDS = 60 * 60;

/** Seconds the account must wait after its `failures`-th failure in a row (0 while free). */
export function backoffSeconds(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES));
}

/** Seconds until `username` may try again, or 0. Read before the password is checked. */
export async function secondsUntilRetry(db: Db, username: string): Promise<number> {
  const row = await db.selectFrom('login_throttle').select('locked_until').where('username', '=', username).executeTakeFirst();
  if (!row?.locked_until) return 0;
  return Math.max(0, Math.ceil((row.locked_until.getTime() - Date.now()) / 1000));
}

/**
 * Counts a failed sign-in in one statement (several server processes may count at once) and
 * returns how long the account now waits.
 */
export async function recordFailedSignIn(db: Db, username: string): Promise<number> {
  const row = await db
    .insertInto('login_throttle')
    .values({ username, failures: 1, last_failure_at: sql<Date>`now()`, locked_until: null })
    .onConflict((oc) =>
      oc.column('username').doUpdateSet({
        failures: sql<number>`case when login_throttle.last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_SECONDS}) then 1 else login_throttle.failures + 1 end`,
        last_failure_at: sql<Date>`now()`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  const wait = backoffSeconds(Number(row.failures));
  if (wait > 0) {
    await db
      .updateTable('login_throttle')
      .set({ locked_until: sql<Date>`now() + make_interval(secs => ${wait})` })
      .where('username', '=', username)
      .execute();
  }
  return wait;
}

export async function clearFailedSignIns(db: Db, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('username', '=', username).execute();
}
