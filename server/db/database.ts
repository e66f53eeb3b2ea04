import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PGliteDialect } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database } from './schema.ts';
import { lockDataDir, type DataDirClaim, type DataDirLock } from './data-dir-lock.ts';
import { withPGliteCopy, withPostgresCopy } from './copy.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** The embedded data directory's lock (null on PostgreSQL and in memory); released by close(). */
  lock: DataDirLock | null;
  close(): Promise<void>;
  /** LISTEN/NOTIFY subscription (PostgreSQL; absent on PGlite, which is one process). */
  listen?: (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>;
}

/**
 * The one place where driver types are normalised: numeric and int8 become JS numbers on both
 * drivers (values in this domain stay far below 2^53), timestamps stay Date objects.
 */
const toNumber = (value: string) => Number(value);

export async function openDatabase(options: { url: string | null; dataDir: string; memory?: boolean; claim?: DataDirClaim }): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url) : openPGlite(options.memory ? null : options.dataDir, options.claim ?? { role: 'cli', command: process.argv.slice(2).join(' ') || 'node' });
}

function openPostgres(url: string): DatabaseHandle {
  const client = postgres(url, {
    max: 10,
    onnotice: () => {},
    types: {
      numeric: { to: 1700, from: [1700], serialize: (v: unknown) => String(v), parse: toNumber },
      bigint: { to: 20, from: [20], serialize: (v: unknown) => String(v), parse: toNumber },
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: withPostgresCopy(client) }) });
  const listen = async (channel: string, onMessage: (payload: string) => void) => {
    const { unlisten } = await client.listen(channel, onMessage);
    return unlisten;
  };
  // A connection once reserved (kysely-postgres-js reserves one per query) can keep end() waiting
  // forever after a busy spell (porsager/postgres#925): idle connections get 5 s, then go.
  const close = async () => {
    await client.end({ timeout: 5 });
    await db.destroy();
  };
  return { db, kind: 'postgres', lock: null, close, listen };
}

async function openPGlite(dataDir: string | null, claim: DataDirClaim): Promise<DatabaseHandle> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // Before the files are opened: a second process on them would silently diverge.
  const lock = dataDir ? await lockDataDir(dataDir, claim) : null;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ? path.join(dataDir, 'pglite') : undefined, {
      parsers: { [types.NUMERIC]: toNumber, [types.INT8]: toNumber },
    });
  } catch (err) {
    await lock?.release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite: withPGliteCopy(pglite) }) });
  return {
    db,
    kind: 'pglite',
    lock,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      await lock?.release();
    },
  };
}
