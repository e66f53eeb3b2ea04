import type { Db } from '../db/database.ts';
import { notFound, HttpError } from '../http/errors.ts';
import { selectChildren, selectSubtree, selectUnitByCode, type UnitRow } from '../units/repository.ts';
import { addMonths, monthRange, parsePeriod, monthsInWindow } from '../scoring/period.ts';
import { buildIndicatorSeries, buildScorecard, indicatorTrend, indicatorWindowValue, type Scorecard } from '../scoring/scorecard.ts';
import { gapOf, scoreIndicator, statusOf } from '../scoring/score.ts';
import type { SeriesByIndicator, Window } from '../scoring/types.ts';
import { loadModel, type LoadedModel } from './model.ts';
import { loadUnitSeries } from './series.ts';
import { inScopeOf, loadOrgTree, type OrgTree } from './completeness.ts';
import { selectMissingEntries } from './repository.ts';
import { selectRevisions } from '../measurements/repository.ts';
import { selectJobs, selectRuns } from '../scheduling/repository.ts';
import { ownershipAt } from '../owners/service.ts';

export async function requireUnit(db: Db, code: string): Promise<UnitRow> {
  const unit = await selectUnitByCode(db, code);
  if (!unit) throw notFound(`Unknown unit "${code}"`);
  return unit;
}

function requirePeriod(period: string) {
  try {
    return parsePeriod(period);
  } catch (err) {
    throw new HttpError(400, 'bad_period', (err as Error).message);
  }
}

/** The months a scorecard read needs: the window, a year of history before it, and the rest of its year (year targets). */
function monthsToLoad(period: string, historyMonths: number) {
  const parsed = requirePeriod(period);
  const from = addMonths(`${parsed.year}-01`, -Math.max(24, historyMonths + 12));
  return { parsed, from, to: `${parsed.year}-12` };
}

export interface ScorecardOptions {
  window: Window;
  history?: number;
}

/** DESIGN.md §4 scorecard, with names, display units, trends and (optionally) N months of history. */
export async function getScorecard(db: Db, unitCode: string, period: string, options: ScorecardOptions) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  const { parsed, from, to } = monthsToLoad(period, options.history ?? 0);
  const tree = await loadOrgTree(db);
  const series = (await loadUnitSeries(db, model, [unit], from, to, { tree })).get(unit.id)!;
  const inScope = inScopeOf(tree, unit);
  const card = buildScorecard({ model: model.scoring, unit: unit.code, period, window: options.window, series, inScope });
  const history = options.history ? historyOf(model, unit.code, series, parsed.lastMonth, options.window, options.history, inScope) : null;
  const owners = await ownershipAt(db, unit.path);
  return enrich(card, model, series, parsed.lastMonth, history, owners);
}

function historyOf(model: LoadedModel, unit: string, series: SeriesByIndicator, lastMonth: string, window: Window, count: number, inScope: (appliesTo: readonly string[]) => boolean) {
  const cards = monthRange(addMonths(lastMonth, -(count - 1)), lastMonth).map((month) => buildScorecard({ model: model.scoring, unit, period: month, window, series, inScope }));
  return cards;
}

/** A history card's results by code, so each row of the card being enriched finds its own in one step. */
function indexCard(card: Scorecard) {
  const objectives = card.perspectives.flatMap((p) => p.objectives);
  return {
    period: card.period,
    score: card.score,
    perspectives: new Map(card.perspectives.map((p) => [p.code, p])),
    objectives: new Map(objectives.map((o) => [o.code, o])),
    indicators: new Map(objectives.flatMap((o) => o.indicators.map((i) => [i.code, i]))),
  };
}

type OwnersAt = Awaited<ReturnType<typeof ownershipAt>>;

