import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Metrics } from './http/metrics.ts';
import type { JobControl } from './scheduling/types.ts';
import type { Listen } from './http/read-cache.ts';

/** What every route handler, job and CLI command is given. */
export interface AppContext {
  db: Db;
  dbKind: 'postgres' | 'pglite';
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** The scheduler, handed in by the composition root (bin/); job routes run jobs through it. */
  jobs?: JobControl;
  /** LISTEN on the database (PostgreSQL only): other processes' writes reach the read cache. */
  listen?: Listen;
}
