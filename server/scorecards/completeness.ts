/**
 * Like-for-like parents at read time (DESIGN.md §3 "Incomplete data"): which entering units
 * below a parent were expected (the indicator applies there, the month is due), which did not
 * report, and the like-for-like figures the materialized rollup carries for exactly the units
 * that did. The rollup counts the reporting units and sums their targets; the expected units,
 * the names of the missing ones and the formulas' like-for-like inputs are decided here, from
 * the org tree and the model.
 */
import type { Db } from '../db/database.ts';
import { selectUnits, type UnitRow } from '../units/repository.ts';
import { applicableIndicators, isDue } from '../scoring/completeness.ts';
import { likeForLikeInputs } from '../scoring/like-for-like.ts';
import { parseFormula } from '../scoring/formula.ts';
import type { MonthValues, SeriesByIndicator } from '../scoring/types.ts';
import type { IndicatorMeta, LoadedModel } from './model.ts';
import { selectEnteredValues, type RollupRow } from './repository.ts';

export interface OrgTree {
  units: UnitRow[];
  byId: Map<number, UnitRow>;
  byCode: Map<string, UnitRow>;
  children: Map<number, UnitRow[]>;
}

export async function loadOrgTree(db: Db): Promise<OrgTree> {
  const units = await selectUnits(db);
  const children = new Map<number, UnitRow[]>();
  for (const unit of units) {
    if (unit.parentId !== null) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
  }
  return { units, byId: new Map(units.map((u) => [u.id, u])), byCode: new Map(units.map((u) => [u.code, u])), children };
}

/** Whether `unit` is inside one of `appliesTo` or an ancestor of one (it aggregates them). */
export function inScopeOf(tree: OrgTree, unit: UnitRow): (appliesTo: readonly string[]) => boolean {
  return (appliesTo) =>
    appliesTo.some((code) => {
      const root = tree.byCode.get(code);
      return root !== undefined && (unit.path.startsWith(root.path) || root.path.startsWith(unit.path));
    });
}

/** Indicator codes that apply at each unit, computed once per unit and read. */
export class Applicability {
  private readonly byUnit = new Map<number, Set<string>>();
  constructor(
    private readonly tree: OrgTree,
    private readonly model: LoadedModel,
  ) {}

  at(unit: UnitRow): Set<string> {
    let codes = this.byUnit.get(unit.id);
    if (!codes) {
      codes = applicableIndicators(this.model.scoring, inScopeOf(this.tree, unit));
      this.byUnit.set(unit.id, codes);
    }
    return codes;
  }

  applies(code: string, unit: UnitRow): boolean {
    return this.at(unit).has(code);
  }
}

const isLeaf = (tree: OrgTree, unit: UnitRow) => (tree.children.get(unit.id)?.length ?? 0) === 0;

function leavesBelow(tree: OrgTree, unit: UnitRow): UnitRow[] {
  return tree.units.filter((u) => u.path.startsWith(unit.path) && u.id !== unit.id && isLeaf(tree, u));
}

type Partial = { indicator: IndicatorMeta; unit: UnitRow; period: string; expected: UnitRow[] };

/**
 * Marks the months of parents in `result` whose entering units did not all report: `units`
 * (reported, expected, missing names) and, for `sum` indicators, the like-for-like target
 * (Σ of the targets of the units that reported); formula indicators above such a parent get
 * their inputs over the units that reported every input.
 */
