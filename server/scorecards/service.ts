import type { Db } from '../db/database.ts';
import { notFound, HttpError } from '../http/errors.ts';
import { selectChildren, selectSubtree, selectUnitByCode, type UnitRow } from '../units/repository.ts';
import { addMonths, monthRange, parsePeriod, monthsInWindow, previousPeriod, samePeriodLastYear } from '../scoring/period.ts';
import { changeOf, offTargetSince, shortfallPct, sortExceptions, isBelowTarget, type Change } from '../scoring/exceptions.ts';
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
import { loadVocSection } from '../voc/config.ts';
import { vocDrillFeed, type VocFeedKey } from '../scoring/voc.ts';

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
  /** Add the direct children's totals (`children`, for the overview's child-unit table). */
  children?: boolean;
  /** Which units the caller may see (children outside are left out). */
  visible?: (u: UnitRow) => boolean;
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
  const compare = comparisonCards(model, unit.code, period, options.window, series, inScope);
  const vocFeeds = (await loadVocSection(db))?.feeds ?? {};
  const out = enrich(card, model, series, parsed.lastMonth, history, owners, compare, vocFeeds);
  if (!options.children) return out;
  return { ...out, children: await childTotals(db, model, tree, unit, period, options.window, options.visible ?? (() => true)) };
}

/** The same window one period earlier and one year earlier (issue 19, period comparison). */
function comparisonCards(model: LoadedModel, unit: string, period: string, window: Window, series: SeriesByIndicator, inScope: (appliesTo: readonly string[]) => boolean) {
  const card = (p: string) => indexCard(buildScorecard({ model: model.scoring, unit, period: p, window, series, inScope }));
  return { previous: card(previousPeriod(period)), lastYear: card(samePeriodLastYear(period)) };
}
type ComparisonCards = ReturnType<typeof comparisonCards>;

function compared(now: { score: number | null; actual?: number | null }, pick: (c: IndexedCard) => { score: number | null; actual?: number | null } | undefined, cards: ComparisonCards) {
  const one = (c: IndexedCard): Change & { period: string } => ({ period: c.period, ...changeOf(now, pick(c) ?? null) });
  return { previous: one(cards.previous), lastYear: one(cards.lastYear) };
}

/** The direct children the caller may see, each with its total, status, gap to 100 and completeness. */
async function childTotals(db: Db, model: LoadedModel, tree: OrgTree, unit: UnitRow, period: string, window: Window, visible: (u: UnitRow) => boolean) {
  const children = (await selectChildren(db, unit.id)).filter(visible);
  if (!children.length) return [];
  const { parsed, from } = monthsToLoad(period, 0);
  const all = await loadUnitSeries(db, model, children, from, parsed.lastMonth, { tree });
  return children.map((c) => {
    const card = buildScorecard({ model: model.scoring, unit: c.code, period, window, series: all.get(c.id)!, inScope: inScopeOf(tree, c) });
    const indicators = card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators));
    const prev = buildScorecard({ model: model.scoring, unit: c.code, period: previousPeriod(period), window, series: all.get(c.id)!, inScope: inScopeOf(tree, c) });
    return {
      unit: c.code,
      name: c.name,
      score: card.score,
      status: card.status,
      gap: card.score === null ? null : Math.round((card.score - 100) * 1e6) / 1e6,
      coverage: card.coverage,
      complete: card.complete,
      reported: indicators.filter((i) => i.actual !== null).length,
      expected: indicators.length,
      exceptions: indicators.filter((i) => isBelowTarget(i.status)).length,
      previous: changeOf({ score: card.score }, { score: prev.score }),
    };
  });
}

function historyOf(model: LoadedModel, unit: string, series: SeriesByIndicator, lastMonth: string, window: Window, count: number, inScope: (appliesTo: readonly string[]) => boolean) {
  const cards = monthRange(addMonths(lastMonth, -(count - 1)), lastMonth).map((month) => buildScorecard({ model: model.scoring, unit, period: month, window, series, inScope }));
  return cards;
}

type IndexedCard = ReturnType<typeof indexCard>;

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

