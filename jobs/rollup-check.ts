import { sql } from 'kysely';
import { rebuildRollups } from '../server/rollup/service.ts';
import { insertNotification } from '../server/notifications/repository.ts';
import { parseJobConfig, type RollupCheckConfig } from './config.ts';
import { checkAborted } from './ingest.ts';
import type { JobKind } from './types.ts';

export interface RollupDifference {
  indicator: string;
  unit: string;
  period: string;
  column: string;
  incremental: number | null;
  rebuilt: number | null;
}

const COLUMNS = ['value', 'target', 'baseline', 'stretch', 'red_flag'] as const;

/**
 * Nightly full rebuild of the materialized rollup (what scores are computed from), checked
 * against what the incremental path kept: the rebuilt rows replace the kept ones in the same
 * transaction, and if the two disagree the run fails naming each indicator, unit, period and
 * column that differed (and a notification is recorded for the administrators).
 */
export const rollupCheckJob: JobKind = {
  kind: 'rollup-check',
  description: 'Rebuilds the rollup from measurements and targets and checks the incremental one',
  async run(ctx, run) {
    const config = parseJobConfig<RollupCheckConfig>('rollup-check', run.job.config);
    return ctx.db.transaction().execute(async (trx) => {
      await sql`drop table if exists ns_rollup_before`.execute(trx);
      await sql`create temp table ns_rollup_before on commit drop as
        select indicator_id, unit_id, period, ${sql.raw(COLUMNS.join(', '))} from indicator_rollup`.execute(trx);
      checkAborted(run.signal);
      await rebuildRollups(trx);
      checkAborted(run.signal);
      const compared = COLUMNS.map(
        (c) => sql`select coalesce(a.indicator_id, b.indicator_id) as indicator_id, coalesce(a.unit_id, b.unit_id) as unit_id, coalesce(a.period, b.period) as period,
                     ${c}::text as col, a.${sql.raw(c)} as incremental, b.${sql.raw(c)} as rebuilt
                   from ns_rollup_before a full join indicator_rollup b using (indicator_id, unit_id, period)
                   where a.${sql.raw(c)} is distinct from b.${sql.raw(c)}`,
      );
      const { rows } = await sql<{ total: number; indicator: string; unit: string; period: string; column: string; incremental: number | null; rebuilt: number | null }>`
        select count(*) over ()::int as total, i.code as indicator, u.code as unit, d.period, d.col as "column", d.incremental, d.rebuilt
        from (${sql.join(compared, sql` union all `)}) d
        join indicator i on i.id = d.indicator_id join org_unit u on u.id = d.unit_id
        order by i.code, u.code, d.period, d.col
        limit ${config.report}`.execute(trx);
      const { rows: size } = await sql<{ n: number }>`select count(*)::int as n from indicator_rollup`.execute(trx);
      await sql`drop table if exists ns_rollup_before`.execute(trx);
      if (rows.length === 0) return { rowsRead: size[0].n, rowsAccepted: size[0].n, details: { rows: size[0].n, differences: 0 } };
      const total = rows[0].total;
      const differences: RollupDifference[] = rows.map(({ total: _t, ...d }) => d);
      const named = differences.map((d) => `${d.indicator} ${d.unit} ${d.period} ${d.column}: kept ${d.incremental ?? 'none'}, rebuilt ${d.rebuilt ?? 'none'}`);
      const message = `The incrementally kept rollup disagreed with the full rebuild in ${total} place${total === 1 ? '' : 's'} (now repaired): ${named.join('; ')}${total > named.length ? '; …' : ''}`;
      await insertNotification(trx, { kind: 'rollup_mismatch', severity: 'error', unitId: null, indicatorId: null, period: null, message, details: { total, differences }, dedupeKey: `rollup:${run.runId}` });
      return { rowsRead: size[0].n, rowsAccepted: size[0].n - total, rowsRejected: total, error: message, details: { rows: size[0].n, differences: total, first: differences } };
    });
  },
};
