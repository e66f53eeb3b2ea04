/**
 * Cold scorecard benchmark (issue "Many readers at once…", part 2): what one uncached
 * computation of the company scorecard with 12 months of history costs on the demo company
 * (embedded database), step by step, in CPU time of this process: the steps getScorecard takes
 * (server/scorecards/service.ts), each timed on its own over many repetitions, and the whole
 * call as the route makes it, serialized as the route sends it.
 *
 * Run: `npx tsx bench/cold-scorecard.ts [--repeat 40]` (or `npm run bench -- cold`). Writes
 * bench-results/cold-scorecard.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { seedDemo } from '../server/seed/demo.ts';
import { systemActor } from '../server/audit/repository.ts';
import { getScorecard, requireUnit } from '../server/scorecards/service.ts';
import { loadModel } from '../server/scorecards/model.ts';
import { loadOrgTree, inScopeOf } from '../server/scorecards/completeness.ts';
import { loadUnitSeries } from '../server/scorecards/series.ts';
import { buildScorecard } from '../server/scoring/scorecard.ts';
import { addMonths, monthRange } from '../server/scoring/period.ts';
import { ownershipAt } from '../server/owners/service.ts';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const END_MONTH = '2026-06';
const HISTORY = 12;

/** CPU milliseconds (user + system) of this process while `fn` runs, and its wall time. */
async function measure<T>(fn: () => Promise<T> | T): Promise<{ cpuMs: number; ms: number; result: T }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export async function runColdScorecardBench(repeat = 40) {
  const handle = await openDatabase({ url: null, dataDir: '', memory: true });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    console.log('cold scorecard bench: seeding the demo company…');
    await db.transaction().execute((trx) => seedDemo(trx, systemActor('bench'), { endMonth: END_MONTH, accountPassword: null }));
    const period = END_MONTH;
    const window = 'month' as const;
    const unit = await requireUnit(db, 'HQ');
    const parsedYear = Number(period.slice(0, 4));
    const from = addMonths(`${parsedYear}-01`, -Math.max(24, HISTORY + 12));
    const to = `${parsedYear}-12`;

    // Every step once to warm up (JIT, PGlite's caches), then `repeat` times each.
    const model = await loadModel(db);
    const tree = await loadOrgTree(db);
    const series = (await loadUnitSeries(db, model, [unit], from, to, { tree })).get(unit.id)!;
    const inScope = inScopeOf(tree, unit);
    const steps: [string, () => unknown][] = [
      ['load model', () => loadModel(db)],
      ['load org tree', () => loadOrgTree(db)],
      ['load measurements (rollup rows, inherited targets, completeness)', () => loadUnitSeries(db, model, [unit], from, to, { tree })],
      ['score the card', () => buildScorecard({ model: model.scoring, unit: unit.code, period, window, series, inScope })],
      [`score ${HISTORY} months of history`, () => monthRange(addMonths(period, -(HISTORY - 1)), period).map((month) => buildScorecard({ model: model.scoring, unit: unit.code, period: month, window, series, inScope }))],
      ['owners', () => ownershipAt(db, unit.path)],
    ];
    for (const [, fn] of steps) await fn();
    const card = await getScorecard(db, 'HQ', period, { window, history: HISTORY });
    JSON.stringify(card);

    const figures: { step: string; cpuMs: number; ms: number }[] = [];
    for (const [step, fn] of steps) {
      const runs = [];
      for (let i = 0; i < repeat; i++) runs.push(await measure(fn));
      figures.push({ step, cpuMs: median(runs.map((r) => r.cpuMs)), ms: median(runs.map((r) => r.ms)) });
    }
    const whole = [];
    const serialize = [];
    for (let i = 0; i < repeat; i++) {
      const run = await measure(() => getScorecard(db, 'HQ', period, { window, history: HISTORY }));
      whole.push(run);
      serialize.push(await measure(() => JSON.stringify(run.result)));
    }
    figures.push({ step: 'serialize (JSON)', cpuMs: median(serialize.map((r) => r.cpuMs)), ms: median(serialize.map((r) => r.ms)) });
    const total = { cpuMs: median(whole.map((r) => r.cpuMs)) + median(serialize.map((r) => r.cpuMs)), ms: median(whole.map((r) => r.ms)) + median(serialize.map((r) => r.ms)) };
    const bytes = JSON.stringify(card).length;

    const width = Math.max(...figures.map((f) => f.step.length), 'getScorecard + serialize (the whole request body)'.length);
    console.log(`\nCold company scorecard, demo company, ${HISTORY} months of history, PGlite (median of ${repeat}; CPU of this process, which runs the embedded database too)`);
    for (const f of figures) console.log(`  ${f.step.padEnd(width)}  ${f.cpuMs.toFixed(2).padStart(7)} ms CPU  ${f.ms.toFixed(2).padStart(7)} ms`);
    console.log(`  ${'getScorecard + serialize (the whole request body)'.padEnd(width)}  ${total.cpuMs.toFixed(2).padStart(7)} ms CPU  ${total.ms.toFixed(2).padStart(7)} ms   (${(bytes / 1024).toFixed(0)} KB)`);
    const report = { at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() }, period, history: HISTORY, repeat, steps: figures, total, bytes };
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results', 'cold-scorecard.json'), JSON.stringify(report, null, 2) + '\n');
    return report;
  } finally {
    await handle.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const at = process.argv.indexOf('--repeat');
  await runColdScorecardBench(at >= 0 ? Number(process.argv[at + 1]) : undefined);
}
