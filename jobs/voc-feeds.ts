import { refreshOverdueVoc } from '../server/voc/overdue.ts';
import { parseJobConfig } from '../server/scheduling/config.ts';
import { checkAborted, jobActor } from './ingest.ts';
import type { JobKind } from './types.ts';

/**
 * Nightly: VOC records that passed their SLA deadline untouched now count as due, so the feeds
 * of their months are rewritten (locked months are skipped and named), and unit owners hear of
 * complaints that went overdue.
 */
export const vocFeedsJob: JobKind = {
  kind: 'voc-feeds',
  description: 'Rewrites VOC feeds for records that passed their SLA deadline untouched; tells unit owners of overdue complaints',
  async run(ctx, run) {
    parseJobConfig('voc-feeds', run.job.config);
    return ctx.db.transaction().execute(async (trx) => {
      const result = await refreshOverdueVoc(trx, jobActor(run), new Date());
      checkAborted(run.signal);
      return {
        rowsRead: result.records,
        rowsAccepted: result.records,
        details: { records: result.records, cells: result.cells, changed: result.changed, notified: result.notified, lockedMonths: result.lockedCells, notices: result.notices },
      };
    });
  },
};
