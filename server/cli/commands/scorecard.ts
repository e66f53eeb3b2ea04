import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { exportModel, importModel, modelToYaml, parseModelText } from '../../model/service.ts';
import { importMeasurementFile } from '../../measurements/import.ts';
import { getScorecard } from '../../scorecards/service.ts';
import { rebuildRollups } from '../../rollup/service.ts';
import { HttpError } from '../../http/errors.ts';

const readFile = (file: string) => {
  if (!fs.existsSync(file)) throw new HttpError(400, 'not_found', `No such file: ${file}`);
  return fs.readFileSync(file, 'utf8');
};

export function registerScorecardCommands(program: Command) {
  const model = program.command('model').description('The scorecard model as code (YAML or JSON)');
  model
    .command('import <file>')
    .description('Merge a model file into the database by code (all or nothing; re-import is a no-op)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts) => {
      const raw = parseModelText(readFile(file));
      const summary = await withContext((ctx) => ctx.db.transaction().execute((trx) => importModel(trx, cliActor(), raw)));
      print(summary, opts, (s) => {
        const list = (o: Record<string, number>) => Object.entries(o).map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ') || 'nothing';
        return `Imported ${path.basename(file)}: created ${list(s.created)}; updated ${list(s.updated)}; ${s.unchanged} unchanged`;
      });
    });
  model
    .command('export')
    .description('Print the whole model as YAML (or JSON with --json)')
    .option('--json', 'JSON instead of YAML')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts) => {
      const data = await withContext((ctx) => exportModel(ctx.db));
      const text = opts.json ? JSON.stringify(data, null, 2) + '\n' : modelToYaml(data);
      if (opts.out) fs.writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });

  program
    .command('import <file>')
    .description('Import measurements from CSV or XLSX (indicator,unit,period,value[,target,note]); nothing is applied if any row is bad')
    .option('--accept-valid', 'apply the valid rows and report the rest')
    .option('--dry-run', 'validate and report, change nothing')
    .option('--decimal-comma', 'numbers use a decimal comma (1234,5)')
    .option('--reason <text>', 'why (kept with each revision)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts) => {
      if (!fs.existsSync(file)) throw new HttpError(400, 'not_found', `No such file: ${file}`);
      const result = await withContext((ctx) =>
        ctx.db.transaction().execute((trx) =>
          importMeasurementFile(trx, cliActor(), { path: path.resolve(file) }, { accept: opts.acceptValid ? 'valid' : 'all', dryRun: Boolean(opts.dryRun), reason: opts.reason ?? null, decimalComma: Boolean(opts.decimalComma) }),
        ),
      );
      const { changes: _changes, ...summary } = result;
      print(summary, opts, (r) => {
        const lines = [`${path.basename(file)}: ${r.rows} rows, ${r.changed} changed, ${r.unchanged} unchanged, ${r.rejected.length} rejected${opts.dryRun ? ' (dry run: nothing written)' : ''}`];
        for (const e of r.rejected.slice(0, 50)) lines.push(`  row ${e.row}, ${e.field}: ${e.message}`);
        return lines.join('\n');
      });
    });

  program
    .command('scorecard')
    .description('A unit’s scorecard for a period')
    .requiredOption('--unit <code>', 'org unit')
    .requiredOption('--period <period>', 'YYYY-MM, YYYY-Qn or YYYY')
    .option('--window <window>', 'month or ytd', 'ytd')
    .option('--json', 'machine-readable output (DESIGN.md §4)')
    .action(async (opts) => {
      if (!['month', 'ytd'].includes(opts.window)) throw new HttpError(400, 'invalid_input', '--window must be month or ytd');
      const card = await withContext((ctx) => getScorecard(ctx.db, opts.unit, opts.period, { window: opts.window }));
      const json = {
        unit: card.unit,
        period: card.period,
        window: card.window,
        score: card.score,
        coverage: card.coverage,
        status: card.status,
        warnings: card.warnings,
        perspectives: card.perspectives.map((p) => ({
          code: p.code, score: p.score, coverage: p.coverage, status: p.status, weight: p.weight,
          objectives: p.objectives.map((o) => ({
            code: o.code, score: o.score, coverage: o.coverage, status: o.status, weight: o.weight,
            indicators: o.indicators.map((i) => ({ code: i.code, actual: i.actual, target: i.target, score: i.score, status: i.status, weight: i.weight, gap: i.gap, gapPct: i.gapPct, favourable: i.favourable, warning: i.warning })),
          })),
        })),
      };
      print(json, opts, formatScorecard);
    });

  program
    .command('rebuild')
    .description('Recompute every materialized rollup from measurements and targets')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const started = Date.now();
      await withContext((ctx) => ctx.db.transaction().execute((trx) => rebuildRollups(trx)));
      print({ rebuilt: true, ms: Date.now() - started }, opts, (r) => `Rebuilt in ${r.ms} ms`);
    });
}

const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(1));

function formatScorecard(card: any): string {
  const lines = [`${card.unit} ${card.period} (${card.window}): score ${fmt(card.score)} ${card.status}, coverage ${(card.coverage * 100).toFixed(0)} %`];
  for (const p of card.perspectives) {
    lines.push(`  ${p.code.padEnd(16)} ${fmt(p.score).padStart(6)}  ${p.status}`);
    for (const o of p.objectives) {
      lines.push(`    ${o.code.padEnd(14)} ${fmt(o.score).padStart(6)}  ${o.status}`);
      for (const i of o.indicators) lines.push(`      ${i.code.padEnd(20)} actual ${String(i.actual ?? '—').padStart(12)}  target ${String(i.target ?? '—').padStart(12)}  score ${fmt(i.score).padStart(6)}  ${i.status}`);
    }
  }
  for (const w of card.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}
