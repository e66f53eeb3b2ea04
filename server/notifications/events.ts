/**
 * Who is told what, hooked where the events happen (DESIGN.md §3). Every function runs in the
 * caller's transaction, the one of the event itself.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { UnitRow } from '../units/repository.ts';
import { selectOwnerEntries } from '../owners/repository.ts';
import { resolveOwnership, subjectKey } from '../owners/resolve.ts';
import type { NewNotification } from './repository.ts';
import { closeBoardLink, entryLink, indicatorLink, notifyPeople, userIdsByUsername, usersWithRoleOver } from './people.ts';

/** A unit's month was submitted: those who may approve it (managers and admins over the unit) are told. */
export async function notifyApprovalWaiting(db: Db, unit: UnitRow, period: string, submitter: { id: number | null; name: string }, submittedAt: Date) {
  const approvers = (await usersWithRoleOver(db, unit.path, ['manager', 'admin'])).filter((id) => id !== submitter.id);
  await notifyPeople(db, {
    kind: 'approval_waiting', severity: 'info', unitId: unit.id, indicatorId: null, period,
    message: `${unit.code} submitted ${period} (by ${submitter.name}); it waits for approval`,
    details: { unit: unit.code, period, submittedBy: submitter.name },
    link: closeBoardLink(unit.code, period),
    recipients: approvers,
    // A month submitted again after a return is a new request.
    dedupeKey: `approval_waiting|${unit.code}|${period}|${submittedAt.toISOString()}`,
  });
}

/** Late submissions (from the reminders job): the unit's updaters and its managers are told. */
export async function notifySubmissionLate(db: Db, late: NewNotification & { unitId: number }) {
  const unit = await db.selectFrom('org_unit').select(['id', 'code', 'path']).where('id', '=', late.unitId).executeTakeFirstOrThrow();
  const resolved = resolveOwnership(await selectOwnerEntries(db), unit.path);
  const updaters = [...new Set([...resolved.values()].flatMap((o) => o.updaters))];
  const ids = [...(await userIdsByUsername(db, updaters)).values(), ...(await usersWithRoleOver(db, unit.path, ['manager']))];
  await notifyPeople(db, { ...late, link: entryLink(unit.code, late.period!), recipients: ids });
}

/**
 * Status changes (from the alerts job): the indicator's owner at the unit is told. When the
 * indicator turned off track and no open initiative (planned, in progress or on hold, at the unit,
 * above or below it) names it, the owner gets `off_track_without_initiative` instead: Spider
 * Impact's rule, the more useful of the two.
 */
export async function notifyStatusChanges(db: Db, changes: NewNotification[]) {
  if (changes.length === 0) return { owners: 0, withoutInitiative: 0 };
  const entries = await selectOwnerEntries(db);
  const units = new Map((await db.selectFrom('org_unit').select(['id', 'code', 'path']).execute()).map((u) => [Number(u.id), u]));
  const indicators = new Map((await db.selectFrom('indicator').select(['id', 'code']).execute()).map((i) => [Number(i.id), i.code]));
  const { rows: open } = await sql<{ indicators: string[]; path: string }>`
    select i.indicators, u.path from initiative i join org_unit u on u.id = i.unit_id where i.status in ('planned', 'in_progress', 'on_hold')`.execute(db);
  let owners = 0;
  let withoutInitiative = 0;
  for (const change of changes) {
    const unit = units.get(change.unitId!)!;
    const code = indicators.get(change.indicatorId!)!;
    const owner = resolveOwnership(entries, unit.path).get(subjectKey('indicator', code))?.owner;
    const ownerId = owner ? (await userIdsByUsername(db, [owner])).get(owner) : undefined;
    if (ownerId === undefined) continue;
    const details = change.details as { from: string; to: string };
    const link = indicatorLink(code, unit.code, change.period!);
    const covered = open.some((o) => o.indicators.includes(code) && (unit.path.startsWith(o.path) || o.path.startsWith(unit.path)));
    if (details.to === 'off_track' && !covered) {
      await notifyPeople(db, {
        ...change, kind: 'off_track_without_initiative', severity: 'error', link, recipients: [ownerId],
        message: `${code} at ${unit.code} turned off track in ${change.period} and no open initiative targets it`,
        dedupeKey: `off_track_without_initiative:${change.indicatorId}:${change.unitId}:${change.period}`,
      });
      withoutInitiative++;
    } else {
      await notifyPeople(db, { ...change, link, recipients: [ownerId] });
      owners++;
    }
  }
  return { owners, withoutInitiative };
}

/** An evaluation cycle was finalised: reviewers (who read and export evaluation results) are told. */
export async function notifyEvaluationFinalized(db: Db, cycle: string, version: number, finalizedBy: string) {
  const { rows } = await sql<{ user_id: number }>`select distinct user_id from role_grant where role = 'reviewer'`.execute(db);
  await notifyPeople(db, {
    kind: 'evaluation_finalized', severity: 'info', unitId: null, indicatorId: null, period: null,
    message: `Evaluation ${cycle} is final (version ${version}, by ${finalizedBy})`,
    details: { cycle, version, finalizedBy },
    link: `/evaluations/${encodeURIComponent(cycle)}`,
    recipients: rows.map((r) => Number(r.user_id)),
    dedupeKey: `evaluation_finalized:${cycle}:${version}`,
  });
}

/** A manager's reminder from the close board: the unit's updaters and contributors are told to submit. */
export async function notifyReminder(db: Db, unit: UnitRow, period: string, from: { id: number | null; name: string }, note: string | null) {
  const resolved = resolveOwnership(await selectOwnerEntries(db), unit.path);
  const updaters = [...new Set([...resolved.values()].flatMap((o) => o.updaters))];
  const ids = [...(await userIdsByUsername(db, updaters)).values(), ...(await usersWithRoleOver(db, unit.path, ['contributor']))].filter((id) => id !== from.id);
  await notifyPeople(db, {
    kind: 'submission_late', severity: 'warning', unitId: unit.id, indicatorId: null, period,
    message: `${from.name} reminds ${unit.code} to submit ${period}${note ? `: ${note}` : ''}`,
    details: { unit: unit.code, period, remindedBy: from.name, note, excerpt: note ?? undefined },
    link: entryLink(unit.code, period),
    recipients: ids,
    dedupeKey: `reminder|${unit.code}|${period}|${Date.now()}`,
  });
}