function enrich(card: Scorecard, model: LoadedModel, series: SeriesByIndicator, asOf: string, history: Scorecard[] | null, owners: OwnersAt, cards: ComparisonCards, vocFeeds: Partial<Record<VocFeedKey, string>>) {
  const past = history?.map(indexCard);
  return {
    ...card,
    history: past?.map((h) => ({ period: h.period, score: h.score ?? null })),
    compare: compared(card, (c) => ({ score: c.score }), cards),
    perspectives: card.perspectives.map((p) => ({
      ...p,
      name: model.names.perspectives.get(p.code) ?? p.code,
      history: past?.map((h) => ({ period: h.period, score: h.perspectives.get(p.code)?.score ?? null })),
      compare: compared(p, (c) => c.perspectives.get(p.code), cards),
      objectives: p.objectives.map((o) => ({
        ...o,
        name: model.names.objectives.get(o.code) ?? o.code,
        compare: compared(o, (c) => c.objectives.get(o.code), cards),
        owner: owners.objective(o.code).owner,
        updaters: owners.objective(o.code).updaters,
        history: past?.map((h) => ({ period: h.period, score: h.objectives.get(o.code)?.score ?? null })),
        indicators: o.indicators.map((i) => {
          const meta = model.indicatorByCode.get(i.code)!;
          const vocFeed = vocDrillFeed(i.code, meta.formula, vocFeeds);
          return {
            ...i,
            ...(vocFeed ? { vocFeed } : {}),
            name: meta.name,
            unit: meta.unit,
            direction: meta.direction,
            owner: owners.indicator(i.code).owner,
            updaters: owners.indicator(i.code).updaters,
            trend: indicatorTrend(model.scoring, i.code, series, asOf),
            compare: compared(i, (c) => c.indicators.get(i.code), cards),
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

/** The unit and everything below it × perspectives (or × scored indicators), by score; with `compare`, each score also one period and one year earlier. */
export async function getHeatmap(db: Db, unitCode: string, period: string, window: Window, by: 'perspective' | 'indicator', visible: (u: UnitRow) => boolean, options: { compare?: boolean } = {}) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  const parsed = requirePeriod(period);
  const units = (await selectSubtree(db, unit.path)).filter(visible).slice(0, 500);
  const months = monthsInWindow(period, window);
  const periods = options.compare ? { previous: previousPeriod(period), lastYear: samePeriodLastYear(period) } : null;
  const from = periods ? [months[0], monthsInWindow(periods.previous, window)[0], monthsInWindow(periods.lastYear, window)[0]].sort()[0] : months[0];
  const tree = await loadOrgTree(db);
  const all = await loadUnitSeries(db, model, units, from, parsed.lastMonth, { tree });
  const columns =
    by === 'perspective'
      ? model.scoring.perspectives.map((p) => ({ code: p.code, name: p.name ?? p.code }))
      : model.indicators.filter((i) => i.objective).map((i) => ({ code: i.code, name: i.name }));
  // an indicator column names its owner at the heatmap's unit (DESIGN.md §3)
  const owners = by === 'indicator' ? await ownershipAt(db, unit.path) : null;
  const columnsOut = owners ? columns.map((c) => ({ ...c, owner: owners.indicator(c.code).owner })) : columns;
  type Cell = { score: number | null; status: string; complete?: boolean; completeness?: unknown; previous?: number | null; lastYear?: number | null };
  const cellsOf = (card: Scorecard) => {
    const cells: Record<string, Cell> = {};
    // partial figures say so in every cell (DESIGN.md §3 "Incomplete data")
    if (by === 'perspective') for (const p of card.perspectives) cells[p.code] = { score: p.score, status: p.status, complete: p.complete };
    else for (const i of card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.indicators))) cells[i.code] = { score: i.score, status: i.status, completeness: i.completeness };
    return cells;
  };
  const rows = units.map((u) => {
    const input = { model: model.scoring, unit: u.code, window, series: all.get(u.id)!, inScope: inScopeOf(tree, u) };
    const card = buildScorecard({ ...input, period });
    const cells = cellsOf(card);
    const row = { unit: u.code, name: u.name, depth: u.depth - unit.depth, score: card.score, status: card.status, complete: card.complete, cells };
    if (!periods) return row;
    const previous = buildScorecard({ ...input, period: periods.previous });
    const lastYear = buildScorecard({ ...input, period: periods.lastYear });
    const prevCells = cellsOf(previous);
    const lyCells = cellsOf(lastYear);
    for (const [code, cell] of Object.entries(cells)) {
      cell.previous = prevCells[code]?.score ?? null;
      cell.lastYear = lyCells[code]?.score ?? null;
    }
    return { ...row, previous: previous.score, lastYear: lastYear.score };
  });
  return { unit: unit.code, period, window, by, columns: columnsOut, rows, ...(periods ? { compare: periods } : {}) };
}

/**
 * Exceptions first (issue 19): every indicator below target (off track or at risk) at the unit
 * and the units below it the caller may see, with how many months in a row it has been below
 * target, in the reading order of `sortExceptions` (largest shortfall first).
 */
export async function getExceptions(
  db: Db,
  unitCode: string,
  period: string,
  window: Window,
  visible: (u: UnitRow) => boolean,
  options: { status?: 'off_track' | 'at_risk'; scope?: 'unit' | 'subtree'; limit?: number } = {},
) {
  const unit = await requireUnit(db, unitCode);
  const model = await loadModel(db);
  const parsed = requirePeriod(period);
  const units = options.scope === 'unit' ? [unit] : (await selectSubtree(db, unit.path)).filter(visible).slice(0, 500);
  const months = monthsInWindow(period, window);
  const lookBack = 12;
  const firstStreakMonth = addMonths(parsed.lastMonth, -(lookBack - 1));
  const from = months[0] < firstStreakMonth ? months[0] : firstStreakMonth;
  const tree = await loadOrgTree(db);
  const all = await loadUnitSeries(db, model, units, from, parsed.lastMonth, { tree });
  const streakMonths = monthRange(firstStreakMonth, parsed.lastMonth);
  const wanted = (s: string) => (options.status ? s === options.status : isBelowTarget(s as never));
  const rows = units.flatMap((u) => {
    const series = all.get(u.id)!;
    const card = buildScorecard({ model: model.scoring, unit: u.code, period, window, series, inScope: inScopeOf(tree, u) });
    return card.perspectives.flatMap((p) =>
      p.objectives.flatMap((o) =>
        o.indicators
          .filter((i) => wanted(i.status))
          .map((i) => {
            const meta = model.indicatorByCode.get(i.code)!;
            const monthly = buildIndicatorSeries(model.scoring, i.code, series, streakMonths);
            const since = offTargetSince(monthly, parsed.lastMonth, lookBack);
            return {
              unit: u.code,
              unitName: u.name,
              depth: u.depth - unit.depth,
              perspective: p.code,
              objective: o.code,
              indicator: i.code,
              name: meta.name,
              measure: meta.unit,
              direction: meta.direction as 'increase' | 'decrease' | 'maintain',
              actual: i.actual,
              target: i.target,
              score: i.score,
              status: i.status,
              gap: i.gap,
              gapPct: i.gapPct,
              favourable: i.favourable,
              shortfall: shortfallPct(i.gapPct, meta.direction as 'increase' | 'decrease' | 'maintain'),
              offTargetMonths: since.months,
              offTargetSince: since.since,
              completeness: i.completeness,
            };
          }),
      ),
    );
  });
  const sorted = sortExceptions(rows);
  const limit = options.limit ?? 500;
  return { unit: unit.code, period, window, lookBack, total: sorted.length, items: sorted.slice(0, limit) };
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

/** The job kinds that ingest measurements (jobs/ingest.ts and its file-drop, http-pull, sql-pull and push sources). */
export const INGEST_KINDS: ReadonlySet<string> = new Set(['file-drop', 'http-pull', 'sql-pull', 'push']);

/** Last successful run of each source and the units still missing entries for the month. */
export async function getFreshness(db: Db, unitCode: string, period: string, options: { sources: boolean } = { sources: true }) {
  const unit = await requireUnit(db, unitCode);
  const parsed = requirePeriod(period);
  // Only jobs that bring data in are sources; mail, reminders, alerts and maintenance are not.
  const jobs = options.sources ? (await selectJobs(db)).filter((j) => INGEST_KINDS.has(j.kind)) : [];
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
