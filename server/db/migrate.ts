import { sql } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './database.ts';

/** Arbitrary constant: the advisory-lock key every Northstar process uses for migrations. */
const MIGRATION_LOCK_KEY = 7_265_210_001;

/**
 * Applies pending migrations. Kysely's migrator already takes a lock table, but two servers
 * starting at once on an empty database could both try to create that table; the session-level
 * advisory lock taken first makes the whole run single-file.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const result: MigrationResultSet = await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await new Migrator({ db: conn, provider: { getMigrations: async () => migrations } }).migrateToLatest();
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String((result.error as Error).message ?? result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
