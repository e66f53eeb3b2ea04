import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { HttpError } from '../../http/errors.ts';
import { importRoster, type RosterImportResult } from '../../people/service.ts';
import { exportPayout, type PayoutFormat } from '../../pay/export.ts';
import { getPayout, preparePayout, type PayoutDocument } from '../../pay/service.ts';

const parseVersion = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new HttpError(400, 'invalid_input', '--version must be a whole number ≥ 1');
  return n;
};

const won = (n: number) => n.toLocaleString('en-US');

/** DESIGN.md §4: `people import FILE`, `export payout CODE`, and preparing a payout run. */
export function registerPayCommands(program: Command) {
  const people = program.command('people').description('People and pay (인사/급여 반영): the roster');
  people
    .command('import <file>')
    .description('Import a roster (CSV/XLSX: employee,name,unit,from,to,base,eligible); all or nothing')
    .option('--dry-run', 'check and show what would change; write nothing')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts) => {
      if (!fs.existsSync(file)) throw new HttpError(400, 'not_found', `No such file: ${file}`);
      const result = await withContext((ctx) => ctx.db.transaction().execute((trx) => importRoster(trx, cliActor(), { path: path.resolve(file) }, { dryRun: Boolean(opts.dryRun) })));
      print(result, opts, (r: RosterImportResult) => `${r.file}: ${r.rows} rows, ${r.employees} employees: ${r.added} added, ${r.replaced} replaced, ${r.unchanged} unchanged${r.dryRun ? ' (dry run: nothing written)' : r.importId === null ? ' (nothing changed)' : ` (import ${r.importId})`}`);
    });

  const payout = program.command('payout').description('Payout runs of finalised evaluation versions');
  payout
    .command('show <code>')
    .description('Payouts of a finalised version (its run, or a live draft)')
    .option('--version <n>', 'an evaluation version (default: the latest final one)')
    .option('--json', 'machine-readable output')
    .action(async (code: string, opts) => {
      const doc = await withContext((ctx) => getPayout(ctx.db, code, { version: parseVersion(opts.version) }));
      print(doc, opts, formatPayout);
    });
  payout
    .command('prepare <code>')
    .description('Prepare the payout run of the latest final version (approval and freezing happen in the app or API, by hr or an admin)')
    .option('--json', 'machine-readable output')
    .action(async (code: string, opts) => {
      const doc = await withContext((ctx) => ctx.db.transaction().execute((trx) => preparePayout(trx, cliActor(), code)));
      print(doc, opts, formatPayout);
    });

  const exporter = program.commands.find((c) => c.name() === 'export') ?? program.command('export').description('Exports');
  exporter
    .command('payout <code>')
    .description('Payout export: one row per employee (employee, name, units, days, grade, rate, base, payout), subtotals per unit, the total')
    .option('--format <format>', 'csv, xlsx or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--version <n>', 'an evaluation version (default: the latest final one)')
    .option('--locale <locale>', 'ko (Korean headers: 사번, 성명, …) or en', 'en')
    .action(async (code: string, opts) => {
      const format = opts.format as PayoutFormat;
      if (!['csv', 'xlsx', 'json'].includes(format)) throw new HttpError(400, 'invalid_input', '--format must be csv, xlsx or json');
      if (!['ko', 'en'].includes(opts.locale)) throw new HttpError(400, 'invalid_input', '--locale must be ko or en');
      if (format === 'xlsx' && !opts.out && process.stdout.isTTY) throw new HttpError(400, 'invalid_input', 'an XLSX file is binary: name it with --out');
      const file = await withContext(async (ctx) => exportPayout(await getPayout(ctx.db, code, { version: parseVersion(opts.version) }), format, opts.locale));
      if (opts.out) {
        fs.writeFileSync(opts.out, file.body);
        process.stderr.write(`Wrote ${opts.out}\n`);
      } else process.stdout.write(file.body[0] === 0xef && file.body[1] === 0xbb && file.body[2] === 0xbf ? file.body.subarray(3) : file.body);
    });
}

function formatPayout(doc: PayoutDocument): string {
  const lines = [
    `${doc.cycle} version ${doc.version} (${doc.evaluationStatus}): ${doc.run === null ? 'draft, not prepared' : `run ${doc.run} ${doc.status}`}; span ${doc.span.from}..${doc.span.to} (${doc.span.days} days); rounding ${won(doc.policy.rounding)}`,
  ];
  if (doc.preparedBy) lines.push(`  prepared by ${doc.preparedBy}${doc.approvedBy ? `, approved by ${doc.approvedBy}` : ''}${doc.frozenBy ? `, frozen by ${doc.frozenBy} at ${doc.frozenAt}` : ''}`);
  for (const r of doc.rows) lines.push(`  ${r.employee.padEnd(10)} ${r.name.padEnd(8)} ${r.parts.map((p) => `${p.unit}:${p.days}d:${p.grade ?? '—'}`).join(' ').padEnd(40)} ${String(r.rate).padStart(8)}% ${won(r.base).padStart(12)} ${won(r.payout).padStart(12)}`);
  lines.push(`  ${doc.totals.overall.employees} employees, total ${won(doc.totals.overall.payout)}; ${doc.ineligible} ineligible`);
  for (const w of doc.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}
