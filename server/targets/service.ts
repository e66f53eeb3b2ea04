/**
 * Target setting (DESIGN.md §3): year plans per indicator × unit, cascaded from a parent to its
 * children and phased into months (the math is in scoring/targets.ts), kept as drafts until a
 * manager of the parent unit approves them. Approving writes the monthly targets scorecards
 * read (`target`, then the rollup) under the measurement-writes lock, as every writer does.
 */
import type { Db } from '../db/database.ts';
import { DomainError, HttpError, notFound } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectIndicators, type IndicatorRow } from '../model/repository.ts';
import { selectChildren, selectSubtree, selectUnitByCode, selectUnits, type UnitRow } from '../units/repository.ts';
import { lockMeasurementWrites, refreshTargetRollups } from '../rollup/service.ts';
import { selectLockedPairs } from '../measurements/repository.ts';
import { isFiniteNumber, tidy } from '../scoring/numbers.ts';
import {
  cascadeTarget,
  decimalsOf,
  dueMonths,
  findGaps,
  phaseTarget12,
  sumMonths,
  TargetPlanError,
  yearlyOf,
  type CascadeMethod,
  type Frequency,
  type PhasingMethod,
} from '../scoring/targets.ts';
import type { TimeAggregation } from '../scoring/types.ts';
import { insertRevisions, replaceYearTargets, selectPlans, selectPlansOfYear, selectRevisions, selectRollupYear, upsertPlan, type PlanRow, type RevisionWrite } from './repository.ts';

export const monthKeyOf = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
const twelve = <T>(fill: (i: number) => T) => Array.from({ length: 12 }, (_, i) => fill(i));

/** How an indicator behaves in planning. */
export interface PlanIndicator {
  id: number;
  code: string;
  name: unknown;
  unit: string;
  frequency: Frequency;
  timeMethod: TimeAggregation;
  /** Adds up over the org tree: cascading splits it, and children should add up to the parent. */
  summedOverUnits: boolean;
  /** Adds up over time: phasing splits it over the months. */
  summedOverTime: boolean;
  scoringMethod: string;
  /** The target-row parameters the scoring method reads (baseline: progress; redFlag: threshold). */
  uses: { baseline: boolean; stretch: boolean; redFlag: boolean };
  appliesTo: string[] | null;
  scored: boolean;
}

function planIndicator(i: IndicatorRow): PlanIndicator {
  const method = String((i.scoring as { method?: string })?.method ?? 'ratio');
  const timeMethod = (i.aggregationTime ?? 'avg') as TimeAggregation;
  return {
    id: i.id,
    code: i.code,
    name: i.name,
    unit: i.unit,
    frequency: (i.frequency ?? 'monthly') as Frequency,
    timeMethod,
    summedOverUnits: !i.formula && i.aggregationOrg === 'sum',
    summedOverTime: !i.formula && timeMethod === 'sum',
    scoringMethod: method,
    uses: { baseline: method === 'progress', stretch: true, redFlag: method === 'threshold' },
    appliesTo: i.appliesTo,
    scored: i.objective !== null,
  };
}

export async function requirePlanIndicator(db: Db, code: string): Promise<PlanIndicator> {
  const row = (await selectIndicators(db)).find((i) => i.code === code);
  if (!row) throw notFound(`Unknown indicator "${code}"`);
  return planIndicator(row);
}

export async function requirePlanUnit(db: Db, code: string): Promise<UnitRow> {
  const unit = await selectUnitByCode(db, code);
  if (!unit) throw notFound(`Unknown unit "${code}"`);
  return unit;
}

export function requireYear(year: number): number {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new HttpError(400, 'bad_year', `"${year}" is not a year (YYYY)`);
  return year;
}

/** Units the indicator applies to (inside appliesTo, or everywhere) and their ancestors. */
function appliesAt(indicator: PlanIndicator, units: UnitRow[]): (unit: UnitRow) => boolean {
  if (!indicator.appliesTo) return () => true;
  const roots = units.filter((u) => indicator.appliesTo!.includes(u.code));
  return (unit) => roots.some((r) => unit.path.startsWith(r.path) || r.path.startsWith(unit.path));
}

