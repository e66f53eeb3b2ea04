import type { Db } from '../db/database.ts';
import type { MonthValues, SeriesByIndicator } from '../scoring/types.ts';
import type { UnitRow } from '../units/repository.ts';
import { monthRange } from '../scoring/period.ts';
import { inheritsTargets, type LoadedModel } from './model.ts';
import { selectOwnTargets, selectRollupRows } from './repository.ts';
import { Applicability, loadOrgTree, markIncompleteParents, type OrgTree } from './completeness.ts';

const ancestorIds = (unit: UnitRow) =>
  unit.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== unit.id)
    .reverse(); // nearest first

/**
 * The monthly effective values of every indicator for each of `units`, months `from..to`:
 * materialized rollups, plus targets inherited from the nearest ancestor that set one for
 * indicators that inherit (rates, formulas). Returns unit id → series.
 */
export async function loadUnitSeries(
  db: Db,
  model: LoadedModel,
  units: UnitRow[],
  from: string,
  to: string,
  context?: { tree: OrgTree; applicability?: Applicability },
): Promise<Map<number, SeriesByIndicator>> {
  const rows = await selectRollupRows(db, units.map((u) => u.id), from, to);
  const result = new Map<number, SeriesByIndicator>(units.map((u) => [u.id, new Map()]));
  for (const r of rows) {
    const indicator = model.indicatorById.get(r.indicatorId);
    if (!indicator) continue;
    const series = result.get(r.unitId)!;
    let months = series.get(indicator.code);
    if (!months) series.set(indicator.code, (months = new Map()));
    months.set(r.period, { actual: r.value, target: r.target, baseline: r.baseline, stretch: r.stretch, redFlag: r.redFlag });
  }
  await inheritTargets(db, model, units, result, from, to);
  const tree = context?.tree ?? (await loadOrgTree(db));
  await markIncompleteParents(db, model, tree, context?.applicability ?? new Applicability(tree, model), result, rows);
  return result;
}

async function inheritTargets(db: Db, model: LoadedModel, units: UnitRow[], result: Map<number, SeriesByIndicator>, from: string, to: string) {
  const inheriting = model.indicators.filter(inheritsTargets);
  if (inheriting.length === 0) return;
  const ancestors = [...new Set(units.flatMap(ancestorIds))];
  const own = await selectOwnTargets(db, ancestors, from, to);
  const byKey = new Map(own.map((t) => [`${t.indicatorId}|${t.unitId}|${t.period}`, t]));
  const months = monthRange(from, to);
  for (const unit of units) {
    const chain = ancestorIds(unit);
    const series = result.get(unit.id)!;
    for (const indicator of inheriting) {
      for (const month of months) {
        const current = series.get(indicator.code)?.get(month);
        if (current?.target !== null && current?.target !== undefined) continue;
        const inherited = chain.map((id) => byKey.get(`${indicator.id}|${id}|${month}`)).find(Boolean);
        if (!inherited) continue;
        let monthsOf = series.get(indicator.code);
        if (!monthsOf) series.set(indicator.code, (monthsOf = new Map()));
        const values: MonthValues = { actual: current?.actual ?? null, target: inherited.target, baseline: inherited.baseline, stretch: inherited.stretch, redFlag: inherited.redFlag };
        monthsOf.set(month, values);
      }
    }
  }
}
