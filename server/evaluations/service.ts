/**
 * Evaluation cycles (DESIGN.md §3 "Evaluation (CS평가 → 보상)"): preview → finalise → reopen.
 *
 * A preview is computed live from the materialized monthly values and marked provisional.
 * Finalising stores an immutable snapshot in the version row: the definition used, per-unit
 * results, the breakdown down to indicators, and a fingerprint (sha256) of every input the
 * numbers depend on. A finalised version is never recomputed: reads return the snapshot, and
 * `inputsChanged` says whether today's inputs would fingerprint differently. Reopening marks the
 * final version superseded and adds the next version, provisional, with a reason.
 */
import { loadOrgTree, inScopeOf } from '../scorecards/completeness.ts';
import { applicableIndicators } from '../scoring/completeness.ts';
import { sha256 } from '../auth/secrets.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import { DomainError, HttpError, conflict, notFound } from '../http/errors.ts';
import { selectIndicators } from '../model/repository.ts';
import { lockMeasurementWrites } from '../rollup/service.ts';
import { loadModel, type LoadedModel } from '../scorecards/model.ts';
import { loadUnitSeries } from '../scorecards/series.ts';
import { evaluateUnitScore, gradeEvaluation, sumAdjustments, type EvaluatedPerspective, type GradedResult, type UnitScore } from '../scoring/evaluation.ts';
import { monthRange } from '../scoring/period.ts';
import type { SeriesByIndicator } from '../scoring/types.ts';
import { selectUnits, type UnitRow } from '../units/repository.ts';
import * as repo from './repository.ts';
import { gradingRule, parseCycleDefinition, type CycleDefinition } from './schema.ts';

// ---------------------------------------------------------------------------------------------
// Inputs

interface EvaluationInputs {
  definition: CycleDefinition;
  model: LoadedModel;
  /** Evaluated units, by code. */
  units: UnitRow[];
  months: string[];
  series: Map<number, SeriesByIndicator>;
  /** unit code → indicator codes that do not apply to it (`appliesTo`). */
  notApplicable: Map<string, Set<string>>;
}

