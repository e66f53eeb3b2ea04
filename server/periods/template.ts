import ExcelJS from 'exceljs';
import { csvFile } from '../files/csv.ts';
import type { EntryRow } from './service.ts';

/**
 * The entry template of a unit and month: DESIGN.md §4 import columns (indicator, unit, period,
 * value, note) pre-filled, plus reference columns the importer ignores (name, target, last
 * month). The target column is named `target (reference)` on purpose: a column named `target`
 * would be imported as a target change, which contributors may not make.
 */
export const TEMPLATE_HEADER = ['indicator', 'unit', 'period', 'value', 'note', 'name', 'display unit', 'target (reference)', 'last month (reference)'];

const nameOf = (name: unknown, locale: string) => {
  if (typeof name === 'string') return name;
  const n = (name ?? {}) as Record<string, string>;
  return n[locale] ?? n.en ?? Object.values(n)[0] ?? '';
};

export function templateRows(unit: string, period: string, rows: EntryRow[], locale: string): (string | number | null)[][] {
  return rows.map((r) => [r.indicator, unit, period, r.value, r.note, nameOf(r.name, locale), r.unit, r.target, r.lastMonth]);
}

export async function renderTemplate(format: 'csv' | 'xlsx', unit: string, period: string, rows: EntryRow[], locale: string) {
  const data = templateRows(unit, period, rows, locale);
  const fileName = `entry-${unit}-${period}.${format}`;
  if (format === 'csv') {
    return { fileName, contentType: 'text/csv; charset=utf-8', body: csvFile([TEMPLATE_HEADER, ...data]) };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('entry');
  sheet.addRow(TEMPLATE_HEADER);
  for (const row of data) sheet.addRow(row.map((v) => (v === null ? undefined : v)));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((c, i) => (c.width = i === 5 ? 32 : 14));
  return { fileName, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