function asPlanError(err: unknown): never {
  if (err instanceof TargetPlanError) throw new DomainError('invalid_plan', err.message, [{ field: err.field, message: err.message }], 422);
  throw err;
}

/** Per unit: last year's actuals (12 months and the year's figure) from the rollup. */
async function lastYearOf(db: Db, indicator: PlanIndicator, units: UnitRow[], year: number) {
  const rows = await selectRollupYear(db, indicator.id, units.map((u) => u.id), year - 1);
  const months = new Map<number, (number | null)[]>(units.map((u) => [u.id, twelve(() => null)]));
  for (const r of rows) months.get(r.unitId)![r.month - 1] = r.value;
  return new Map([...months].map(([id, m]) => [id, { months: m, yearly: yearlyOf(m, indicator.timeMethod) }]));
}

/** Per unit: this year's effective monthly targets as scorecards see them (own or aggregated). */
async function approvedOf(db: Db, indicator: PlanIndicator, units: UnitRow[], year: number) {
  const rows = await selectRollupYear(db, indicator.id, units.map((u) => u.id), year);
  const months = new Map<number, (number | null)[]>(units.map((u) => [u.id, twelve(() => null)]));
  const own = new Map<number, (number | null)[]>(units.map((u) => [u.id, twelve(() => null)]));
  for (const r of rows) {
    months.get(r.unitId)![r.month - 1] = r.target;
    own.get(r.unitId)![r.month - 1] = r.ownTarget;
  }
  return new Map([...months].map(([id, m]) => [id, { months: m, yearly: yearlyOf(m, indicator.timeMethod), own: own.get(id)! }]));
}

async function lockedMonthsOf(db: Db, units: UnitRow[], year: number): Promise<Map<number, string[]>> {
  const periods = twelve((i) => monthKeyOf(year, i + 1));
  const locked = await selectLockedPairs(db, { unitIds: units.map((u) => u.id), periods });
  const result = new Map<number, string[]>(units.map((u) => [u.id, []]));
  for (const key of locked) {
    const [unitId, period] = key.split('|');
    result.get(Number(unitId))?.push(period);
  }
  for (const list of result.values()) list.sort();
  return result;
}

export interface Permissions {
  canEdit: (unit: UnitRow) => boolean;
  /** Approving a unit's plan: a manager of its parent (an admin for the root). */
  canApprove: (unit: UnitRow, parent: UnitRow | null) => boolean;
}

export const EVERYONE: Permissions = { canEdit: () => true, canApprove: () => true };

/** The targets screen: units × months of one indicator and year in a subtree. */
export async function getPlanGrid(db: Db, indicatorCode: string, unitCode: string, year: number, permissions: Permissions, visible: (u: UnitRow) => boolean = () => true) {
  requireYear(year);
  const indicator = await requirePlanIndicator(db, indicatorCode);
  const root = await requirePlanUnit(db, unitCode);
  const all = await selectUnits(db);
  const applies = appliesAt(indicator, all);
  const units = (await selectSubtree(db, root.path)).filter((u) => applies(u) && visible(u));
  const byId = new Map(all.map((u) => [u.id, u]));
  const [plans, lastYear, approved, locked] = await Promise.all([
    selectPlans(db, indicator.id, year, units.map((u) => u.id)),
    lastYearOf(db, indicator, units, year),
    approvedOf(db, indicator, units, year),
    lockedMonthsOf(db, units, year),
  ]);
  const planOf = new Map(plans.map((p) => [p.unitId, p]));
  const rows = units.map((u) => {
    const plan = planOf.get(u.id) ?? null;
    const parent = u.parentId === null ? null : (byId.get(u.parentId) ?? null);
    return {
      unit: u.code,
      name: u.name,
      depth: u.depth - root.depth,
      parent: parent?.code ?? null,
      status: plan?.status ?? ('none' as const),
      plan: plan && planView(plan),
      approved: { months: approved.get(u.id)!.months, yearly: approved.get(u.id)!.yearly },
      lastYear: lastYear.get(u.id)!,
      lockedMonths: locked.get(u.id)!,
      can: { edit: permissions.canEdit(u), approve: permissions.canApprove(u, parent) },
    };
  });
  const gaps = indicator.summedOverUnits ? subtreeGaps(units, rows) : [];
  return { indicator: indicatorView(indicator), year, unit: root.code, months: twelve((i) => monthKeyOf(year, i + 1)), dueMonths: dueMonths(indicator.frequency), rows, gaps };
}

