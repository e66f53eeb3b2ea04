/**
 * My work: the home page after sign-in. What I own and how it stands, what I must enter this
 * month (state and deadline), what waits for my approval, my unread notifications and mentions.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { allowedRoots, type Principal } from '../auth/policy.ts';
import { getScorecard } from '../scorecards/service.ts';
import { getWorkflow } from '../periods/service.ts';
import type { UnitRow } from '../units/repository.ts';
import { selectOwnerEntries } from '../owners/repository.ts';
import { countUnread, selectInbox } from '../notifications/inbox.ts';
import { daysLate } from '../closeboard/service.ts';

const MAX_UNITS = 30;

/** The month being closed: the one before today's. */
export function currentCloseMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

async function rootUnit(db: Db): Promise<UnitRow | undefined> {
  return db.selectFrom('org_unit').select(['id', 'code', 'name', 'parent_id as parentId', 'path', 'depth', 'sort_order as sortOrder']).where('parent_id', 'is', null).orderBy('sort_order').orderBy('code').executeTakeFirst();
}

async function leavesUnder(db: Db, paths: string[]): Promise<UnitRow[]> {
  if (paths.length === 0) return [];
  return db
    .selectFrom('org_unit as u')
    .select(['u.id', 'u.code', 'u.name', 'u.parent_id as parentId', 'u.path', 'u.depth', 'u.sort_order as sortOrder'])
    .where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('org_unit as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))))
    .orderBy('u.path')
    .limit(MAX_UNITS)
    .execute();
}

/** Indicators and objectives I answer for at the units my entries name, with their status this month. */
async function owned(db: Db, me: string, period: string) {
  const entries = (await selectOwnerEntries(db)).filter((e) => e.owner === me);
  const root = await rootUnit(db);
  const unitCodes = [...new Set(entries.map((e) => e.unit ?? root?.code).filter((c): c is string => !!c))].slice(0, 10);
  const items: { subject: 'indicator' | 'objective'; code: string; name: unknown; unit: string; status: string; score: number | null; actual?: number | null; target?: number | null }[] = [];
  for (const unit of unitCodes) {
    const card = await getScorecard(db, unit, period, { window: 'month' });
    for (const o of card.perspectives.flatMap((p) => p.objectives)) {
      if (o.owner === me) items.push({ subject: 'objective', code: o.code, name: o.name, unit, status: o.status, score: o.score });
      for (const i of o.indicators) if (i.owner === me) items.push({ subject: 'indicator', code: i.code, name: i.name, unit, status: i.status, score: i.score, actual: i.actual, target: i.target });
    }
  }
  const counts: Record<string, number> = { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 };
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  const rank: Record<string, number> = { off_track: 0, at_risk: 1, no_data: 2, on_track: 3 };
  items.sort((a, b) => rank[a.status] - rank[b.status] || a.code.localeCompare(b.code) || a.unit.localeCompare(b.unit));
  return { counts, items };
}

/** Units I enter data for (contributor grants, updater entries on a subtree) with this month's state and deadline. */
async function toEnter(db: Db, principal: Principal, period: string, now: Date) {
  const paths = principal.grants.filter((g) => g.role === 'contributor').map((g) => g.unitPath);
  const updaterUnits = (await selectOwnerEntries(db)).filter((e) => e.updaters.includes(principal.username) && e.unitPath).map((e) => e.unitPath!);
  const units = await leavesUnder(db, [...new Set([...paths, ...updaterUnits])]);
  const out = [];
  for (const unit of units) {
    const wf = await getWorkflow(db, unit, period, now);
    out.push({ unit: unit.code, name: unit.name, state: wf.state, deadline: wf.deadline, late: wf.late, daysLate: daysLate(wf.deadline, wf.state, wf.submittedAt, now), comment: wf.state === 'returned' ? wf.comment : null });
  }
  return out;
}

/** Submitted months (any month) of units where I may approve. */
async function toApprove(db: Db, principal: Principal) {
  const roots = allowedRoots(principal, 'period:review');
  if (roots.length === 0) return [];
  const { rows } = await sql<{ unit: string; name: unknown; period: string; submitted_by: string | null; submitted_at: Date | null }>`
    select u.code as unit, u.name, s.period, su.username as submitted_by, s.submitted_at
    from period_submission s join org_unit u on u.id = s.unit_id left join app_user su on su.id = s.submitted_by
    where s.state = 'submitted' and (${sql.join(roots.map((r) => sql`u.path like ${r + '%'}`), sql` or `)})
    order by s.period, u.path limit 200`.execute(db);
  return rows.map((r) => ({ unit: r.unit, name: r.name, period: r.period, submittedBy: r.submitted_by, submittedAt: r.submitted_at }));
}

export async function getMyWork(db: Db, principal: Principal, period: string | undefined, now = new Date()) {
  const month = period ?? currentCloseMonth(now);
  const [mine, enter, approve, counts, unread, mentions] = await Promise.all([
    owned(db, principal.username, month),
    toEnter(db, principal, month, now),
    toApprove(db, principal),
    countUnread(db, principal.userId),
    selectInbox(db, principal.userId, { unread: true, limit: 10 }),
    selectInbox(db, principal.userId, { kind: 'mention', limit: 5 }),
  ]);
  return { user: principal.username, period: month, owned: mine, toEnter: enter, toApprove: approve, notifications: { unread: counts.unread, unreadMentions: counts.mentions, latest: unread, mentions } };
}
