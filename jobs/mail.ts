import { parseJobConfig, type MailConfig } from '../server/scheduling/config.ts';
import { buildDigests, deliverOutbox, outboxCounts } from '../server/mail/outbox.ts';
import { createMailTransport } from '../server/mail/transport.ts';
import type { JobKind } from './types.ts';

/**
 * Sends the mail outbox (DESIGN.md §3): builds the day's digests once `digestHour` has passed in
 * the job's time zone, then sends what is due. Without `NORTHSTAR_SMTP_URL` nothing is sent and
 * nothing is lost: the rows wait. Safe on several instances at once (rows are claimed with
 * FOR UPDATE SKIP LOCKED).
 */
export const mailJob: JobKind = {
  kind: 'mail',
  description: 'Sends notification e-mails and daily digests from the outbox, retrying with back-off',
  async run(ctx, run) {
    const config = parseJobConfig<MailConfig>('mail', run.job.config);
    const digests = await buildDigests(ctx.db, run.scheduledFor ?? new Date(), run.job.timezone, config.digestHour);
    const transport = createMailTransport(ctx.config.mail);
    if (!transport) return { rowsRead: 0, rowsAccepted: 0, details: { digests, smtp: 'not configured (NORTHSTAR_SMTP_URL)', outbox: await outboxCounts(ctx.db) } };
    try {
      let total = { claimed: 0, sent: 0, retrying: 0, failed: 0, dropped: 0, errors: [] as string[] };
      // Drain in batches until nothing is due or the time limit stops us.
      for (let round = 0; round < config.maxBatches && !run.signal.aborted; round++) {
        const r = await deliverOutbox(ctx.db, { transport, from: ctx.config.mail.from, publicUrl: ctx.config.mail.publicUrl, batch: config.batch, backoffSeconds: config.backoffSeconds, maxBackoffSeconds: config.maxBackoffSeconds });
        total = { claimed: total.claimed + r.claimed, sent: total.sent + r.sent, retrying: total.retrying + r.retrying, failed: total.failed + r.failed, dropped: total.dropped + r.dropped, errors: [...total.errors, ...r.errors].slice(0, 20) };
        if (r.claimed < config.batch || r.retrying > 0) break;
      }
      return { rowsRead: total.claimed, rowsAccepted: total.sent, rowsRejected: total.failed, details: { digests, ...total, outbox: await outboxCounts(ctx.db) } };
    } finally {
      transport.close();
    }
  },
};