function indicatorView(i: PlanIndicator) {
  return { code: i.code, name: i.name, unit: i.unit, frequency: i.frequency, aggregationTime: i.timeMethod, summedOverUnits: i.summedOverUnits, summedOverTime: i.summedOverTime, scoringMethod: i.scoringMethod, uses: i.uses };
}

function planView(p: PlanRow) {
  return { status: p.status, months: p.months, yearly: p.yearly, baseline: p.baseline, stretch: p.stretch, redFlag: p.redFlag, method: p.method, updatedAt: p.updatedAt, updatedBy: p.updatedBy, approvedAt: p.approvedAt, approvedBy: p.approvedBy };
}

/** The yearly figure planning works with: the plan where there is one, else what is approved. */
function workingYearly(row: { plan: { yearly: number | null } | null; approved: { yearly: number | null } }): number | null {
  return row.plan ? row.plan.yearly : row.approved.yearly;
}

function subtreeGaps(units: UnitRow[], rows: { unit: string; parent: string | null; plan: { yearly: number | null } | null; approved: { yearly: number | null } }[]) {
  const byCode = new Map(rows.map((r) => [r.unit, r]));
  return findGaps(
    units
      .filter((u) => rows.some((r) => r.parent === u.code))
      .map((u) => ({
        unit: u.code,
        target: workingYearly(byCode.get(u.code)!),
        children: rows.filter((r) => r.parent === u.code).map((r) => ({ unit: r.unit, target: workingYearly(r) })),
      })),
  );
}

export interface CascadeRequest {
  indicator: string;
  unit: string;
  year: number;
  target: number;
  by: CascadeMethod;
  shares?: Record<string, number>;
  phasing?: PhasingMethod;
  profile?: number[];
  decimals?: number;
  baseline?: number | null;
  stretch?: number | null;
  redFlag?: number | null;
  reason?: string | null;
  /** Compute and return the preview; write nothing. */
  dryRun?: boolean;
}

export interface PlanPreviewRow {
  unit: string;
  role: 'parent' | 'child';
  share: number | null;
  yearly: number | null;
  months: (number | null)[];
  lastYear: number | null;
  previous: number | null;
  phasing: string;
  warnings: string[];
}

/**
 * Cascades `target` from the unit to its children and phases every part into months. The
 * parent's months of a sum indicator are its children's months added up, so the plan adds up
 * in every month as well as over the year. Writes drafts (with revisions) unless `dryRun`.
 */
