import { parse as parseCsv } from 'csv-parse/sync';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectIndicators } from '../model/repository.ts';
import { selectUnitByCode } from '../units/repository.ts';
import { loadModel } from '../scorecards/model.ts';
import { loadUnitSeries } from '../scorecards/series.ts';
import { indicatorWindowValue } from '../scoring/scorecard.ts';
import { monthsInWindow, parsePeriod } from '../scoring/period.ts';
import { benchmarkGap, rankPriorities } from '../scoring/improvement.ts';
import type { Direction } from '../scoring/types.ts';
import { benchmarkInputSchema, TOP, type BenchmarkInput, type PriorityInput } from '../initiatives/schema.ts';

export async function listBenchmarkFiles(db: Db, indicator?: string): Promise<BenchmarkInput[]> {
  let q = db
    .selectFrom('benchmark as b')
    .innerJoin('indicator as i', 'i.id', 'b.indicator_id')
    .select(['i.code as indicator', 'b.period', 'b.competitor', 'b.value'])
    .orderBy('i.code')
    .orderBy('b.period')
    .orderBy('b.competitor');
  if (indicator) q = q.where('i.code', '=', indicator);
  return (await q.execute()).map((r) => ({ indicator: r.indicator, period: r.period, competitor: r.competitor, value: Number(r.value) }));
}

