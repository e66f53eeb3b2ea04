import fs from 'node:fs';
import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { HttpError } from '../../http/errors.ts';
import { parseCycleText } from '../../evaluations/schema.ts';
import { finalizeDefinition, getResults, listCycles, previewDefinition, reopenCycle, type ResultsDocument } from '../../evaluations/service.ts';
import { exportDocument, nameIn, type ExportFormat } from '../../evaluations/export.ts';

const readFile = (file: string) => {
  if (!fs.existsSync(file)) throw new HttpError(400, 'not_found', `No such file: ${file}`);
  return fs.readFileSync(file, 'utf8');
};

const parseVersion = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(400, 'invalid_input', '--version must be a whole number ≥ 1');
  return n;
};

/** DESIGN.md §3 evaluation commands, and the reward export. */
export function registerEvaluationCommands(program: Command) {
  const evaluate = program.command('evaluate').description('Evaluation cycles (CS평가 → 보상): preview, finalise, reopen');

  evaluate
    .command('preview <file>')
    .description('Compute a cycle file’s results live (provisional); nothing is stored')
    .option('--json', 'machine-readable output (DESIGN.md §3)')
    .action(async (file: string, opts) => {
      const definition = parseCycleText(readFile(file));
      const doc = await withContext((ctx) => previewDefinition(ctx.db, definition));
      print(doc, opts, formatResults);
    });

  evaluate
    .command('finalize <file>')
    .description('Store the cycle file’s definition and finalise it: an immutable snapshot of the results')
    .option('--json', 'machine-readable output (DESIGN.md §3)')
    .action(async (file: string, opts) => {
      const definition = parseCycleText(readFile(file));
      const doc = await withContext((ctx) => ctx.db.transaction().execute((trx) => finalizeDefinition(trx, cliActor(), definition)));
      print(doc, opts, formatResults);
    });

  evaluate
    .command('reopen <code>')
    .description('Reopen a final cycle: its version stays readable, the next version opens provisional')
    .requiredOption('--reason <text>', 'why (kept with the new version and in the audit log)')
    .option('--json', 'machine-readable output')
    .action(async (code: string, opts) => {
      const result = await withContext((ctx) => ctx.db.transaction().execute((trx) => reopenCycle(trx, cliActor(), code, opts.reason)));
      print(result, opts, (r) => `Reopened ${r.cycle}: version ${r.superseded} superseded, version ${r.version} is provisional`);
    });

  evaluate
    .command('show <code>')
    .description('Results of a cycle (the latest version, or --version N)')
    .option('--version <n>', 'a version number')
    .option('--json', 'machine-readable output (DESIGN.md §3)')
    .action(async (code: string, opts) => {
      const doc = await withContext((ctx) => getResults(ctx.db, code, { version: parseVersion(opts.version) }));
      print(doc, opts, formatResults);
    });

  evaluate
    .command('list')
    .description('Evaluation cycles with their latest version')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const cycles = await withContext((ctx) => listCycles(ctx.db));
      print(cycles, opts, (list: Awaited<ReturnType<typeof listCycles>>) =>
        list.length === 0 ? 'No evaluation cycles' : list.map((c) => `${c.code.padEnd(16)} ${String(c.from)}..${String(c.to)}  v${c.version} ${c.status}`).join('\n'),
      );
    });

  // `export` may be shared with other exports; add `evaluation` to it.
  const exporter = program.commands.find((c) => c.name() === 'export') ?? program.command('export').description('Exports');
  exporter
    .command('evaluation <code>')
    .description('Reward export: one row per unit (perspective scores, score, adjustment, total, coverage, rank, grade)')
    .option('--format <format>', 'csv, xlsx or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--version <n>', 'a version number (default: the latest)')
    .option('--locale <locale>', 'ko or en: the language of the headers, words and unit names', 'en')
    .action(async (code: string, opts) => {
      const format = opts.format as ExportFormat;
      if (!['csv', 'xlsx', 'json'].includes(format)) throw new HttpError(400, 'invalid_input', '--format must be csv, xlsx or json');
      if (format === 'xlsx' && !opts.out && process.stdout.isTTY) throw new HttpError(400, 'invalid_input', 'an XLSX file is binary: name it with --out');
      const file = await withContext(async (ctx) => exportDocument(await getResults(ctx.db, code, { version: parseVersion(opts.version) }), format, opts.locale));
      if (opts.out) {
        fs.writeFileSync(opts.out, file.body);
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(withoutByteOrderMark(file.body)); // the mark is for Excel, not for pipes
    });
}

const fmt = (n: number | null, digits = 2) => (n === null ? '—' : n.toFixed(digits));

function formatResults(doc: ResultsDocument): string {
  const lines = [
    `${doc.cycle} ${nameIn(doc.name, 'en')}: version ${doc.version} ${doc.provisional ? 'PROVISIONAL (preview)' : doc.status}, ${doc.months.from}..${doc.months.to} (${doc.window}), missing ${doc.missing}, graded by ${doc.gradedBy}`,
  ];
  if (!doc.provisional) lines.push(`  finalised by ${doc.finalizedBy} at ${doc.finalizedAt}${doc.inputsChanged ? ' — the inputs have changed since' : ''}`);
  lines.push(`  ${'unit'.padEnd(12)} ${'score'.padStart(8)} ${'adj'.padStart(7)} ${'total'.padStart(8)} ${'cover'.padStart(6)} ${'rank'.padStart(4)}  grade`);
  for (const r of doc.results) {
    lines.push(`  ${r.unit.padEnd(12)} ${fmt(r.score).padStart(8)} ${fmt(r.adjustment).padStart(7)} ${fmt(r.total).padStart(8)} ${(fmt(r.coverage * 100, 0) + '%').padStart(6)} ${String(r.rank ?? '—').padStart(4)}  ${r.grade ?? '—'}`);
  }
  for (const w of doc.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}

function withoutByteOrderMark(body: Buffer | string): Buffer | string {
  return Buffer.isBuffer(body) && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? body.subarray(3) : body;
}
