import postgres from 'postgres';
import { sql } from 'kysely';
import type { AppContext } from '../server/context.ts';
import { parseJobConfig, type SqlPullConfig } from '../server/scheduling/config.ts';
import { ingestPulled, ingestVoc, runPeriod, toInputs, type PulledRow } from './ingest.ts';
import { TransientJobError, type JobKind, type JobOutcome } from './types.ts';

const REQUIRED = ['indicator', 'unit', 'period', 'value'] as const;

/**
 * SQL pull: runs the configured query against another PostgreSQL database, named by an
 * environment variable (the connection string is never stored).
 *
 * What keeps a query from doing more than reading:
 * - it is sent with the extended protocol (parse/bind/execute), so the server itself refuses a
 *   second statement (`commit; drop table …` fails with "cannot insert multiple commands into a
 *   prepared statement") and nothing of it runs;
 * - it must be a query (SELECT, WITH, VALUES or TABLE), so `COPY … TO PROGRAM` is refused before
 *   it is sent (COPY TO is allowed in read-only transactions);
 * - it runs inside a `READ ONLY` transaction with `statement_timeout = timeoutMs`;
 * - a connection that reaches Northstar's own database is refused (same cluster and database).
 * `{period}` is sent as a bound parameter ($1), never pasted into the SQL. The README shows how
 * to give sources a read-only role, which is what really limits a query.
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
      if (await isOwnDatabase(ctx, source)) return { error: `${config.connectionEnv} points at Northstar's own database; a source must be another database (give it a read-only role, see the README)` };
      rows = await source.begin('read only', async (tx) => {
        await tx.unsafe(`set local statement_timeout = ${Math.floor(config.timeoutMs)}`);
        // simple: false forces the extended protocol even without parameters: one statement only.
        return (await tx.unsafe(query, usesPeriod ? [period] : [], { simple: false, prepare: false } as never)) as unknown as Record<string, unknown>[];
      });
    } catch (err) {
      if (run.signal.aborted) throw run.signal.reason;
      const e = err as Error & { code?: string };
      // Connection trouble is worth a retry; the query's own errors (syntax, time-out, permission) are not.
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'ENOTFOUND', '57P03', '53300'].includes(e.code ?? '')) throw new TransientJobError(`The source database (${config.connectionEnv}) could not be reached: ${e.code}`);
      return { error: `The query failed${e.code === '57014' ? ` (statement time-out of ${config.timeoutMs} ms)` : ''}: ${queryErrorReason(e)}` };
    } finally {
      run.signal.removeEventListener('abort', onAbort);
      await source.end({ timeout: 1 }).catch(() => undefined);
    }
    if (config.target === 'voc') return withoutValues(await ingestVoc(ctx, run, rows, `the query of job ${run.job.name}`));
    const columns = rows.length ? Object.keys(rows[0]).map((c) => c.toLowerCase()) : [];
    const missing = REQUIRED.filter((c) => rows.length > 0 && !columns.includes(c));
    if (missing.length) return { error: `The query must return the columns ${REQUIRED.join(', ')}; it lacks ${missing.join(', ')}` };
    const get = (r: Record<string, unknown>, name: string) => r[name] ?? r[Object.keys(r).find((k) => k.toLowerCase() === name) ?? name];
    const pulled: PulledRow[] = rows.map((r) => ({ indicator: get(r, 'indicator'), unit: get(r, 'unit'), period: get(r, 'period'), value: get(r, 'value'), note: columns.includes('note') ? get(r, 'note') : undefined }));
    return withoutValues(await ingestPulled(ctx, run, toInputs(pulled), { accept: config.accept, source: `job:${run.job.name}` }));
  },
};

/**
 * The PostgreSQL error a run reports. Data errors (class 22: a cast, a division) quote the
 * offending value, which may come from any column of the source, so only their code is given;
 * syntax and permission errors name the SQL the job's author wrote and are kept.
 */
function queryErrorReason(e: Error & { code?: string }): string {
  if (e.code?.startsWith('22')) return `a value could not be computed or converted (SQLSTATE ${e.code})`;
  return e.message.slice(0, 300);
}

/**
 * Row errors of a pull name the row, the column and the reason, never a value: the values of a
 * source query may be anything its author selected, and a run's error is read by others.
 */
function withoutValues(outcome: JobOutcome): JobOutcome {
  const strip = (e: { row: number; field: string; code: string; message: string }) => ({ row: e.row, field: e.field, code: e.code, message: e.message.replace(/"[^"]*"/g, '(value)') });
  const details = outcome.details as { rejected?: { row: number; field: string; code: string; message: string }[] } | undefined;
  return {
    ...outcome,
    error: outcome.error?.replace(/"[^"]*"/g, '(value)'),
    details: details?.rejected ? { ...details, rejected: details.rejected.map(strip) } : outcome.details,
  };
}

interface ServerIdentity {
  database: string;
  address: string | null;
  port: number | null;
  system: string | null;
}

const IDENTITY = `select current_database() as database, inet_server_addr()::text as address, inet_server_port() as port,
  (select system_identifier::text from pg_control_system()) as system`;
const IDENTITY_WITHOUT_CONTROL = `select current_database() as database, inet_server_addr()::text as address, inet_server_port() as port, null::text as system`;

async function identityOf(run: (text: string) => Promise<ServerIdentity[]>): Promise<ServerIdentity> {
  // pg_control_system() may be revoked from the read-only role a source uses.
  return (await run(IDENTITY).catch(() => run(IDENTITY_WITHOUT_CONTROL)))[0];
}

/**
 * Whether the source connection reaches Northstar's own database: asked of both servers, so a
 * different host name, an alias or a port forward for the same database is still recognised.
 * The system identifier tells clusters apart; without it (revoked) address and port do.
 */
async function isOwnDatabase(ctx: AppContext, source: postgres.Sql): Promise<boolean> {
  if (ctx.dbKind !== 'postgres') return false; // the embedded database cannot be reached by URL
  const own = await identityOf(async (text) => (await sql.raw<ServerIdentity>(text).execute(ctx.db)).rows);
  const theirs = await identityOf(async (text) => (await source.unsafe(text)) as unknown as ServerIdentity[]);
  if (own.database !== theirs.database) return false;
  if (own.system && theirs.system) return own.system === theirs.system;
  return own.address === theirs.address && own.port === theirs.port;
}
