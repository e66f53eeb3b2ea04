import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Metrics } from './http/metrics.ts';

/** What every route handler, job and CLI command is given. */
export interface AppContext {
  db: Db;
  dbKind: 'postgres' | 'pglite';
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** Set by `serve` once the scheduler is up; jobs can be triggered through it. */
  scheduler?: { runNow(name: string, options: { trigger: 'manual' | 'api'; period?: string | null }): Promise<unknown>; reload(): Promise<void> };
}
