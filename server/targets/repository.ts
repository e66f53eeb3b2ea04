import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { Actor } from '../audit/repository.ts';
import { upsertTargets } from '../model/repository.ts';

export interface PlanRow {
  indicatorId: number;
  unitId: number;
  year: number;
  status: 'draft' | 'approved';
  months: (number | null)[];
  yearly: number | null;
  baseline: number | null;
  stretch: number | null;
  redFlag: number | null;
  method: Record<string, unknown>;
  updatedAt: Date;
  updatedBy: string;
  approvedAt: Date | null;
  approvedBy: string | null;
}

export async function selectPlans(db: Db, indicatorId: number, year: number, unitIds?: number[]): Promise<PlanRow[]> {
  if (unitIds && unitIds.length === 0) return [];
  return db
    .selectFrom('target_plan')
    .select([
      'indicator_id as indicatorId',
      'unit_id as unitId',
      'year',
      'status',
      'months',
      'yearly',
      'baseline',
      'stretch',
      'red_flag as redFlag',
      'method',
      'updated_at as updatedAt',
      'updated_by_name as updatedBy',
      'approved_at as approvedAt',
      'approved_by_name as approvedBy',
    ])
    .where('indicator_id', '=', indicatorId)
    .where('year', '=', year)
    .$if(unitIds !== undefined, (qb) => qb.where('unit_id', 'in', unitIds!))
    .execute() as Promise<PlanRow[]>;
}

export async function selectPlansOfYear(db: Db, year: number) {
  return db.selectFrom('target_plan').select(['indicator_id as indicatorId', 'unit_id as unitId', 'months', 'status']).where('year', '=', year).execute();
}

export interface PlanWrite {
  indicatorId: number;
  unitId: number;
  year: number;
  status: 'draft' | 'approved';
  months: (number | null)[];
  yearly: number | null;
  baseline: number | null;
  stretch: number | null;
  redFlag: number | null;
  method: Record<string, unknown>;
}

export async function upsertPlan(db: Db, actor: Actor, plan: PlanWrite, approved: boolean): Promise<void> {
  const values = {
    indicator_id: plan.indicatorId,
    unit_id: plan.unitId,
    year: plan.year,
    status: plan.status,
    months: jsonb(plan.months),
    yearly: plan.yearly,
    baseline: plan.baseline,
    stretch: plan.stretch,
    red_flag: plan.redFlag,
    method: jsonb(plan.method),
    updated_at: new Date(),
    updated_by: actor.id,
    updated_by_name: actor.name,
    approved_at: approved ? new Date() : null,
    approved_by_name: approved ? actor.name : null,
  };
  await db
    .insertInto('target_plan')
    .values(values)
    .onConflict((oc) => oc.columns(['indicator_id', 'unit_id', 'year']).doUpdateSet(values))
    .execute();
}

export interface RevisionWrite {
  indicatorId: number;
  unitId: number;
  year: number;
  period: string | null;
  action: string;
  oldValue: number | null;
  newValue: number | null;
  reason: string | null;
}

export async function insertRevisions(db: Db, actor: Actor, rows: RevisionWrite[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('target_revision')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          indicator_id: r.indicatorId,
          unit_id: r.unitId,
          year: r.year,
          period: r.period,
          action: r.action,
          old_value: r.oldValue,
          new_value: r.newValue,
          reason: r.reason,
          changed_by: actor.id,
          changed_by_name: actor.name,
        })),
      )
      .execute();
  }
}

export async function selectRevisions(db: Db, indicatorId: number, year: number, unitPath: string, limit: number) {
  return db
    .selectFrom('target_revision as r')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'u.code as unit', 'r.period', 'r.action', 'r.old_value as oldValue', 'r.new_value as newValue', 'r.reason', 'r.changed_by_name as changedBy', 'r.changed_at as changedAt'])
    .where('r.indicator_id', '=', indicatorId)
    .where('r.year', '=', year)
    .where('u.path', 'like', `${unitPath}%`)
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

export interface MonthFigures {
  unitId: number;
  month: number;
  value: number | null;
  target: number | null;
  ownTarget: number | null;
  ownBaseline: number | null;
  ownStretch: number | null;
  ownRedFlag: number | null;
}

/** The materialized actuals and targets of `indicator` for `units` in `year` (rollup: own or aggregated). */
export async function selectRollupYear(db: Db, indicatorId: number | null, unitIds: number[] | null, year: number): Promise<(MonthFigures & { indicatorId: number })[]> {
  if (unitIds && unitIds.length === 0) return [];
  const { rows } = await sql<{ indicator_id: number; unit_id: number; period: string; value: number | null; target: number | null; own_target: number | null; own_baseline: number | null; own_stretch: number | null; own_red_flag: number | null }>`
    select indicator_id, unit_id, period, value, target, own_target, own_baseline, own_stretch, own_red_flag
    from indicator_rollup
    where period >= ${`${year}-01`} and period <= ${`${year}-12`}
      ${indicatorId === null ? sql`` : sql`and indicator_id = ${indicatorId}`}
      ${unitIds === null ? sql`` : sql`and unit_id = any(${unitIds}::int[])`}`.execute(db);
  return rows.map((r) => ({
    indicatorId: Number(r.indicator_id),
    unitId: Number(r.unit_id),
    month: Number(r.period.slice(5)),
    value: r.value,
    target: r.target,
    ownTarget: r.own_target,
    ownBaseline: r.own_baseline,
    ownStretch: r.own_stretch,
    ownRedFlag: r.own_red_flag,
  }));
}

/** Replaces the target rows of indicator × unit × year by monthly rows (quarter and year rows go; months not listed are cleared unless kept). */
export async function replaceYearTargets(
  db: Db,
  key: { indicatorId: number; unitId: number; year: number },
  months: { period: string; target: number; baseline: number | null; stretch: number | null; redFlag: number | null }[],
  keep: string[],
  updatedBy: number | null,
): Promise<void> {
  const year = String(key.year);
  const written = months.map((m) => m.period);
  await db
    .deleteFrom('target')
    .where('indicator_id', '=', key.indicatorId)
    .where('unit_id', '=', key.unitId)
    .where((eb) => eb.or([eb('period', '=', year), eb('period', 'like', `${year}-%`)]))
    .$if(written.length + keep.length > 0, (qb) => qb.where('period', 'not in', [...written, ...keep]))
    .execute();
  if (months.length === 0) return;
  await upsertTargets(
    db,
    months.map((m) => ({ indicatorId: key.indicatorId, unitId: key.unitId, period: m.period, target: m.target, baseline: m.baseline, stretch: m.stretch, redFlag: m.redFlag, updatedBy })),
  );
}
