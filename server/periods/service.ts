import { roundHalfAwayFromZero } from '../scoring/numbers.ts';
/**
 * Monthly data entry and the period workflow (draft → submitted → approved/returned → locked).
 * Every write of a value goes through writeMeasurements (locks, conflicts, revisions, audit);
 * this module adds the grid read, the workflow transitions and the deadline.
 */
import type { Db } from '../db/database.ts';
import { HttpError, DomainError, notFound } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectSubtree, selectUnitByCode, type UnitRow } from '../units/repository.ts';
import { loadModel, type IndicatorMeta } from '../scorecards/model.ts';
import { loadUnitSeries } from '../scorecards/series.ts';
import { loadLookup, writeMeasurements, type WriteResult } from '../measurements/service.ts';
import { selectCurrentMeasurements } from '../measurements/repository.ts';
import { lockMeasurementWrites } from '../rollup/service.ts';
import { notifyApprovalWaiting } from '../notifications/events.ts';
import {
  deleteSubtreeLocks,
  insertDraftIfAbsent,
  insertLock,
  selectEffectiveLock,
  selectLockedUnitIds,
  selectSetting,
  selectSubmissions,
  selectUnitMeasurements,
  upsertSubmission,
  type SubmissionRow,
  type WorkflowState,
} from './repository.ts';

