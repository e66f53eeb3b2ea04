import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { withContext, cliActor } from '../context.ts';
import { print } from '../output.ts';
import { HttpError } from '../../http/errors.ts';
import type { Delimiter } from '../../surveys/index.ts';
import {
  getSurveyResult,
  getSurveyTrend,
  importSurvey,
  listSurveyDefinitions,
  loadSurveyDefinition,
  readSurveyDefinition,
  type SurveyImportResult,
  type ValidationReport,
} from '../../surveys/service.ts';
import type { Db } from '../../db/database.ts';

const DELIMITERS: Record<string, Delimiter> = { ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\t': '\t', '\\t': '\t' };
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `--definition` is a YAML/JSON file, or else the code of a stored definition. */
async function resolveDefinition(db: Db, reference: string) {
  if (fs.existsSync(reference)) return readSurveyDefinition(fs.readFileSync(reference, 'utf8'), path.basename(reference));
  if (/[\\/]|\.(ya?ml|json)$/i.test(reference)) throw new HttpError(400, 'not_found', `No such file: ${reference}`);
  return loadSurveyDefinition(db, reference);
}

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '—' : n.toFixed(digits));

function formatImport(r: SurveyImportResult): string {
  const lines = [
    `${r.code} ${r.period}${r.unit ? ` → ${r.unit}` : ''}: ${r.respondents} respondents, CSI ${fmt(r.csi)}, overall ${fmt(r.overall)}${r.competitiveIndex !== null ? `, competitive index ${fmt(r.competitiveIndex)}` : ''}${r.nps !== null ? `, NPS ${fmt(r.nps, 1)}` : ''}`,
    `  factor        satisfaction  importance  weight  quadrant`,
  ];
  for (const f of r.factors) lines.push(`  ${f.code.padEnd(12)}  ${fmt(f.satisfaction).padStart(12)}  ${fmt(f.importance, 3).padStart(10)}  ${fmt(f.weight, 3).padStart(6)}  ${f.quadrant ?? '—'}`);
  for (const l of r.loyalty) lines.push(`  loyalty ${l.code} (${l.item}): ${fmt(l.rate, 1)} %`);
  for (const s of r.segments) lines.push(`  segment ${s.value}${s.own ? ' (own)' : ''}: ${s.respondents} respondents, CSI ${fmt(s.csi)}, overall ${fmt(s.overall)}`);
  for (const u of r.byUnit ?? []) lines.push(`  unit ${u.unit}: ${u.respondents} respondents, CSI ${fmt(u.csi)}, overall ${fmt(u.overall)}`);
  const m = r.measurements;
  lines.push(`  measurements: ${m.values.length} values for ${[...new Set(m.values.map((v) => v.unit))].join(', ') || 'no unit'}; ${m.changed} changed, ${m.unchanged} unchanged${m.rejected.length ? `, ${m.rejected.length} rejected` : ''}`);
  for (const e of m.rejected.slice(0, 20)) lines.push(`    ${e.indicator} for ${e.unit}: ${e.message}`);
  lines.push(`  run ${r.runId}${r.reused ? ' (already imported: the stored run is kept)' : ''}, ${r.fileName} sha256 ${r.fileSha256.slice(0, 12)}…`);
  return lines.join('\n');
}