export async function cascadePlan(db: Db, actor: Actor, request: CascadeRequest, permissions: Permissions = EVERYONE) {
  requireYear(request.year);
  const indicator = await requirePlanIndicator(db, request.indicator);
  const parent = await requirePlanUnit(db, request.unit);
  const all = await selectUnits(db);
  const applies = appliesAt(indicator, all);
  const children = (await selectChildren(db, parent.id)).filter(applies);
  if (!permissions.canEdit(parent)) throw new HttpError(403, 'forbidden', `You may not set targets for ${parent.code} (needs target:write there)`);
  const units = [parent, ...children];
  const lastYear = await lastYearOf(db, indicator, units, request.year);
  const phasing = request.phasing ?? 'even';
  const decimals = request.decimals ?? decimalsOf(request.target);
  let split;
  try {
    split = cascadeTarget({ target: request.target, summed: indicator.summedOverUnits, by: request.by, children: children.map((c) => ({ code: c.code, lastYear: lastYear.get(c.id)!.yearly })), shares: request.shares, decimals });
  } catch (err) {
    asPlanError(err);
  }
  const phase = (yearly: number, unit: UnitRow) => {
    try {
      return phaseTarget12({ yearly, summed: indicator.summedOverTime, frequency: indicator.frequency, by: phasing, lastYear: lastYear.get(unit.id)!.months, profile: request.profile, decimals });
    } catch (err) {
      return asPlanError(err);
    }
  };
  const previous = new Map((await selectPlans(db, indicator.id, request.year, units.map((u) => u.id))).map((p) => [p.unitId, p]));
  const childRows: PlanPreviewRow[] = split!.children.map((c, i) => {
    const phased = phase(c.target, children[i]);
    return { unit: c.code, role: 'child', share: c.share, yearly: c.target, months: phased.months, lastYear: lastYear.get(children[i].id)!.yearly, previous: previous.get(children[i].id)?.yearly ?? null, phasing: phased.by, warnings: phased.warnings };
  });
  const parentPhased = indicator.summedOverUnits && indicator.summedOverTime && childRows.length ? { months: sumMonths(childRows.map((r) => r.months)), by: 'sum of children', warnings: [] as string[] } : phase(request.target, parent);
  const parentRow: PlanPreviewRow = { unit: parent.code, role: 'parent', share: null, yearly: tidy(request.target), months: parentPhased.months, lastYear: lastYear.get(parent.id)!.yearly, previous: previous.get(parent.id)?.yearly ?? null, phasing: parentPhased.by, warnings: parentPhased.warnings };
  const preview = { indicator: indicator.code, unit: parent.code, year: request.year, target: tidy(request.target), by: split!.by, phasing, decimals, rows: [parentRow, ...childRows], warnings: split!.warnings };
  if (request.dryRun) return preview;

  const params = { baseline: request.baseline ?? null, stretch: request.stretch ?? null, redFlag: request.redFlag ?? null };
  const method = { kind: 'cascade', from: parent.code, target: tidy(request.target), by: split!.by, shares: request.shares ?? null, phasing, decimals };
  const unitsByCode = new Map(units.map((u) => [u.code, u]));
  for (const row of preview.rows) {
    const unit = unitsByCode.get(row.unit)!;
    // Baseline, stretch and red flag are the parent's figures; for a summed indicator they split like the target.
    const scaled = (v: number | null) => (v === null || row.role === 'parent' || !indicator.summedOverUnits ? v : row.share === null ? null : tidy((v * row.share) / 100));
    await savePlan(db, actor, indicator, unit, request.year, { months: row.months, baseline: scaled(params.baseline), stretch: scaled(params.stretch), redFlag: scaled(params.redFlag), method: { ...method, role: row.role } }, 'cascade', request.reason ?? null, previous.get(unit.id));
  }
  await insertAudit(db, actor, { action: 'cascade', entity: 'target_plan', key: `${indicator.code}|${parent.code}|${request.year}`, after: { ...method, children: childRows.map((r) => ({ unit: r.unit, yearly: r.yearly })) }, reason: request.reason ?? null });
  return preview;
}

