/**
 * Fairness checks before finalising an evaluation (issue 18): the grade distribution per
 * division, and the units whose coverage (share of weight with data) or completeness (share of
 * expected data that came in) is below the cycle's `fairness` thresholds. Such units would be
 * graded on part of their scorecard, and their grades feed pay: finalising is refused until each
 * is acknowledged with a reason (stored per version and audited).
 */
import { insertAudit, type Actor } from '../audit/repository.ts';
import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import type { UnitRow } from '../units/repository.ts';
import type { FairnessDefinition } from './schema.ts';

export interface FairnessRow {
  unit: string;
  name: LocalizedName;
  grade: string | null;
  coverage: number;
  /** Added to result rows by the completeness work (DESIGN.md §3 "Incomplete data"); read when present. */
  completeness?: unknown;
}

export interface FlaggedUnit {
  unit: string;
  name: LocalizedName;
  coverage: number;
  completeness: number | null;
  reasons: string[];
  acknowledged: { reason: string; by: string; at: string } | null;
}

export interface DivisionDistribution {
  division: string;
  name: LocalizedName;
  units: number;
  grades: Record<string, number>;
}

/**
 * A result row's completeness as a share from 0 to 1, whatever shape it comes in: a number, an
 * object with `share`, or `{ reported, expected }` counts (per dimension: `units`, `months`).
 */
export function completenessShare(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.share === 'number') return v.share;
  if (typeof v.reported === 'number' && typeof v.expected === 'number') return v.expected > 0 ? v.reported / v.expected : null;
  const parts = ['units', 'months', 'indicators'].map((k) => completenessShare(v[k])).filter((x): x is number => x !== null);
  return parts.length ? parts.reduce((p, x) => p * x, 1) : null;
}

/** Units below a threshold, with the reasons in words. Pure. */
export function flagUnits(rows: FairnessRow[], thresholds: FairnessDefinition | undefined): Omit<FlaggedUnit, 'acknowledged'>[] {
  if (!thresholds) return [];
  const flagged: Omit<FlaggedUnit, 'acknowledged'>[] = [];
  for (const row of rows) {
    const completeness = completenessShare(row.completeness);
    const reasons: string[] = [];
    if (thresholds.minCoverage !== undefined && row.coverage < thresholds.minCoverage) reasons.push(`coverage ${(row.coverage * 100).toFixed(1)} % is below ${(thresholds.minCoverage * 100).toFixed(1)} %`);
    if (thresholds.minCompleteness !== undefined && completeness !== null && completeness < thresholds.minCompleteness) reasons.push(`completeness ${(completeness * 100).toFixed(1)} % is below ${(thresholds.minCompleteness * 100).toFixed(1)} %`);
    if (reasons.length) flagged.push({ unit: row.unit, name: row.name, coverage: row.coverage, completeness, reasons });
  }
  return flagged;
}

/** Grades counted per division (the unit at depth 2 above each evaluated unit; the company for itself). Pure. */
export function distributionByDivision(rows: FairnessRow[], units: UnitRow[]): DivisionDistribution[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const byCode = new Map(units.map((u) => [u.code, u]));
  const out = new Map<string, DivisionDistribution>();
  for (const row of rows) {
    const unit = byCode.get(row.unit);
    const ids = unit ? unit.path.split('/').filter(Boolean).map(Number) : [];
    const division = byId.get(ids[Math.min(1, ids.length - 1)]) ?? unit;
    const key = division?.code ?? row.unit;
    const entry = out.get(key) ?? { division: key, name: division?.name ?? key, units: 0, grades: {} };
    entry.units++;
    const grade = row.grade ?? '—';
    entry.grades[grade] = (entry.grades[grade] ?? 0) + 1;
    out.set(key, entry);
  }
  return [...out.values()].sort((a, b) => (a.division < b.division ? -1 : 1));
}

export async function selectAcknowledgments(db: Db, code: string, version: number) {
  const rows = await db
    .selectFrom('evaluation_fairness_ack')
    .select(['unit', 'reason', 'acknowledged_by as by', 'acknowledged_at as at'])
    .where('cycle_code', '=', code)
    .where('version', '=', version)
    .execute();
  return new Map(rows.map((r) => [r.unit, { reason: r.reason, by: r.by, at: new Date(r.at).toISOString() }]));
}

/** The flagged units of a version with their acknowledgments. */
export async function flaggedWithAcknowledgments(db: Db, code: string, version: number, rows: FairnessRow[], thresholds: FairnessDefinition | undefined): Promise<FlaggedUnit[]> {
  const acks = await selectAcknowledgments(db, code, version);
  return flagUnits(rows, thresholds).map((f) => ({ ...f, acknowledged: acks.get(f.unit) ?? null }));
}

/** Called by finalising: refuses (409) while a flagged unit has no acknowledgment for this version. */
export async function assertFairnessAcknowledged(db: Db, code: string, version: number, rows: FairnessRow[], thresholds: FairnessDefinition | undefined): Promise<void> {
  const open = (await flaggedWithAcknowledgments(db, code, version, rows, thresholds)).filter((f) => f.acknowledged === null);
  if (open.length === 0) return;
  throw new HttpError(
    409,
    'fairness_unacknowledged',
    `Finalising ${code} is blocked: ${open.map((f) => `${f.unit} (${f.reasons.join('; ')})`).join(', ')}. Acknowledge each with a reason first`,
    open.map((f) => ({ unit: f.unit, reasons: f.reasons })),
  );
}

/** Stores (or replaces) the acknowledgment of units for a version, with a reason; audited. */
export async function insertAcknowledgments(db: Db, actor: Actor, code: string, version: number, units: string[], reason: string) {
  for (const unit of units) {
    await db
      .insertInto('evaluation_fairness_ack')
      .values({ cycle_code: code, version, unit, reason, acknowledged_by: actor.name })
      .onConflict((oc) => oc.columns(['cycle_code', 'version', 'unit']).doUpdateSet({ reason, acknowledged_by: actor.name }))
      .execute();
  }
  await insertAudit(db, actor, { action: 'acknowledge', entity: 'evaluation_fairness', key: `${code}#${version}`, after: { units }, reason });
}
