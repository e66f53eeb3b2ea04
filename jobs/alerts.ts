import { sql } from 'kysely';
import type { Db } from '../server/db/database.ts';
import { selectUnits } from '../server/units/repository.ts';
import { loadModel } from '../server/scorecards/model.ts';
import { loadUnitSeries } from '../server/scorecards/series.ts';
import { buildScorecard } from '../server/scoring/scorecard.ts';
import { addMonths, isMonth, parsePeriod } from '../server/scoring/period.ts';
import type { Status } from '../server/scoring/types.ts';
import { insertNotifications, type NewNotification } from '../server/notifications/repository.ts';
import { notifyStatusChanges } from '../server/notifications/events.ts';
import { parseJobConfig, type AlertsConfig } from '../server/scheduling/config.ts';
import { runPeriod } from './ingest.ts';
import type { JobKind } from './types.ts';

const RANK: Record<Status, number | null> = { on_track: 3, at_risk: 2, off_track: 1, no_data: null };

/**
 * Alerts for one month (a manual run's period, else the last full month):
 * - an indicator's status at a unit got worse than the month before (on track → at risk or
 *   off track, at risk → off track; months without data are not compared);
 * - once the deadline (day `deadlineDay` of the following month) has passed, each data-entry
 *   unit (a unit without children) still missing measurements for the month gets one
 *   notification naming the indicators.
 * Each notification has a dedupe key, so a re-run records nothing new.
 */
export const alertsJob: JobKind = {
  kind: 'alerts',
  description: 'Notifies when an indicator status worsens or a unit’s monthly data is late',
  async run(ctx, run) {
    const config = parseJobConfig<AlertsConfig>('alerts', run.job.config);
    const period = parsePeriod(runPeriod(run)).lastMonth;
    const notifications: NewNotification[] = [];
    if (config.statusChanges) notifications.push(...(await statusChanges(ctx.db, period)));
    let deadline: string | null = null;
    if (config.missingData) {
      deadline = `${addMonths(period, 1)}-${String(config.deadlineDay).padStart(2, '0')}`;
      const today = localDate(run.scheduledFor ?? new Date(), run.job.timezone);
      if (today > deadline) notifications.push(...(await missingData(ctx.db, period, deadline)));
    }
    const { created, owners } = await ctx.db.transaction().execute(async (trx) => ({
      created: await insertNotifications(trx, notifications),
      // The owners: told of each change once (the notification's dedupe key holds across re-runs).
      owners: await notifyStatusChanges(trx, notifications.filter((n) => n.kind === 'status_worsened')),
    }));
    return { rowsRead: notifications.length, rowsAccepted: created, details: { period, deadline, found: notifications.length, created, owners } };
  },
};

/** `YYYY-MM-DD` of `date` in `timezone`. */
function localDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export async function statusChanges(db: Db, period: string): Promise<NewNotification[]> {
  if (!isMonth(period)) return [];
  const previous = addMonths(period, -1);
  const [units, model] = await Promise.all([selectUnits(db), loadModel(db)]);
  if (units.length === 0 || model.indicators.length === 0) return [];
  const series = await loadUnitSeries(db, model, units, previous, period);
  const out: NewNotification[] = [];
  for (const unit of units) {
    const unitSeries = series.get(unit.id)!;
    const card = (p: string) => buildScorecard({ model: model.scoring, unit: unit.code, period: p, window: 'month', series: unitSeries });
    const before = new Map(card(previous).perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators)).map((i) => [i.code, i]));
    for (const now of card(period).perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators))) {
      const was = before.get(now.code);
      const from = was ? RANK[was.status] : null;
      const to = RANK[now.status];
      if (from === null || to === null || to >= from) continue;
      const meta = model.indicatorByCode.get(now.code)!;
      out.push({
        kind: 'status_worsened',
        severity: now.status === 'off_track' ? 'error' : 'warning',
        unitId: unit.id,
        indicatorId: meta.id,
        period,
        message: `${now.code} at ${unit.code} went from ${was!.status.replace('_', ' ')} to ${now.status.replace('_', ' ')} in ${period} (score ${fmt(was!.score)} → ${fmt(now.score)})`,
        details: { from: was!.status, to: now.status, scoreBefore: was!.score, score: now.score, actual: now.actual, target: now.target },
        dedupeKey: `status:${meta.id}:${unit.id}:${period}`,
      });
    }
  }
  return out;
}

const fmt = (n: number | null) => (n === null ? 'none' : String(Math.round(n * 10) / 10));

/** Data-entry units (no children) missing measurements of monthly, non-formula indicators that apply to them. */
export async function missingData(db: Db, period: string, deadline: string): Promise<NewNotification[]> {
  const { rows } = await sql<{ unit_id: number; code: string; missing: string[] }>`
    select u.id as unit_id, u.code, array_agg(i.code order by i.code) as missing
    from org_unit u
    join indicator i on i.formula is null and i.frequency = 'monthly'
      and (i.applies_to is null or exists (
        select 1 from jsonb_array_elements_text(i.applies_to) a(code) join org_unit au on au.code = a.code where u.path like au.path || '%'))
    where not exists (select 1 from org_unit c where c.parent_id = u.id)
      and not exists (select 1 from measurement m where m.indicator_id = i.id and m.unit_id = u.id and m.period = ${period})
    group by u.id, u.code
    order by u.code`.execute(db);
  return rows.map((r) => ({
    kind: 'data_missing',
    severity: 'warning' as const,
    unitId: r.unit_id,
    indicatorId: null,
    period,
    message: `${r.code} has not entered ${r.missing.length} indicator${r.missing.length === 1 ? '' : 's'} for ${period} (due ${deadline}): ${r.missing.slice(0, 20).join(', ')}${r.missing.length > 20 ? ', …' : ''}`,
    details: { missing: r.missing, deadline },
    dedupeKey: `missing:${r.unit_id}:${period}`,
  }));
}
