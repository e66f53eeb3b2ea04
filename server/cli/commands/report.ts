import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext } from '../context.ts';
import { print } from '../output.ts';
import { HttpError } from '../../http/errors.ts';
import { renderReport, type ReportFormat } from '../../reports/service.ts';

/** `northstar report --unit U --period P --out F.pdf|F.html|F.xlsx`: the management report (경영위원회 보고). */
export function registerReportCommands(program: Command) {
  program
    .command('report')
    .description('The printable management report of a unit and period: PDF (headless Chromium), HTML, or the scorecard as XLSX')
    .requiredOption('--unit <code>', 'org unit code')
    .requiredOption('--period <period>', 'YYYY-MM, YYYY-Qn or YYYY')
    .requiredOption('--out <file>', 'output file: .pdf, .html or .xlsx')
    .option('--window <window>', 'month or ytd', 'ytd')
    .option('--locale <locale>', 'en or ko', 'en')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const ext = path.extname(opts.out).slice(1).toLowerCase();
      if (!['pdf', 'html', 'xlsx'].includes(ext)) throw new HttpError(400, 'invalid_input', '--out must end in .pdf, .html or .xlsx');
      if (!['month', 'ytd'].includes(opts.window)) throw new HttpError(400, 'invalid_input', '--window must be month or ytd');
      if (!['en', 'ko'].includes(opts.locale)) throw new HttpError(400, 'invalid_input', '--locale must be en or ko');
      const file = await withContext((ctx) => renderReport(ctx.db, { unit: opts.unit, period: opts.period, window: opts.window, format: ext as ReportFormat, locale: opts.locale }));
      fs.writeFileSync(opts.out, file.body);
      print({ file: opts.out, format: ext, bytes: file.body.length, unit: opts.unit, period: opts.period }, opts, (r) => `Wrote ${r.file} (${r.bytes} bytes)`);
    });
}