function reportSummary(report: ValidationReport, warnings: string[]): string {
  const lines: string[] = [];
  if (report.dropped === 0) lines.push('validation: every answer read is usable');
  else {
    const reasons = Object.entries(report.byReason).map(([reason, n]) => `${n} ${reason.replace(/_/g, ' ')}`).join(', ');
    const columns = Object.entries(report.byColumn).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([column, n]) => `${column} ${n}`).join(', ');
    lines.push(`validation: ${report.dropped} answer${report.dropped === 1 ? '' : 's'} counted as missing (${reasons}); by column: ${columns}`);
    for (const d of report.answers.slice(0, 20)) lines.push(`  row ${d.row}, ${d.column}: ${JSON.stringify(d.value)} (${d.reason.replace(/_/g, ' ')})`);
    if (report.dropped > 20) lines.push(`  … and ${report.dropped - 20} more (--json lists the first 100)`);
  }
  for (const w of warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

export function registerSurveyCommands(program: Command) {
  const survey = program.command('survey').description('Survey indices: CSI, ESI, ICSI, COI, loyalty, competitive index, CS portfolio');

  survey
    .command('import')
    .description('Compute a survey from a responses file (CSV or XLSX) and write the indicators its definition feeds')
    .requiredOption('--definition <file|code>', 'definition file (YAML or JSON), or the code of a stored definition')
    .requiredOption('--responses <file>', 'responses file: CSV (comma, semicolon or tab) or XLSX')
    .requiredOption('--period <month>', 'YYYY-MM')
    .option('--unit <code>', 'the unit that receives the pooled result (required unless the definition has a unitColumn)')
    .option('--delimiter <d>', 'CSV delimiter: comma, semicolon or tab (default: detected from the header)')
    .option('--accept-valid', 'write the indicator values that can be written and report the rest')
    .option('--reason <text>', 'why (kept with each revision)')
    .option('--json', 'machine-readable output (the Survey JSON of DESIGN.md §4)')
    .action(async (opts) => {
      if (!MONTH.test(opts.period)) throw new HttpError(400, 'invalid_period', `--period must be a month (YYYY-MM), not "${opts.period}"`);
      if (!fs.existsSync(opts.responses)) throw new HttpError(400, 'not_found', `No such file: ${opts.responses}`);
      const delimiter = opts.delimiter === undefined ? undefined : DELIMITERS[String(opts.delimiter).toLowerCase()];
      if (opts.delimiter !== undefined && !delimiter) throw new HttpError(400, 'invalid_input', '--delimiter must be comma, semicolon or tab');
      const result = await withContext((ctx) =>
        ctx.db.transaction().execute(async (trx) =>
          importSurvey(trx, cliActor(), {
            definition: await resolveDefinition(trx, opts.definition),
            responses: { path: path.resolve(opts.responses) },
            unit: opts.unit ?? null,
            period: opts.period,
            delimiter,
            accept: opts.acceptValid ? 'valid' : 'all',
            reason: opts.reason ?? null,
          }),
        ),
      );
      if (!opts.json) process.stderr.write(reportSummary(result.report, result.warnings));
      print(result, opts, formatImport);
    });

  survey
    .command('results')
    .description('The newest stored survey result for a unit and month')
    .requiredOption('--unit <code>', 'org unit')
    .requiredOption('--period <month>', 'YYYY-MM')
    .option('--code <code>', 'survey definition code (default: a CSI survey first)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const result = await withContext((ctx) => getSurveyResult(ctx.db, { unit: opts.unit, period: opts.period, code: opts.code }));
      print(result, opts, (r) => {
        const lines = [`${r.code} ${r.period} ${r.unit}: ${r.respondents} respondents, CSI ${fmt(r.csi)}, overall ${fmt(r.overall)} (computed ${r.computedAt})`];
        for (const f of r.factors) lines.push(`  ${f.code.padEnd(12)}  ${fmt(f.satisfaction).padStart(8)}  weight ${fmt(f.weight, 3)}  ${f.quadrant ?? '—'}`);
        return lines.join('\n');
      });
    });

  survey
    .command('trend')
    .description('One survey at a unit, month by month')
    .requiredOption('--unit <code>', 'org unit')
    .requiredOption('--code <code>', 'survey definition code')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const trend = await withContext((ctx) => getSurveyTrend(ctx.db, { unit: opts.unit, code: opts.code }));
      print(trend, opts, (rows: typeof trend) =>
        rows.length === 0 ? 'no results' : rows.map((p) => `${p.period}  CSI ${fmt(p.csi).padStart(6)}  overall ${fmt(p.overall).padStart(6)}  CI ${fmt(p.competitiveIndex).padStart(6)}  n=${p.respondents}`).join('\n'),
      );
    });

  survey
    .command('definitions')
    .description('The stored survey definitions')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const definitions = await withContext((ctx) => listSurveyDefinitions(ctx.db));
      print(definitions, opts, (rows: typeof definitions) => (rows.length === 0 ? 'no survey definitions' : rows.map((d) => `${d.code.padEnd(16)} ${d.kind}`).join('\n')));
    });
}
