/**
 * Payout export (`northstar export payout CODE`, `GET /evaluations/:code/payouts/export`): one
 * row per employee with the units they were in (and the days in each), the grade of each, the
 * effective rate, base and payout; then a subtotal per unit and the total. `--locale ko` writes
 * the headers a Korean payroll team expects (사번, 성명, 소속, 일수, 등급, 지급률, 기준액, 지급액).
 * Every row also states the cycle, the evaluation version, the run and who signed it, so a file
 * that travels alone still says what it is. CSV goes through the one CSV writer; XLSX keeps text
 * as text cells and numbers as numeric cells.
 */
import ExcelJS from 'exceljs';
import { csvFile } from '../files/csv.ts';
import { nameIn } from '../evaluations/export.ts';
import type { PayoutDocument } from './service.ts';

export type PayoutFormat = 'csv' | 'xlsx' | 'json';
type Cell = string | number | null;

const HEADERS = {
  en: ['employee', 'name', 'units', 'unit_names', 'days', 'grade', 'rate', 'base', 'payout', 'cycle', 'version', 'run', 'status', 'prepared_by', 'approved_by', 'frozen_by', 'frozen_at'],
  ko: ['사번', '성명', '소속', '소속명', '일수', '등급', '지급률', '기준액', '지급액', '평가', '평가차수', '지급회차', '상태', '작성자', '승인자', '확정자', '확정일시'],
};
const WORDS = {
  en: { subtotal: 'Subtotal', total: 'Total', payouts: 'Payouts', units: 'Units', run: 'Run', draft: 'draft (not signed)' },
  ko: { subtotal: '소계', total: '합계', payouts: '지급내역', units: '소속별 합계', run: '지급정보', draft: '초안 (미승인)' },
};
const STATUS_KO: Record<string, string> = { draft: '초안', prepared: '작성', approved: '승인', frozen: '확정' };

const lang = (locale: string) => (locale.startsWith('ko') ? 'ko' : 'en');
/** One value for one unit, a list ("90; 91") for several. */
const joined = <T extends string | number | null>(values: T[]): Cell => (values.length === 1 ? values[0] : values.map((v) => (v === null ? '—' : String(v))).join('; '));

function metaCells(doc: PayoutDocument, locale: string): Cell[] {
  const status = lang(locale) === 'ko' ? STATUS_KO[doc.status] ?? doc.status : doc.status;
  return [doc.cycle, doc.version, doc.run, status, doc.preparedBy, doc.approvedBy, doc.frozenBy, doc.frozenAt];
}

export function payoutTable(doc: PayoutDocument, locale = 'en'): Cell[][] {
  const words = WORDS[lang(locale)];
  const meta = metaCells(doc, locale);
  const employees = doc.rows.map((r): Cell[] => [
    r.employee,
    r.name,
    joined(r.parts.map((p) => p.unit)),
    joined(r.parts.map((p) => nameIn(p.unitName, locale))),
    joined(r.parts.map((p) => p.days)),
    joined(r.parts.map((p) => p.grade)),
    r.rate,
    r.base,
    r.payout,
    ...meta,
  ]);
  const units = doc.totals.units.map((u): Cell[] => [null, words.subtotal, u.unit, nameIn(u.name, locale), u.days, null, null, null, u.payout, ...meta]);
  const total: Cell[] = [null, words.total, null, null, null, null, null, doc.totals.overall.base, doc.totals.overall.payout, ...meta];
  return [HEADERS[lang(locale)], ...employees, ...units, total];
}

export function fileNameOf(doc: PayoutDocument, format: PayoutFormat): string {
  return `payout-${doc.cycle}-v${doc.version}${doc.run === null ? '-draft' : `-run${doc.run}`}.${format}`;
}

async function toXlsx(doc: PayoutDocument, locale: string): Promise<Buffer> {
  const words = WORDS[lang(locale)];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Northstar';
  const sheet = workbook.addWorksheet(words.payouts);
  const [header, ...rows] = payoutTable(doc, locale);
  sheet.addRow(header);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  const money = new Set([7, 8]);
  header.forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    if (money.has(i)) column.numFmt = '#,##0';
    if (i === 6) column.numFmt = '0.00';
    column.width = i === 3 ? 28 : i === 1 ? 16 : 12;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const units = workbook.addWorksheet(words.units);
  units.addRow(lang(locale) === 'ko' ? ['소속', '소속명', '인원', '일수', '지급액'] : ['unit', 'unit_name', 'employees', 'days', 'payout']);
  units.getRow(1).font = { bold: true };
  for (const u of doc.totals.units) units.addRow([u.unit, nameIn(u.name, locale), u.employees, u.days, u.payout]);
  units.addRow([words.total, null, doc.totals.overall.employees, null, doc.totals.overall.payout]);
  units.getColumn(5).numFmt = '#,##0';
  units.getColumn(2).width = 28;

  const about = workbook.addWorksheet(words.run);
  const meta: [string, Cell | boolean][] = [
    ['cycle', doc.cycle],
    ['name', nameIn(doc.name, locale)],
    ['evaluation version', doc.version],
    ['evaluation status', doc.evaluationStatus],
    ['evaluation finalized by', doc.finalizedBy],
    ['evaluation finalized at', doc.finalizedAt],
    ['run', doc.run],
    ['status', doc.run === null ? words.draft : doc.status],
    ['span', `${doc.span.from}..${doc.span.to} (${doc.span.days} days)`],
    ['rates', Object.entries(doc.policy.rates).map(([g, r]) => `${g} ${r}%`).join(', ')],
    ['proration', doc.policy.proration],
    ['rounding', doc.policy.rounding],
    ['prepared by', doc.preparedBy],
    ['prepared at', doc.preparedAt],
    ['approved by', doc.approvedBy],
    ['approved at', doc.approvedAt],
    ['frozen by', doc.frozenBy],
    ['frozen at', doc.frozenAt],
    ['employees', doc.totals.overall.employees],
    ['ineligible (no row)', doc.ineligible],
    ['roster changed since', doc.rosterChanged],
  ];
  about.addRow(['key', 'value']);
  about.getRow(1).font = { bold: true };
  for (const [key, value] of meta) about.addRow([key, value]);
  for (const warning of doc.warnings) about.addRow(['warning', warning]);
  about.getColumn(1).width = 26;
  about.getColumn(2).width = 60;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportPayout(doc: PayoutDocument, format: PayoutFormat, locale = 'en'): Promise<{ contentType: string; fileName: string; body: Buffer }> {
  const fileName = fileNameOf(doc, format);
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', fileName, body: csvFile(payoutTable(doc, locale)) };
  if (format === 'xlsx') return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName, body: await toXlsx(doc, locale) };
  return { contentType: 'application/json; charset=utf-8', fileName, body: Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8') };
}
