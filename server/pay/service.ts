/**
 * Payouts (DESIGN.md §3 "People and pay (인사/급여 반영)") and their sign-off.
 *
 * Payouts come only from a finalised evaluation version: the grades of its stored snapshot,
 * the pay policy of its stored definition, the span of its months, and the roster as it is
 * when the run is prepared. Until a run is prepared, reading the payouts of a version computes
 * them live (status `draft`). A run is prepared by a reviewer (or hr/admin), approved by
 * someone else holding `pay:approve` (hr or admin), then frozen; every step is audited. A
 * reopened cycle's next version gets its own run; the earlier run stays exactly as it was (a
 * database trigger refuses any change to computed payouts and to a frozen run).
 */
import { sha256 } from '../auth/secrets.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import { jsonb } from '../db/json.ts';
import { HttpError, notFound, zodIssues } from '../http/errors.ts';
import * as evaluations from '../evaluations/repository.ts';
import { parseCycleDefinition, type CycleDefinition } from '../evaluations/schema.ts';
import { getResults, updateCycle } from '../evaluations/service.ts';
import { selectAssignments, type AssignmentRow } from '../people/repository.ts';
import { computePayouts, spanOfMonths, type PayoutPart, type PayoutRow, type PayoutTotals, type UnitTotal, type RosterEmployee, type Span, type UnitGrade } from '../scoring/payout.ts';
import { selectUnits, type UnitRow } from '../units/repository.ts';
import { distributionByDivision, flaggedWithAcknowledgments, insertAcknowledgments, type FairnessRow } from './fairness.ts';
import { payPolicySchema, type PayPolicyDefinition } from './schema.ts';

export type RunStatus = 'draft' | 'prepared' | 'approved' | 'frozen';

export type NamedPayoutRow = Omit<PayoutRow, 'parts'> & { parts: (PayoutPart & { unitName: LocalizedName })[] };
export type NamedTotals = Omit<PayoutTotals, 'units'> & { units: (UnitTotal & { name: LocalizedName })[] };

