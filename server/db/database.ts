import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PGliteDialect } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import { PGlite, types } from '@electric-sql/pglite';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * The one place where driver types are normalised: numeric and int8 become JS numbers on both
 * drivers (values in this domain stay far below 2^53), timestamps stay Date objects.
 */
const toNumber = (value: string) => Number(value);

export async function openDatabase(options: { url: string | null; dataDir: string; memory?: boolean }): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url) : openPGlite(options.memory ? null : options.dataDir);
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
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function openPGlite(dataDir: string | null): Promise<DatabaseHandle> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ? path.join(dataDir, 'pglite') : undefined, {
    parsers: { [types.NUMERIC]: toNumber, [types.INT8]: toNumber },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
