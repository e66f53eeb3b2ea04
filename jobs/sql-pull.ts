import postgres from 'postgres';
import { parseJobConfig, type SqlPullConfig } from '../server/jobs/config.ts';
import { ingestPulled, runPeriod, toInputs, type PulledRow } from './ingest.ts';
import { TransientJobError, type JobKind } from './types.ts';

const REQUIRED = ['indicator', 'unit', 'period', 'value'] as const;

/**
 * SQL pull: runs the configured query against another PostgreSQL database, named by an
 * environment variable (the connection string is never stored), in a read-only transaction
 * with a statement time-out. `{period}` in the query is sent as a bound parameter ($1), never
 * pasted into the SQL. The result must have the columns indicator, unit, period and value
 * (note optional); its rows are written like a file's.
 */
export const sqlPullJob: JobKind = {
  kind: 'sql-pull',
  description: 'Pulls measurements with a query against another PostgreSQL database',
  async run(ctx, run) {
    const config = parseJobConfig<SqlPullConfig>('sql-pull', run.job.config);
    const url = process.env[config.connectionEnv];
    if (!url) return { error: `The environment variable ${config.connectionEnv} (the source database) is not set` };
    const period = runPeriod(run);
    const usesPeriod = config.query.includes('{period}');
    const query = usesPeriod ? config.query.replaceAll('{period}', '$1') : config.query;
    const source = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: Math.ceil(config.timeoutMs / 1000), idle_timeout: 1, prepare: false });
    const onAbort = () => void source.end({ timeout: 0 }).catch(() => undefined);
    run.signal.addEventListener('abort', onAbort);
    let rows: Record<string, unknown>[];
    try {
      rows = await source.begin('read only', async (tx) => {
        await tx.unsafe(`set local statement_timeout = ${Math.floor(config.timeoutMs)}`);
        return (await tx.unsafe(query, usesPeriod ? [period] : [])) as unknown as Record<string, unknown>[];
      });
    } catch (err) {
      if (run.signal.aborted) throw run.signal.reason;
      const e = err as Error & { code?: string };
      // Connection trouble is worth a retry; the query's own errors (syntax, time-out, permission) are not.
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'ENOTFOUND', '57P03', '53300'].includes(e.code ?? '')) throw new TransientJobError(`The source database (${config.connectionEnv}) could not be reached: ${e.message}`);
      return { error: `The query failed${e.code === '57014' ? ` (statement time-out of ${config.timeoutMs} ms)` : ''}: ${e.message}` };
    } finally {
      run.signal.removeEventListener('abort', onAbort);
      await source.end({ timeout: 1 }).catch(() => undefined);
    }
    const columns = rows.length ? Object.keys(rows[0]).map((c) => c.toLowerCase()) : [];
    const missing = REQUIRED.filter((c) => rows.length > 0 && !columns.includes(c));
    if (missing.length) return { error: `The query must return the columns ${REQUIRED.join(', ')}; it lacks ${missing.join(', ')}` };
    const get = (r: Record<string, unknown>, name: string) => r[name] ?? r[Object.keys(r).find((k) => k.toLowerCase() === name) ?? name];
    const pulled: PulledRow[] = rows.map((r) => ({ indicator: get(r, 'indicator'), unit: get(r, 'unit'), period: get(r, 'period'), value: get(r, 'value'), note: columns.includes('note') ? get(r, 'note') : undefined }));
    return ingestPulled(ctx, run, toInputs(pulled), { accept: config.accept, source: `job:${run.job.name}` });
  },
};
