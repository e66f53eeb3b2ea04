import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { HttpError } from '../../http/errors.ts';
import { writeVocRecords, type VocWriteSummary } from '../../voc/service.ts';
import { readVocFile } from '../../voc/file.ts';
import { measurementsFile, selectMeasurementsForExport } from '../../measurements/export.ts';

/** DESIGN.md §4: `voc import FILE` and `export measurements`. */
export function registerVocCommands(program: Command) {
  const voc = program.command('voc').description('VOC (고객의 소리): customer complaints, inquiries, suggestions and praise');
  voc
    .command('import <file>')
    .description('Import VOC records (CSV/XLSX: id,received_at,channel,type,category,unit,severity,customer,text,status,assignee,resolved_at,resolution,root_cause,repeat_of), upserted by id; all or nothing')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts) => {
      if (!fs.existsSync(file)) throw new HttpError(400, 'not_found', `No such file: ${file}`);
      const result = await withContext((ctx) => ctx.db.transaction().execute((trx) => writeVocRecords(trx, cliActor(), readVocFile({ path: path.resolve(file) }), { label: path.basename(file) })), { apiHint: 'POST {api}/api/v1/voc/imports?filename=NAME' });
      print(result, opts, (r: VocWriteSummary) =>
        [`${path.basename(file)}: ${r.rows} rows, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged; feeds of ${r.feeds.cells} unit months, ${r.feeds.changed} measurements changed`, ...r.notices.map((n) => `  ! ${n}`)].join('\n'),
      );
    });

  const exporter = program.commands.find((c) => c.name() === 'export') ?? program.command('export').description('Exports');
  exporter
    .command('measurements')
    .description('Stored measurements (own values, not rollups) as rows indicator, unit, period, value, source, note')
    .option('--unit <code>', 'a unit and its subtree')
    .option('--indicator <code>', 'one indicator')
    .option('--from <period>', 'first period (YYYY-MM, YYYY-Qn or YYYY)')
    .option('--to <period>', 'last period')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts) => {
      if (!['csv', 'json'].includes(opts.format)) throw new HttpError(400, 'invalid_input', '--format must be csv or json');
      const rows = await withContext((ctx) => selectMeasurementsForExport(ctx.db, { unit: opts.unit, indicator: opts.indicator, from: opts.from, to: opts.to }));
      const file = measurementsFile(rows, opts.format);
      if (opts.out) {
        fs.writeFileSync(opts.out, file.body);
        process.stderr.write(`Wrote ${rows.length} rows to ${opts.out}\n`);
      } else process.stdout.write(file.body[0] === 0xef && file.body[1] === 0xbb && file.body[2] === 0xbf ? file.body.subarray(3) : file.body);
    });
}
