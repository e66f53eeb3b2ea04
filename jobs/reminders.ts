import { sql } from 'kysely';
import { insertNotifications, type NewNotification } from '../server/notifications/repository.ts';
import { notifySubmissionLate } from '../server/notifications/events.ts';
import { deadlineOf, deadlineWorkingDay } from '../server/periods/service.ts';
import { runPeriod } from './ingest.ts';
import type { JobKind } from './types.ts';

/**
 * Reminders for the monthly workflow: once a month's deadline (the configurable Nth working day
 * of the following month, setting `entry.deadlineWorkingDay`) has passed, every data-entry unit
 * (no children) whose month is not submitted (draft, returned, or never started) and not locked
 * gets one `submission_late` notification. Dedupe keys make re-runs record nothing new.
 * Config: none (the period of a manual run, else the last full month).
 */
export const remindersJob: JobKind = {
  kind: 'reminders',
  description: 'Reminds units that have not submitted their month once the deadline has passed',
  async run(ctx, run) {
    const period = runPeriod(run);
    const deadline = deadlineOf(period, await deadlineWorkingDay(ctx.db));
    const today = (run.scheduledFor ?? new Date()).toISOString().slice(0, 10);
    if (today <= deadline) return { rowsRead: 0, rowsAccepted: 0, details: { period, deadline, late: 0, created: 0 } };
    const { rows } = await sql<{ id: number; code: string; state: string | null }>`
      select u.id, u.code, s.state
      from org_unit u
      left join period_submission s on s.unit_id = u.id and s.period = ${period}
      where not exists (select 1 from org_unit c where c.parent_id = u.id)
        and coalesce(s.state, 'draft') in ('draft', 'returned')
        and not exists (select 1 from period_lock l join org_unit lu on lu.id = l.unit_id where l.period = ${period} and u.path like lu.path || '%')
      order by u.code`.execute(ctx.db);
    const notifications: NewNotification[] = rows.map((r) => ({
      kind: 'submission_late',
      severity: 'warning',
      unitId: Number(r.id),
      indicatorId: null,
      period,
      message: `${r.code} has not submitted ${period}; the deadline was ${deadline}${r.state === 'returned' ? ' (returned for correction)' : ''}`,
      details: { unit: r.code, period, deadline, state: r.state ?? 'draft' },
      dedupeKey: `submission_late|${r.code}|${period}`,
    }));
    const created = await ctx.db.transaction().execute(async (trx) => {
      const inserted = await insertNotifications(trx, notifications);
      // The updaters and managers of each late unit (each person once, however often this runs).
      for (const n of notifications) await notifySubmissionLate(trx, { ...n, unitId: n.unitId! });
      return inserted;
    });
    return { rowsRead: rows.length, rowsAccepted: created, details: { period, deadline, late: rows.length, created } };
  },
};
