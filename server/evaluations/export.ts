/**
 * Reward export of an evaluation version: CSV, XLSX or JSON, one row per unit with its
 * perspective scores, score, adjustment, total, coverage, rank and grade, plus the version's
 * metadata (cycle, version, status, who finalised it and when). CSV and XLSX are rounded as the
 * dashboard shows them (scores, adjustment and total to 1 decimal, coverage to 0.1 %), numbers
 * stay numeric cells; JSON keeps full precision for machines. `locale=ko` (`--locale ko`) writes
 * the headers and words a Korean HR team reads (조직, 점수, 가감점, 최종점수, 순위, 등급…);
 * English keeps the column codes the files have always had.
 */
import ExcelJS from 'exceljs';
import { csvFile, neutralizeFormula } from '../files/csv.ts';
import { roundHalfAwayFromZero } from '../scoring/numbers.ts';
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

const lang = (locale: string) => (locale.startsWith('ko') ? 'ko' : 'en');

const HEADERS_KO: Record<string, string> = {
  unit: '조직코드',
  unit_name: '조직명',
  score: '점수',
  adjustment: '가감점',
  total: '최종점수',
  coverage: '반영률',
  rank: '순위',
  grade: '등급',
  cycle: '평가',
  version: '평가차수',
  status: '상태',
  finalized_at: '확정일시',
  finalized_by: '확정자',
  complete: '데이터 완전',
  left_out: '제외 지표',
  partial: '일부 누락 지표',
};
const PERSPECTIVES_KO: Record<string, string> = { financial: '재무', customer: '고객', process: '내부 프로세스', internal: '내부 프로세스', learning: '학습과 성장', infrastructure: '학습과 성장', people: '학습과 성장' };
const WORDS = {
  en: { yes: 'yes', no: 'no', status: {} as Record<string, string> },
  ko: { yes: '예', no: '아니오', status: { final: '확정', provisional: '잠정', superseded: '대체됨' } as Record<string, string> },
};

/** Scores as the dashboard shows them: 1 decimal (half away from zero). */
const round1 = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? roundHalfAwayFromZero(v, 1) + 0 : null);
/** Coverage is a share 0-1: to 0.1 %. */
const round3 = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? roundHalfAwayFromZero(v, 3) + 0 : null);

/** The header row in `locale`: column codes in English, Korean words in Korean. */
export function headerRow(doc: ResultsDocument, locale: string): string[] {
  const codes = columns(doc);
  if (lang(locale) !== 'ko') return codes;
  const perspectives = new Set(doc.perspectives.map((p) => p.code));
  return codes.map((c) => (perspectives.has(c) ? PERSPECTIVES_KO[c] ?? c : HEADERS_KO[c] ?? c));
}

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
  const words = WORDS[lang(locale)];
  return doc.results.map((r) => [
    r.unit,
    safeText(nameIn(r.name, locale)),
    ...doc.perspectives.map((p) => round1(r.perspectives[p.code])),
    round1(r.score),
    round1(r.adjustment),
    round1(r.total),
    round3(r.coverage),
    r.rank,
    r.grade,
    doc.cycle,
    doc.version,
    words.status[doc.status] ?? doc.status,
    doc.finalizedAt,
    doc.finalizedBy === null ? null : safeText(doc.finalizedBy),
    r.complete === undefined ? null : r.complete ? words.yes : words.no,
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
  return csvFile([headerRow(doc, locale), ...rows(doc, locale)]);
}

export async function toXlsx(doc: ResultsDocument, locale = 'en'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Northstar';
  const sheet = workbook.addWorksheet('Results');
  const header = columns(doc);
  sheet.addRow(headerRow(doc, locale));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows(doc, locale)) sheet.addRow(row.map((cell) => (cell === null ? null : cell)));
  const scoreColumns = new Set([...doc.perspectives.map((p) => p.code), 'score', 'adjustment', 'total']);
  header.forEach((name, i) => {
    const column = sheet.getColumn(i + 1);
    if (scoreColumns.has(name)) column.numFmt = '0.0';
    if (name === 'coverage') column.numFmt = '0.0%';
    column.width = name === 'unit_name' ? 28 : Math.max(12, name.length + 2);
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
