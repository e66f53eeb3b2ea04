/**
 * The month-close board: a manager's subtree × workflow state for one month, and the same step
 * taken for several units at once (approve and lock, return with a comment, remind).
 */
import type { Db } from '../db/database.ts';
import { HttpError } from '../http/errors.ts';
import type { Actor } from '../audit/repository.ts';
import { isAllowed, isInside, allowedRoots, type Principal } from '../auth/policy.ts';
import { listWorkflows, requireLockConfirmation, requireUnitRow, transition } from '../periods/service.ts';
import { notifyReminder } from '../notifications/events.ts';

const DAY = 86_400_000;

/** Whole days past the deadline (0 on or before it; a submitted month stops counting at submission). */
export function daysLate(deadline: string, state: string, submittedAt: Date | null, now: Date): number {
  if (state === 'locked' || state === 'approved') return submittedAt ? Math.max(0, Math.floor((Date.parse(submittedAt.toISOString().slice(0, 10)) - Date.parse(deadline)) / DAY)) : 0;
  const until = state === 'submitted' && submittedAt ? submittedAt : now;
  return Math.max(0, Math.floor((Date.parse(until.toISOString().slice(0, 10)) - Date.parse(deadline)) / DAY));
}

export async function getCloseBoard(db: Db, principal: Principal, unitCode: string, period: string, now = new Date()) {
  const roots = allowedRoots(principal, 'scorecard:read');
  const root = await requireUnitRow(db, unitCode);
  const leaves = new Set((await db.selectFrom('org_unit as u').select('u.id').where('u.path', 'like', `${root.path}%`).where(({ not, exists, selectFrom }) => not(exists(selectFrom('org_unit as c').select('c.id').whereRef('c.parent_id', '=', 'u.id')))).execute()).map((r) => Number(r.id)));
  const units = await db.selectFrom('org_unit').select(['code', 'id', 'path']).where('path', 'like', `${root.path}%`).execute();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const rows = (await listWorkflows(db, unitCode, period, (u) => isInside(u.path, roots), now)).map((w) => {
    const u = byCode.get(w.unit)!;
    return {
      unit: w.unit,
      name: w.name,
      leaf: leaves.has(Number(u.id)),
      state: w.state,
      deadline: w.deadline,
      late: w.late,
      daysLate: daysLate(w.deadline, w.state, w.submittedAt, now),
      submittedBy: w.submittedBy,
      submittedAt: w.submittedAt,
      reviewedBy: w.reviewedBy,
      reviewedAt: w.reviewedAt,
      comment: w.comment,
      can: { review: isAllowed(principal, 'period:review', u.path) },
    };
  });
  const counts: Record<string, number> = { draft: 0, submitted: 0, returned: 0, approved: 0, locked: 0 };
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return { unit: unitCode, period, deadline: rows[0]?.deadline ?? null, counts, units: rows };
}

export type BoardAction = 'approve' | 'return' | 'remind';

/**
 * One step for several units, each in its own transaction (one refusal does not undo the rest).
 * `approve` locks the month (no path can change it afterwards until an admin reopens it), so it
 * needs `confirmLock: true`; `return` needs a comment.
 */
export async function applyBoardAction(db: Db, actor: Actor, principal: Principal, input: { period: string; action: BoardAction; units: string[]; comment?: string; confirmLock?: boolean }) {
  if (input.action === 'approve') requireLockConfirmation(input.confirmLock, 'the month for each unit');
  if (input.action === 'return' && !input.comment?.trim()) throw new HttpError(400, 'comment_required', 'Returning a month needs a comment saying what to correct');
  const results: { unit: string; ok: boolean; state?: string; error?: { code: string; message: string } }[] = [];
  for (const code of [...new Set(input.units)]) {
    try {
      const state = await db.transaction().execute(async (trx) => {
        const unit = await requireUnitRow(trx, code);
        if (!isAllowed(principal, 'period:review', unit.path)) throw new HttpError(403, 'forbidden', `You may not review ${code}`);
        if (input.action === 'remind') {
          await notifyReminder(trx, unit, input.period, actor, input.comment ?? null);
          return undefined;
        }
        return (await transition(trx, actor, code, input.period, input.action, input.comment ?? null)).state;
      });
      results.push({ unit: code, ok: true, ...(state ? { state } : {}) });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      results.push({ unit: code, ok: false, error: { code: err.code, message: err.message } });
    }
  }
  return { action: input.action, period: input.period, done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
}