export interface PayoutDocument {
  cycle: string;
  name: LocalizedName;
  version: number;
  evaluationStatus: evaluations.VersionStatus;
  finalizedBy: string | null;
  finalizedAt: string | null;
  run: number | null;
  status: RunStatus;
  span: Span;
  policy: PayPolicyDefinition;
  rows: NamedPayoutRow[];
  totals: NamedTotals;
  ineligible: number;
  warnings: string[];
  rosterFingerprint: string;
  /** For a stored run: whether today's roster differs from the one it was computed from. */
  rosterChanged: boolean;
  preparedBy: string | null;
  preparedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  frozenBy: string | null;
  frozenAt: string | null;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

// ---------------------------------------------------------------------------------------------
// Inputs

function employeesOf(assignments: AssignmentRow[]): RosterEmployee[] {
  const by = new Map<string, RosterEmployee>();
  for (const a of assignments) {
    const e = by.get(a.employee) ?? { employee: a.employee, name: a.name, base: a.base, eligible: a.eligible, assignments: [] };
    e.assignments.push({ unit: a.unit, from: a.from, to: a.to });
    by.set(a.employee, e);
  }
  return [...by.values()];
}

const rosterFingerprintOf = (assignments: AssignmentRow[]) =>
  sha256(JSON.stringify(assignments.map((a) => [a.employee, a.name, a.unit, a.from, a.to, a.base, a.eligible])));

/** The grade holding for any unit: its own if evaluated, else that of the nearest evaluated unit above it. */
function gradeLookup(units: UnitRow[], grades: Map<string, string | null>): (unit: string) => UnitGrade {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const byId = new Map(units.map((u) => [u.id, u]));
  return (code) => {
    for (let u = byCode.get(code); u; u = u.parentId === null ? undefined : byId.get(u.parentId)) {
      if (grades.has(u.code)) return { grade: grades.get(u.code) ?? null, gradedUnit: u.code };
    }
    return { grade: null, gradedUnit: null };
  };
}

async function requireFinalVersion(db: Db, code: string, version?: number) {
  if (!(await evaluations.selectCycle(db, code))) throw notFound(`Unknown evaluation cycle "${code}"`);
  const versions = await evaluations.selectVersions(db, code);
  const row = version === undefined ? [...versions].reverse().find((v) => v.status !== 'provisional') : versions.find((v) => v.version === version);
  if (!row) {
    throw version === undefined
      ? new HttpError(409, 'not_final', `Evaluation cycle "${code}" has no finalised version: payouts come only from a finalised version`)
      : notFound(`Evaluation cycle "${code}" has no version ${version}`);
  }
  if (row.status === 'provisional') throw new HttpError(409, 'not_final', `Version ${row.version} of "${code}" is provisional: payouts come only from a finalised version`);
  return (await evaluations.selectVersion(db, code, row.version))!;
}

interface Draft {
  definition: CycleDefinition;
  span: Span;
  policy: PayPolicyDefinition;
  rows: PayoutDocument['rows'];
  totals: PayoutDocument['totals'];
  ineligible: number;
  warnings: string[];
  rosterFingerprint: string;
}

async function computeDraft(db: Db, code: string, version: evaluations.VersionRow): Promise<Draft> {
  const definition = parseCycleDefinition(version.definition);
  if (!definition.pay) throw new HttpError(409, 'no_pay_policy', `Version ${version.version} of "${code}" was finalised without a pay policy (pay: in the cycle file); reopen the cycle, set one and finalise again`);
  const results = (version.results as unknown as { rows: { unit: string; grade: string | null }[] }).rows;
  const [units, assignments] = await Promise.all([selectUnits(db), selectAssignments(db)]);
  const unitNames = new Map(units.map((u) => [u.code, u.name]));
  const span = spanOfMonths(definition.from, definition.to);
  const computed = computePayouts(employeesOf(assignments), span, gradeLookup(units, new Map(results.map((r) => [r.unit, r.grade]))), definition.pay);
  const name = (code: string) => unitNames.get(code) ?? code;
  return {
    definition,
    span,
    policy: definition.pay,
    rows: computed.rows.map((r) => ({ ...r, parts: r.parts.map((p) => ({ ...p, unitName: name(p.unit) })) })),
    totals: { ...computed.totals, units: computed.totals.units.map((u) => ({ ...u, name: name(u.unit) })) },
    ineligible: computed.ineligible,
    warnings: computed.rows.flatMap((r) => r.warnings.map((w) => `${r.employee}: ${w}`)),
    rosterFingerprint: rosterFingerprintOf(assignments),
  };
}

// ---------------------------------------------------------------------------------------------
// Runs

const runColumns = [
  'id',
  'cycle_code as cycle',
  'version',
  'run',
  'status',
  'policy',
  'span',
  'rows',
  'totals',
  'warnings',
  'roster_fingerprint as rosterFingerprint',
  'prepared_by as preparedBy',
  'prepared_by_id as preparedById',
  'prepared_at as preparedAt',
  'approved_by as approvedBy',
  'approved_at as approvedAt',
  'frozen_by as frozenBy',
  'frozen_at as frozenAt',
  'withdrawn_by as withdrawnBy',
  'withdrawn_at as withdrawnAt',
] as const;

async function selectLiveRun(db: Db, code: string, version: number, forUpdate = false) {
  return db
    .selectFrom('payout_run')
    .select(runColumns)
    .where('cycle_code', '=', code)
    .where('version', '=', version)
    .where('status', '<>', 'withdrawn')
    .$if(forUpdate, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Every run of a cycle, newest first, without the rows. */
export async function listRuns(db: Db, code: string) {
  const runs = await db
    .selectFrom('payout_run')
    .select(['version', 'run', 'status', 'totals', 'prepared_by as preparedBy', 'prepared_at as preparedAt', 'approved_by as approvedBy', 'approved_at as approvedAt', 'frozen_by as frozenBy', 'frozen_at as frozenAt', 'withdrawn_by as withdrawnBy', 'withdrawn_at as withdrawnAt'])
    .where('cycle_code', '=', code)
    .orderBy('version', 'desc')
    .orderBy('run', 'desc')
    .execute();
  return runs.map((r) => ({
    version: r.version,
    run: r.run,
    status: r.status,
    employees: (r.totals as unknown as PayoutTotals).overall.employees,
    payout: (r.totals as unknown as PayoutTotals).overall.payout,
    preparedBy: r.preparedBy,
    preparedAt: iso(r.preparedAt),
    approvedBy: r.approvedBy,
    approvedAt: iso(r.approvedAt),
    frozenBy: r.frozenBy,
    frozenAt: iso(r.frozenAt),
    withdrawnBy: r.withdrawnBy,
    withdrawnAt: iso(r.withdrawnAt),
  }));
}

/** The payouts of a finalised version (the latest by default): its run when prepared, else computed live as a draft. */
export async function getPayout(db: Db, code: string, options: { version?: number } = {}): Promise<PayoutDocument> {
  const version = await requireFinalVersion(db, code, options.version);
  const cycle = (await evaluations.selectCycle(db, code))!;
  const run = await selectLiveRun(db, code, version.version);
  const meta = { cycle: code, name: cycle.name, version: version.version, evaluationStatus: version.status, finalizedBy: version.finalizedBy, finalizedAt: iso(version.finalizedAt) };
  if (!run) {
    const draft = await computeDraft(db, code, version);
    return { ...meta, run: null, status: 'draft', span: draft.span, policy: draft.policy, rows: draft.rows, totals: draft.totals, ineligible: draft.ineligible, warnings: draft.warnings, rosterFingerprint: draft.rosterFingerprint, rosterChanged: false, preparedBy: null, preparedAt: null, approvedBy: null, approvedAt: null, frozenBy: null, frozenAt: null };
  }
  const stored = run.totals as unknown as PayoutDocument['totals'] & { ineligible?: number };
  const { ineligible = 0, ...totals } = stored;
  return {
    ...meta,
    run: run.run,
    status: run.status as RunStatus,
    span: run.span as unknown as Span,
    policy: run.policy as unknown as PayPolicyDefinition,
    rows: run.rows as PayoutDocument['rows'],
    totals: totals as PayoutDocument['totals'],
    ineligible,
    warnings: run.warnings,
    rosterFingerprint: run.rosterFingerprint,
    rosterChanged: rosterFingerprintOf(await selectAssignments(db)) !== run.rosterFingerprint,
    preparedBy: run.preparedBy,
    preparedAt: iso(run.preparedAt),
    approvedBy: run.approvedBy,
    approvedAt: iso(run.approvedAt),
    frozenBy: run.frozenBy,
    frozenAt: iso(run.frozenAt),
  };
}

/** Computes and stores the run of the latest finalised version; a prepared (unapproved) run of it is withdrawn and replaced. */
export async function preparePayout(db: Db, actor: Actor, code: string, options: { version?: number } = {}): Promise<PayoutDocument> {
  const version = await requireFinalVersion(db, code, options.version);
  if (version.status !== 'final') throw new HttpError(409, 'superseded', `Version ${version.version} of "${code}" was superseded by a reopening; prepare the payouts of the current final version`);
  const live = await selectLiveRun(db, code, version.version, true);
  if (live && live.status !== 'prepared') throw new HttpError(409, 'already_signed', `Run ${live.run} of version ${version.version} is ${live.status}; it cannot be replaced`);
  const draft = await computeDraft(db, code, version);
  if (live) {
    await db.updateTable('payout_run').set({ status: 'withdrawn', withdrawn_by: actor.name, withdrawn_at: new Date() }).where('id', '=', live.id).execute();
    await insertAudit(db, actor, { action: 'withdraw', entity: 'payout_run', key: `${code}#${version.version}#${live.run}`, before: { status: 'prepared' }, after: { status: 'withdrawn' } });
  }
  const last = await db.selectFrom('payout_run').select((eb) => eb.fn.max('run').as('run')).where('cycle_code', '=', code).where('version', '=', version.version).executeTakeFirst();
  const run = Number(last?.run ?? 0) + 1;
  await db
    .insertInto('payout_run')
    .values({
      cycle_code: code,
      version: version.version,
      run,
      status: 'prepared',
      policy: jsonb(draft.policy as Record<string, unknown>),
      span: jsonb(draft.span as unknown as Record<string, unknown>),
      rows: jsonb(draft.rows as unknown[]),
      totals: jsonb({ ...draft.totals, ineligible: draft.ineligible } as Record<string, unknown>),
      warnings: jsonb(draft.warnings),
      roster_fingerprint: draft.rosterFingerprint,
      prepared_by: actor.name,
      prepared_by_id: actor.id,
    })
    .execute();
  await insertAudit(db, actor, { action: 'prepare', entity: 'payout_run', key: `${code}#${version.version}#${run}`, after: { version: version.version, run, employees: draft.totals.overall.employees, rosterFingerprint: draft.rosterFingerprint } });
  return getPayout(db, code, { version: version.version });
}

/** Approves the prepared run; never by whoever prepared it, and not once the roster has moved on. */
export async function approvePayout(db: Db, actor: Actor, code: string, options: { version?: number } = {}): Promise<PayoutDocument> {
  const version = await requireFinalVersion(db, code, options.version);
  const live = await selectLiveRun(db, code, version.version, true);
  if (!live) throw new HttpError(409, 'not_prepared', `No payout run of version ${version.version} of "${code}" has been prepared`);
  if (live.status !== 'prepared') throw new HttpError(409, 'not_prepared', `Run ${live.run} of version ${version.version} is ${live.status}, not prepared`);
  if (version.status !== 'final') throw new HttpError(409, 'superseded', `Version ${version.version} of "${code}" was superseded by a reopening; its run cannot be approved`);
  const sameUser = actor.id !== null && live.preparedById !== null ? actor.id === live.preparedById : actor.name === live.preparedBy;
  if (sameUser) throw new HttpError(403, 'own_preparation', `You prepared run ${live.run}: someone else must approve it`);
  if (rosterFingerprintOf(await selectAssignments(db)) !== live.rosterFingerprint) {
    throw new HttpError(409, 'roster_changed', `The roster changed after run ${live.run} was prepared; prepare it again before approving`);
  }
  await db.updateTable('payout_run').set({ status: 'approved', approved_by: actor.name, approved_by_id: actor.id, approved_at: new Date() }).where('id', '=', live.id).execute();
  await insertAudit(db, actor, { action: 'approve', entity: 'payout_run', key: `${code}#${version.version}#${live.run}`, before: { status: 'prepared', preparedBy: live.preparedBy }, after: { status: 'approved' } });
  return getPayout(db, code, { version: version.version });
}

/** Freezes the approved run: from now on nothing about it can change. */
export async function freezePayout(db: Db, actor: Actor, code: string, options: { version?: number } = {}): Promise<PayoutDocument> {
  const version = await requireFinalVersion(db, code, options.version);
  const live = await selectLiveRun(db, code, version.version, true);
  if (!live || live.status !== 'approved') throw new HttpError(409, 'not_approved', `The payout run of version ${version.version} of "${code}" is ${live ? live.status : 'not prepared'}; only an approved run can be frozen`);
  await db.updateTable('payout_run').set({ status: 'frozen', frozen_by: actor.name, frozen_by_id: actor.id, frozen_at: new Date() }).where('id', '=', live.id).execute();
  await insertAudit(db, actor, { action: 'freeze', entity: 'payout_run', key: `${code}#${version.version}#${live.run}`, before: { status: 'approved', approvedBy: live.approvedBy }, after: { status: 'frozen' } });
  return getPayout(db, code, { version: version.version });
}

// ---------------------------------------------------------------------------------------------
// Policy and fairness

/** Sets the pay policy of the open (provisional) version's definition; refused once final (reopen first). */
export async function setPayPolicy(db: Db, actor: Actor, code: string, raw: unknown) {
  const cycle = await evaluations.selectCycle(db, code);
  if (!cycle) throw notFound(`Unknown evaluation cycle "${code}"`);
  const parsed = payPolicySchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'invalid_pay_policy', 'The pay policy is not valid', zodIssues(parsed.error));
  const pay = parsed.data;
  await updateCycle(db, actor, code, { ...cycle.definition, pay });
  return { cycle: code, pay };
}

/** The fairness panel: the grade distribution per division and the flagged units of the latest version. */
export async function getFairness(db: Db, code: string) {
  const doc = await getResults(db, code);
  const cycle = (await evaluations.selectCycle(db, code))!;
  const definition = parseCycleDefinition(doc.provisional ? cycle.definition : (await evaluations.selectVersion(db, code, doc.version))!.definition);
  const rows = doc.results as unknown as FairnessRow[];
  const flagged = await flaggedWithAcknowledgments(db, code, doc.version, rows, definition.fairness);
  return {
    cycle: code,
    version: doc.version,
    provisional: doc.provisional,
    thresholds: definition.fairness ?? null,
    divisions: distributionByDivision(rows, await selectUnits(db)),
    flagged,
    /** Finalising is refused while this is true. */
    blocking: doc.provisional && flagged.some((f) => f.acknowledged === null),
  };
}

/** Acknowledges flagged units of the open version with a reason (audited). */
export async function acknowledgeFairness(db: Db, actor: Actor, code: string, body: { units: string[]; reason: string }) {
  const fairness = await getFairness(db, code);
  if (!fairness.provisional) throw new HttpError(409, 'already_final', `Version ${fairness.version} of "${code}" is final; acknowledgments are made before finalising`);
  const flagged = new Set(fairness.flagged.map((f) => f.unit));
  const unknown = body.units.filter((u) => !flagged.has(u));
  if (unknown.length) throw new HttpError(400, 'not_flagged', `Not flagged by the fairness check: ${unknown.join(', ')}`, unknown.map((unit) => ({ field: 'units', unit, message: 'not flagged' })));
  await insertAcknowledgments(db, actor, code, fairness.version, body.units, body.reason.trim());
  return getFairness(db, code);
}