/** Upserts benchmark values by (indicator, period, competitor); returns how many changed. */
export async function saveBenchmarks(db: Db, actor: Actor, rows: BenchmarkInput[], options: { audit?: boolean } = {}): Promise<{ created: number; updated: number; unchanged: number }> {
  const indicators = new Map((await selectIndicators(db)).map((i) => [i.code, i.id]));
  const issues = rows.flatMap((r, index) => (indicators.has(r.indicator) ? [] : [{ path: `[${index}].indicator`, message: `unknown indicator "${r.indicator}"` }]));
  if (issues.length) throw new DomainError('invalid_benchmarks', `The benchmarks have problems: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, 422);
  const existing = new Map((await listBenchmarkFiles(db)).map((b) => [`${b.indicator}\u0000${b.period}\u0000${b.competitor}`, b.value]));
  const result = { created: 0, updated: 0, unchanged: 0 };
  for (const r of rows) {
    const key = `${r.indicator}\u0000${r.period}\u0000${r.competitor}`;
    const before = existing.get(key);
    if (before === r.value) {
      result.unchanged++;
      continue;
    }
    await db
      .insertInto('benchmark')
      .values({ indicator_id: indicators.get(r.indicator)!, period: r.period, competitor: r.competitor, value: r.value })
      .onConflict((oc) => oc.columns(['indicator_id', 'period', 'competitor']).doUpdateSet({ value: r.value, updated_at: new Date() }))
      .execute();
    existing.set(key, r.value);
    if (before === undefined) result.created++;
    else result.updated++;
  }
  if (options.audit !== false && (result.created || result.updated)) await insertAudit(db, actor, { action: 'import', entity: 'benchmark', key: `${rows.length} rows`, after: result });
  return result;
}

export async function deleteBenchmark(db: Db, actor: Actor, key: { indicator: string; period: string; competitor: string }): Promise<void> {
  const ind = (await selectIndicators(db)).find((i) => i.code === key.indicator);
  const res = ind ? await db.deleteFrom('benchmark').where('indicator_id', '=', ind.id).where('period', '=', key.period).where('competitor', '=', key.competitor).executeTakeFirst() : null;
  if (!res || Number(res.numDeletedRows) === 0) throw new DomainError('not_found', 'No such benchmark value', undefined, 404);
  await insertAudit(db, actor, { action: 'delete', entity: 'benchmark', key: `${key.indicator} ${key.period} ${key.competitor}` });
}

/**
 * Benchmark CSV: long (`indicator,period,competitor,value`) or wide (`indicator,period,A사,B사,TOP`,
 * one column per competitor; empty cells skipped). Every bad row is reported with its line.
 */
export function parseBenchmarkCsv(text: string): BenchmarkInput[] {
  let records: string[][];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new DomainError('invalid_csv', `The benchmark CSV cannot be read: ${(err as Error).message}`, undefined, 400);
  }
  if (records.length === 0) throw new DomainError('invalid_csv', 'The benchmark CSV is empty', undefined, 400);
  const header = records[0].map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const col = (name: string) => lower.indexOf(name);
  if (col('indicator') < 0 || col('period') < 0) throw new DomainError('invalid_csv', 'The benchmark CSV needs `indicator` and `period` columns', undefined, 400);
  const long = col('competitor') >= 0 && col('value') >= 0;
  const out: BenchmarkInput[] = [];
  const issues: { line: number; message: string }[] = [];
  const add = (line: number, raw: Record<string, unknown>) => {
    const parsed = benchmarkInputSchema.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
    else issues.push({ line, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  };
  const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s.replace(/,/g, '')));
  records.slice(1).forEach((r, index) => {
    const line = index + 2;
    const indicator = r[col('indicator')];
    const period = r[col('period')];
    if (long) {
      const value = num(r[col('value')]);
      if (value === null) return;
      add(line, { indicator, period, competitor: r[col('competitor')], value });
    } else {
      header.forEach((name, c) => {
        if (c === col('indicator') || c === col('period')) return;
        const value = num(r[c]);
        if (value !== null) add(line, { indicator, period, competitor: name, value });
      });
    }
  });
  if (issues.length) throw new DomainError('invalid_csv', `The benchmark CSV has ${issues.length} bad row(s): ${issues.slice(0, 3).map((i) => `line ${i.line}: ${i.message}`).join('; ')}`, issues, 422);
  return out;
}

export interface BenchmarkComparison {
  name: string;
  value: number;
  /** Our advantage, positive = we are better (read with the indicator's direction). */
  gap: number | null;
  gapPct: number | null;
  favourable: boolean | null;
}

export interface BenchmarkPeriod {
  period: string;
  own: number | null;
  top: BenchmarkComparison | null;
  competitors: BenchmarkComparison[];
}

/** The unit's own value for a period (a month, quarter or year): the indicator's window value. */
async function ownValues(db: Db, unitCode: string, indicatorCode: string, periods: string[]): Promise<Map<string, number | null>> {
  const unit = await selectUnitByCode(db, unitCode);
  if (!unit) throw new DomainError('not_found', `Unknown unit "${unitCode}"`, undefined, 404);
  const model = await loadModel(db);
  const out = new Map<string, number | null>();
  if (!periods.length) return out;
  const months = periods.map((p) => monthsInWindow(p, 'month'));
  const from = months.map((m) => m[0]).sort()[0];
  const to = months.map((m) => m[m.length - 1]).sort().at(-1)!;
  const series = (await loadUnitSeries(db, model, [unit], from, to)).get(unit.id)!;
  periods.forEach((p, i) => out.set(p, indicatorWindowValue(model.scoring, indicatorCode, series, months[i]).actual));
  return out;
}

/** An indicator's benchmarks for a unit, period by period: our value, TOP and each competitor with the gaps. */
export async function getBenchmarks(db: Db, unitCode: string, indicatorCode: string) {
  const meta = (await selectIndicators(db)).find((i) => i.code === indicatorCode);
  if (!meta) throw new DomainError('not_found', `Unknown indicator "${indicatorCode}"`, undefined, 404);
  const rows = await listBenchmarkFiles(db, indicatorCode);
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const own = await ownValues(db, unitCode, indicatorCode, periods);
  const direction = meta.direction as Direction;
  const compare = (name: string, value: number, ownValue: number | null): BenchmarkComparison => {
    const g = benchmarkGap(ownValue, value, direction);
    return { name, value, gap: g.gap, gapPct: g.gapPct, favourable: g.favourable };
  };
  const out: BenchmarkPeriod[] = periods.map((period) => {
    const o = own.get(period) ?? null;
    const here = rows.filter((r) => r.period === period);
    const top = here.find((r) => r.competitor === TOP);
    return {
      period,
      own: o,
      top: top ? compare(TOP, top.value, o) : null,
      competitors: here.filter((r) => r.competitor !== TOP).map((r) => compare(r.competitor, r.value, o)),
    };
  });
  return { unit: unitCode, indicator: { code: meta.code, name: meta.name, unit: meta.unit, direction: meta.direction }, gapSign: 'positive = we are better (read with the direction)', periods: out };
}

// ---------------------------------------------------------------------------------------------
// Improvement priorities

export async function listPriorityFiles(db: Db): Promise<PriorityInput[]> {
  const rows = await db
    .selectFrom('improvement_priority as p')
    .innerJoin('indicator as i', 'i.id', 'p.indicator_id')
    .innerJoin('org_unit as u', 'u.id', 'p.unit_id')
    .select(['u.code as unit', 'i.code as indicator', 'p.expected', 'p.importance', 'p.cause', 'p.target'])
    .orderBy('u.code')
    .orderBy('i.code')
    .execute();
  return rows.map((r) => ({
    unit: r.unit,
    indicator: r.indicator,
    ...(r.expected !== null ? { expected: r.expected } : {}),
    ...(r.importance !== null ? { importance: r.importance } : {}),
    ...(r.cause !== null ? { cause: r.cause } : {}),
    ...(r.target !== null ? { target: r.target } : {}),
  }));
}

export async function savePriority(db: Db, actor: Actor, input: PriorityInput, options: { audit?: boolean } = {}): Promise<'created' | 'updated' | 'unchanged'> {
  const unit = await selectUnitByCode(db, input.unit);
  const ind = (await selectIndicators(db)).find((i) => i.code === input.indicator);
  const issues = [...(unit ? [] : [{ path: 'unit', message: `unknown unit "${input.unit}"` }]), ...(ind ? [] : [{ path: 'indicator', message: `unknown indicator "${input.indicator}"` }])];
  if (issues.length) throw new DomainError('invalid_priority', issues.map((i) => i.message).join('; '), issues, 422);
  const before = (await listPriorityFiles(db)).find((p) => p.unit === input.unit && p.indicator === input.indicator) ?? null;
  const values = { expected: input.expected ?? null, importance: input.importance ?? null, cause: input.cause ?? null, target: input.target ?? null };
  if (before && (before.expected ?? null) === values.expected && (before.importance ?? null) === values.importance && (before.cause ?? null) === values.cause && (before.target ?? null) === values.target) return 'unchanged';
  await db
    .insertInto('improvement_priority')
    .values({ unit_id: unit!.id, indicator_id: ind!.id, ...values })
    .onConflict((oc) => oc.columns(['unit_id', 'indicator_id']).doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
  if (options.audit !== false) await insertAudit(db, actor, { action: before ? 'update' : 'create', entity: 'improvement_priority', key: `${input.unit} ${input.indicator}`, before, after: input });
  return before ? 'updated' : 'created';
}

/**
 * The ranked improvement priorities of a unit for a period: every indicator with a priority
 * setting or a TOP benchmark; expected = the stated level, else TOP of the latest benchmark
 * period up to `period`; current = the unit's value over the period; importance = the stated
 * importance, else the indicator's weight.
 */
export async function getPriorities(db: Db, unitCode: string, period: string) {
  parsePeriod(period);
  const [indicators, settings, benchmarks] = await Promise.all([selectIndicators(db), listPriorityFiles(db), listBenchmarkFiles(db)]);
  const mine = settings.filter((s) => s.unit === unitCode);
  const tops = new Map<string, { period: string; value: number }>();
  for (const b of benchmarks) {
    if (b.competitor !== TOP || b.period.slice(0, 4) > period.slice(0, 4)) continue;
    const prev = tops.get(b.indicator);
    if (!prev || prev.period < b.period) tops.set(b.indicator, { period: b.period, value: b.value });
  }
  const codes = indicators.map((i) => i.code).filter((c) => tops.has(c) || mine.some((s) => s.indicator === c));
  const own = new Map<string, number | null>();
  for (const c of codes) own.set(c, (await ownValues(db, unitCode, c, [period])).get(period) ?? null);
  const rows = codes.map((code) => {
    const meta = indicators.find((i) => i.code === code)!;
    const setting = mine.find((s) => s.indicator === code);
    const expected = setting?.expected ?? tops.get(code)?.value ?? null;
    return {
      indicator: code,
      name: meta.name,
      unit: meta.unit,
      direction: meta.direction,
      expectedSource: setting?.expected !== undefined && setting.expected !== null ? 'stated' : tops.has(code) ? 'TOP' : null,
      expected,
      current: own.get(code) ?? null,
      importance: setting?.importance ?? meta.weight,
      importanceSource: setting?.importance !== undefined && setting.importance !== null ? 'stated' : 'weight',
      cause: setting?.cause ?? null,
      target: setting?.target ?? null,
    };
  });
  const ranked = rankPriorities(rows.map((r) => ({ key: r.indicator, direction: r.direction as Direction, expected: r.expected, current: r.current, importance: r.importance })));
  const items = rows.map((r, i) => ({ ...r, gap: ranked[i].gap, shortfallPct: ranked[i].shortfallPct, priority: ranked[i].priority, rank: ranked[i].rank, warning: ranked[i].warning }));
  items.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.indicator.localeCompare(b.indicator));
  return { unit: unitCode, period, items };
}
