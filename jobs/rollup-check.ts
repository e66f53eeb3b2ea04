import { sql } from 'kysely';
import { compareRollups, rebuildRollups } from '../server/rollup/service.ts';
import { insertNotification } from '../server/notifications/repository.ts';
import { parseJobConfig, type RollupCheckConfig } from '../server/scheduling/config.ts';
import { checkAborted } from './ingest.ts';
import type { JobKind } from './types.ts';

/**
 * Nightly full rebuild of the materialized rollup (what scores are computed from), checked
 * against what the incremental path kept. When they agree the run succeeds; when they do not,
 * the rebuilt values replace the kept ones in the same transaction and the run fails naming
 * each indicator, unit, period and column that differed (and records a notification).
 */
export const rollupCheckJob: JobKind = {
  kind: 'rollup-check',
  description: 'Rebuilds the rollup from measurements and targets and checks the incremental one',
  async run(ctx, run) {
    const config = parseJobConfig<RollupCheckConfig>('rollup-check', run.job.config);
    return ctx.db.transaction().execute(async (trx) => {
      const differences = await compareRollups(trx, config.report);
      checkAborted(run.signal);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from indicator_rollup`.execute(trx);
      const size = rows[0].n;
      if (differences.length === 0) return { rowsRead: size, rowsAccepted: size, details: { rows: size, differences: 0 } };
      await rebuildRollups(trx);
      const named = differences.map((d) => `${d.indicator} ${d.unit} ${d.period} ${d.column}: kept ${d.kept ?? 'none'}, rebuilt ${d.rebuilt ?? 'none'}`);
      const atLeast = differences.length >= config.report ? 'at least ' : '';
      const message = `The incrementally kept rollup disagreed with the full rebuild in ${atLeast}${differences.length} place${differences.length === 1 ? '' : 's'} (now repaired): ${named.join('; ')}`;
      await insertNotification(trx, { kind: 'rollup_mismatch', severity: 'error', unitId: null, indicatorId: null, period: null, message, details: { differences }, dedupeKey: `rollup:${run.runId}` });
      return { rowsRead: size, rowsAccepted: size - differences.length, rowsRejected: differences.length, error: message, details: { rows: size, differences } };
    });
  },
};
