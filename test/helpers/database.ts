import { sql } from 'kysely';
import { createPostgresDatabase } from './postgres.ts';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';

export { createPostgresDatabase };

export type TestDatabaseKind = 'pglite' | 'postgres';

/**
 * PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server to create databases on.
 * TEST_DATABASE_KINDS (e.g. `postgres`) narrows the list, as CI's second pass does.
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const available: TestDatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  const wanted = process.env.TEST_DATABASE_KINDS?.split(',').map((s) => s.trim());
  return wanted ? available.filter((k) => wanted.includes(k)) : available;
}

/** A fresh, migrated database of `kind`: in-memory PGlite, or a new database on the server. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<DatabaseHandle & { url: string | null }> {
  if (kind === 'pglite') {
    const handle = await openDatabase({ url: null, dataDir: '', memory: true });
    await migrateToLatest(handle.db);
    return { ...handle, url: null };
  }
  const { url, drop } = await createPostgresDatabase();
  const handle = await openDatabase({ url, dataDir: '' });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

/** Empties every table but the migrations' own, between tests. */
export async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(handle.db);
  if (tables.rows.length === 0) return;
  await sql.raw(`truncate ${tables.rows.map((t) => `"${t.tablename}"`).join(', ')} restart identity cascade`).execute(handle.db);
}

/** One migrated database per test file (PGlite.create takes seconds); tests truncate it. */
export function useTestDatabase(kind: TestDatabaseKind) {
  let handle: (DatabaseHandle & { url: string | null }) | null = null;
  beforeAll(async () => {
    handle = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get db() {
      if (!handle) throw new Error('the test database is not open yet');
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error('the test database is not open yet');
      return handle;
    },
    truncate: () => truncateAll(handle!),
  };
}