/** Writes one plan as a draft and a revision for each figure that changed. */
async function savePlan(
  db: Db,
  actor: Actor,
  indicator: PlanIndicator,
  unit: UnitRow,
  year: number,
  next: { months: (number | null)[]; baseline: number | null; stretch: number | null; redFlag: number | null; method: Record<string, unknown> },
  action: string,
  reason: string | null,
  previous: PlanRow | undefined,
): Promise<void> {
  const yearly = yearlyOf(next.months, indicator.timeMethod);
  const revisions: RevisionWrite[] = [];
  const key = { indicatorId: indicator.id, unitId: unit.id, year, reason, action };
  if (!previous || previous.yearly !== yearly) revisions.push({ ...key, period: null, oldValue: previous?.yearly ?? null, newValue: yearly });
  next.months.forEach((value, i) => {
    const old = previous?.months[i] ?? null;
    if (old !== value) revisions.push({ ...key, period: monthKeyOf(year, i + 1), oldValue: old, newValue: value });
  });
  for (const [field, value] of [['baseline', next.baseline], ['stretch', next.stretch], ['redFlag', next.redFlag]] as const) {
    const old = previous ? (previous[field] ?? null) : null;
    if (old !== value) revisions.push({ ...key, action: `${action}:${field}`, period: null, oldValue: old, newValue: value });
  }
  // Nothing changed (the same cascade again): the plan keeps its status and its approval.
  if (previous && revisions.length === 0) return;
  await upsertPlan(db, actor, { indicatorId: indicator.id, unitId: unit.id, year, status: 'draft', months: next.months, yearly, baseline: next.baseline, stretch: next.stretch, redFlag: next.redFlag, method: next.method }, false);
  await insertRevisions(db, actor, revisions);
}

export interface EditRequest {
  indicator: string;
  unit: string;
  year: number;
  /** A new yearly figure, phased into months by `phasing` (default even). */
  yearly?: number;
  phasing?: PhasingMethod;
  profile?: number[];
  /** Monthly figures by month (YYYY-MM); null clears a month. */
  months?: Record<string, number | null>;
  baseline?: number | null;
  stretch?: number | null;
  redFlag?: number | null;
  reason?: string | null;
}

/** Edits one unit's plan (yearly figure and/or months); the plan becomes a draft again. */
export async function editPlan(db: Db, actor: Actor, request: EditRequest, permissions: Permissions = EVERYONE) {
  requireYear(request.year);
  const indicator = await requirePlanIndicator(db, request.indicator);
  const unit = await requirePlanUnit(db, request.unit);
  if (!permissions.canEdit(unit)) throw new HttpError(403, 'forbidden', `You may not set targets for ${unit.code} (needs target:write there)`);
  const applies = appliesAt(indicator, await selectUnits(db));
  if (!applies(unit)) throw new DomainError('not_applicable', `${indicator.code} does not apply to ${unit.code}`, [{ field: 'unit', message: 'not applicable' }], 422);
  const [previous] = await selectPlans(db, indicator.id, request.year, [unit.id]);
  const approved = (await approvedOf(db, indicator, [unit], request.year)).get(unit.id)!;
  let months = previous ? [...previous.months] : approved.own.map((v) => v);
  if (request.yearly !== undefined) {
    if (!isFiniteNumber(request.yearly)) throw new DomainError('invalid_plan', 'the yearly target is not a number', [{ field: 'yearly', message: 'not a number' }]);
    const lastYear = (await lastYearOf(db, indicator, [unit], request.year)).get(unit.id)!;
    try {
      months = phaseTarget12({ yearly: request.yearly, summed: indicator.summedOverTime, frequency: indicator.frequency, by: request.phasing ?? 'even', lastYear: lastYear.months, profile: request.profile }).months;
    } catch (err) {
      asPlanError(err);
    }
  }
  const due = new Set(dueMonths(indicator.frequency));
  const errors: { field: string; message: string }[] = [];
  for (const [period, value] of Object.entries(request.months ?? {})) {
    const month = period.startsWith(`${request.year}-`) ? Number(period.slice(5)) : NaN;
    if (!(month >= 1 && month <= 12)) errors.push({ field: `months.${period}`, message: `not a month of ${request.year}` });
    else if (value !== null && !isFiniteNumber(value)) errors.push({ field: `months.${period}`, message: 'not a number' });
    else if (value !== null && !due.has(month)) errors.push({ field: `months.${period}`, message: `${indicator.code} is ${indicator.frequency}: no target in ${period}` });
    else months[month - 1] = value === null ? null : tidy(value);
  }
  if (errors.length) throw new DomainError('invalid_plan', `${errors[0].field}: ${errors[0].message}`, errors);
  const pick = (v: number | null | undefined, old: number | null | undefined) => (v === undefined ? (old ?? null) : v);
  await savePlan(
    db,
    actor,
    indicator,
    unit,
    request.year,
    { months, baseline: pick(request.baseline, previous?.baseline), stretch: pick(request.stretch, previous?.stretch), redFlag: pick(request.redFlag, previous?.redFlag), method: { kind: 'edit', ...(request.yearly !== undefined ? { phasing: request.phasing ?? 'even' } : {}) } },
    'edit',
    request.reason ?? null,
    previous,
  );
  const [saved] = await selectPlans(db, indicator.id, request.year, [unit.id]);
  return { unit: unit.code, indicator: indicator.code, year: request.year, ...planView(saved) };
}

