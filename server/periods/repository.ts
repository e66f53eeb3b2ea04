import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';

export type WorkflowState = 'draft' | 'submitted' | 'returned' | 'approved' | 'locked';

export interface SubmissionRow {
  unitId: number;
  period: string;
  state: WorkflowState;
  comment: string | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

/** Workflow rows of `unitIds` for `period`, with the names of who submitted and reviewed. */
export async function selectSubmissions(db: Db, unitIds: number[], period: string): Promise<SubmissionRow[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('period_submission as s')
    .leftJoin('app_user as su', 'su.id', 's.submitted_by')
    .leftJoin('app_user as ru', 'ru.id', 's.reviewed_by')
    .select([
      's.unit_id as unitId',
      's.period',
      sql<WorkflowState>`s.state`.as('state'),
      's.comment',
      'su.username as submittedBy',
      's.submitted_at as submittedAt',
      'ru.username as reviewedBy',
      's.reviewed_at as reviewedAt',
    ])
    .where('s.unit_id', 'in', unitIds)
    .where('s.period', '=', period)
    .execute();
}

export interface SubmissionUpdate {
  state: WorkflowState;
  comment?: string | null;
  submittedBy?: number | null;
  submittedAt?: Date | null;
  reviewedBy?: number | null;
  reviewedAt?: Date | null;
}

/** Creates or updates the workflow row of a unit and month. */
export async function upsertSubmission(db: Db, unitId: number, period: string, u: SubmissionUpdate): Promise<void> {
  const values = {
    state: u.state,
    ...(u.comment !== undefined ? { comment: u.comment } : {}),
    ...(u.submittedBy !== undefined ? { submitted_by: u.submittedBy } : {}),
    ...(u.submittedAt !== undefined ? { submitted_at: u.submittedAt } : {}),
    ...(u.reviewedBy !== undefined ? { reviewed_by: u.reviewedBy } : {}),
    ...(u.reviewedAt !== undefined ? { reviewed_at: u.reviewedAt } : {}),
  };
  await db
    .insertInto('period_submission')
    .values({ unit_id: unitId, period, ...values })
    .onConflict((oc) => oc.columns(['unit_id', 'period']).doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

/** Creates a draft row when the unit has none for the month (saving a draft starts the workflow). */
export async function insertDraftIfAbsent(db: Db, unitId: number, period: string): Promise<void> {
  await db.insertInto('period_submission').values({ unit_id: unitId, period, state: 'draft' }).onConflict((oc) => oc.columns(['unit_id', 'period']).doNothing()).execute();
}

/** The lock that holds for a unit and month: its own or the nearest locked ancestor's. */
export async function selectEffectiveLock(db: Db, unitPath: string, period: string) {
  const { rows } = await sql<{ unitCode: string; lockedAt: Date; lockedBy: string | null }>`
    select lu.code as "unitCode", l.locked_at as "lockedAt", au.username as "lockedBy"
    from period_lock l
    join org_unit lu on lu.id = l.unit_id
    left join app_user au on au.id = l.locked_by
    where l.period = ${period} and ${unitPath} like lu.path || '%'
    order by lu.depth desc
    limit 1`.execute(db);
  return rows[0] ?? null;
}

export async function insertLock(db: Db, unitId: number, period: string, lockedBy: number | null): Promise<boolean> {
  const rows = await db.insertInto('period_lock').values({ unit_id: unitId, period, locked_by: lockedBy }).onConflict((oc) => oc.columns(['unit_id', 'period']).doNothing()).returning('unit_id').execute();
  return rows.length > 0;
}

/** Removes the locks of a unit's subtree for a month; returns the codes of the units unlocked. */
export async function deleteSubtreeLocks(db: Db, unitPath: string, period: string): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    delete from period_lock l using org_unit u
    where l.unit_id = u.id and l.period = ${period} and u.path like ${unitPath + '%'}
    returning u.code`.execute(db);
  return rows.map((r) => r.code);
}

/** Units (ids) of a subtree covered by any lock for the month (own or an ancestor's). */
export async function selectLockedUnitIds(db: Db, unitPath: string, period: string): Promise<Set<number>> {
  const { rows } = await sql<{ id: number }>`
    select distinct u.id from org_unit u join period_lock l on l.period = ${period} join org_unit lu on lu.id = l.unit_id
    where u.path like ${unitPath + '%'} and u.path like lu.path || '%'`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

/** Own stored measurements of a unit for the given months (value, note, revision). */
export async function selectUnitMeasurements(db: Db, unitId: number, periods: string[]) {
  if (periods.length === 0) return [];
  return db
    .selectFrom('measurement')
    .select(['indicator_id as indicatorId', 'period', 'value', 'note', 'revision', 'source', 'updated_at as updatedAt'])
    .where('unit_id', '=', unitId)
    .where('period', 'in', periods)
    .execute();
}

export async function selectSetting(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function upsertSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db
    .insertInto('setting')
    .values({ key, value: jsonb(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: jsonb(value), updated_at: sql`now()` }))
    .execute();
}
