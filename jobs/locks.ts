import { sql } from 'kysely';
import type { AppContext } from '../server/context.ts';

/** First key of every Northstar advisory lock taken by jobs (the second is a hash of a name). */
export const LOCK_SPACE = { job: 7_265_210, folder: 7_265_211 } as const;

/** Lock names held in this process (PGlite: one process owns the database, so this is enough). */
const heldHere = new Set<string>();

/**
 * Runs `fn` while holding a PostgreSQL session-level advisory lock on (space, name), or returns
 * `{ acquired: false }` at once when another session (another server instance, or another run
 * in this one) holds it. On PostgreSQL the lock lives on a connection reserved for the
 * duration; if the process dies, PostgreSQL releases it with the connection. On PGlite (one
 * connection, one process) an in-process set plays the same role: reserving the only
 * connection would block the job's own queries.
 */
export async function withAdvisoryLock<T>(ctx: AppContext, space: number, name: string, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }> {
  const key = `${space}:${name}`;
  if (heldHere.has(key)) return { acquired: false };
  heldHere.add(key);
  try {
    if (ctx.dbKind !== 'postgres') return { acquired: true, value: await fn() };
    return await ctx.db.connection().execute(async (conn) => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${space}::int, hashtext(${name})) as ok`.execute(conn);
      if (!rows[0]?.ok) return { acquired: false as const };
      try {
        return { acquired: true as const, value: await fn() };
      } finally {
        await sql`select pg_advisory_unlock(${space}::int, hashtext(${name}))`.execute(conn).catch(() => undefined);
      }
    });
  } finally {
    heldHere.delete(key);
  }
}
