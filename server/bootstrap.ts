import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import type { DataDirClaim, DataDirLock } from './db/data-dir-lock.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createMetrics } from './http/metrics.ts';
import { countUsers } from './auth/repository.ts';
import { createUser } from './auth/service.ts';
import { randomPassword } from './auth/secrets.ts';
import { systemActor } from './audit/repository.ts';

export interface OpenedContext extends AppContext {
  /** The embedded data directory's lock; null on PostgreSQL. */
  dataDirLock: DataDirLock | null;
  close(): Promise<void>;
}

/** Opens the configured database, applies pending migrations and returns the app context. */
export async function openContext(config: Config, logger: Logger, options: { migrate?: boolean; claim?: DataDirClaim } = {}): Promise<OpenedContext> {
  const handle: DatabaseHandle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, claim: options.claim });
  try {
    if (options.migrate !== false) {
      const applied = await migrateToLatest(handle.db);
      if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    }
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { db: handle.db, dbKind: handle.kind, config, logger, metrics: createMetrics(), dataDirLock: handle.lock, close: () => handle.close(), listen: handle.listen };
}

/**
 * First run: an admin account on the whole organisation. Automatic on the embedded database;
 * on PostgreSQL only when NORTHSTAR_ADMIN_PASSWORD asks for it. Returns the password to print
 * once when it was generated.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<{ username: string; password: string | null } | null> {
  if ((await countUsers(ctx.db)) > 0) return null;
  if (ctx.dbKind === 'postgres' && !ctx.config.adminPassword) return null;
  const password = ctx.config.adminPassword ?? randomPassword();
  await ctx.db.transaction().execute((trx) =>
    createUser(trx, systemActor('system:first-run'), { username: 'admin', displayName: 'Administrator', password, grants: [{ role: 'admin', unit: null }] }),
  );
  return { username: 'admin', password: ctx.config.adminPassword ? null : password };
}
