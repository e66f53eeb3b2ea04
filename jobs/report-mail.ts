import { parseJobConfig, type ReportMailConfig } from '../server/scheduling/config.ts';
import { queueReportMail } from '../server/mail/report.ts';
import { parsePeriod } from '../server/scoring/period.ts';
import { runPeriod } from './ingest.ts';
import type { JobKind } from './types.ts';

/**
 * E-mails the management report PDF of a unit once its month is locked (the run's period: a
 * manual run's, else the last full month). Each recipient gets each month's report once, however
 * often the job runs; until the month is locked the run does nothing. The `mail` job sends.
 */
export const reportMailJob: JobKind = {
  kind: 'report-mail',
  description: 'E-mails the management report PDF to its recipients once the month is locked',
  async run(ctx, run) {
    const config = parseJobConfig<ReportMailConfig>('report-mail', run.job.config);
    const period = parsePeriod(runPeriod(run)).lastMonth;
    const result = await ctx.db.transaction().execute((trx) => queueReportMail(trx, { job: run.job.name, recipients: config.recipients, unit: config.unit, period, window: config.window, locale: config.locale }));
    return { rowsRead: config.recipients.length, rowsAccepted: result.queued, details: { period, ...result } };
  },
};
