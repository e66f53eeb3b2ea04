/**
 * Reward export of an evaluation version: CSV, XLSX or JSON, one row per unit with its
 * perspective scores, score, adjustment, total, coverage, rank and grade, plus the version's
 * metadata (cycle, version, status, who finalised it and when). Numbers stay numbers: CSV
 * writes them in full precision, XLSX as numeric cells (display formats only round the view).
 */
import ExcelJS from 'exceljs';
import { csvFile, neutralizeFormula } from '../files/csv.ts';
import type { LocalizedName } from '../db/schema.ts';
import type { ResultsDocument } from './service.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export interface ExportFile {
  contentType: string;
  fileName: string;
  body: Buffer;
}

/** A localized name in `locale`, else English, else the first one given. */
export function nameIn(name: LocalizedName | null | undefined, locale: string): string {
  if (name === null || name === undefined) return '';
  if (typeof name === 'string') return name;
  return name[locale] ?? name[locale.split('-')[0]] ?? name.en ?? Object.values(name)[0] ?? '';
}

/** Text cells of the XLSX get the same formula neutralising as every CSV (server/files/csv.ts). */
const safeText = neutralizeFormula;

function columns(doc: ResultsDocument): string[] {
  return [
    'unit',
    'unit_name',
    ...doc.perspectives.map((p) => p.code),
    'score',
    'adjustment',
    'total',
    'coverage',
    'rank',
    'grade',
    'cycle',
    'version',
    'status',
    'finalized_at',
    'finalized_by',
    'complete',
    'left_out',
    'partial',
  ];
}

function rows(doc: ResultsDocument, locale: string): (string | number | null)[][] {
  return doc.results.map((r) => [
    r.unit,
    safeText(nameIn(r.name, locale)),
    ...doc.perspectives.map((p) => r.perspectives[p.code] ?? null),
    r.score,
    r.adjustment,
    r.total,
    r.coverage,
    r.rank,
    r.grade,
    doc.cycle,
    doc.version,
    doc.status,
    doc.finalizedAt,
    doc.finalizedBy === null ? null : safeText(doc.finalizedBy),
    r.complete === undefined ? null : r.complete ? 'yes' : 'no',
    r.completeness ? r.completeness.leftOut.join(' ') : null,
    r.completeness ? safeText(r.completeness.partial.map(describePartial).join('; ')) : null,
  ]);
}

/** "REVENUE 3 of 4 units, 9 of 10 months": what the reviewer needs beside a partial score. */
function describePartial(p: NonNullable<ResultsDocument['results'][number]['completeness']>['partial'][number]): string {
  const parts: string[] = [];
  const { units, months } = p.completeness;
  if (units && (units.reported < units.expected || units.missing.length > 0)) parts.push(`${units.reported} of ${units.expected} units (missing ${units.missing.join(' ')})`);
  if (months && (months.reported < months.expected || months.missing.length > 0)) parts.push(`${months.reported} of ${months.expected} months (missing ${months.missing.join(' ')})`);
  return `${p.indicator} ${parts.join(', ')}`;
}

export function fileNameOf(doc: ResultsDocument, format: ExportFormat): string {
  return `evaluation-${doc.cycle}-v${doc.version}${doc.provisional ? '-provisional' : ''}.${format}`;
}

export function toCsv(doc: ResultsDocument, locale = 'en'): Buffer {
  return csvFile([columns(doc), ...rows(doc, locale)]);
}

export async function toXlsx(doc: ResultsDocument, locale = 'en'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Northstar';
  const sheet = workbook.addWorksheet('Results');
  const header = columns(doc);
  sheet.addRow(header);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows(doc, locale)) sheet.addRow(row.map((cell) => (cell === null ? null : cell)));
  const scoreColumns = new Set([...doc.perspectives.map((p) => p.code), 'score', 'adjustment', 'total']);
  header.forEach((name, i) => {
    const column = sheet.getColumn(i + 1);
    if (scoreColumns.has(name)) column.numFmt = '0.00';
    if (name === 'coverage') column.numFmt = '0.0%';
    column.width = name === 'unit_name' ? 28 : Math.max(10, name.length + 2);
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const about = workbook.addWorksheet('Cycle');
  const meta: [string, string | number | boolean | null][] = [
    ['cycle', doc.cycle],
    ['name', nameIn(doc.name, locale)],
    ['version', doc.version],
    ['status', doc.status],
    ['provisional', doc.provisional],
    ['from', doc.from],
    ['to', doc.to],
    ['window', doc.window],
    ['months', `${doc.months.from}..${doc.months.to}`],
    ['missing', doc.missing],
    ['grading', doc.grading],
    ['graded by', doc.gradedBy],
    ['fingerprint', doc.fingerprint],
    ['inputs changed since', doc.inputsChanged],
    ['finalized by', doc.finalizedBy],
    ['finalized at', doc.finalizedAt],
    ['reopened reason', doc.reopenedReason],
  ];
  about.addRow(['key', 'value']);
  about.getRow(1).font = { bold: true };
  for (const [key, value] of meta) about.addRow([key, value === null ? null : typeof value === 'string' ? safeText(value) : value]);
  for (const warning of doc.warnings) about.addRow(['warning', safeText(warning)]);
  about.getColumn(1).width = 22;
  about.getColumn(2).width = 70;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportDocument(doc: ResultsDocument, format: ExportFormat, locale = 'en'): Promise<ExportFile> {
  const fileName = fileNameOf(doc, format);
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', fileName, body: toCsv(doc, locale) };
  if (format === 'xlsx') return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName, body: await toXlsx(doc, locale) };
  return { contentType: 'application/json; charset=utf-8', fileName, body: Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8') };
}
