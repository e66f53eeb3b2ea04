import { sql } from 'kysely';
import type { Db } from '../../../server/db/database.ts';
import type { AppContext } from '../../../server/context.ts';
import { upsertJob } from '../../../server/scheduling/repository.ts';
import { Scheduler } from '../../../jobs/scheduler.ts';
import { jobKinds } from '../../../jobs/registry.ts';
import type { JobDefinition } from '../../../jobs/types.ts';

/** Saves a job (disabled schedule-wise unless given: tests run jobs by hand). */
export async function saveJob(db: Db, job: Partial<JobDefinition> & Pick<JobDefinition, 'name' | 'kind' | 'config'>) {
  await upsertJob(db, { schedule: '0 0 1 1 *', timezone: 'UTC', enabled: true, timeLimitSeconds: 60, maxAttempts: 1, ...job });
}

/** Runs a job now, as `northstar jobs run NAME [--period P]` does. */
export async function runJob(ctx: AppContext, name: string, period: string | null = null) {
  const result = await new Scheduler(ctx, jobKinds).runNow(name, { trigger: 'manual', period });
  if (!result) throw new Error(`job ${name} did not run`);
  return result;
}

/**
 * Everything an ingest can change, in a comparable form: measurements, their revisions (no ids
 * or times), targets and the materialized rollup (rows with a value or a target: an all-empty
 * rollup row, which the incremental path may leave behind, means the same as none).
 */
export async function snapshot(db: Db) {
  const measurements = await sql`select i.code as indicator, u.code as unit, m.period, m.value::text as value, m.note, m.revision, m.source
    from measurement m join indicator i on i.id = m.indicator_id join org_unit u on u.id = m.unit_id order by 1, 2, 3`.execute(db);
  const revisions = await sql`select i.code as indicator, u.code as unit, r.period, r.revision, r.value::text as value, r.previous_value::text as previous, r.note, r.source
    from measurement_revision r join indicator i on i.id = r.indicator_id join org_unit u on u.id = r.unit_id order by 1, 2, 3, 4`.execute(db);
  const targets = await sql`select i.code as indicator, u.code as unit, t.period, t.target::text as target
    from target t join indicator i on i.id = t.indicator_id join org_unit u on u.id = t.unit_id order by 1, 2, 3`.execute(db);
  const rollup = await sql`select i.code as indicator, u.code as unit, r.period, r.value::text as value, r.target::text as target
    from indicator_rollup r join indicator i on i.id = r.indicator_id join org_unit u on u.id = r.unit_id
    where r.value is not null or r.target is not null order by 1, 2, 3`.execute(db);
  return { measurements: measurements.rows, revisions: revisions.rows, targets: targets.rows, rollup: rollup.rows };
}

export async function count(db: Db, table: 'measurement' | 'measurement_revision' | 'audit_log' | 'notification' | 'job_run'): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0].n;
}