function enrich(card: Scorecard, model: LoadedModel, series: SeriesByIndicator, asOf: string, history: Scorecard[] | null, owners: OwnersAt) {
  const past = history?.map(indexCard);
  return {
    ...card,
    history: past?.map((h) => ({ period: h.period, score: h.score ?? null })),
    perspectives: card.perspectives.map((p) => ({
      ...p,
      name: model.names.perspectives.get(p.code) ?? p.code,
      history: past?.map((h) => ({ period: h.period, score: h.perspectives.get(p.code)?.score ?? null })),
      objectives: p.objectives.map((o) => ({
        ...o,
        name: model.names.objectives.get(o.code) ?? o.code,
        owner: owners.objective(o.code).owner,
        updaters: owners.objective(o.code).updaters,
        history: past?.map((h) => ({ period: h.period, score: h.objectives.get(o.code)?.score ?? null })),
        indicators: o.indicators.map((i) => {
          const meta = model.indicatorByCode.get(i.code)!;
          return {
            ...i,
            name: meta.name,
            unit: meta.unit,
            direction: meta.direction,
            owner: owners.indicator(i.code).owner,
            updaters: owners.indicator(i.code).updaters,
            trend: indicatorTrend(model.scoring, i.code, series, asOf),
            history: past?.map((h) => {
              const hi = h.indicators.get(i.code);
              return { period: h.period, actual: hi?.actual ?? null, target: hi?.target ?? null, score: hi?.score ?? null };
            }),
          };
        }),
      })),
    })),
  };
}

/** One indicator at one unit, month by month, with its trend as of the last month. */
export async function getSeries(db: Db, unitCode: string, indicatorCode: string, fromMonth: string, toMonth: string) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  const meta = model.indicatorByCode.get(indicatorCode);
  if (!meta) throw notFound(`Unknown indicator "${indicatorCode}"`);
  if (fromMonth > toMonth) throw new HttpError(400, 'bad_period', '`from` is after `to`');
  const months = monthRange(fromMonth, toMonth);
  if (months.length > 120) throw new HttpError(400, 'bad_period', 'at most 120 months at a time');
  const loadFrom = addMonths(fromMonth, -12) < `${toMonth.slice(0, 4)}-01` ? addMonths(fromMonth, -12) : `${toMonth.slice(0, 4)}-01`;
  const series = (await loadUnitSeries(db, model, [unit], loadFrom, `${toMonth.slice(0, 4)}-12`)).get(unit.id)!;
  const trend = indicatorTrend(model.scoring, indicatorCode, series, toMonth);
  const year = indicatorWindowValue(model.scoring, indicatorCode, series, monthRange(`${toMonth.slice(0, 4)}-01`, `${toMonth.slice(0, 4)}-12`));
  return {
    indicator: { code: meta.code, name: meta.name, unit: meta.unit, direction: meta.direction, aggregation: { time: meta.aggregationTime, org: meta.aggregationOrg }, formula: meta.formula, objective: meta.objective },
    unit: unit.code,
    points: buildIndicatorSeries(model.scoring, indicatorCode, series, months),
    trend,
    yearTarget: year.target,
    forecast: trend.forecast,
  };
}

function scoreOne(model: LoadedModel, code: string, series: SeriesByIndicator, months: string[]) {
  const def = model.scoring.indicators.find((i) => i.code === code)!;
  const v = indicatorWindowValue(model.scoring, code, series, months);
  const { score } = scoreIndicator({ actual: v.actual, target: v.target, baseline: v.baseline, redFlag: v.redFlag, direction: def.direction, tolerance: def.tolerance, scoring: def.scoring });
  const gap = gapOf(v.actual, v.target, def.direction, def.tolerance);
  return { actual: v.actual, target: v.target, score, status: statusOf(score, def.thresholds), gap: gap.gap, gapPct: gap.gapPct, completeness: v.completeness };
}

/** One indicator over a unit's direct children. */
export async function getBreakdown(db: Db, unitCode: string, indicatorCode: string, period: string, window: Window) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  if (!model.indicatorByCode.has(indicatorCode)) throw notFound(`Unknown indicator "${indicatorCode}"`);
  const parsed = requirePeriod(period);
  const months = monthsInWindow(period, window);
  const children = await selectChildren(db, unit.id);
  const all = await loadUnitSeries(db, model, [unit, ...children], months[0], parsed.lastMonth);
  return {
    indicator: indicatorCode,
    unit: unit.code,
    period,
    window,
    total: scoreOne(model, indicatorCode, all.get(unit.id)!, months),
    children: children.map((c) => ({ unit: c.code, name: c.name, ...scoreOne(model, indicatorCode, all.get(c.id)!, months) })),
  };
}