/** The months the scores are taken over: YTD as of `to`, or the span from..to. */
export function windowMonths(definition: Pick<CycleDefinition, 'from' | 'to' | 'window'>): string[] {
  return definition.window === 'span' ? monthRange(definition.from, definition.to) : monthRange(`${definition.to.slice(0, 4)}-01`, definition.to);
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

async function resolveUnits(allUnits: UnitRow[], definition: CycleDefinition): Promise<UnitRow[]> {
  if (Array.isArray(definition.units)) {
    const byCodeMap = new Map(allUnits.map((u) => [u.code, u]));
    const unknown = definition.units.filter((code) => !byCodeMap.has(code));
    if (unknown.length > 0) {
      throw new DomainError('unknown_units', `Unknown unit${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}`, unknown.map((code) => ({ path: 'units', message: `unknown unit "${code}"` })));
    }
    return definition.units.map((code) => byCodeMap.get(code)!).sort(byCode);
  }
  const level = definition.units.level;
  const units = allUnits.filter((u) => u.depth === level).sort(byCode);
  if (units.length === 0) throw new DomainError('unknown_units', `No unit sits at level ${level} of the tree (the company is level 1)`, [{ path: 'units.level', message: `no unit at level ${level}` }]);
  return units;
}

async function loadInputs(db: Db, definition: CycleDefinition): Promise<EvaluationInputs> {
  const [model, allUnits, indicatorRows] = await Promise.all([loadModel(db), selectUnits(db), selectIndicators(db)]);
  const units = await resolveUnits(allUnits, definition);
  const evaluated = new Set(units.map((u) => u.code));
  const outside = definition.adjustments.filter((a) => !evaluated.has(a.unit));
  if (outside.length > 0) {
    throw new DomainError('invalid_cycle', `Adjustments name units that are not evaluated: ${[...new Set(outside.map((a) => a.unit))].join(', ')}`, outside.map((a) => ({ path: 'adjustments', message: `unit ${a.unit} is not evaluated in this cycle` })));
  }
  const perspectives = new Set(model.scoring.perspectives.map((p) => p.code));
  const unknownPerspectives = Object.keys(definition.perspectiveWeights ?? {}).filter((code) => !perspectives.has(code));
  if (unknownPerspectives.length > 0) {
    throw new DomainError('invalid_cycle', `perspectiveWeights names perspectives the model does not have: ${unknownPerspectives.join(', ')}`, unknownPerspectives.map((code) => ({ path: `perspectiveWeights.${code}`, message: 'not a perspective of the model' })));
  }
  const months = windowMonths(definition);
  const series = await loadUnitSeries(db, model, units, months[0], months[months.length - 1]);

  // DESIGN.md §3 "Applies": inside appliesTo or an ancestor of it; a formula without appliesTo
  // applies where every input applies (the call centre has no profit, so no profit per employee).
  const tree = await loadOrgTree(db);
  const scored = new Set(indicatorRows.filter((row) => row.objective).map((row) => row.code));
  const notApplicable = new Map<string, Set<string>>(
    units.map((u) => {
      const applies = applicableIndicators(model.scoring, inScopeOf(tree, u));
      return [u.code, new Set([...scored].filter((code) => !applies.has(code)))];
    }),
  );
  return { definition, model, units, months, series, notApplicable };
}

// ---------------------------------------------------------------------------------------------
// Fingerprint

/** JSON with object keys sorted, so equal inputs always give the same text. */
function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * sha256 over everything the numbers depend on: the scoring settings of the definition (window
 * months, units, missing rule, weights, adjustment points, grading), the model's scoring
 * configuration, and every monthly actual, target, baseline, stretch and red flag of the
 * evaluated units in the window. Names, reasons and approvers do not change a number and are
 * left out.
 */
function fingerprintOf(inputs: EvaluationInputs): string {
  const { definition, model, units, months, series, notApplicable } = inputs;
  const data = units.map((unit) => {
    const rows: unknown[] = [];
    const byIndicator = series.get(unit.id) ?? new Map();
    for (const code of [...byIndicator.keys()].sort()) {
      for (const month of months) {
        const v = byIndicator.get(code)?.get(month);
        if (!v) continue;
        const row = [code, month, v.actual ?? null, v.target ?? null, v.baseline ?? null, v.stretch ?? null, v.redFlag ?? null];
        if (row.slice(2).some((x) => x !== null)) rows.push(row);
      }
    }
    return { unit: unit.code, notApplicable: [...(notApplicable.get(unit.code) ?? [])].sort(), rows };
  });
  const content = {
    fingerprint: 1,
    window: definition.window,
    months,
    missing: definition.missing,
    perspectiveWeights: definition.perspectiveWeights ?? null,
    adjustments: definition.adjustments.map((a) => [a.unit, a.points]).sort((a, b) => canonical(a).localeCompare(canonical(b))),
    grading: definition.grading,
    units: units.map((u) => u.code),
    model: {
      perspectives: model.scoring.perspectives.map((p) => ({ code: p.code, weight: p.weight })),
      objectives: model.scoring.objectives.map((o) => ({ code: o.code, perspective: o.perspective, weight: o.weight })),
      // appliesTo is in `notApplicable` per unit already; leaving it out keeps older fingerprints valid.
      indicators: model.scoring.indicators.map(({ name: _name, unit: _unit, kind: _kind, appliesTo: _appliesTo, ...rest }) => rest),
    },
    data,
  };
  return sha256(canonical(content));
}

// ---------------------------------------------------------------------------------------------
// Computation

export interface PerspectiveMeta {
  code: string;
  name: LocalizedName;
  weight: number;
}

/** One row per unit: DESIGN.md §3's keys, plus the unit's name. */
export interface ResultRow {
  unit: string;
  name: LocalizedName;
  score: number | null;
  adjustment: number;
  total: number | null;
  coverage: number;
  rank: number | null;
  grade: string | null;
  perspectives: Record<string, number | null>;
  /**
   * DESIGN.md §3 "Evaluations": whether every applicable indicator counted with all its units
   * and due months; which were left out (no comparable month, or no score) and which counted
   * from part of their data. Absent in versions finalised before it existed.
   */
  complete?: boolean;
  completeness?: { leftOut: string[]; partial: UnitScore['partial'] };
}

export interface AdjustmentOut {
  points: number;
  reason: string;
  approvedBy: string | null;
}

export interface UnitBreakdown extends Omit<ResultRow, 'perspectives'> {
  adjustments: AdjustmentOut[];
  perspectives: (Omit<EvaluatedPerspective, 'objectives'> & {
    name: LocalizedName;
    objectives: (Omit<EvaluatedPerspective['objectives'][number], 'indicators'> & {
      name: LocalizedName;
      indicators: (EvaluatedPerspective['objectives'][number]['indicators'][number] & { name: LocalizedName; unit: string })[];
    })[];
  })[];
  warnings: string[];
}

/** What a version stores (and a preview computes). */
interface Computed {
  perspectives: PerspectiveMeta[];
  gradedBy: 'bands' | 'distribution';
  months: string[];
  rows: ResultRow[];
  breakdown: UnitBreakdown[];
  warnings: string[];
  fingerprint: string;
}

function compute(inputs: EvaluationInputs): Computed {
  const { definition, model, units, months, series, notApplicable } = inputs;
  const weights = definition.perspectiveWeights ?? {};
  const perspectives: PerspectiveMeta[] = model.scoring.perspectives.map((p) => ({
    code: p.code,
    name: (model.names.perspectives.get(p.code) ?? p.code) as LocalizedName,
    weight: weights[p.code] ?? p.weight,
  }));
  const scores = units.map((unit) =>
    evaluateUnitScore({
      model: model.scoring,
      unit: unit.code,
      months,
      series: series.get(unit.id) ?? new Map(),
      missing: definition.missing,
      perspectiveWeights: weights,
      applies: (code) => !notApplicable.get(unit.code)?.has(code),
    }),
  );
  const adjustmentsByUnit = new Map<string, number[]>();
  for (const a of definition.adjustments) adjustmentsByUnit.set(a.unit, [...(adjustmentsByUnit.get(a.unit) ?? []), a.points]);
  const points = new Map([...adjustmentsByUnit].map(([unit, list]) => [unit, sumAdjustments(list)]));
  const graded = gradeEvaluation(
    scores.map((s) => ({ unit: s.unit, score: s.score, coverage: s.coverage, perspectives: Object.fromEntries(s.perspectives.map((p) => [p.code, p.score])) })),
    points,
    gradingRule(definition),
  );
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const scoreByCode = new Map(scores.map((s) => [s.unit, s]));
  const rows = graded.results.map((r) => resultRow(r, unitByCode.get(r.unit)!.name, scoreByCode.get(r.unit)!));
  const breakdown = rows.map((row): UnitBreakdown => {
    const score = scoreByCode.get(row.unit)!;
    const { perspectives: _p, ...rest } = row;
    return {
      ...rest,
      adjustments: definition.adjustments.filter((a) => a.unit === row.unit).map((a) => ({ points: a.points, reason: a.reason, approvedBy: a.approvedBy ?? null })),
      perspectives: score.perspectives.map((p) => ({
        ...p,
        name: (model.names.perspectives.get(p.code) ?? p.code) as LocalizedName,
        objectives: p.objectives.map((o) => ({
          ...o,
          name: (model.names.objectives.get(o.code) ?? o.code) as LocalizedName,
          indicators: o.indicators.map((i) => {
            const meta = model.indicatorByCode.get(i.code);
            return { ...i, name: meta?.name ?? i.code, unit: meta?.unit ?? '' };
          }),
        })),
      })),
      warnings: score.warnings,
    };
  });
  const warnings = [...graded.warnings, ...scores.flatMap((s) => s.warnings.map((w) => `${s.unit}: ${w}`))];
  return { perspectives, gradedBy: graded.gradedBy, months, rows, breakdown, warnings, fingerprint: fingerprintOf(inputs) };
}

function resultRow(r: GradedResult, name: LocalizedName, score: UnitScore): ResultRow {
  return {
    unit: r.unit,
    name,
    score: r.score,
    adjustment: r.adjustment,
    total: r.total,
    coverage: r.coverage,
    rank: r.rank,
    grade: r.grade,
    perspectives: r.perspectives,
    complete: score.complete,
    completeness: { leftOut: score.leftOut, partial: score.partial },
  };
}

async function computeDefinition(db: Db, definition: CycleDefinition): Promise<Computed> {
  return compute(await loadInputs(db, definition));
}

/** Whether today's inputs differ from those a snapshot was computed from. */
async function inputsChangedSince(db: Db, definition: CycleDefinition, fingerprint: string): Promise<boolean> {
  try {
    return fingerprintOf(await loadInputs(db, definition)) !== fingerprint;
  } catch (err) {
    // A unit of the cycle no longer exists, a perspective was removed…: the inputs have changed.
    if (err instanceof DomainError) return true;
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Documents (DESIGN.md §3 cycle JSON, extended)

export interface ResultsDocument {
  cycle: string;
  version: number;
  provisional: boolean;
  results: ResultRow[];
  name: LocalizedName;
  status: repo.VersionStatus;
  from: string;
  to: string;
  window: 'ytd' | 'span';
  months: { from: string; to: string };
  missing: 'exclude' | 'zero';
  grading: 'bands' | 'distribution';
  gradedBy: 'bands' | 'distribution';
  perspectives: PerspectiveMeta[];
  fingerprint: string;
  /** Finalised versions: whether today's inputs would fingerprint differently. Always false for a preview. */
  inputsChanged: boolean;
  finalizedBy: string | null;
  finalizedAt: string | null;
  reopenedReason: string | null;
  warnings: string[];
  /** Previews only: send it back to finalise exactly what was previewed. */
  confirmToken?: string;
}

interface StoredResults {
  perspectives: PerspectiveMeta[];
  gradedBy: 'bands' | 'distribution';
  months: string[];
  rows: ResultRow[];
  warnings: string[];
}

function documentOf(
  code: string,
  version: number,
  status: repo.VersionStatus,
  definition: CycleDefinition,
  data: StoredResults & { fingerprint: string },
  meta: { inputsChanged: boolean; finalizedBy: string | null; finalizedAt: Date | null; reopenedReason: string | null },
): ResultsDocument {
  const provisional = status === 'provisional';
  return {
    cycle: code,
    version,
    provisional,
    results: data.rows,
    name: definition.name as LocalizedName,
    status,
    from: definition.from,
    to: definition.to,
    window: definition.window,
    months: { from: data.months[0], to: data.months[data.months.length - 1] },
    missing: definition.missing,
    grading: definition.grading.method,
    gradedBy: data.gradedBy,
    perspectives: data.perspectives,
    fingerprint: data.fingerprint,
    inputsChanged: meta.inputsChanged,
    finalizedBy: meta.finalizedBy,
    finalizedAt: meta.finalizedAt ? new Date(meta.finalizedAt).toISOString() : null,
    reopenedReason: meta.reopenedReason,
    warnings: data.warnings,
    ...(provisional ? { confirmToken: data.fingerprint } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Cycles

async function requireCycle(db: Db, code: string, forUpdate = false) {
  const cycle = await repo.selectCycle(db, code, { forUpdate });
  if (!cycle) throw notFound(`Unknown evaluation cycle "${code}"`);
  return cycle;
}

async function latestVersion(db: Db, code: string) {
  const version = await repo.selectVersion(db, code);
  if (!version) throw new Error(`evaluation cycle ${code} has no version`);
  return version;
}

const definitionOf = (cycle: { definition: Record<string, unknown> }) => parseCycleDefinition(cycle.definition);

function summaryOf(definition: CycleDefinition) {
  return {
    from: definition.from,
    to: definition.to,
    window: definition.window,
    units: definition.units,
    missing: definition.missing,
    grading: definition.grading.method,
  };
}

export async function listCycles(db: Db) {
  const [cycles, latest] = await Promise.all([repo.selectCycles(db), repo.selectLatestVersions(db)]);
  const latestByCode = new Map(latest.map((v) => [v.cycleCode, v]));
  return cycles.map((c) => {
    const v = latestByCode.get(c.code);
    const d = c.definition as Record<string, unknown>;
    return {
      code: c.code,
      name: c.name,
      from: d.from,
      to: d.to,
      window: d.window,
      grading: (d.grading as { method?: string } | undefined)?.method ?? null,
      version: v?.version ?? null,
      status: v?.status ?? null,
      finalizedAt: v?.finalizedAt ?? null,
      finalizedBy: v?.finalizedBy ?? null,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  });
}

/** A cycle with its definition and every version (newest last); finalised ones say whether their inputs have changed. */
export async function getCycle(db: Db, code: string, options: Pick<ReadOptions, 'visible'> = {}) {
  const cycle = await requireCycle(db, code);
  const versions = await repo.selectVersions(db, code);
  const withChanges = await Promise.all(
    versions.map(async (v) => {
      if (v.status === 'provisional') return { ...v, inputsChanged: null as boolean | null };
      const stored = await repo.selectVersion(db, code, v.version);
      return { ...v, inputsChanged: await inputsChangedSince(db, parseCycleDefinition(stored!.definition), v.fingerprint!) };
    }),
  );
  const latest = versions[versions.length - 1];
  // A reader of a subtree does not see the adjustments (and their reasons) of other units.
  const adjustments = (cycle.definition.adjustments ?? []) as { unit: string }[];
  const show = await visibleFilter(db, adjustments.map((a) => a.unit), options.visible);
  return {
    code: cycle.code,
    name: cycle.name,
    definition: { ...cycle.definition, adjustments: adjustments.filter((a) => show(a.unit)) },
    ...summaryOf(definitionOf(cycle)),
    status: latest?.status ?? null,
    version: latest?.version ?? null,
    createdAt: cycle.createdAt,
    createdBy: cycle.createdBy,
    updatedAt: cycle.updatedAt,
    updatedBy: cycle.updatedBy,
    versions: withChanges.map((v) => ({
      version: v.version,
      status: v.status,
      fingerprint: v.fingerprint,
      inputsChanged: v.inputsChanged,
      finalizedBy: v.finalizedBy,
      finalizedAt: v.finalizedAt,
      reopenedReason: v.reopenedReason,
      reopenedBy: v.reopenedBy,
      supersededAt: v.supersededAt,
      createdAt: v.createdAt,
    })),
  };
}

/** Stores a new cycle (version 1, provisional). The definition must resolve against the model and the tree. */
export async function createCycle(db: Db, actor: Actor, raw: unknown) {
  const definition = parseCycleDefinition(raw);
  if (await repo.selectCycle(db, definition.code)) throw new HttpError(409, 'cycle_exists', `Evaluation cycle "${definition.code}" already exists`);
  await loadInputs(db, definition);
  await repo.insertCycle(db, { code: definition.code, name: definition.name as LocalizedName, definition: definition as Record<string, unknown>, by: actor.name });
  await repo.insertVersion(db, { code: definition.code, version: 1 });
  await insertAudit(db, actor, { action: 'create', entity: 'evaluation_cycle', key: definition.code, after: definition });
  return definition;
}

/** Replaces the working definition; refused while the latest version is final (reopen it first). */
export async function updateCycle(db: Db, actor: Actor, code: string, raw: unknown) {
  const body = raw && typeof raw === 'object' && !Array.isArray(raw) ? { code, ...(raw as Record<string, unknown>) } : raw;
  const definition = parseCycleDefinition(body);
  if (definition.code !== code) throw new HttpError(400, 'code_mismatch', `The body names cycle "${definition.code}" but the path names "${code}"`);
  const cycle = await requireCycle(db, code, true);
  const latest = await latestVersion(db, code);
  if (latest.status !== 'provisional') throw new HttpError(409, 'already_final', `Version ${latest.version} of evaluation cycle "${code}" is already final; reopen it with a reason before changing the definition`);
  await loadInputs(db, definition);
  if (canonical(cycle.definition) === canonical(definition)) return { definition, changed: false };
  await repo.updateCycleDefinition(db, code, { name: definition.name as LocalizedName, definition: definition as Record<string, unknown>, by: actor.name });
  await insertAudit(db, actor, { action: 'update', entity: 'evaluation_cycle', key: code, before: cycle.definition, after: definition });
  return { definition, changed: true };
}

/** The version a preview would be finalised as: the open provisional version, else the next one. */
async function workingVersion(db: Db, code: string): Promise<number> {
  const latest = await repo.selectVersion(db, code);
  if (!latest) return 1;
  return latest.status === 'provisional' ? latest.version : latest.version + 1;
}

/** Live, provisional results of a definition (stored or not); nothing is written. */
export async function previewDefinition(db: Db, raw: unknown): Promise<ResultsDocument> {
  const definition = parseCycleDefinition(raw);
  const computed = await computeDefinition(db, definition);
  return documentOf(definition.code, await workingVersion(db, definition.code), 'provisional', definition, computed, { inputsChanged: false, finalizedBy: null, finalizedAt: null, reopenedReason: null });
}

/** Live, provisional results of a stored cycle's working definition. */
export async function previewCycle(db: Db, code: string, options: Pick<ReadOptions, 'visible'> = {}): Promise<ResultsDocument> {
  const cycle = await requireCycle(db, code);
  const definition = definitionOf(cycle);
  const latest = await latestVersion(db, code);
  const computed = await computeDefinition(db, definition);
  const version = latest.status === 'provisional' ? latest.version : latest.version + 1;
  const reopenedReason = latest.status === 'provisional' ? latest.reopenedReason : null;
  return withVisibility(db, documentOf(code, version, 'provisional', definition, computed, { inputsChanged: false, finalizedBy: null, finalizedAt: null, reopenedReason }), options.visible);
}

export interface FinalizeOptions {
  /** An explicit "yes, finalise whatever today's data gives". */
  confirm?: boolean;
  /** The `confirmToken` of a preview: finalise only if the inputs are still exactly those previewed. */
  confirmToken?: string;
}

/**
 * Stores the immutable snapshot of the open provisional version. Needs an explicit confirmation;
 * with a preview's token, refuses (409 inputs_changed) when anything moved since that preview.
 * Adjustments without an approver are recorded as approved by whoever finalises.
 */
export async function finalizeCycle(db: Db, actor: Actor, code: string, options: FinalizeOptions): Promise<ResultsDocument> {
  if (options.confirm !== true && !options.confirmToken) {
    throw new HttpError(400, 'confirmation_required', 'Finalising is permanent: send the confirmToken of a preview, or confirm: true');
  }
  const cycle = await requireCycle(db, code, true);
  const latest = await latestVersion(db, code);
  if (latest.status !== 'provisional') {
    throw new HttpError(409, 'already_final', `Version ${latest.version} of evaluation cycle "${code}" is already final (finalised by ${latest.finalizedBy}); reopen it with a reason to change it`);
  }
  const working = definitionOf(cycle);
  // The results read many units' months in many statements: no write may land between them.
  await lockMeasurementWrites(db);
  // The fingerprint leaves approvers out, so naming them changes no number and no token.
  const definition: CycleDefinition = { ...working, adjustments: working.adjustments.map((a) => ({ ...a, approvedBy: a.approvedBy ?? actor.name })) };
  const computed = await computeDefinition(db, definition);
  if (options.confirmToken && options.confirmToken !== computed.fingerprint) {
    throw new HttpError(409, 'inputs_changed', 'The inputs have changed since that preview; preview again and confirm the new results', { confirmToken: computed.fingerprint });
  }
  if (computed.rows.every((r) => r.total === null)) {
    throw new DomainError('nothing_to_finalize', `No evaluated unit of cycle "${code}" has a score in ${computed.months[0]}..${computed.months[computed.months.length - 1]}`);
  }
  const stored: StoredResults = { perspectives: computed.perspectives, gradedBy: computed.gradedBy, months: computed.months, rows: computed.rows, warnings: computed.warnings };
  const done = await repo.finalizeVersion(db, code, latest.version, {
    definition: definition as Record<string, unknown>,
    results: stored as unknown as Record<string, unknown>,
    breakdown: { units: computed.breakdown } as Record<string, unknown>,
    fingerprint: computed.fingerprint,
    finalizedBy: actor.name,
    finalizedById: actor.id,
  });
  if (!done) throw conflict(`Version ${latest.version} of evaluation cycle "${code}" was finalised meanwhile`);
  await insertAudit(db, actor, {
    action: 'finalize',
    entity: 'evaluation_cycle',
    key: code,
    after: { version: latest.version, fingerprint: computed.fingerprint, results: computed.rows.map((r) => ({ unit: r.unit, total: r.total, rank: r.rank, grade: r.grade })), adjustments: definition.adjustments },
  });
  return getResults(db, code, { version: latest.version });
}

/** Marks the final version superseded and opens the next one (provisional) with a reason. */
export async function reopenCycle(db: Db, actor: Actor, code: string, reason: string) {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new HttpError(400, 'reason_required', 'Say why the cycle is reopened');
  await requireCycle(db, code, true);
  const latest = await latestVersion(db, code);
  if (latest.status !== 'final') throw new HttpError(409, 'not_final', `Version ${latest.version} of evaluation cycle "${code}" is not final; there is nothing to reopen`);
  if (!(await repo.supersedeVersion(db, code, latest.version))) throw conflict(`Version ${latest.version} of evaluation cycle "${code}" changed meanwhile`);
  await repo.insertVersion(db, { code, version: latest.version + 1, reopenedReason: trimmed, reopenedBy: actor.name });
  await insertAudit(db, actor, { action: 'reopen', entity: 'evaluation_cycle', key: code, before: { version: latest.version, status: 'final' }, after: { version: latest.version + 1, status: 'provisional' }, reason: trimmed });
  return { cycle: code, version: latest.version + 1, status: 'provisional' as const, superseded: latest.version, reason: trimmed };
}

/**
 * The cycle file's way in (`northstar evaluate finalize FILE`): creates the cycle or replaces the
 * open version's definition with the file's, then finalises it.
 */
export async function finalizeDefinition(db: Db, actor: Actor, raw: unknown): Promise<ResultsDocument> {
  const definition = parseCycleDefinition(raw);
  if (!(await repo.selectCycle(db, definition.code))) await createCycle(db, actor, definition);
  else await updateCycle(db, actor, definition.code, definition);
  return finalizeCycle(db, actor, definition.code, { confirm: true });
}

// ---------------------------------------------------------------------------------------------
// Reading results

export interface ReadOptions {
  version?: number;
  /** Which units the caller may see (reviewers of a subtree); ranks stay those of the whole cycle. */
  visible?: (unit: UnitRow | undefined, code: string) => boolean;
}

async function visibleFilter(db: Db, codes: string[], visible: ReadOptions['visible']): Promise<(code: string) => boolean> {
  if (!visible) return () => true;
  const units = new Map((await selectUnits(db)).map((u) => [u.code, u]));
  const allowed = new Set(codes.filter((code) => visible(units.get(code), code)));
  return (code) => allowed.has(code);
}

/** Only the rows (and the warnings about units) the caller may see. */
async function withVisibility(db: Db, document: ResultsDocument, visible: ReadOptions['visible']): Promise<ResultsDocument> {
  if (!visible) return document;
  const evaluated = new Set(document.results.map((r) => r.unit));
  const show = await visibleFilter(db, [...evaluated], visible);
  const aboutUnit = (warning: string) => warning.slice(0, Math.max(0, warning.indexOf(':')));
  return {
    ...document,
    results: document.results.filter((r) => show(r.unit)),
    warnings: document.warnings.filter((w) => !evaluated.has(aboutUnit(w)) || show(aboutUnit(w))),
  };
}

async function requireVersion(db: Db, code: string, version?: number) {
  await requireCycle(db, code);
  const row = await repo.selectVersion(db, code, version);
  if (!row) throw notFound(`Evaluation cycle "${code}" has no version ${version}`);
  return row;
}

/** Results of a version (the latest by default): the snapshot when final or superseded, a live preview when provisional. */
export async function getResults(db: Db, code: string, options: ReadOptions = {}): Promise<ResultsDocument> {
  const row = await requireVersion(db, code, options.version);
  let document: ResultsDocument;
  if (row.status === 'provisional') {
    const cycle = await requireCycle(db, code);
    const definition = definitionOf(cycle);
    document = documentOf(code, row.version, row.status, definition, await computeDefinition(db, definition), { inputsChanged: false, finalizedBy: null, finalizedAt: null, reopenedReason: row.reopenedReason });
  } else {
    const definition = parseCycleDefinition(row.definition);
    const stored = row.results as unknown as StoredResults;
    document = documentOf(code, row.version, row.status, definition, { ...stored, fingerprint: row.fingerprint! }, {
      inputsChanged: await inputsChangedSince(db, definition, row.fingerprint!),
      finalizedBy: row.finalizedBy,
      finalizedAt: row.finalizedAt,
      reopenedReason: row.reopenedReason,
    });
  }
  return withVisibility(db, document, options.visible);
}

/** One unit's breakdown down to indicators, with its adjustments, for a version (the latest by default). */
export async function getUnitBreakdown(db: Db, code: string, unitCode: string, options: ReadOptions = {}) {
  const row = await requireVersion(db, code, options.version);
  let units: UnitBreakdown[];
  let definition: CycleDefinition;
  let fingerprint: string;
  if (row.status === 'provisional') {
    definition = definitionOf(await requireCycle(db, code));
    const computed = await computeDefinition(db, definition);
    units = computed.breakdown;
    fingerprint = computed.fingerprint;
  } else {
    definition = parseCycleDefinition(row.definition);
    units = (row.breakdown as unknown as { units: UnitBreakdown[] }).units;
    fingerprint = row.fingerprint!;
  }
  const unit = units.find((u) => u.unit === unitCode);
  const show = await visibleFilter(db, [unitCode], options.visible);
  if (!unit || !show(unitCode)) throw notFound(`Unit "${unitCode}" is not evaluated in version ${row.version} of cycle "${code}"`);
  return {
    cycle: code,
    version: row.version,
    provisional: row.status === 'provisional',
    status: row.status,
    window: definition.window,
    missing: definition.missing,
    months: windowMonths(definition),
    fingerprint,
    ...unit,
  };
}