export async function markIncompleteParents(
  db: Db,
  model: LoadedModel,
  tree: OrgTree,
  applicability: Applicability,
  result: Map<number, SeriesByIndicator>,
  rows: RollupRow[],
): Promise<void> {
  const candidates: (Partial & { row: RollupRow })[] = [];
  const leavesCache = new Map<number, UnitRow[]>();
  const leavesOf = (unit: UnitRow) => {
    let leaves = leavesCache.get(unit.id);
    if (!leaves) leavesCache.set(unit.id, (leaves = leavesBelow(tree, unit)));
    return leaves;
  };
  for (const row of rows) {
    const unit = tree.byId.get(row.unitId);
    const indicator = model.indicatorById.get(row.indicatorId);
    if (!unit || !indicator || isLeaf(tree, unit) || row.ownValue !== null || !row.childReported) continue;
    if (indicator.formula !== null || indicator.aggregationOrg === 'none' || !isDue(indicator.frequency, row.period)) continue;
    const expected = leavesOf(unit).filter((leaf) => applicability.applies(indicator.code, leaf));
    if (row.childReported >= expected.length) continue;
    candidates.push({ indicator, unit, period: row.period, expected, row });
  }
  if (candidates.length === 0) return;

  const formulas = model.indicators
    .filter((i) => i.formula !== null)
    .map((i) => ({ meta: i, inputs: safeInputs(i.formula!) }))
    .filter((f) => f.inputs.length > 0);
  const weightCodes = model.indicators.filter((i) => i.aggregationOrg.startsWith('weighted:')).map((i) => i.aggregationOrg.slice('weighted:'.length));
  const indicatorIds = new Set(candidates.map((c) => c.indicator.id));
  for (const f of formulas) for (const input of f.inputs) addId(model, indicatorIds, input);
  for (const code of weightCodes) addId(model, indicatorIds, code);
  const below = new Set(candidates.flatMap((c) => tree.units.filter((u) => u.path.startsWith(c.unit.path)).map((u) => u.id)));
  const periods = [...new Set(candidates.map((c) => c.period))];
  const entered = await selectEnteredValues(db, [...indicatorIds], [...below], periods);
  const ownAt = new Map(entered.filter((e) => e.ownValue !== null).map((e) => [`${e.indicatorId}|${e.unitId}|${e.period}`, Number(e.ownValue)]));
  const valueAt = new Map(entered.map((e) => [`${e.indicatorId}|${e.unitId}|${e.period}`, Number(e.value)]));

  /** Partial (indicator code, unit id, period) keys, for the formulas above them. */
  const partialKeys = new Set<string>();
  for (const candidate of candidates) {
    const { indicator, unit, period, expected, row } = candidate;
    const depth = unit.path.split('/').filter(Boolean).length;
    // A leaf counts as reported when it, or a unit between it and the parent, entered a value.
    const covered = (leaf: UnitRow) =>
      leaf.path
        .split('/')
        .filter(Boolean)
        .slice(depth)
        .some((id) => ownAt.has(`${indicator.id}|${id}|${period}`));
    const missing = expected.filter((leaf) => !covered(leaf)).map((leaf) => leaf.code);
    if (missing.length === 0) continue;
    partialKeys.add(`${indicator.code}|${unit.id}|${period}`);
    const values = monthRow(result, unit.id, indicator.code, period);
    values.units = { reported: expected.length - missing.length, expected: expected.length, missing };
    if (indicator.aggregationOrg === 'sum') {
      values.target = row.lflTarget;
      values.baseline = row.lflBaseline;
      values.stretch = row.lflStretch;
      values.redFlag = row.lflRedFlag;
    }
  }

  for (const [unitId, series] of result) {
    const unit = tree.byId.get(unitId);
    if (!unit || isLeaf(tree, unit)) continue;
    for (const { meta, inputs } of formulas) {
      if (!applicability.applies(meta.code, unit)) continue;
      for (const period of periods) {
        if (!inputs.some((input) => partialKeys.has(`${input}|${unit.id}|${period}`))) continue;
        const idOf = (code: string) => model.indicatorByCode.get(code)?.id;
        const lfl = likeForLikeInputs(
          {
            inputs,
            children: (code) => (tree.children.get(tree.byCode.get(code)!.id) ?? []).map((c) => c.code),
            applies: (code) => applicability.applies(meta.code, tree.byCode.get(code)!),
            own: (code, input) => ownAt.get(`${idOf(input)}|${tree.byCode.get(code)!.id}|${period}`),
            method: (input) => model.indicatorByCode.get(input)?.aggregationOrg ?? 'sum',
            weight: (code, weightCode) => valueAt.get(`${idOf(weightCode)}|${tree.byCode.get(code)!.id}|${period}`),
          },
          unit.code,
        );
        if (lfl.missing.length === 0) continue;
        const values = monthRow(result, unitId, meta.code, period, series);
        values.inputs = lfl.values;
        values.units = { reported: lfl.reported.length, expected: lfl.reported.length + lfl.missing.length, missing: [...lfl.missing].sort() };
      }
    }
  }
}

function addId(model: LoadedModel, ids: Set<number>, code: string) {
  const id = model.indicatorByCode.get(code)?.id;
  if (id !== undefined) ids.add(id);
}

function safeInputs(formula: string): string[] {
  try {
    return [...parseFormula(formula).inputs];
  } catch {
    return [];
  }
}

function monthRow(result: Map<number, SeriesByIndicator>, unitId: number, code: string, period: string, known?: SeriesByIndicator): MonthValues {
  const series = known ?? result.get(unitId)!;
  let months = series.get(code);
  if (!months) series.set(code, (months = new Map()));
  let values = months.get(period);
  if (!values) months.set(period, (values = { actual: null, target: null }));
  return values;
}