/** The unit and everything below it × perspectives (or × scored indicators), by score. */
export async function getHeatmap(db: Db, unitCode: string, period: string, window: Window, by: 'perspective' | 'indicator', visible: (u: UnitRow) => boolean) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  const parsed = requirePeriod(period);
  const units = (await selectSubtree(db, unit.path)).filter(visible).slice(0, 500);
  const months = monthsInWindow(period, window);
  const tree = await loadOrgTree(db);
  const all = await loadUnitSeries(db, model, units, months[0], parsed.lastMonth, { tree });
  const columns =
    by === 'perspective'
      ? model.scoring.perspectives.map((p) => ({ code: p.code, name: p.name ?? p.code }))
      : model.indicators.filter((i) => i.objective).map((i) => ({ code: i.code, name: i.name }));
  // an indicator column names its owner at the heatmap's unit (DESIGN.md §3)
  const owners = by === 'indicator' ? await ownershipAt(db, unit.path) : null;
  const columnsOut = owners ? columns.map((c) => ({ ...c, owner: owners.indicator(c.code).owner })) : columns;
  const rows = units.map((u) => {
    const card = buildScorecard({ model: model.scoring, unit: u.code, period, window, series: all.get(u.id)!, inScope: inScopeOf(tree, u) });
    const cells: Record<string, { score: number | null; status: string; complete?: boolean; completeness?: unknown }> = {};
    // partial figures say so in every cell (DESIGN.md §3 "Incomplete data")
    if (by === 'perspective') for (const p of card.perspectives) cells[p.code] = { score: p.score, status: p.status, complete: p.complete };
    else for (const i of card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators))) cells[i.code] = { score: i.score, status: i.status, completeness: i.completeness };
    return { unit: u.code, name: u.name, depth: u.depth - unit.depth, score: card.score, status: card.status, complete: card.complete, cells };
  });
  return { unit: unit.code, period, window, by, columns: columnsOut, rows };
}

export async function getStrategyMap(db: Db, unitCode: string, period: string, window: Window) {
  const card = await getScorecard(db, unitCode, period, { window });
  const model = await loadModel(db);
  const scores = new Map(card.perspectives.flatMap((p) => p.objectives.map((o) => [o.code, o] as const)));
  return {
    unit: card.unit,
    period,
    window,
    perspectives: model.scoring.perspectives.map((p) => ({ code: p.code, name: p.name ?? p.code, score: card.perspectives.find((cp) => cp.code === p.code)?.score ?? null })),
    objectives: model.scoring.objectives.map((o) => ({
      code: o.code,
      name: o.name ?? o.code,
      perspective: o.perspective,
      score: scores.get(o.code)?.score ?? null,
      status: scores.get(o.code)?.status ?? 'no_data',
      complete: scores.get(o.code)?.complete ?? true,
      drives: model.drives.get(o.code) ?? [],
    })),
  };
}

export async function getRevisionHistory(db: Db, unitCode: string, indicatorCode: string, period: string) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  const meta = model.indicatorByCode.get(indicatorCode);
  if (!meta) throw notFound(`Unknown indicator "${indicatorCode}"`);
  return selectRevisions(db, { indicatorId: meta.id, unitId: unit.id, period });
}

/** Last successful run of each source and the units still missing entries for the month. */
export async function getFreshness(db: Db, unitCode: string, period: string, options: { sources: boolean } = { sources: true }) {
  const unit = await requireUnit(db, unitCode);
  const parsed = requirePeriod(period);
  const jobs = options.sources ? await selectJobs(db) : [];
  const sources = await Promise.all(
    jobs.map(async (j) => {
      const runs = await selectRuns(db, { jobName: j.name, limit: 20 });
      const lastSuccess = runs.find((r) => r.status === 'succeeded');
      return { job: j.name, kind: j.kind, lastSuccessAt: lastSuccess?.endedAt ?? null, lastStatus: runs[0]?.status ?? null };
    }),
  );
  const missing = await selectMissingEntries(db, unit.path, parsed.lastMonth);
  return { unit: unit.code, period: parsed.lastMonth, sources, missing: missing.map((m) => ({ unit: m.code, name: m.name, missing: m.expected - m.present, expected: m.expected })) };
}