export interface ApproveRequest {
  indicator: string;
  year: number;
  units: string[];
  reason?: string | null;
}

/**
 * Approves the draft plans of `units`: their monthly targets replace the unit's targets of the
 * year in `target` (quarter and year rows included) and the rollup is refreshed, under the
 * measurement-writes lock. A locked month keeps the target it had; the result says which.
 */
export interface ApproveResult {
  indicator: string;
  year: number;
  approved: string[];
  unchanged: string[];
  keptLocked: { unit: string; period: string; kept: number | null; planned: number | null }[];
}

export async function approvePlans(db: Db, actor: Actor, request: ApproveRequest, permissions: Permissions = EVERYONE): Promise<ApproveResult> {
  if (!db.isTransaction) return db.transaction().execute((trx) => approvePlans(trx, actor, request, permissions));
  requireYear(request.year);
  const indicator = await requirePlanIndicator(db, request.indicator);
  const all = await selectUnits(db);
  const byCode = new Map(all.map((u) => [u.code, u]));
  const byId = new Map(all.map((u) => [u.id, u]));
  const unknown = request.units.filter((c) => !byCode.has(c));
  if (unknown.length) throw notFound(`Unknown unit${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
  const units = [...new Set(request.units)].map((c) => byCode.get(c)!);
  const refused = units.filter((u) => !permissions.canApprove(u, u.parentId === null ? null : byId.get(u.parentId)!));
  if (refused.length) {
    throw new HttpError(403, 'forbidden', `Approving ${refused.map((u) => u.code).join(', ')} takes a manager of the parent unit (${refused.map((u) => (u.parentId === null ? 'an admin, for the top unit' : byId.get(u.parentId)!.code)).join(', ')})`, refused.map((u) => ({ unit: u.code, reason: 'needs target:write on the parent unit' })));
  }
  await lockMeasurementWrites(db);
  const plans = new Map((await selectPlans(db, indicator.id, request.year, units.map((u) => u.id))).map((p) => [p.unitId, p]));
  const without = units.filter((u) => !plans.has(u.id));
  if (without.length) throw new DomainError('no_plan', `No plan to approve for ${without.map((u) => u.code).join(', ')} (${indicator.code} ${request.year})`, without.map((u) => ({ unit: u.code, reason: 'no plan' })), 404);
  const locked = await lockedMonthsOf(db, units, request.year);
  const current = await approvedOf(db, indicator, units, request.year);
  const ownRows = new Map<number, Map<number, { target: number | null; baseline: number | null; stretch: number | null; redFlag: number | null }>>();
  for (const r of await selectRollupYear(db, indicator.id, units.map((u) => u.id), request.year)) {
    if (!ownRows.has(r.unitId)) ownRows.set(r.unitId, new Map());
    ownRows.get(r.unitId)!.set(r.month, { target: r.ownTarget, baseline: r.ownBaseline, stretch: r.ownStretch, redFlag: r.ownRedFlag });
  }
  const result: ApproveResult = { indicator: indicator.code, year: request.year, approved: [], unchanged: [], keptLocked: [] };
  for (const unit of units) {
    const plan = plans.get(unit.id)!;
    if (plan.status === 'approved') {
      result.unchanged.push(unit.code);
      continue;
    }
    const lockedMonths = new Set(locked.get(unit.id)!);
    const rows: Parameters<typeof replaceYearTargets>[2] = [];
    const revisions: RevisionWrite[] = [];
    for (let m = 1; m <= 12; m++) {
      const period = monthKeyOf(request.year, m);
      const planned = plan.months[m - 1];
      if (lockedMonths.has(period)) {
        const kept = ownRows.get(unit.id)?.get(m);
        if (kept?.target !== null && kept?.target !== undefined) rows.push({ period, target: kept.target, baseline: kept.baseline, stretch: kept.stretch, redFlag: kept.redFlag });
        const keptValue = kept?.target ?? null;
        if (keptValue !== planned) {
          result.keptLocked.push({ unit: unit.code, period, kept: keptValue, planned });
          revisions.push({ indicatorId: indicator.id, unitId: unit.id, year: request.year, period, action: 'kept_locked', oldValue: keptValue, newValue: planned, reason: `${period} is locked: the approved target stays ${keptValue ?? 'empty'}` });
        }
        continue;
      }
      if (planned === null) continue;
      rows.push({ period, target: planned, ...monthParameters(indicator, plan, planned) });
    }
    await replaceYearTargets(db, { indicatorId: indicator.id, unitId: unit.id, year: request.year }, rows, [...lockedMonths], actor.id);
    await upsertPlan(db, actor, { ...plan, status: 'approved' }, true);
    revisions.push({ indicatorId: indicator.id, unitId: unit.id, year: request.year, period: null, action: 'approve', oldValue: current.get(unit.id)!.yearly, newValue: plan.yearly, reason: request.reason ?? null });
    await insertRevisions(db, actor, revisions);
    result.approved.push(unit.code);
  }
  const approvedIds = units.filter((u) => result.approved.includes(u.code)).map((u) => ({ indicatorId: indicator.id, unitId: u.id, period: String(request.year) }));
  await refreshTargetRollups(db, approvedIds);
  if (result.approved.length) {
    await insertAudit(db, actor, { action: 'approve', entity: 'target_plan', key: `${indicator.code}|${request.year}`, after: result, reason: request.reason ?? null });
  }
  return result;
}

/** Baseline, stretch and red flag of one month: a summed indicator's split like the target, others as they are. */
function monthParameters(indicator: PlanIndicator, plan: PlanRow, planned: number) {
  const due = dueMonths(indicator.frequency).length;
  const part = (v: number | null) => {
    if (v === null) return null;
    if (!indicator.summedOverTime) return v;
    return plan.yearly ? tidy((v * planned) / plan.yearly) : tidy(v / due);
  };
  return { baseline: part(plan.baseline), stretch: part(plan.stretch), redFlag: part(plan.redFlag) };
}

export async function listRevisions(db: Db, indicatorCode: string, unitCode: string, year: number, limit = 500) {
  requireYear(year);
  const indicator = await requirePlanIndicator(db, indicatorCode);
  const unit = await requirePlanUnit(db, unitCode);
  return { indicator: indicator.code, unit: unit.code, year, revisions: await selectRevisions(db, indicator.id, year, unit.path, limit) };
}

/** `targets show`: the twelve monthly targets of the unit and, for a parent, of each child. */
export async function showPlan(db: Db, indicatorCode: string, unitCode: string, year: number) {
  const grid = await getPlanGrid(db, indicatorCode, unitCode, year, EVERYONE);
  const rows = grid.rows.filter((r) => r.depth <= 1);
  return {
    indicator: grid.indicator.code,
    unit: grid.unit,
    year,
    units: rows.map((r) => ({ unit: r.unit, status: r.status, months: r.plan?.months ?? r.approved.months, yearly: r.plan?.yearly ?? r.approved.yearly, approved: r.approved.months, lastYear: r.lastYear.yearly })),
    gaps: grid.gaps.filter((g) => g.unit === grid.unit),
  };
}

/**
 * Consistency of a year's targets (`targets check`): every parent whose children's yearly
 * targets of a sum indicator do not add up to its own, and units where a scored indicator
 * applies but has no target at all (its scorecard would say no data). Plans count where they
 * exist (drafts included, marked), approved targets elsewhere.
 */
export async function checkTargets(db: Db, year: number, visible: (u: UnitRow) => boolean = () => true) {
  requireYear(year);
  const indicators = (await selectIndicators(db)).map(planIndicator);
  const units = await selectUnits(db);
  const rollup = await selectRollupYear(db, null, null, year);
  const plans = await selectPlansOfYear(db, year);
  const months = new Map<string, (number | null)[]>();
  const own = new Map<string, (number | null)[]>();
  for (const r of rollup) {
    const key = `${r.indicatorId}|${r.unitId}`;
    if (!months.has(key)) {
      months.set(key, twelve(() => null));
      own.set(key, twelve(() => null));
    }
    months.get(key)![r.month - 1] = r.target;
    own.get(key)![r.month - 1] = r.ownTarget;
  }
  const planOf = new Map(plans.map((p) => [`${p.indicatorId}|${p.unitId}`, p]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const ancestorsOf = (u: UnitRow) => u.path.split('/').filter(Boolean).map(Number).filter((id) => id !== u.id).map((id) => byId.get(id)!).filter(Boolean);
  const gaps: { indicator: string; unit: string; target: number; childrenTotal: number; gap: number; missing: string[]; draft: boolean }[] = [];
  const missing: { indicator: string; unit: string }[] = [];
  for (const indicator of indicators) {
    const applies = appliesAt(indicator, units);
    const here = units.filter(applies);
    const yearlyAt = (u: UnitRow, which: Map<string, (number | null)[]>) => {
      const plan = planOf.get(`${indicator.id}|${u.id}`);
      if (plan) return yearlyOf(plan.months, indicator.timeMethod);
      const m = which.get(`${indicator.id}|${u.id}`);
      return m ? yearlyOf(m, indicator.timeMethod) : null;
    };
    if (indicator.summedOverUnits) {
      const parents = here.filter((u) => here.some((c) => c.parentId === u.id));
      const found = findGaps(
        parents.map((p) => ({
          unit: p.code,
          // A parent's own target (or plan); one that only aggregates its children cannot disagree with them.
          target: yearlyAt(p, own),
          children: here.filter((c) => c.parentId === p.id).map((c) => ({ unit: c.code, target: yearlyAt(c, months) })),
        })),
      );
      for (const g of found) {
        const parent = units.find((u) => u.code === g.unit)!;
        if (!visible(parent)) continue;
        const draft = [parent, ...here.filter((c) => c.parentId === parent.id)].some((u) => planOf.get(`${indicator.id}|${u.id}`)?.status === 'draft');
        gaps.push({ indicator: indicator.code, ...g, draft });
      }
    }
    if (indicator.scored) {
      // Rates and formulas inherit the nearest ancestor's target in scorecards; amounts do not.
      const inherited = (u: UnitRow) => !indicator.summedOverUnits && ancestorsOf(u).some((a) => yearlyAt(a, months) !== null);
      for (const u of here) {
        if (!visible(u)) continue;
        if (yearlyAt(u, months) === null && !inherited(u)) missing.push({ indicator: indicator.code, unit: u.code });
      }
    }
  }
  return { year, ok: gaps.length === 0 && missing.length === 0, gaps, missing };
}

/** Rows of the approved plan for export: one per indicator × unit × month with a target. */
export async function approvedPlanRows(db: Db, indicatorCode: string, unitCode: string, year: number, visible: (u: UnitRow) => boolean = () => true) {
  const grid = await getPlanGrid(db, indicatorCode, unitCode, year, EVERYONE, visible);
  return grid.rows.flatMap((r) =>
    r.approved.months.flatMap((target, i) => (target === null ? [] : [{ indicator: grid.indicator.code, unit: r.unit, period: grid.months[i], target, plan: r.status }])),
  );
}

