import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * The data version (migration 0015): one number that changes, in the writer's own transaction,
 * whenever anything a computed read is built from changes. Triggers on the source tables bump
 * it; writers of the derived `indicator_rollup` call bumpDataVersion themselves.
 */

/** The channel the bump NOTIFYs (payload: the new version) when the writing transaction commits. */
export const DATA_VERSION_CHANNEL = 'northstar_data_version';

/** The committed data version: one row, one index lookup. */
export async function readDataVersion(db: Db): Promise<number> {
  const { rows } = await sql<{ version: number | string | null }>`select (select version from data_version) as version`.execute(db);
  return Number(rows[0]?.version ?? 0);
}

/**
 * Bumps the data version in the caller's transaction: at most once per transaction, visible
 * (and announced to other processes) when it commits.
 */
export async function bumpDataVersion(db: Db): Promise<void> {
  await sql`select northstar_bump_data_version()`.execute(db);
}