export const DEADLINE_SETTING = 'entry.deadlineWorkingDay';
export const DEFAULT_DEADLINE_WORKING_DAY = 5;
/** An entered value more than this many times last month's (or less than 1/this) needs a note. */
export const JUMP_FACTOR = 3;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function requireMonth(period: string): string {
  if (!MONTH.test(period)) throw new HttpError(400, 'bad_period', `"${period}" is not a month (YYYY-MM)`);
  return period;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The Nth working day (Mon–Fri) of the month after `period`, as YYYY-MM-DD. */
export function deadlineOf(period: string, workingDay = DEFAULT_DEADLINE_WORKING_DAY): string {
  const [y, m] = addMonths(period, 1).split('-').map(Number);
  let count = 0;
  for (let day = 1; day <= 31; day++) {
    const date = new Date(Date.UTC(y, m - 1, day));
    if (date.getUTCMonth() !== m - 1) break;
    const dow = date.getUTCDay();
    if (dow === 0 || dow === 6) continue;
    if (++count === workingDay) return date.toISOString().slice(0, 10);
  }
  // more working days than the month has: its last day
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export async function deadlineWorkingDay(db: Db): Promise<number> {
  const value = Number(await selectSetting(db, DEADLINE_SETTING));
  return Number.isInteger(value) && value >= 1 && value <= 23 ? value : DEFAULT_DEADLINE_WORKING_DAY;
}

/**
 * Late: the deadline day has passed (UTC) and the month is still not submitted (or was
 * returned), or it was submitted after the deadline day. A late submission stays late once
 * submitted, approved or locked: the flag used to vanish at the moment of submitting (issue 19).
 */
export function isLate(state: WorkflowState, deadline: string, now: Date, submittedAt?: Date | string | null): boolean {
  if (state === 'draft' || state === 'returned') return now.toISOString().slice(0, 10) > deadline;
  if (submittedAt === null || submittedAt === undefined) return false;
  const at = new Date(submittedAt);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) > deadline;
}

export async function requireUnitRow(db: Db, code: string): Promise<UnitRow> {
  const unit = await selectUnitByCode(db, code);
  if (!unit) throw notFound(`Unknown unit "${code}"`);
  return unit;
}

export interface Workflow {
  unit: string;
  period: string;
  state: WorkflowState;
  comment: string | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  deadline: string;
  late: boolean;
  locked: boolean;
  /** The unit whose lock holds (the unit itself or an ancestor). */
  lockedAt: string | null;
}

function workflowOf(unit: UnitRow, period: string, row: SubmissionRow | undefined, locked: { unitCode: string } | null, deadline: string, now: Date): Workflow {
  let state: WorkflowState = row?.state ?? 'draft';
  if (locked) state = 'locked';
  else if (state === 'locked' || state === 'approved') state = 'draft'; // a lock removed outside the workflow
  return {
    unit: unit.code,
    period,
    state,
    comment: row?.comment ?? null,
    submittedBy: row?.submittedBy ?? null,
    submittedAt: row?.submittedAt ?? null,
    reviewedBy: row?.reviewedBy ?? null,
    reviewedAt: row?.reviewedAt ?? null,
    deadline,
    late: isLate(state, deadline, now, row?.submittedAt ?? null),
    locked: locked !== null,
    lockedAt: locked?.unitCode ?? null,
  };
}

export async function getWorkflow(db: Db, unit: UnitRow, period: string, now = new Date()): Promise<Workflow> {
  const [rows, lock, day] = await Promise.all([selectSubmissions(db, [unit.id], period), selectEffectiveLock(db, unit.path, period), deadlineWorkingDay(db)]);
  return workflowOf(unit, period, rows[0], lock, deadlineOf(period, day), now);
}

/** Workflow states of every unit of a subtree for a month, with late flags. */
export async function listWorkflows(db: Db, unitCode: string, period: string, visible: (u: UnitRow) => boolean, now = new Date()) {
  requireMonth(period);
  const root = await requireUnitRow(db, unitCode);
  const units = (await selectSubtree(db, root.path)).filter(visible);
  const [rows, locked, day] = await Promise.all([selectSubmissions(db, units.map((u) => u.id), period), selectLockedUnitIds(db, root.path, period), deadlineWorkingDay(db)]);
  const byUnit = new Map(rows.map((r) => [Number(r.unitId), r]));
  const deadline = deadlineOf(period, day);
  return units.map((u) => {
    const wf = workflowOf(u, period, byUnit.get(u.id), locked.has(u.id) ? { unitCode: '' } : null, deadline, now);
    return { ...wf, name: u.name, lockedAt: undefined };
  });
}

const isLeafQuery = async (db: Db, unit: UnitRow) => (await db.selectFrom('org_unit').select('id').where('parent_id', '=', unit.id).limit(1).execute()).length === 0;

/** Months an indicator of `frequency` is entered in: every month, the last of a quarter, December. */
const entersIn = (frequency: string, period: string) => {
  const month = Number(period.slice(5));
  return frequency === 'quarterly' ? month % 3 === 0 : frequency === 'yearly' ? month === 12 : true;
};

/**
 * Values a survey import or a scheduled job writes are fed, not entered: the grid shows them
 * read-only, rounded for display, and the entry API refuses to change them (change them at
 * their source, or the next run would overwrite the edit silently).
 */
const FED_SOURCES = ['survey:', 'job:', 'file:'];
/** VOC feeds are counted from the VOC records (source `voc`): change the records, not the count. */
const FED_EXACT = ['voc'];
export const isFedSource = (source: string | null | undefined) =>
  typeof source === 'string' && (FED_EXACT.includes(source) || FED_SOURCES.some((prefix) => source.startsWith(prefix)));
/** Decimals a fed value is shown with in the grid (the stored value stays exact). */
const FED_DISPLAY_DECIMALS = 2;

/** States in which the submitted values are frozen: only a return (or an admin's reopen) unfreezes them. */
const FROZEN_STATES: WorkflowState[] = ['submitted', 'approved'];

export interface EntryRow {
  indicator: string;
  name: unknown;
  unit: string;
  direction: string;
  frequency: string;
  target: number | null;
  lastMonth: number | null;
  lastYear: number | null;
  value: number | null;
  note: string | null;
  revision: number;
  /** Where the current value came from (`entry`, `upload:…`, `survey:CSI-2026`, `job:crm`), null without one. */
  source: string | null;
  /** Fed by a survey or a job: not editable here; `value` is rounded for display, `storedValue` is exact. */
  readOnly: boolean;
  storedValue: number | null;
}

/**
 * The entry grid of a unit and month. Rows: indicators that are entered (no formula), apply to
 * the unit (appliesTo), are due that month (frequency); on a unit with children only those that
 * are not summed up from below (org aggregation `none`) or that already hold own values.
 */
export async function getEntryGrid(db: Db, unitCode: string, period: string, now = new Date()) {
  requireMonth(period);
  const unit = await requireUnitRow(db, unitCode);
  const [model, lookup, leaf] = await Promise.all([loadModel(db), loadLookup(db), isLeafQuery(db, unit)]);
  const lastMonth = addMonths(period, -1);
  const lastYear = addMonths(period, -12);
  const own = await selectUnitMeasurements(db, unit.id, [period, lastMonth, lastYear]);
  const ownByKey = new Map(own.map((m) => [`${m.indicatorId}|${m.period}`, m]));
  const applies = (i: IndicatorMeta) => {
    const appliesTo = lookup.indicators.get(i.code)?.appliesTo;
    return !appliesTo || appliesTo.some((code) => { const root = lookup.units.get(code); return root !== undefined && unit.path.startsWith(root.path); });
  };
  const indicators = model.indicators.filter(
    (i) => i.formula === null && applies(i) && entersIn(i.frequency, period) && (leaf || i.aggregationOrg === 'none' || ownByKey.has(`${i.id}|${period}`)),
  );
  const series = (await loadUnitSeries(db, model, [unit], period, period)).get(unit.id)!;
  const rows: EntryRow[] = indicators.map((i) => {
    const current = ownByKey.get(`${i.id}|${period}`);
    const fed = isFedSource(current?.source);
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return {
      indicator: i.code,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      frequency: i.frequency,
      target: num(series.get(i.code)?.get(period)?.target),
      lastMonth: num(ownByKey.get(`${i.id}|${lastMonth}`)?.value),
      lastYear: num(ownByKey.get(`${i.id}|${lastYear}`)?.value),
      value: fed ? roundForDisplay(num(current?.value)) : num(current?.value),
      note: current?.note ?? null,
      revision: current?.revision ?? 0,
      source: current?.source ?? null,
      readOnly: fed,
      storedValue: num(current?.value),
    };
  });
  return { unit: { code: unit.code, name: unit.name, leaf }, period, jumpFactor: JUMP_FACTOR, workflow: await getWorkflow(db, unit, period, now), rows };
}

export interface EntrySave {
  indicator: string;
  value: number | null;
  note?: string | null;
  expectedRevision: number;
}

/**
 * Saves grid rows as a draft through writeMeasurements (all or nothing). A conflict (someone
 * saved in between) is a 409 whose details carry each conflicting row's current value.
 */
export async function saveEntry(db: Db, actor: Actor, unitCode: string, period: string, rows: EntrySave[], canWrite: (u: UnitRow) => boolean): Promise<WriteResult> {
  requireMonth(period);
  const unit = await requireUnitRow(db, unitCode);
  await refuseFrozenOrFed(db, unit, period, rows);
  try {
    const result = await writeMeasurements(
      db,
      actor,
      rows.map((r, i) => ({ row: i + 1, indicator: r.indicator, unit: unit.code, period, value: r.value, note: r.note, expectedRevision: r.expectedRevision })),
      { source: 'entry', accept: 'all', canWrite },
    );
    await insertDraftIfAbsent(db, unit.id, period);
    return result;
  } catch (err) {
    if (err instanceof DomainError && err.status === 409) {
      const lookup = await loadLookup(db);
      const details = err.details as { row: number }[];
      const keys = details.map((d) => ({ indicatorId: lookup.indicators.get(rows[d.row - 1].indicator)!.id, unitId: unit.id, period }));
      const current = new Map((await selectCurrentMeasurements(db, keys)).map((m) => [m.indicatorId, m]));
      throw new HttpError(
        409,
        'conflict',
        `${details.length} value${details.length === 1 ? ' was' : 's were'} changed by someone else since you loaded the grid; nothing was saved. Review the current values and save again.`,
        details.map((d, i) => {
          const m = current.get(keys[i].indicatorId);
          return { row: d.row, indicator: rows[d.row - 1].indicator, code: 'conflict', message: (d as { message?: string }).message, current: { value: m ? Number(m.value) : null, note: m?.note ?? null, revision: m?.revision ?? 0 } };
        }),
      );
    }
    throw err;
  }
}

/**
 * Submitted (or approved) values are what the manager reviews: nobody changes them in the grid
 * until the month is returned. Fed rows (survey, job) are changed at their source.
 */
async function refuseFrozenOrFed(db: Db, unit: UnitRow, period: string, rows: EntrySave[]) {
  const workflow = await getWorkflow(db, unit, period);
  if (FROZEN_STATES.includes(workflow.state)) {
    throw new HttpError(
      409,
      'submitted',
      `${unit.code} ${period} is ${workflow.state}: its values are frozen as submitted; a manager must return it before they can change`,
      { state: workflow.state },
    );
  }
  const lookup = await loadLookup(db);
  const ids = rows.map((r) => lookup.indicators.get(r.indicator)?.id).filter((id): id is number => id !== undefined);
  if (ids.length === 0) return;
  const current = await selectUnitMeasurements(db, unit.id, [period]);
  const fed = new Map(current.filter((m) => ids.includes(m.indicatorId) && isFedSource(m.source)).map((m) => [m.indicatorId, m.source]));
  const refused = rows
    .map((r, i) => ({ row: i + 1, indicator: r.indicator, source: fed.get(lookup.indicators.get(r.indicator)?.id ?? -1) }))
    .filter((r) => r.source !== undefined);
  if (refused.length > 0) {
    throw new HttpError(
      409,
      'read_only',
      `${refused.map((r) => r.indicator).join(', ')} ${refused.length === 1 ? 'is' : 'are'} fed by ${[...new Set(refused.map((r) => r.source))].join(', ')}; change ${refused.length === 1 ? 'it' : 'them'} at the source`,
      refused.map((r) => ({ row: r.row, field: 'value', code: 'read_only', indicator: r.indicator, message: `fed by ${r.source}, read-only in the grid` })),
    );
  }
}

function roundForDisplay(value: number | null): number | null {
  return value === null ? null : roundHalfAwayFromZero(value, FED_DISPLAY_DECIMALS);
}

export type Transition = 'submit' | 'approve' | 'return' | 'lock' | 'reopen';

const ALLOWED_FROM: Record<Transition, WorkflowState[]> = {
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  lock: ['draft', 'submitted', 'returned', 'approved'],
  reopen: ['locked'],
};

/**
 * Approving locks the month (no path can change it until an admin reopens it), so every way to
 * approve (the entry grid, the close board) asks the caller to say so: `confirmLock: true`.
 */
export function requireLockConfirmation(confirmLock: unknown, what = 'the month'): void {
  if (confirmLock === true) return;
  throw new HttpError(400, 'confirmation_required', `Approve and lock: approving locks ${what} (no change is possible until an admin reopens it); send confirmLock: true`, {
    field: 'confirmLock',
    reason: 'must be true to approve and lock',
  });
}

/** Said in the approve response, so nobody approves without learning that the month is now locked. */
export const APPROVED_AND_LOCKED = 'Approved and locked: no change is possible until an admin reopens the month';

/**
 * Moves a unit's month through the workflow; each step is one audit entry (`period.<step>`).
 * approve locks the month (approved, then locked: two audit entries). reopen removes the locks
 * of the unit's subtree; it needs a reason, and a lock held by an ancestor must be reopened there.
 */
export async function transition(db: Db, actor: Actor, unitCode: string, period: string, step: Transition, text: string | null, now = new Date()): Promise<Workflow> {
  requireMonth(period);
  const unit = await requireUnitRow(db, unitCode);
  const before = await getWorkflow(db, unit, period, now);
  const key = `${unit.code}|${period}`;
  if (!ALLOWED_FROM[step].includes(before.state)) {
    const hint = before.state === 'locked' ? ' (the month is locked; an admin must reopen it with a reason)' : '';
    throw new HttpError(409, 'invalid_transition', `Cannot ${step} ${unit.code} ${period}: it is ${before.state}${hint}`, { state: before.state });
  }
  if ((step === 'return' || step === 'reopen') && !text?.trim()) {
    throw new HttpError(400, step === 'return' ? 'comment_required' : 'reason_required', step === 'return' ? 'Returning a month needs a comment' : 'Reopening a month needs a reason');
  }
  const audit = (action: string, state: WorkflowState, extra: Record<string, unknown> = {}) =>
    insertAudit(db, actor, { action: `period.${action}`, entity: 'period', key, before: { state: before.state }, after: { state, ...extra }, reason: text });
  switch (step) {
    case 'submit':
      await upsertSubmission(db, unit.id, period, { state: 'submitted', submittedBy: actor.id, submittedAt: now, comment: text });
      await audit('submit', 'submitted');
      await notifyApprovalWaiting(db, unit, period, actor, now);
      break;
    case 'return':
      await upsertSubmission(db, unit.id, period, { state: 'returned', reviewedBy: actor.id, reviewedAt: now, comment: text });
      await audit('return', 'returned');
      break;
    case 'approve':
      await upsertSubmission(db, unit.id, period, { state: 'approved', reviewedBy: actor.id, reviewedAt: now, comment: text });
      await audit('approve', 'approved');
      await lockMonth(db, actor, unit, period, 'approved');
      break;
    case 'lock':
      await lockMonth(db, actor, unit, period, before.state, text);
      break;
    case 'reopen': {
      if (before.lockedAt && before.lockedAt !== unit.code) {
        throw new HttpError(409, 'locked_above', `${period} is locked for ${before.lockedAt}, which includes ${unit.code}; reopen it there`, { lockedAt: before.lockedAt });
      }
      const unlocked = await deleteSubtreeLocks(db, unit.path, period);
      await upsertSubmission(db, unit.id, period, { state: 'draft', comment: text });
      await audit('reopen', 'draft', { unlocked });
      break;
    }
  }
  return getWorkflow(db, unit, period, now);
}

async function lockMonth(db: Db, actor: Actor, unit: UnitRow, period: string, from: WorkflowState, reason: string | null = null) {
  // Writes in flight finish first; every write after this one commits sees the lock.
  await lockMeasurementWrites(db);
  await insertLock(db, unit.id, period, actor.id);
  await upsertSubmission(db, unit.id, period, { state: 'locked' });
  await insertAudit(db, actor, { action: 'period.lock', entity: 'period', key: `${unit.code}|${period}`, before: { state: from }, after: { state: 'locked' }, reason });
}

/** The audit trail of a unit's month (workflow steps), oldest first. */
export async function selectPeriodAudit(db: Db, unitCode: string, period: string) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_name as actor', 'action', 'before', 'after', 'reason'])
    .where('entity', '=', 'period')
    .where('entity_key', '=', `${unitCode}|${period}`)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
